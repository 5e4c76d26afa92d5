from django import template
from django.template.loader import render_to_string

from plans.models import PlanItem

register = template.Library()


@register.simple_tag(takes_context=True)
def status_options(context, status):
    """The options of a row's status menu with `status` chosen (plans/_status_options.html), rendered
    once a status for all the rows of a page rather than once a row: 300 rows × 5 options were a fifth
    of the committee's plan page."""
    rendered = context.render_context.setdefault("plans.status_options", {})
    if status not in rendered:
        choices = PlanItem.Status.choices
        rendered[status] = render_to_string("plans/_status_options.html", {"choices": choices, "status": status})
    return rendered[status]
