"""The demo union's member records: a school's departments, birthdays, hardship records, a year of visits."""

import pytest
from django.core.management import call_command

from members.models import CareEvent, CareStandard, CareVisit, Department, HardshipRecord, Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", year=2026)


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
    call_command("seed_demo", year=2026)
    assert CareVisit.objects.count() == visits


def test_the_demo_member_leads_a_union_group(demo, client):
    member = Member.objects.get(user__username="member")
    assert member.led_groups.exists()
    client.force_login(member.user)
    assert client.get("/members/group/").status_code == 200
