"""Queries whose SQL is written once per process (members.compiled) give what the ORM's own query gives,
for whichever values they are called with: the session, the login's user, a roster page's rows, the
filters' choices."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from members.backends import UnionBackend
from members.filters import ROWS_AT_ONCE, roster_row_values, roster_rows, union_choices
from members.models import Department, Member, UnionGroup
from members.sessions import SessionStore
from tests.factories import DepartmentFactory, MemberFactory, UnionGroupFactory, UserFactory, bulk_create_members

pytestmark = pytest.mark.django_db


def fields(obj):
    return {name: value for name, value in vars(obj).items() if name != "_state"}


def test_the_login_s_user_comes_with_member_and_union_as_select_related_gives(committee_user, chair_of_other_union):
    for user in (committee_user, chair_of_other_union):
        expected = get_user_model().objects.select_related("member__union").get(pk=user.pk)
        loaded = UnionBackend().get_user(user.pk)
        assert fields(loaded) == fields(expected)
        assert fields(loaded.member) == fields(expected.member)
        assert fields(loaded.member.union) == fields(expected.member.union)
        assert loaded.member.user is loaded and not loaded._state.adding


def test_a_user_without_member_record_is_loaded_knowing_it_has_none(django_assert_num_queries):
    user = UserFactory()
    loaded = UnionBackend().get_user(str(user.pk))  # the session keeps it as text
    with django_assert_num_queries(0):
        assert getattr(loaded, "member", None) is None
    assert UnionBackend().get_user(user.pk + 1000) is None


def test_roster_rows_are_the_values_of_the_members_asked_for_in_that_order(union, other_union):
    department = DepartmentFactory(union=union, name="语文组")
    bulk_create_members(
        Member(union=union, name="王芳" if i % 3 else "李强", gender="F", employee_number=f"N{i:03d}",
               department=department if i % 2 else None, birth_date=date(1980, 1 + i % 12, 1 + i % 28),
               joined_on=date(2001, 9, 1))
        for i in range(ROWS_AT_ONCE + 7)
    )
    stranger = MemberFactory(union=other_union)
    ids = list(Member.objects.for_union(union).order_by("-employee_number").values_list("pk", flat=True))
    expected = {row["pk"]: row for row in roster_row_values(Member.objects.filter(union=union))}
    assert roster_rows(ids) == [expected[pk] for pk in ids]  # more than one query's worth
    assert roster_rows(ids[:3] + [stranger.pk + 1000]) == [expected[pk] for pk in ids[:3]]  # none for an unknown id
    assert roster_rows([]) == []


def test_the_filters_list_the_union_s_departments_in_their_order_and_its_groups_by_name(union, other_union):
    DepartmentFactory(union=union, name="数学组", order=2)
    DepartmentFactory(union=union, name="语文组", order=1)
    DepartmentFactory(union=union, name="英语组", order=1)
    UnionGroupFactory(union=union, name="第二小组")
    UnionGroupFactory(union=union, name="第一小组")
    DepartmentFactory(union=other_union, name="别家")
    UnionGroupFactory(union=other_union, name="别家小组")
    assert union_choices(union) == {
        name: [(str(pk), label) for pk, label in model.objects.filter(union=union).values_list("pk", "name")]
        for name, model in (("department", Department), ("group", UnionGroup))
    }
    assert [name for _pk, name in union_choices(union)["department"]][-1] == "数学组"


def test_a_session_is_read_until_it_expires():
    store = SessionStore()
    store["seen"] = 1
    store.save()
    assert SessionStore(store.session_key).load() == {"seen": 1}
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    assert SessionStore("no-such-session-key").load() == {}
