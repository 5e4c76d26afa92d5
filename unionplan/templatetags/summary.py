"""{% load summary %}: how the year-end summary page writes shares."""

from django import template

from unionplan.exports.document import Percent

register = template.Library()


@register.filter
def share(fraction, digits=0):
    """0.857 → "86%"; "—" when there is no share (nothing to divide by)."""
    return str(Percent(fraction, int(digits)))
