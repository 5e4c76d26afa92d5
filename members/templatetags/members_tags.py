"""Template helpers for member pages: sortable column links and optional includes."""

from django import template
from django.db.models import Count
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from members import dates

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_url(context, key):
    """The roster's query string sorted by `key`; a second click on the same column reverses it."""
    request = context["request"]
    params = request.GET.copy()
    current = params.get("o", "")
    params["o"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def sort_mark(context, key):
    current = context["request"].GET.get("o", "")
    return "▲" if current == key else "▼" if current == f"-{key}" else ""


@register.simple_tag(takes_context=True)
def include_optional(context, name):
    """Render template `name` with the current context if some app ships it, else nothing.

    This is how apps to the left of `members` (funds, activities) add to member pages without
    `members` importing them: e.g. funds ships templates/funds/_care_visit_actions.html.
    """
    try:
        partial = get_template(name)
    except TemplateDoesNotExist:
        return ""
    return partial.render(context.flatten(), context.get("request"))


@register.filter
def age_today(member, today):
    return member.age_on(today)


@register.filter
def birth_date_text(person):
    """`{{ member|birth_date_text }}`: "1986-03-12", or "1986年3月" for a birth date known only to the
    month; "" without one. Takes a Member or anything with `birth_date` (and `birth_month_only`), such
    as a birthday list's Celebrant."""
    return dates.birth_date_text(getattr(person, "birth_date", None), getattr(person, "birth_month_only", False))


@register.filter
def is_change(value):
    """A history value is either [old, new] (a change) or a plain value (a creation's snapshot)."""
    return isinstance(value, list | tuple) and len(value) == 2


@register.simple_tag(takes_context=True)
def incoming_transfers(context):
    """How many transfers from sister unions wait for this union's answer (the members tabs' badge)."""
    union = getattr(context.get("request"), "union", None)
    if union is None:
        return 0
    counted = list(_waiting_transfers(union.pk))
    return counted[0][0] if counted else 0


def _waiting_transfers(union_id):
    from members.models import Transfer

    waiting = Transfer.objects.incoming(union_id).filter(status=Transfer.Status.PROPOSED)
    return waiting.order_by().values("to_union").annotate(n=Count("*")).values_list("n")

