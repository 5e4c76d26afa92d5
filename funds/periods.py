"""Periods of the union's money year: months, the halves (上半年, 下半年), the year, a date range."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext as _


def month_name(month):
    """ "3月" in Chinese, "Month 3" in English."""
    return _("Month %(month)d") % {"month": month}


month_name_lazy = lazy(month_name, str)


def month_span(year, month):
    """The first and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def first_half(year):
    return date(year, 1, 1), date(year, 6, 30)


def second_half(year):
    return date(year, 7, 1), date(year, 12, 31)


def whole_year(year):
    return date(year, 1, 1), date(year, 12, 31)


def months_between(start, end):
    """Every (year, month) that has at least one day in [start, end]."""
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def format_span(start, end):
    """ "2026年1月1日至6月30日" — the way a Chinese report names a period."""
    if start.year == end.year:
        return _("%(start)s to %(end)s") % {
            "start": _("%(y)d-%(m)d-%(d)d") % {"y": start.year, "m": start.month, "d": start.day},
            "end": _("%(m)d-%(d)d") % {"m": end.month, "d": end.day},
        }
    return _("%(start)s to %(end)s") % {
        "start": _("%(y)d-%(m)d-%(d)d") % {"y": start.year, "m": start.month, "d": start.day},
        "end": _("%(y)d-%(m)d-%(d)d") % {"y": end.year, "m": end.month, "d": end.day},
    }


@dataclass(frozen=True)
class Span:
    start: date
    end: date

    def overlaps(self, start, end):
        return self.start <= end and start <= self.end

    def __str__(self):
        return format_span(self.start, self.end)
