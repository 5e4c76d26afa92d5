"""The month grid: Monday first, whole weeks, months at the edges of the year and in leap years."""

from datetime import date

import pytest

from activities.calendar import build_month, grid_bounds
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "month", "first", "last", "weeks"),
    [
        (2026, 6, date(2026, 6, 1), date(2026, 7, 5), 5),  # starts on a Monday
        (2027, 2, date(2027, 2, 1), date(2027, 2, 28), 4),  # 28 days from a Monday: exactly four weeks
        (2024, 2, date(2024, 1, 29), date(2024, 3, 3), 5),  # leap year: 29 February is in the grid
        (2026, 3, date(2026, 2, 23), date(2026, 4, 5), 6),  # starts on a Sunday: six rows
        (2026, 12, date(2026, 11, 30), date(2027, 1, 3), 5),  # runs into the next year
        (2027, 1, date(2026, 12, 28), date(2027, 1, 31), 5),  # starts in the previous year
    ],
)
def test_grid_runs_from_monday_to_sunday_over_whole_weeks(year, month, first, last, weeks):
    grid = build_month(year, month)
    assert (grid.first, grid.last) == (first, last) == grid_bounds(year, month)
    assert len(grid.weeks) == weeks and all(len(week) == 7 for week in grid.weeks)
    assert grid.first.weekday() == 0 and grid.last.weekday() == 6
    assert [d.date.day for d in grid.month_days][-1] == (
        29 if (year, month) == (2024, 2) else 28 if month == 2 else grid.month_days[-1].date.day
    )


def test_leap_day_is_in_the_february_grid():
    grid = build_month(2024, 2)
    assert date(2024, 2, 29) in [d.date for d in grid.month_days]
    assert len(build_month(2026, 2).month_days) == 28


def test_previous_and_next_cross_the_year():
    assert build_month(2026, 1).previous == (2025, 12)
    assert build_month(2026, 12).next == (2027, 1)


def test_today_is_marked_and_festivals_sit_on_their_days():
    grid = build_month(2026, 9, today=date(2026, 9, 10))
    by_date = {d.date: d for d in grid.days}
    assert by_date[date(2026, 9, 10)].is_today
    assert [f.name for f in by_date[date(2026, 9, 25)].festivals] == ["中秋节"]
    assert [f.name for f in by_date[date(2026, 9, 10)].festivals] == ["教师节"]
    assert by_date[date(2026, 9, 26)].is_day_off  # 中秋 holiday


def test_a_multi_day_activity_shows_on_every_day_it_spans(union):
    trip = ActivityFactory(union=union, start_date=date(2026, 4, 30), end_date=date(2026, 5, 2))
    grid = build_month(2026, 5, [trip])
    shown = [d.date for d in grid.days if trip in d.activities]
    assert shown == [date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2)]


def test_the_days_off_of_a_month_are_summarised_as_periods():
    periods = build_month(2026, 2).official_periods
    assert ("春节", True, date(2026, 2, 15), date(2026, 2, 23)) in periods
    assert ("春节", False, date(2026, 2, 14), date(2026, 2, 14)) in periods
