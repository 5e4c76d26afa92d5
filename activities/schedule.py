"""The year schedule (具体安排): the year's activities month by month, numbered as the plans number them.

The page shows at most PER_MONTH lines a month (a union's year has a handful; a federation's
largest union may have hundreds, which belong on the month page and in the Excel export), picked in
the database with a window function, and draws its chart from counts aggregated there too.
"""

from dataclasses import dataclass, field
from datetime import date, time
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from activities.calendar import month_name
from activities.models import Activity, Audience
from activities.recurrence import describe
from members.escaping import Escaped

PER_MONTH = 40
# Undated ("planned for March") first, as on the month page, then by date and time.
SCHEDULE_ORDER = [F("start_date").asc(nulls_first=True), F("start_time").asc(nulls_first=True), "title", "id"]


class Category(NamedTuple):
    name: str
    colour: str


class ScheduleRow(NamedTuple):
    """What a schedule line shows of an activity, read with values_list: a federation's year lists 480,
    and building them as models with their categories, groups and series took a third of the page's CPU.
    The Excel export reads whole activities (activities.views.year_xlsx)."""

    pk: int
    title: str
    month: int
    start_date: date | None
    end_date: date | None
    start_time: time | None
    status: str
    location: str
    audience: str
    series_id: int | None
    category_name: str
    colour: str
    group_name: str | None
    rule: str | None

    FIELDS = ("id", "title", "month", "start_date", "end_date", "start_time", "status", "location", "audience",
              "series_id", "category__name", "category__colour", "audience_group__name", "series__rule")

    @property
    def is_dated(self):
        return self.start_date is not None

    @property
    def is_multi_day(self):
        return self.is_dated and self.end_date != self.start_date

    @property
    def is_cancelled(self):
        return self.status == Activity.Status.CANCELLED

    @property
    def category(self):
        return Category(self.category_name, self.colour)

    @property
    def series(self):
        return SimpleNamespace(rule=self.rule)

    @property
    def audience_label(self):
        """As Activity.audience_label, from the group's name."""
        if self.audience == Audience.GROUP and self.group_name is not None:
            return self.group_name
        return str(Audience(self.audience).label)


@dataclass
class ScheduleEntry:
    """One numbered line: an activity, or a series' occurrences within the month ("每周三，共4次")."""

    activity: object
    occurrences: list = field(default_factory=list)

    @property
    def is_series(self):
        return len(self.occurrences) > 1

    @property
    def title(self):
        return self.activity.title

    @property
    def series_text(self):
        return f"{describe(self.activity.series.rule)}，共{len(self.occurrences)}次" if self.is_series else ""

    @property
    def days_text(self):
        return "、".join(f"{a.start_date.day}日" for a in self.occurrences)

    def line(self, number, texts, index_url):
        """The line as activities/_year_schedule.html shows it, in plain values, from a ScheduleRow (its
        fields, not its properties): a template reads a dict several times faster than a model
        instance, and a federation's year shows 480 lines. `number`: its place in the month; `texts`
        are line_texts(), translated once for many lines (a gettext a line was a tenth of the page)
        with the words lines repeat, escaped once (its date, place, audience, category: escaping is
        most of what printing a word costs); `index_url` + "<id>/" is activities:detail, without a
        reverse() a line. The title the template escapes."""
        activity, words = self.activity, texts["escaped"]
        return {
            # Digits and the app's own path: nothing to escape.
            "number": SafeString(number),
            "url": SafeString(f"{index_url}{activity.pk}/"),
            "title": activity.title,
            "done": activity.status == Activity.Status.DONE,
            "cancelled": activity.status == Activity.Status.CANCELLED,
            # When, where and for whom, joined with dots: "3月8日 09:30 · 礼堂 · 女职工". One value, not three
            # and their tests: the year prints 480 lines. Each word is escaped, so the text they make is too.
            "meta": SafeString(" · ".join(filter(None, (
                words[self.when(texts)],
                words[activity.location],
                words[activity.audience_label] if activity.audience != Audience.EVERYONE else "",
            )))),
            "colour": words[activity.colour],
            "category": words[activity.category_name],
        }

    def when(self, texts):
        activity = self.activity
        time = f" {activity.start_time:%H:%M}" if activity.start_time else ""
        if self.is_series:
            return f"{self.series_text}：{self.days_text}{time}"
        if not activity.is_dated:
            return texts["undated"]
        text = short_date(activity.start_date, texts["day_format"])
        if activity.is_multi_day:
            text += "–" + short_date(activity.end_date, texts["day_format"])
        return text + time


