"""The year schedule (具体安排): the year's activities month by month, numbered as the plans number them."""

from dataclasses import dataclass, field

from activities.calendar import month_name
from activities.series import describe


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


@dataclass
class ScheduleMonth:
    month: int
    name: str
    entries: list

    @property
    def activities(self):
        return [a for entry in self.entries for a in (entry.occurrences or [entry.activity])]


def year_schedule(activities):
    """Twelve ScheduleMonths from the year's activities (in month, date order); a series' occurrences
    in one month share one line (the plans list "工会委员、组长例会" once a month, not once a week)."""
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
    return [ScheduleMonth(m, month_name(m), entries) for m, entries in months.items()]
