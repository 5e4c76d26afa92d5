"""Union.stamp moves on after any change to the union's data, so no cached page outlives it."""

import pytest
from django.db import transaction

from members.models import Union
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def stamp(union):
    return Union.objects.get(pk=union.pk).stamp


# Rows written outside a request (the shell, a management command) commit for real in these tests.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_rows_saved_outside_a_request_move_the_stamp_on_once_when_they_commit(union, other_union):
    before, other = stamp(union), stamp(other_union)
    with transaction.atomic():
        for name in ("语文组", "数学组", "英语组"):
            DepartmentFactory(union=union, name=name)
        assert stamp(union) == before  # not before the rows commit
    assert stamp(union) == before + 1 and stamp(other_union) == other


@committed
def test_a_deleted_row_moves_the_stamp_on(union):
    department = DepartmentFactory(union=union, name="语文组")
    before = stamp(union)
    department.delete()
    assert stamp(union) == before + 1


@committed
def test_rows_rolled_back_leave_the_stamp_alone(union):
    before = stamp(union)
    with pytest.raises(RuntimeError), transaction.atomic():
        DepartmentFactory(union=union, name="语文组")
        raise RuntimeError
    assert stamp(union) == before


def test_reading_pages_leaves_the_stamp_alone_and_a_post_moves_it(login, committee_user, union):
    client = login(committee_user)
    before = stamp(union)
    for path in ("/", "/members/", "/activities/2026/3/", "/plans/"):
        client.get(path)
    assert stamp(union) == before
    client.post("/members/birthdays/999999/greet/")  # refused (no such member): a POST moves it anyway
    assert stamp(union) == before + 1


@committed
def test_a_login_changed_in_the_admin_or_shell_moves_the_stamp_on_but_logging_in_does_not(member_user, client):
    union = member_user.member.union
    before = stamp(union)
    client.force_login(member_user)  # saves last_login only
    assert stamp(union) == before
    member_user.username = "liu.huiyuan"
    member_user.save()
    assert stamp(union) == before + 1


@committed
def test_a_union_renamed_in_the_shell_shows_its_new_name_at_once(login, member_user):
    client = login(member_user)
    assert "第一中学工会" in client.get("/activities/2026/3/").content.decode()  # the navigation is cached
    union = member_user.member.union
    union.name = "第一中学教职工工会"
    union.save()
    assert "第一中学教职工工会" in client.get("/activities/2026/3/").content.decode()
