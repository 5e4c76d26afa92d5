"""The demo year: plan 7's schedule, festivals on their real dates, two series; the past done, the
future open for sign-up."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from activities.festivals import festival
from activities.models import Activity, ActivitySeries

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    year = timezone.localdate().year
    call_command("seed_demo", year=year)
    return year


def test_demo_has_the_schedule_festivals_and_two_series(demo):
    activities = Activity.objects.filter(year=demo)
    assert activities.filter(title__contains="乒乓球赛").exists()
    assert activities.filter(title__contains="芙蓉杯").exists()
    assert ActivitySeries.objects.count() == 2
    assert activities.filter(series__isnull=False).count() > 30
    for key in ["mid_autumn", "double_ninth", "teachers_day", "womens_day"]:
        assert activities.get(festival=key).start_date == festival(demo, key).date
    assert activities.filter(start_date__isnull=True).exists()  # some are known only by month


def test_past_is_done_with_outcomes_and_future_is_open(demo):
    today = timezone.localdate()
    past = Activity.objects.filter(year=demo, start_date__lt=today)
    assert past.exists() and not past.exclude(status=Activity.Status.DONE).exists()
    assert past.exclude(outcome="").count() >= 15
    assert past.filter(attendance__gt=0).count() == past.count()
    future = Activity.objects.filter(year=demo, start_date__gt=today)
    if future.exists():
        assert future.filter(signup_open=True, status=Activity.Status.PLANNED).exists()
        assert not future.filter(status=Activity.Status.DONE).exists()


def test_demo_activities_are_linked_to_the_plan(demo):
    linked = Activity.objects.filter(year=demo, plan_item__isnull=False)
    assert linked.count() >= 20
