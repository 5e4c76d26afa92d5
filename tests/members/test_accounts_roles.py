"""Roles follow positions: a committee position in the record gives the login its role, removing it
takes the role away, and the history says so."""

import pytest

from members.models import HistoryEntry, Member
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def edit(client, member, **changes):
    data = {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": member.position, "version": member.version,
    }
    data.update(changes)
    return client.post(f"/members/{member.pk}/edit/", data)


def roles(user):
    return sorted(g.name for g in user.groups.all())


@pytest.mark.parametrize(
    ("position", "role", "label"),
    [("chair", "chair", "主席"), ("committee", "committee", "委员"), ("treasurer", "treasurer", "财务委员"),
     ("reviewer", "reviewer", "经审委员"), ("vice_chair", "chair", "主席")],
)
def test_a_position_grants_its_role(login, chair_user, member_user, position, role, label):
    assert edit(login(chair_user), member_user.member, position=position).status_code == 302
    member_user.refresh_from_db()
    assert roles(member_user) == [role]
    entry = HistoryEntry.objects.for_object(member_user.member).filter(changes__has_key="账号角色").get()
    assert entry.changes["账号角色"][1] == label and entry.actor == chair_user


def test_removing_the_position_takes_the_role_away(login, chair_user, treasurer_user):
    member = treasurer_user.member
    assert treasurer_user.has_perm("funds.view_dues")
    edit(login(chair_user), member, position="")
    treasurer_user = type(treasurer_user).objects.get(pk=treasurer_user.pk)  # fresh permission cache
    assert roles(treasurer_user) == ["member"]
    assert not treasurer_user.has_perm("funds.view_dues")
    entries = HistoryEntry.objects.for_object(member)
    assert any(e.changes.get("委员会职务") == ["财务委员", "无"] for e in entries)
    assert any(e.changes.get("账号角色") == ["财务委员", "会员"] for e in entries)


def test_other_groups_of_the_user_are_kept(login, chair_user, member_user):
    from django.contrib.auth.models import Group

    extra = Group.objects.create(name="摄影小组")
    member_user.groups.add(extra)
    edit(login(chair_user), member_user.member, position="committee")
    assert roles(member_user) == ["committee", "摄影小组"]


def test_a_member_without_a_login_just_keeps_the_position(login, chair_user, union):
    member = MemberFactory(union=union)
    assert edit(login(chair_user), member, position="committee").status_code == 302
    member.refresh_from_db()
    assert member.position == "committee" and member.user is None


def test_the_committee_cannot_make_anyone_chair_or_treasurer(login, committee_user, member_user):
    for position in ["chair", "treasurer"]:
        response = edit(login(committee_user), member_user.member, position=position)
        assert response.status_code == 200
        assert "只有拥有该职务全部权限的人才能修改此职务" in response.content.decode()
    member_user.refresh_from_db()
    assert roles(member_user) == ["member"]
    assert Member.objects.get(pk=member_user.member.pk).position == ""


def test_the_committee_cannot_promote_itself(login, committee_user):
    response = edit(login(committee_user), committee_user.member, position="chair")
    assert response.status_code == 200
    assert roles(committee_user) == ["committee"]


def test_the_committee_cannot_demote_the_chair(login, committee_user, chair_user):
    assert edit(login(committee_user), chair_user.member, position="").status_code == 200
    assert roles(chair_user) == ["chair"]


def test_the_committee_may_appoint_a_committee_member(login, committee_user, member_user):
    assert edit(login(committee_user), member_user.member, position="committee").status_code == 302
    assert roles(member_user) == ["committee"]


def test_other_changes_by_the_committee_are_not_blocked(login, committee_user, chair_user):
    assert edit(login(committee_user), chair_user.member, phone="13800138000").status_code == 302


def test_the_admin_applies_the_role_too(client, union, member_user):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    member = member_user.member
    response = client.post(
        f"/admin/members/member/{member.pk}/change/",
        {"union": union.pk, "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
         "status": member.status, "position": "reviewer", "user": member_user.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert roles(member_user) == ["reviewer"]
