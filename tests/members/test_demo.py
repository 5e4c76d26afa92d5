"""The demo union's member records: a school's departments, birthdays, hardship records, a year of visits."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.models import CareEvent, CareStandard, CareVisit, Department, HardshipRecord, Member
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)


def test_the_demo_has_a_schools_departments_and_care_records(demo):
    assert {"语文组", "数学组", "英语组", "理化生组", "政史地组", "艺体组", "行政后勤", "退休"} <= set(
        Department.objects.values_list("name", flat=True)
    )
    assert HardshipRecord.objects.count() == 5
    assert CareVisit.objects.filter(reason="warmth").count() == 5
    assert CareVisit.objects.values("reason").distinct().count() >= 6
    assert CareStandard.objects.filter(amount__isnull=False).count() >= 10
    assert CareEvent.objects.filter(visits__isnull=True).count() == 2
    assert Member.objects.filter(
        lunar_birthday=True, lunar_birth_month__lt=0
    ).exists()  # a leap-month birthday


def test_a_second_seed_adds_no_visits(demo, settings):
    visits = CareVisit.objects.count()
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    assert CareVisit.objects.count() == visits


def test_the_demo_member_leads_a_union_group(demo, client):
    member = Member.objects.get(user__username="member")
    assert member.led_groups.exists()
    client.force_login(member.user)
    assert client.get("/members/group/").status_code == 200


def test_the_demos_retirements_tell_one_story_on_the_care_page_and_in_the_summary(settings, client):
    """Who reaches the statutory age in the demo year by its `today` has retired and been visited; who
    reaches it later is due a visit; the summary counts the first."""
    settings.DEBUG = True
    call_command("seed_demo", today=date(2026, 7, 1))
    retired = Member.objects.filter(retired_on__year=2026, status="retired")
    assert retired.count() >= 1
    assert set(retired) == {v.member for v in CareVisit.objects.filter(reason="retirement", date__year=2026)}
    client.force_login(get_user_model().objects.get(username="chair"))
    with time_machine.travel(date(2026, 7, 1), tick=False):
        summary = client.get("/summary/2026/").content.decode()
        care = client.get("/members/care/")
    assert f'data-figure="members-retired">{retired.count()}<' in summary
    due = care.context["work"].retirements
    assert due and all(m.status == "active" and m.retires_on.year == 2026 for m in due)
    assert all(m.retires_on > date(2026, 6, 1) for m in due)  # July or later: still ahead on 1 July
    assert not set(due) & set(retired)
