"""Birthdays, solar and lunar, resolved to a given year's solar calendar (with lunar-python).

Rules a committee expects:
- 29 February is celebrated on 28 February in common years;
- a lunar birthday on day 30 of a month that has only 29 days this year falls on that month's last day;
- a birthday in a leap month falls in this year's leap month of that number when there is one,
  otherwise in the ordinary month of that number;
- a birth date known only to its month (Member.birth_month_only) falls on no day: lists by day leave
  it out, and a month's list names it apart, after the days (`month_birthdays`).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import LunarYear, Solar

from members.models import CareReason, CareVisit, Member, shares_name
from members.names import namesake_label

# date.toordinal() + this = the Julian day number lunar-python uses for that date.
_JULIAN_OFFSET = 1721425


def lunar_of(day):
    """(lunar month, lunar day) of a solar date; the month is negative for a leap month.

    Read from the cached months of the lunar year (converting each date afresh with lunar-python
    recomputes the whole lunar year, far too slow for an import of thousands of members).
    """
    julian_day = day.toordinal() + _JULIAN_OFFSET
    for lunar_year in (day.year, day.year - 1):
        for month, (first_day, day_count) in _lunar_months(lunar_year).items():
            if first_day <= julian_day < first_day + day_count:
                return month, julian_day - first_day + 1
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()  # not reached for real dates
    return lunar.getMonth(), lunar.getDay()


def solar_birthday(born, year):
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, born.month, born.day)


@lru_cache(maxsize=256)
def _lunar_months(lunar_year):
    """{month (negative = leap): (first julian day, day count)} of one lunar year."""
    return {
        m.getMonth(): (m.getFirstJulianDay(), m.getDayCount())
        for m in LunarYear.fromYear(lunar_year).getMonths()
        if m.getYear() == lunar_year
    }


def _lunar_to_solar(lunar_year, month, day):
    """The solar date of (month, day) in `lunar_year` under the rules above, or None."""
    months = _lunar_months(lunar_year)
    # A leap-month birthday falls in the ordinary month of that number when this year has no such leap month.
    found = months.get(month) or (months.get(-month) if month < 0 else None)
    if found is None:
        return None
    first_day, day_count = found
    solar = Solar.fromJulianDay(first_day + min(day, day_count) - 1)
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=16)
def lunar_calendar(year):
    """{(lunar month, lunar day): [solar dates in `year`]} for every lunar birthday there can be.

    A late lunar month can fall twice in one solar year (January and December), hence the lists.
    """
    found = {}
    for month in [*range(1, 13), *range(-12, 0)]:
        for day in range(1, 31):
            dates = [
                d
                for lunar_year in (year - 1, year)
                if (d := _lunar_to_solar(lunar_year, month, day)) is not None and d.year == year
            ]
            found[(month, day)] = sorted(set(dates))
    return found


def lunar_birthdays(month, day, year):
    """The solar dates in `year` of a lunar birthday (lunar month, day)."""
    return lunar_calendar(year).get((month, day), [])


def birthdays_of(member, year):
    """The solar dates in `year` on which `member` celebrates a birthday (usually one; none when the
    day of birth is not known)."""
    if member.birth_date is None or getattr(member, "birth_month_only", False):
        return []
    if member.lunar_birthday and member.lunar_birth_month:
        return lunar_birthdays(member.lunar_birth_month, member.lunar_birth_day, year)
    return [solar_birthday(member.birth_date, year)]


def lunar_keys_between(start, end):
    """{lunar month: [days]} of the lunar birthdays falling between two solar dates of one year."""
    keys = {}
    for (month, day), dates in lunar_calendar(start.year).items():
        if any(start <= d <= end for d in dates):
            keys.setdefault(month, []).append(day)
    return keys


@dataclass(frozen=True, eq=False)
class Celebrant:
    """What a birthday list shows of a member, read as plain values: a month of a large union is
    ~1,700 members, and building that many Member instances (and their departments) cost more than
    the rest of the page. Equal to the Member of the same id."""

    pk: int
    name: str
    department: str  # its name, "" without one
    birth_date: date
    lunar_birthday: bool
    lunar_birth_month: int | None
    lunar_birth_day: int | None
    name_pinyin: str = ""
    employee_number: str = ""
    shares_name: bool = False  # another member of the union has the same name
    birth_month_only: bool = False  # birth_date is the first of the month; the day is not known

    def __eq__(self, other):
        return isinstance(other, (Celebrant, Member)) and other.pk == self.pk

    def __hash__(self):
        return hash(self.pk)

    def __str__(self):
        return self.name

    @property
    def label(self):
        """As Member.label: a namesake with employee number and department."""
        return namesake_label(self.name, self.employee_number, self.department) if self.shares_name else self.name


@dataclass
class Birthday:
    member: Celebrant
    date: date | None  # None: born in the month listed, on a day not known (Member.birth_month_only)
    age: int | None  # the age reached on that day (in that month)
    greeted: bool = False

    @property
    def is_lunar(self):
        return self.member.lunar_birthday

    @property
    def day_known(self):
        return self.date is not None


def birthdays_between(members, start, end):
    """Members' birthdays from `start` to `end` (one solar year), in date order and on one day in
    the order of names (pinyin, employee number); one query. Members whose birth date is known only
    to its month have no day and are left out.

    `members` is a Member queryset (already scoped to a union); greeted = a birthday visit that year.
    """
    return _birthdays(members, start, end)


def month_birthdays(members, year, month):
    """The month's birthdays as `birthdays_between` lists them, followed by the members born in that
    month whose day of birth is not known (Member.birth_month_only), with date None, in the order of
    names: they are named apart, after the days, never put on the first. One query."""
    start, end = month_bounds(year, month)
    return _birthdays(members, start, end, day_unknown_month=month)


def _birthdays(members, start, end, day_unknown_month=None):
    from django.db.models import Exists, OuterRef, Q

    assert start.year == end.year
    wanted = Q()
    for month in range(start.month, end.month + 1):
        # Only the days asked for (a week reads a week, not its whole month); 29 February is
        # celebrated on the 28th in common years, so a range reaching the 28th reads the 29th too.
        first = start.day if month == start.month else 1
        last = end.day if month == end.month else 31
        if month == 2 and last >= 28 and not calendar.isleap(start.year):
            last = 29
        days = Q(birth_date__month=month)
        if (first, last) != (1, 31):
            days &= Q(birth_date__day__gte=first, birth_date__day__lte=last)
        wanted |= Q(lunar_birthday=False, birth_month_only=False) & days
    for month, days in lunar_keys_between(start, end).items():
        wanted |= Q(lunar_birthday=True, birth_month_only=False, lunar_birth_month=month, lunar_birth_day__in=days)
    if day_unknown_month is not None:
        wanted |= Q(birth_month_only=True, birth_date__month=day_unknown_month)
    found, day_unknown = [], []
    # Only what the birthday lists show, and whether each was greeted (a birthday visit that year).
    greeted = CareVisit.objects.filter(
        member=OuterRef("pk"), reason=CareReason.BIRTHDAY, date__gte=date(start.year, 1, 1),
        date__lte=date(start.year, 12, 31),
    )
    rows = (
        members.filter(birth_date__isnull=False)
        .filter(wanted)
        .annotate(greeted=Exists(greeted), shares_name=shares_name())
        .values_list(
            "pk", "name", "department__name", "birth_date", "lunar_birthday", "lunar_birth_month",
            "lunar_birth_day", "name_pinyin", "employee_number", "shares_name", "birth_month_only", "greeted",
        )
    )
    for pk, name, department, born, lunar, lunar_month, lunar_day, *tell, was_greeted in rows:
        member = Celebrant(pk, name, department or "", born, lunar, lunar_month, lunar_day, *tell)
        if member.birth_month_only:
            day_unknown.append(Birthday(member, None, start.year - born.year, was_greeted))
        for day in birthdays_of(member, start.year):
            if start <= day <= end:
                found.append(Birthday(member, day, day.year - born.year, was_greeted))
    found.sort(key=lambda b: (b.date, *_in_name_order(b)))
    return found + sorted(day_unknown, key=_in_name_order)


def _in_name_order(birthday):
    return birthday.member.name_pinyin, birthday.member.employee_number, birthday.member.pk


def month_bounds(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def week_bounds(day):
    start = day - timedelta(days=day.weekday())
    end = start + timedelta(days=6)
    if start.year != end.year:  # keep within one year: the list reads one year's calendar
        start, end = (
            (start, date(start.year, 12, 31)) if day.year == start.year else (date(day.year, 1, 1), end)
        )
    return start, end
