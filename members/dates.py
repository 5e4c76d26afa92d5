"""Dates in a member record that cannot be meant, and why: one set of rules for the member form
(members.forms.MemberForm) and the Excel roster import (members.roster_import), so a date refused
in one is refused in the other with the same words.

- a birth date is not after today and not more than 110 years before it;
- a join date is not after today, not before 1950-01-01 (spreadsheets fill in 1900-01-01 for an
  empty or mistyped date) and after the birth date.

Each function returns the reason as a message, or None when the date is plausible. The message
names the date, so it reads the same beside a form field and on a numbered row of an import.

A birth date may be known only to its month (Member.birth_month_only: rosters often give 出生年月
only); it is kept as the first of that month and reads "1986年3月", never "1986-03-01":
`birth_date_text` on pages (Member.birth_date_text, the `birth_date_text` template filter),
`year_month_text` in files, which are Chinese whatever the reader's language.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members import lunar

OLDEST_AGE = 110
EARLIEST_JOINED = date(1950, 1, 1)


def years_before(day, years):
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth_date_problem(born, today):
    if born > today:
        return _("%(day)s is after today: a birth date cannot be in the future.") % {"day": born.isoformat()}
    earliest = years_before(today, OLDEST_AGE)
    if born < earliest:
        return _(
            "%(day)s is more than %(years)s years ago (before %(earliest)s): check the year of birth."
        ) % {"day": born.isoformat(), "years": OLDEST_AGE, "earliest": earliest.isoformat()}
    return None


def lunar_birth_problem(year, month, day):
    """Why a lunar date of birth (lunar year, month (negative = leap), day) does not exist, saying what
    to do, or None: 三十 in a month of 29 days that year, a leap month the year does not have."""
    names = {"year": year, "month": lunar.MONTH_NAMES[abs(month) - 1]}
    days = lunar.month_length(year, month)
    if days is None:
        leap = lunar.leap_month_of(year)
        if leap is None:
            return _("The lunar year %(year)s has no leap month: untick 闰月, or check the year.") % names
        return _(
            "The lunar year %(year)s has no leap %(month)s (its leap month is 闰%(leap)s): untick 闰月, "
            "or check the year and month."
        ) % {**names, "leap": lunar.MONTH_NAMES[leap - 1]}
    if not 1 <= day <= days:
        return _(
            "%(month)s of the lunar year %(year)s has only %(days)s days, so it has no %(day)s: check the year "
            "and month, or choose %(last)s, the last day of that month."
        ) % {**names, "month": ("闰" if month < 0 else "") + names["month"], "days": days,
             "day": lunar.DAY_NAMES[day - 1], "last": lunar.DAY_NAMES[days - 1]}
    return None


def joined_on_problem(joined, born, today):
    """`born` may be None (not known, or itself refused)."""
    if joined > today:
        return _("%(day)s is after today: a join date cannot be in the future.") % {"day": joined.isoformat()}
    if joined < EARLIEST_JOINED:
        return _(
            "%(day)s is before %(earliest)s: check the year (a spreadsheet's empty date shows as 1900-01-01)."
        ) % {"day": joined.isoformat(), "earliest": EARLIEST_JOINED.isoformat()}
    if born is not None and joined <= born:
        return _("%(day)s is not after the birth date %(born)s: a member joins after being born.") % {
            "day": joined.isoformat(),
            "born": born.isoformat(),
        }
    return None


def birth_date_text(born, month_only=False):
    """A birth date as pages show it: "1986-03-12"; "1986年3月" when only the month is known (the
    language's year-and-month format: "March 1986" in English); "" for None."""
    if born is None:
        return ""
    if month_only:
        return date_format(born, "YEAR_MONTH_FORMAT")
    return born.isoformat()


def year_month_text(day):
    """"1986年3月": a date known only to its month as a Chinese roster writes it, for files (the
    roster export writes this in place of a date cell; the roster import reads it back as month only)."""
    return f"{day.year}年{day.month}月"
