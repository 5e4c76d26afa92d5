"""Birthdays, solar and lunar, resolved to a given year's solar calendar (lunar dates: members.lunar).

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

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When, Window
from django.utils import dateformat
from django.utils.dates import WEEKDAYS_ABBR

from members.lunar import lunar_birthdays, lunar_date_text, lunar_dates_between
from members.models import CareReason, CareVisit, Member, shares_name
from members.names import namesake_label


def solar_birthday(born, year):
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, born.month, born.day)


def birthdays_of(member, year):
    """The solar dates in `year` on which `member` celebrates a birthday (usually one; none when the
    day of birth is not known)."""
    if member.birth_date is None or getattr(member, "birth_month_only", False):
        return []
    if member.lunar_birthday and member.lunar_birth_month:
        return lunar_birthdays(member.lunar_birth_month, member.lunar_birth_day, year)
    return [solar_birthday(member.birth_date, year)]


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
    def lunar_text(self):
        """The lunar birthday as people say it, "闰四月十五" ("" for a solar birthday)."""
        m = self.member
        if not (m.lunar_birthday and m.lunar_birth_month):
            return ""
        return lunar_date_text(m.lunar_birth_month, m.lunar_birth_day)

    @property
    def day_known(self):
        return self.date is not None


def birthdays_between(members, start, end):
    """Members' birthdays from `start` to `end` (one solar year), in date order and on one day in
    the order of names (pinyin, employee number); one query. Members whose birth date is known only
    to its month have no day and are left out.

    `members` is a Member queryset (already scoped to a union); greeted = a birthday visit that year.
    """
    return celebrations(birthday_rows(members, start, end), start.year)


def month_birthdays(members, year, month):
    """The month's birthdays as `birthdays_between` lists them, followed by the members born in that
    month whose day of birth is not known (Member.birth_month_only), with date None, in the order of
    names: they are named apart, after the days, never put on the first. One query."""
    start, end = month_bounds(year, month)
    return celebrations(birthday_rows(members, start, end, day_unknown_month=month), year)


def birthday_rows(members, start, end, day_unknown_month=None):
    """The birthdays from `start` to `end` (one solar year, less than a lunar year apart) as rows of
    plain values in the lists' order, for `celebrations`: a queryset, so that a page of a large
    union's month (~1,700 birthdays) is found, ordered and sliced in SQL, on the indexes of
    Member.birth_month_day and of the lunar birth date. With `day_unknown_month`, the members born
    in that month whose day is not known follow the days, in the order of names."""
    return _in_list_order(_with_birthday(members, start, end, day_unknown_month), start.year)


def _in_list_order(found, year):
    return (
        found.annotate(greeted=_greeted(year), shares_name=shares_name())
        .order_by(F("celebrated").asc(nulls_last=True), "name_pinyin", "employee_number", "pk")
        .values_list(
            "pk", "name", "department__name", "birth_date", "lunar_birthday", "lunar_birth_month",
            "lunar_birth_day", "name_pinyin", "employee_number", "shares_name", "birth_month_only", "greeted",
            "celebrated",
        )
    )


def first_birthdays(members, start, end, limit):
    """The first `limit` of `birthdays_between`, and how many there are in all, in one query: the count
    is a window over every row, taken before the slice (the dashboard's week of a large union: 12 of
    ~400, where a second query to count cost more than reading them all)."""
    rows = list(birthday_rows(members, start, end).annotate(total=Window(Count("pk")))[:limit])
    return celebrations([row[:-1] for row in rows], start.year), rows[0][-1] if rows else 0


def month_page(members, year, month, page_number, per_page):
    """One page of the month's list as the birthday page shows it: its rows of `birthday_rows` (the
    members whose day is not known after the days), read, the Page (Paginator.get_page's) and
    {"count", "greeted", "day_unknown"} of the whole month, in one query when the page has rows: the
    counts ride along on every row as windows taken before the slice (a large union's month is
    ~1,700 birthdays; counting them in a query of their own cost more than the page's rows). An
    empty month, or a page past the last, is counted apart and shows the last page, as get_page does."""
    start, end = month_bounds(year, month)
    found = _with_birthday(members, start, end, day_unknown_month=month)
    listing = _in_list_order(found, year)
    paginator = Paginator(listing, per_page)
    number = _page_number(page_number)
    if number is not None:
        counts = _month_counts(year)
        windows = {f"{name}_in_month": Window(count) for name, count in counts.items()}
        rows = list(listing.annotate(**windows)[(number - 1) * per_page:number * per_page])
        if rows:
            paginator.count = rows[0][-3]
            page = paginator.page(number)
            page.object_list = [row[:-3] for row in rows]
            return page, dict(zip(counts, rows[0][-3:], strict=True))
    counts = found.aggregate(**_month_counts(year))
    paginator.count = counts["count"]
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list) if counts["count"] else []
    return page, counts


def _month_counts(year):
    return {
        "count": Count("pk"),
        "greeted": Count("pk", filter=Q(_greeted(year))),
        "day_unknown": Count("pk", filter=Q(birth_month_only=True)),
    }


PAGES_AT_MOST = 10_000  # a month of 1,000,000 birthdays: beyond any union's


def _page_number(text):
    """The page number asked for, as Paginator.get_page reads it (not a number: the first page), or
    None for one below the first or beyond any month's last (get_page shows the last; the database
    is not asked for rows past 10⁶, nor for an offset beyond its integers)."""
    try:
        number = int(text)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= PAGES_AT_MOST else None


def _with_birthday(members, start, end, day_unknown_month):
    """`members` with a birthday between `start` and `end`, annotated with `celebrated`: its month and
    day that year as MMDD (None for a day not known), under the rules at the top of this module."""
    assert start.year == end.year and (end - start).days < 354
    common_year = not calendar.isleap(start.year)
    solar = Q(lunar_birthday=False, birth_month_only=False)
    first, last = _month_day(start), _month_day(end)
    if common_year and last == 228:  # 29 February is celebrated on the 28th in common years
        last = 229
    wanted = solar & Q(birth_month_day__gte=first, birth_month_day__lte=last)
    celebrated = [When(solar, birth_month_day=229, then=Value(228))] if common_year else []
    celebrated.append(When(solar, then=F("birth_month_day")))
    for months, first_day, last_day, offset in _lunar_runs(start, end):
        days = Q(lunar_birthday=True, lunar_birth_month__in=months, lunar_birth_day__gte=first_day,
                 lunar_birth_day__lte=last_day)
        wanted |= days & Q(birth_month_only=False)
        celebrated.append(When(days, then=F("lunar_birth_day") + Value(offset)))
    if day_unknown_month is not None:
        wanted |= Q(
            birth_month_only=True,
            birth_month_day__gte=day_unknown_month * 100,
            birth_month_day__lte=day_unknown_month * 100 + 31,
        )
    return members.filter(wanted).annotate(
        celebrated=Case(*celebrated, default=None, output_field=IntegerField())
    )


def _lunar_runs(start, end):
    """The lunar birthdays between two solar dates as a few runs (lunar months, first day, last day,
    offset): the days first..last of those lunar months fall on consecutive days of one solar month,
    whose MMDD is the lunar day + offset. A month's page reads a handful of runs, not ~60 dates: the
    months of the same number, leap or not, that fall alike are one run; day 30 where the month has
    29 days is a run of its own."""
    by_offset = {}
    for (month, day), solar in sorted(lunar_dates_between(start, end).items()):
        by_offset.setdefault((month, _month_day(solar) - day), []).append(day)
    runs = {}
    for (month, offset), days in by_offset.items():
        first = days[0]
        for previous, day in zip(days, [*days[1:], None], strict=True):
            if day != previous + 1 if day is not None else True:
                runs.setdefault((first, previous, offset), []).append(month)
                first = day
    return [(months, first, last, offset) for (first, last, offset), months in runs.items()]


def _greeted(year):
    """Whether the member has a birthday visit in `year` (on the index of CareVisit's member, reason, date)."""
    return Exists(CareVisit.objects.filter(
        member=OuterRef("pk"), reason=CareReason.BIRTHDAY, date__gte=date(year, 1, 1), date__lte=date(year, 12, 31),
    ))


def _month_day(day):
    return day.month * 100 + day.day


def celebrations(rows, year):
    """The Birthday in `year` of each row of `birthday_rows` (a page of them, or all)."""
    found = []
    for pk, name, department, born, lunar, lunar_month, lunar_day, *tell, was_greeted, celebrated in rows:
        member = Celebrant(pk, name, department or "", born, lunar, lunar_month, lunar_day, *tell)
        on = None if celebrated is None else date(year, celebrated // 100, celebrated % 100)
        found.append(Birthday(member, on, year - born.year, was_greeted))
    return found


def birthday_table_rows(birthdays, today, members_url, birthdays_url):
    """What the birthday list's table shows of each Birthday (members/_birthday_rows.html), as plain
    values: a template reads a dict several times faster than a dataclass. The day ("12月1日") and its
    weekday's name are written once a date, not once a row (a page is 100 rows on at most 31 days;
    the date filter cost ~25 µs a row), and the links are the page's one reverse() + the member's id
    (`members_url` is members:roster, + "<id>/" members:detail; `birthdays_url` + "<id>/greet/" is
    members:greet)."""
    weekdays = [str(name) for name in WEEKDAYS_ABBR.values()]
    days = {}
    rows = []
    for b in birthdays:
        if b.date is not None and b.date not in days:
            days[b.date] = (dateformat.format(b.date, "n月j日"), weekdays[b.date.weekday()])
        day, weekday = days.get(b.date, ("", ""))
        rows.append({
            "url": f"{members_url}{b.member.pk}/",
            "greet_url": f"{birthdays_url}{b.member.pk}/greet/",
            "label": b.member.label,
            "department": b.member.department,
            "day_known": b.day_known,
            "day": day,  # "" when the day is not known
            "weekday": weekday,
            "today": b.date == today,
            "born": b.member.birth_date,
            "lunar": b.lunar_text,  # "闰四月十五" beside this year's solar date; "" for a solar birthday
            "age": b.age,
            "greeted": b.greeted,
        })
    return rows


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
