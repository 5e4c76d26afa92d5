"""year_summary(union, year): the activities part of the year-end summary, checked by hand."""

from datetime import date

import pytest

from activities.models import Activity
from activities.summary import year_summary
from tests.factories import ActivityCategoryFactory, ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(union, other_union):
    sports = ActivityCategoryFactory(union=union, name="文体活动", colour="green", order=1)
    care = ActivityCategoryFactory(union=union, name="慰问", colour="orange", order=2)
    done = Activity.Status.DONE
    # March: two held sports activities, one with sign-ups (3 signed up, 2 came), one cancelled.
    ball = ActivityFactory(
        union=union,
        category=sports,
        title="乒乓球赛",
        start_date=date(2026, 3, 18),
        status=done,
        attendance=30,
        outcome="理科组获团体第一。",
    )
    for attended in (True, True, False):
        SignupFactory(activity=ball, attended=attended)
    ActivityFactory(
        union=union, category=sports, title="象棋赛", start_date=date(2026, 3, 20), status=done, attendance=12
    )
    ActivityFactory(
        union=union,
        category=sports,
        title="春游",
        start_date=date(2026, 3, 28),
        status=Activity.Status.CANCELLED,
    )
    # June: a visit campaign held (month only), and one still planned.
    ActivityFactory(
        union=union,
        category=care,
        title="送清凉",
        start_date=None,
        year=2026,
        month=6,
        status=done,
        attendance=17,
        outcome="慰问17人。",
    )
    ActivityFactory(union=union, category=care, title="端午慰问", start_date=date(2026, 6, 18))
    # Not counted: another year, another union.
    ActivityFactory(union=union, category=sports, start_date=date(2025, 3, 18), status=done, attendance=99)
    ActivityFactory(union=other_union, start_date=date(2026, 3, 18), status=done, attendance=99)
    return 2026


def test_totals(union, year):
    total = year_summary(union, year).total
    assert (total.planned, total.held, total.cancelled) == (4, 3, 1)
    assert total.participants == 30 + 12 + 17
    assert (total.signups, total.attended) == (3, 2)
    assert total.attendance_rate == pytest.approx(2 / 3)


def test_per_month(union, year):
    months = {m.month: m for m in year_summary(union, year).months}
    assert len(months) == 12
    assert (months[3].planned, months[3].held, months[3].cancelled, months[3].participants) == (2, 2, 1, 42)
    assert months[3].attendance_rate == pytest.approx(2 / 3)
    assert (months[6].planned, months[6].held, months[6].participants) == (2, 1, 17)
    assert months[6].attendance_rate is None  # nobody signed up for anything held in June
    assert months[1].planned == 0


def test_per_category(union, year):
    categories = year_summary(union, year).categories
    assert [(c.name, c.planned, c.held, c.participants) for c in categories] == [
        ("文体活动", 2, 2, 42),
        ("慰问", 2, 1, 17),
    ]


def test_highlights_are_held_activities_with_an_outcome_most_participants_first(union, year):
    highlights = year_summary(union, year).highlights
    assert [(h.title, h.participants, h.outcome) for h in highlights] == [
        ("乒乓球赛", 30, "理科组获团体第一。"),
        ("送清凉", 17, "慰问17人。"),
    ]
    assert highlights[0].date == date(2026, 3, 18) and highlights[1].date is None


def test_an_empty_year_is_all_zeros(union):
    summary = year_summary(union, 2030)
    assert summary.total.planned == 0 and summary.total.attendance_rate is None
    assert summary.categories == [] and summary.highlights == [] and len(summary.months) == 12


def test_a_fixed_number_of_queries(union, year, django_assert_num_queries):
    with django_assert_num_queries(2):
        year_summary(union, year)