def line_texts():
    """The words of a schedule line in the active language; "n月j日" is the date filter's format, read
    for n and j only (short_date); "escaped": the words lines repeat, each escaped once."""
    return {"undated": gettext("date to be set"), "day_format": gettext("n/j"), "escaped": Escaped()}


def short_date(day, day_format):
    """`day` in a month/day format such as "n/j" or "n月j日", without a dateformat per line."""
    return day_format.replace("n", str(day.month)).replace("j", str(day.day))


@dataclass
class ScheduleMonth:
    month: int
    name: str
    entries: list
    total: int = 0  # activities of the month, also those not listed
    per_category: list = field(default_factory=list)  # [(category name, colour, order, count)] not cancelled

    @property
    def activities(self):
        return [a for entry in self.entries for a in (entry.occurrences or [entry.activity])]

    @property
    def more(self):
        """Activities of the month beyond the lines shown."""
        return max(self.total - len(self.activities), 0)


def month_lines(schedule):
    """(ScheduleMonth, its lines) for each month of a year_schedule, as activities/_year_schedule.html
    shows them (ScheduleEntry.line): the words lines repeat escaped once for the whole year."""
    texts, index_url = line_texts(), reverse("activities:index")
    return [
        (month, [entry.line(number, texts, index_url) for number, entry in enumerate(month.entries, 1)])
        for month in schedule
    ]


def schedule_rows(activities, per_month=PER_MONTH):
    """The ScheduleRows of the first `per_month` activities of each month, in schedule order (one query)."""
    rows = (
        activities.annotate(row=Window(RowNumber(), partition_by=[F("month")], order_by=SCHEDULE_ORDER))
        .filter(row__lte=per_month)
        .order_by("month", *SCHEDULE_ORDER)
        .values_list(*ScheduleRow.FIELDS)
    )
    return [ScheduleRow._make(values) for values in rows]


def month_counts(activities):
    """{month: (total, [(category name, colour, order, not-cancelled count)])} (one query)."""
    rows = (
        activities.values("month", "category__name", "category__colour", "category__order")
        .annotate(total=Count("id"), counted=Count("id", filter=~Q(status=Activity.Status.CANCELLED)))
        .order_by("month", "category__order", "category__name")
    )
    counts = {}
    for row in rows:
        total, categories = counts.get(row["month"], (0, []))
        categories.append((row["category__name"], row["category__colour"], row["category__order"], row["counted"]))
        counts[row["month"]] = (total + row["total"], categories)
    return counts


def year_schedule(activities, counts=None):
    """Twelve ScheduleMonths from activities in month, schedule order; a series' occurrences in one
    month share one line (the plans list "工会委员、组长例会" once a month, not once a week)."""
    months = {m: [] for m in range(1, 13)}
    grouped = {}
    for activity in activities:
        if activity.series_id and not activity.is_cancelled:
            key = (activity.month, activity.series_id)
            if key in grouped:
                grouped[key].occurrences.append(activity)
                continue
            grouped[key] = entry = ScheduleEntry(activity, [activity])
        else:
            entry = ScheduleEntry(activity)
        months[activity.month].append(entry)
    result = []
    for month, entries in months.items():
        schedule_month = ScheduleMonth(month, month_name(month), entries)
        if counts is not None:
            schedule_month.total, schedule_month.per_category = counts.get(month, (0, []))
        else:
            schedule_month.total = len(schedule_month.activities)
        result.append(schedule_month)
    return result
