"""The month grid: weeks from Monday to Sunday, each day with its festivals, day off and activities."""

import calendar
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from activities.festivals import NORTH, OFF, WORKDAY, festivals_between, lunar_label, official_days_between
from members.escaping import Escaped

# The grid's column heads (一 … 日) and the phone list's day names (周一 … 周日).
WEEKDAY_NAMES = [_("Mo"), _("Tu"), _("We"), _("Th"), _("Fr"), _("Sa"), _("Su")]
WEEKDAY_LONG_NAMES = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
MONTH_NAMES = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def month_name(month):
    """一月份 … 十二月份, as the reference plans write them."""
    return f"{MONTH_NAMES[month - 1]}月份"


def month_bounds(year, month):
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year, month, delta):
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


class CalendarRow(NamedTuple):
    """What the month grid shows of an activity, read with values_list: a busy month has 400, and
    building them as models (with their categories) took longer than the rest of the page's Python."""

    pk: int
    title: str
    location: str
    status: str
    start_date: date | None
    end_date: date | None
    start_time: time | None
    colour: str

    FIELDS = ("id", "title", "location", "status", "start_date", "end_date", "start_time", "category__colour")

    @classmethod
    def rows(cls, activities):
        """The rows of an Activity queryset, in its order (one query)."""
        return [cls._make(values) for values in activities.values_list(*cls.FIELDS)]

    @property
    def is_dated(self):
        return self.start_date is not None

    @property
    def is_cancelled(self):
        return self.status == "cancelled"  # Activity.Status.CANCELLED: this module imports no models


class SignupRow(NamedTuple):
    """What the month page reads of the reader's sign-up, with values_list: its activity's days (for
    the fragment's key and the grid's ✓) and, for the list of upcoming ones, its title and status:
    one query, without loading the sign-ups and their activities."""

    pk: int
    activity_id: int
    start_date: date | None
    end_date: date
    title: str
    status: str

    FIELDS = ("id", "activity_id", "activity__start_date", "activity__end_date", "activity__title", "activity__status")

    @classmethod
    def rows(cls, signups):
        """The rows of a Signup queryset, in its order (one query)."""
        return [cls._make(values) for values in signups.values_list(*cls.FIELDS)]

    @property
    def is_cancelled(self):
        return self.status == "cancelled"  # Activity.Status.CANCELLED, as CalendarRow


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    lunar: str
    weekday_name: str = ""  # 周一 … 周日, translated once a grid
    festivals: list = field(default_factory=list)
    official: object = None  # festivals.OfficialDay or None
    activities: list = field(default_factory=list)
    signed_up_ids: frozenset = frozenset()  # the reader's (the grid marks them with ✓)
    link: str = "#activity-{}"  # an activity's link, "{}" its id (build_month)
    escaped: dict = field(default_factory=Escaped)  # the words items repeat, shared by a grid's days

    @property
    def is_weekend(self):
        return self.date.weekday() >= 5

    @property
    def is_day_off(self):
        return self.official is not None and self.official.kind == OFF

    @property
    def is_makeup_workday(self):
        return self.official is not None and self.official.kind == WORKDAY

    @property
    def is_rest_day(self):
        """A day people are off: a public holiday, or a weekend that is not a make-up workday."""
        return self.is_day_off or (self.is_weekend and not self.is_makeup_workday)

    @property
    def has_news(self):
        """Worth a line in the phone list: something happens, or it is today."""
        return bool(self.activities or self.festivals or self.is_today)

    @property
    def hidden_count(self):
        return max(len(self.activities) - MonthGrid.SHOWN_PER_DAY, 0)

    @property
    def classes(self):
        """Its CSS classes: "cal-day", and out (of the month), today, rest (a day off) and quiet (nothing
        to list on a phone)."""
        return " ".join(name for name, on in (("cal-day", True), ("out", not self.in_month), ("today", self.is_today),
                                              ("rest", self.is_rest_day), ("quiet", not self.has_news)) if on)

    def cell(self):
        """The day as activities/_month_days.html shows it, in plain values: a template finds a dict's
        key at once, an object's attribute only after a failed key lookup (25 a day)."""
        return {
            "iso": SafeString(self.date.isoformat()),
            "day": self.date.day,
            "classes": SafeString(self.classes),
            "is_today": self.is_today,
            "in_month": self.in_month,
            "weekday_name": self.weekday_name,
            "lunar": self.lunar,
            "festivals": self.festivals,
            "official": self.official,
            "is_day_off": self.is_day_off,
            "activities": bool(self.activities),
            "items": self.items,
            "hidden_count": self.hidden_count,
        }

    @property
    def items(self):
        """The day's activities as the grid shows them (activities/_month_days.html), in plain values:
        a template reads a dict several times faster than a model instance, and a busy month shows 400.
        `time`: the start time, on the first day only; `tip`: the title and the place. Each comes
        safe, for the template to print as it is (escaping is most of what printing a word costs): the
        title escaped once for itself and the tip, the words items repeat (places, CSS classes) once a
        grid; the link (the app's path and digits) and the time (digits) need no escaping."""
        return [self._item(activity) for activity in self.activities]

    def _item(self, activity):
        starts = activity.start_time and activity.start_date == self.date
        title, classes = escape(activity.title), f"cat-{activity.colour}"
        return {
            "url": SafeString(self.link.format(activity.pk)),
            "title": title,
            "tip": SafeString(f"{title} · {self.escaped[activity.location]}") if activity.location else title,
            # Its CSS classes: its category's colour, and whether it is cancelled (struck through).
            "classes": self.escaped[f"{classes} cancelled" if activity.is_cancelled else classes],
            "mine": activity.pk in self.signed_up_ids,
            "time": SafeString(f"{activity.start_time:%H:%M}") if starts else "",
        }


