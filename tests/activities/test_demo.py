"""The demo year: plan 7's schedule, festivals on their real dates, two series; before the demo's today
everything is done with outcomes and attendance, after it open for sign-up — on any day of the year."""

from datetime import date, datetime, time

import pytest
from django.db.models import F
from django.utils import timezone

from activities.festivals import festival
from activities.models import Activity, ActivitySeries, Signup
from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db

# New Year's Day, the day before 春节 2026 (02-17), the last day of a month and of the first half,
# New Year's Eve, a leap day.
DAYS = [date(2026, 1, 1), date(2026, 2, 16), date(2026, 6, 30), date(2026, 12, 31), date(2028, 2, 29)]


def test_demo_has_the_schedule_festivals_and_two_series(seed_demo):
    year = seed_demo().year
    activities = Activity.objects.filter(year=year)
    assert activities.filter(title__contains="乒乓球赛").exists()
    assert activities.filter(title__contains="芙蓉杯").exists()
    assert ActivitySeries.objects.count() == 2
    assert activities.filter(series__isnull=False).count() > 30
    for key in ["mid_autumn", "double_ninth", "teachers_day", "womens_day"]:
        assert activities.get(festival=key).start_date == festival(year, key).date
    assert activities.filter(start_date__isnull=True).exists()  # some are known only by month
    assert activities.filter(title=f"{year}年教师节庆祝活动").exists()


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_year_is_believable_on_any_day(seed_demo, today):
    seed_demo(today=today)
    year = today.year
    past = Activity.objects.filter(year=year, start_date__lt=today)
    assert not past.exclude(status=Activity.Status.DONE).exists()
    assert not past.filter(attendance__isnull=True).exists() and not past.filter(outcome="").exists()
    future = Activity.objects.filter(year=year, start_date__gt=today)
    assert not future.filter(status=Activity.Status.DONE).exists()
    assert not future.filter(attendance__isnull=False).exists()
    if today.month < 12:
        assert future.filter(signup_open=True, status=Activity.Status.PLANNED).exists()
    if today > date(year, 3, 31):
        assert past.exclude(outcome="活动按计划开展。").count() >= 15

    # Sign-ups come in before the deadline and the activity, never after the demo's today.
    signups = Signup.objects.filter(activity__start_date__isnull=False)
    assert signups.exists()
    assert not signups.filter(created_at__gt=F("activity__signup_deadline")).exists()
    starts = {a.pk: a.start_date for a in Activity.objects.filter(signups__isnull=False).distinct()}
    for signup in signups:
        assert timezone.localdate(signup.created_at) < starts[signup.activity_id]
    latest = timezone.make_aware(datetime.combine(today, time(8, 0)))
    assert not Signup.objects.filter(created_at__gt=latest).exists()
    assert not Signup.objects.filter(attended=True, activity__start_date__gte=today).exists()


def test_in_december_next_year_is_under_way(seed_demo):
    seed_demo(today=date(2026, 12, 5))
    draft = AnnualPlan.objects.get(year=2027)
    assert draft.status == AnnualPlan.Status.DRAFT
    assert draft.items.scheduled().filter(month=1).exists()
    january = Activity.objects.filter(year=2027, month=1)
    assert january.filter(signup_open=True, start_date__gt=date(2026, 12, 5)).exists()
    assert not january.filter(status=Activity.Status.DONE).exists()


def test_before_december_next_year_is_left_alone(seed_demo):
    seed_demo(today=date(2026, 11, 30))
    assert not AnnualPlan.objects.filter(year=2027).exists()
    assert not Activity.objects.filter(year=2027).exists()


def test_demo_activities_are_linked_to_the_plan(seed_demo):
    year = seed_demo().year
    linked = Activity.objects.filter(year=year, plan_item__isnull=False)
    assert linked.count() >= 20
