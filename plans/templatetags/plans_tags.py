from django import template
from django.template.defaultfilters import linebreaksbr, stringfilter
from django.template.loader import render_to_string
from django.utils.html import conditional_escape

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


@register.filter(is_safe=True, needs_autoescape=True)
@stringfilter
def text_br(text, autoescape=True):
    """Django's linebreaksbr, without its newline regex for a text that has no line break (most of a
    plan's 300 rows: the filter's work was a tenth of the plan page's rows)."""
    if "\n" in text or "\r" in text:
        return linebreaksbr(text, autoescape)
    return conditional_escape(text) if autoescape else text
