"""A union's data versions (members.versions): an area's version moves on once a change to it commits,
and only then — so a cached fragment never outlives what it shows, and nothing else retires it."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from members.models import Department, Union
from members.versions import AREAS
from tests.factories import ActivityFactory, DepartmentFactory, SignupFactory

pytestmark = pytest.mark.django_db

# Rows written outside a request (the shell, a management command) commit for real in these tests.
committed = pytest.mark.django_db(transaction=True)


def versions(union):
    fresh = Union.objects.get(pk=union.pk)
    return {area: getattr(fresh, f"{area}_version") for area in AREAS}


def moved(before, after):
    return {area for area in AREAS if after[area] != before[area]}


@committed
def test_rows_saved_outside_a_request_move_their_area_on_once_when_they_commit(union, other_union):
    before, other = versions(union), versions(other_union)
    with transaction.atomic():
        for name in ("语文组", "数学组", "英语组"):
            DepartmentFactory(union=union, name=name)
        assert versions(union) == before  # not before the rows commit
    after = versions(union)
    assert moved(before, after) == {"members"} and after["members"] == before["members"] + 1
    assert versions(other_union) == other


@committed
def test_a_deleted_row_moves_its_area_on(union):
    department = DepartmentFactory(union=union, name="语文组")
    before = versions(union)
    department.delete()
    assert moved(before, versions(union)) == {"members"}


@committed
def test_rows_rolled_back_move_nothing(union):
    before = versions(union)
    with pytest.raises(RuntimeError), transaction.atomic():
        DepartmentFactory(union=union, name="语文组")
        raise RuntimeError
    assert versions(union) == before


@committed
def test_a_sign_up_moves_the_sign_ups_on_and_leaves_the_calendar_the_plan_and_the_roster_alone(
    login, member_user, union
):
    activity = ActivityFactory(union=union, title="教职工羽毛球赛", capacity=10, signup_open=True,
                               start_date=timezone.localdate() + timedelta(days=7))
    before = versions(union)
    assert login(member_user).post(f"/activities/{activity.pk}/signup/").status_code == 302
    assert moved(before, versions(union)) == {"signups"}


@committed
def test_reading_logging_out_and_switching_the_language_move_nothing(login, committee_user, union):
    SignupFactory(activity__union=union)
    client = login(committee_user)
    before = versions(union)
    for path in ("/", "/members/", "/activities/2026/3/", "/activities/2026/", "/plans/", "/members/birthdays/"):
        assert client.get(path).status_code in (200, 302)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/members/birthdays/999999/greet/")  # refused: no such member
    client.post("/accounts/logout/")
    assert versions(union) == before


@committed
def test_a_union_renamed_in_the_shell_shows_its_new_name_in_every_document_at_once(login, member_user):
    union = member_user.member.union
    before = versions(union)
    union.name = "第一中学教职工工会"
    union.save()
    assert moved(before, versions(union)) == set(AREAS)
    assert "第一中学教职工工会" in login(member_user).get("/activities/2026/").content.decode()


@committed
def test_writes_that_send_no_signal_move_their_area_on_too(union, other_union):
    activity = ActivityFactory(union=union)
    department = DepartmentFactory(union=union, name="语文组")
    before, other = versions(union), versions(other_union)
    Activity.objects.filter(pk=activity.pk).update(title="乒乓球赛")
    assert moved(before, versions(union)) == {"activities"}
    before = versions(union)
    Department.objects.bulk_create([Department(union=union, name="数学组")])
    department.name = "语文教研组"
    Department.objects.bulk_update([department], ["name"])
    assert versions(union)["members"] == before["members"] + 2 and moved(before, versions(union)) == {"members"}
    assert versions(other_union) == other
