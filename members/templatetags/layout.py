"""The layout's navigation, cached per reader (members.stamps): every page shows it, and it changes
only with the reader's permissions, the union's name, the reader's name or the day."""

from django import template
from django.template.loader import render_to_string

from members.stamps import CSRF_SLOT, cached, with_csrf

register = template.Library()


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    if request is None or getattr(request, "union", None) is None:
        return render_to_string("_nav.html", context.flatten())
    flat = {**context.flatten(), "csrf_token": CSRF_SLOT}
    html = cached(request, "nav", lambda: render_to_string("_nav.html", flat), request.user.pk, context.get("today"))
    return with_csrf(request, html)
