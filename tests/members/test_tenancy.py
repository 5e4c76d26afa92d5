"""A union's rows are reachable only from that union: in views, in the admin, through request.union."""

import pytest
from django.contrib.auth.models import Group

from members.access import get_for_union
from members.models import Member
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_committee_user(committee_user):
    committee_user.is_staff = True
    committee_user.save()
    return committee_user


def test_request_union_is_the_users_own(rf, committee_user):
    from members.middleware import UnionMiddleware

    request = rf.get("/")
    request.user = committee_user
    request.session = {}
    UnionMiddleware(lambda r: r)(request)
    assert request.union.name == "第一中学工会"
    assert request.member.name == "李委员"


def test_get_for_union_gives_404_for_another_unions_member(rf, committee_user, other_union):
    from django.http import Http404

    stranger = MemberFactory(union=other_union)
    request = rf.get("/")
    request.user, request.union = committee_user, committee_user.member.union
    with pytest.raises(Http404):
        get_for_union(request, Member, "members.view_member", pk=stranger.pk)
    assert get_for_union(request, Member, "members.view_member", pk=committee_user.member.pk)


def test_admin_lists_only_the_staff_users_union(login, staff_committee_user, other_union):
    MemberFactory(union=other_union, name="外单位会员")
    MemberFactory(union=staff_committee_user.member.union, name="本单位会员")
    page = login(staff_committee_user).get("/admin/members/member/").content.decode()
    assert "本单位会员" in page
    assert "外单位会员" not in page


def test_admin_gives_404_for_another_unions_member(login, staff_committee_user, other_union):
    stranger = MemberFactory(union=other_union)
    response = login(staff_committee_user).get(f"/admin/members/member/{stranger.pk}/change/")
    # The admin answers a missing object by redirecting to its index with a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_superuser_sees_every_union_in_the_admin(login, other_union, union):
    admin = UserFactory(is_staff=True, is_superuser=True)
    MemberFactory(union=other_union, name="外单位会员")
    MemberFactory(union=union, name="本单位会员")
    page = login(admin).get("/admin/members/member/").content.decode()
    assert "本单位会员" in page and "外单位会员" in page


def test_superuser_without_member_record_picks_a_union(login, union):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = login(admin)
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"].startswith("/members/choose-union/")
    client.post("/members/choose-union/", {"union": union.pk, "next": "/members/"})
    assert client.get("/members/").status_code == 200


def test_a_member_who_left_has_no_union(login, member_user):
    member = member_user.member
    member.status = Member.Status.LEFT
    member.save()
    # Leaving ends the login (tests/members/test_accounts_lifecycle.py); even one switched back on
    # by hand finds no union.
    member_user.is_active = True
    member_user.save(update_fields=["is_active"])
    assert login(member_user).get("/activities/2026/3/").status_code == 403


def test_every_role_group_exists():
    # Created by the data migration and kept in step after every migrate.
    assert {"chair", "committee", "treasurer", "reviewer", "member"} <= set(
        Group.objects.values_list("name", flat=True)
    )


def test_other_union_user_cannot_choose_a_union(login, chair_of_other_union, union):
    assert login(chair_of_other_union).post("/members/choose-union/", {"union": union.pk}).status_code == 403