@dataclass
class MonthGrid:
    SHOWN_PER_DAY = 4

    year: int
    month: int
    weeks: list
    unpublished_years: list

    @property
    def first(self):
        return self.weeks[0][0].date

    @property
    def last(self):
        return self.weeks[-1][-1].date

    @property
    def days(self):
        return [day for week in self.weeks for day in week]

    @property
    def cells(self):
        """Day.cell() of each day, for activities/_month_days.html."""
        return [day.cell() for day in self.days]

    @property
    def weekday_names(self):
        return WEEKDAY_NAMES

    @property
    def previous(self):
        return shift_month(self.year, self.month, -1)

    @property
    def next(self):
        return shift_month(self.year, self.month, 1)

    @property
    def month_days(self):
        return [day for day in self.days if day.in_month]

    @property
    def has_activities(self):
        return any(day.activities for day in self.month_days)

    @property
    def official_periods(self):
        """This month's days off and make-up workdays as (name, is_day_off, first, last), runs of
        consecutive days merged: ("春节", True, 2-15, 2-23), ("春节", False, 2-14, 2-14), …"""
        periods = []
        for day in self.month_days:
            if day.official is None:
                continue
            key = (day.official.name, day.is_day_off)
            last = periods[-1] if periods else None
            if last and last[:2] == key and last[3] + timedelta(days=1) == day.date:
                periods[-1] = (*key, last[2], day.date)
            else:
                periods.append((*key, day.date, day.date))
        return periods

    @property
    def days_off_published(self):
        """Whether the official days off of the shown month's year are known (chinesecalendar)."""
        return self.year not in self.unpublished_years

    @property
    def festivals(self):
        return [f for day in self.month_days for f in day.festivals]


def grid_bounds(year, month):
    """The Monday on or before the 1st and the Sunday on or after the last day."""
    first, last = month_bounds(year, month)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def build_month(year, month, activities=(), today=None, signed_up_ids=frozenset(), link="#activity-{}",
                xiaonian=NORTH):
    """The grid of `year`-`month`; `activities` are dated activities (or CalendarRows), each shown on
    every day it spans; `signed_up_ids`: the activities the reader signed up for; `link`: where an
    activity links to, "{}" its id: its page ("/activities/{}/") or, on the public calendar, which
    has no activity pages, its line further down ("#activity-{}"); `xiaonian`: the union's 小年
    (CareSettings.xiaonian)."""
    start, end = grid_bounds(year, month)
    weekday_names = [str(name) for name in WEEKDAY_LONG_NAMES]
    festivals = festivals_between(start, end, xiaonian)
    official, unpublished = official_days_between(start, end)
    by_day, escaped = {}, Escaped()
    for activity in activities:
        day = max(activity.start_date, start)
        while day <= min(activity.end_date or activity.start_date, end):
            by_day.setdefault(day, []).append(activity)
            day += timedelta(days=1)
    weeks, day = [], start
    while day <= end:
        week = []
        for _weekday in range(7):
            week.append(
                Day(
                    date=day,
                    in_month=day.month == month,
                    is_today=day == today,
                    lunar=lunar_label(day),
                    weekday_name=weekday_names[day.weekday()],
                    festivals=festivals.get(day, []),
                    official=official.get(day),
                    activities=by_day.get(day, []),
                    signed_up_ids=signed_up_ids,
                    link=link,
                    escaped=escaped,
                )
            )
            day += timedelta(days=1)
        weeks.append(week)
    return MonthGrid(year, month, weeks, unpublished)
