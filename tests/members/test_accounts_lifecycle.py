"""The committee resets and disables logins; a member who leaves the union loses theirs, records stay."""

import pytest

from members.account_views import SHEET_KEY
from members.models import HistoryEntry, Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def notes(member):
    return [e.note for e in HistoryEntry.objects.for_object(member)]


def can_log_in(client, username, password):
    client.logout()
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code == 302


# -- reset ---------------------------------------------------------------------------------------------


def test_reset_gives_a_new_initial_password_shown_once(client, committee_user, member_user):
    member = member_user.member
    client.force_login(committee_user)
    response = client.post(f"/members/{member.pk}/account/reset/")
    assert response["Location"] == "/members/accounts/sheet/"
    [row] = client.session[SHEET_KEY]["created"]
    assert row["username"] == member_user.username and row["name"] == "刘会员"
    assert row["password"] in client.get("/members/accounts/sheet/").content.decode()
    member.refresh_from_db()
    assert member.must_change_password
    assert "工会委员会重置了密码" in notes(member)
    assert not can_log_in(client, member_user.username, "pw-for-tests-1")
    assert can_log_in(client, member_user.username, row["password"])


def test_reset_ends_the_members_open_sessions(client, committee_user, member_user):
    from django.test import Client

    members_browser = Client()
    members_browser.force_login(member_user)
    assert members_browser.get("/activities/2026/3/").status_code == 200
    client.force_login(committee_user)
    client.post(f"/members/{member_user.member.pk}/account/reset/")
    assert members_browser.get("/activities/2026/3/").status_code == 302  # back to the login page


def test_a_get_does_not_reset(login, committee_user, member_user):
    assert login(committee_user).get(f"/members/{member_user.member.pk}/account/reset/").status_code == 405


def test_the_committee_cannot_reset_the_chairs_password(login, committee_user, chair_user):
    response = login(committee_user).post(f"/members/{chair_user.member.pk}/account/reset/", follow=True)
    assert "请联系工会主席" in response.content.decode()
    assert chair_user.member.__class__.objects.get(pk=chair_user.member.pk).must_change_password is False


def test_the_chair_can_reset_the_committee_members_password(login, chair_user, committee_user):
    response = login(chair_user).post(f"/members/{committee_user.member.pk}/account/reset/")
    assert response["Location"] == "/members/accounts/sheet/"


def test_nobody_resets_their_own_password_here(login, chair_user):
    response = login(chair_user).post(f"/members/{chair_user.member.pk}/account/reset/", follow=True)
    assert "修改密码" in response.content.decode()
    assert SHEET_KEY not in response.client.session


def test_a_member_without_a_login_cannot_be_reset(login, committee_user, union):
    member = MemberFactory(union=union)
    response = login(committee_user).post(f"/members/{member.pk}/account/reset/", follow=True)
    assert "还没有登录账号" in response.content.decode()


# -- disable and enable ----------------------------------------------------------------------------


def test_disable_and_enable_a_login(client, committee_user, member_user):
    member = member_user.member
    client.force_login(committee_user)
    response = client.post(f"/members/{member.pk}/account/disable/", follow=True)
    assert "的登录账号已停用" in response.content.decode()
    member_user.refresh_from_db()
    assert not member_user.is_active
    assert not can_log_in(client, member_user.username, "pw-for-tests-1")
    client.force_login(committee_user)
    client.post(f"/members/{member.pk}/account/enable/")
    member_user.refresh_from_db()
    assert member_user.is_active
    assert can_log_in(client, member_user.username, "pw-for-tests-1")
    assert notes(member)[:2] == ["登录账号已恢复使用", "登录账号已停用"]


def test_the_member_page_offers_the_actions(login, committee_user, member_user):
    page = login(committee_user).get(f"/members/{member_user.member.pk}/").content.decode()
    assert "重置密码" in page and "停用账号" in page and member_user.username in page


def test_the_member_sees_their_username_but_no_actions(login, member_user):
    page = login(member_user).get(f"/members/{member_user.member.pk}/").content.decode()
    assert member_user.username in page
    assert "重置密码" not in page and "停用账号" not in page


# -- leaving the union ---------------------------------------------------------------------------------


def edit_data(member, **changes):
    data = {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": member.position, "version": member.version,
    }
    data.update(changes)
    return data


def test_a_member_who_leaves_loses_the_login_and_keeps_the_record(client, committee_user, member_user):
    member = member_user.member
    client.force_login(committee_user)
    response = client.post(f"/members/{member.pk}/edit/", edit_data(member, status="left"))
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert not member_user.is_active
    assert Member.objects.filter(pk=member.pk, user=member_user).exists()  # the record stays, linked
    assert "登录账号已停用：会员已离会" in notes(member)
    assert not can_log_in(client, member_user.username, "pw-for-tests-1")


def test_leaving_through_the_roster_import_ends_the_login_too(member_user):
    member = member_user.member
    member.status = Member.Status.LEFT
    member.save()  # the import saves each row like this
    member_user.refresh_from_db()
    assert not member_user.is_active


def test_a_member_who_left_cannot_be_enabled_again_before_rejoining(client, committee_user, member_user):
    member = member_user.member
    member.status = Member.Status.LEFT
    member.save()
    client.force_login(committee_user)
    response = client.post(f"/members/{member.pk}/account/enable/", follow=True)
    assert "已离会" in response.content.decode()
    member_user.refresh_from_db()
    assert not member_user.is_active


def test_other_saves_do_not_touch_logins(member_user, django_assert_max_num_queries):
    member = member_user.member
    member.phone = "13800138000"
    with django_assert_max_num_queries(1):  # the UPDATE only
        member.save()


# -- permissions and other unions ---------------------------------------------------------------------


@pytest.mark.parametrize("action", ["reset", "disable", "enable"])
def test_another_unions_member_is_404(login, chair_of_other_union, member_user, action):
    assert login(chair_of_other_union).post(f"/members/{member_user.member.pk}/account/{action}/").status_code == 404


@pytest.mark.parametrize("action", ["reset", "disable", "enable"])
def test_members_and_treasurers_cannot_touch_logins(login, treasurer_user, member_user, action):
    assert login(treasurer_user).post(f"/members/{member_user.member.pk}/account/{action}/").status_code == 403
    assert login(member_user).post(f"/members/{member_user.member.pk}/account/{action}/").status_code == 403
