"""No account take-over (issue 14, part 1): whoever keeps the roster, in the app or in the admin, never
gets hold of a login with more rights than their own — not by linking it to a member record, not by
moving the address its password reset goes to, not by appointing themselves; nor locks out such a
login by marking its member 离会. A union's data never opens a staff or superuser login by e-mail."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from members import roster_import
from members.models import HistoryEntry, Member
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(settings):
    settings.EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def staff_committee(committee_user):
    """A committee member the union gave admin access (README: officers may be staff)."""
    committee_user.is_staff = True
    committee_user.save()
    return committee_user


@pytest.fixture
def root(union):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def roles(user):
    return sorted(g.name for g in user.groups.all())


def record(member, **changes):
    """The member form's fields as they are, with `changes`."""
    data = {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": member.position, "version": member.version,
        "email": member.email, "phone": member.phone,
    }
    data.update(changes)
    return data


def admin_record(member, **changes):
    """The admin's change form for the member, as it is, with `changes`."""
    data = {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "position": member.position, "email": member.email, "phone": member.phone,
        "user": member.user_id or "",
    }
    data.update(changes)
    return data


def admin_post(client, member, **changes):
    return client.post(f"/admin/members/member/{member.pk}/change/", admin_record(member, **changes))


def reset_by_email(client, address):
    return client.post("/accounts/password_reset/", {"email": address})


# -- the admin: linking logins -------------------------------------------------------------------------


def test_a_union_staff_user_cannot_link_a_superuser_login_and_reset_it(
    client, with_email, staff_committee, member_user, root
):
    """The attack: link root's login to a member whose address one controls, then reset by e-mail."""
    client.force_login(staff_committee)
    accomplice = member_user.member
    MemberFactory(union=accomplice.union, name="无账号会员", email="mine@example.cn")
    stranger = Member.objects.get(name="无账号会员")
    response = admin_post(client, stranger, user=root.pk)
    assert response.status_code == 200  # the form again, with the error
    assert "选择一个有效的选项" in response.content.decode()
    assert Member.objects.get(pk=stranger.pk).user_id is None
    client.logout()
    reset_by_email(client, "mine@example.cn")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["superuser", "staff", "chair", "other union"])
def test_the_admin_refuses_every_login_with_more_rights_or_of_another_union(
    login, staff_committee, union, other_union, chair_user, root, kind
):
    others = {
        "superuser": root,
        "staff": UserFactory(username="officer", is_staff=True, role="member"),
        "chair": chair_user,
        "other union": UserFactory(username="elsewhere", role="member"),
    }
    login_ = others[kind]
    if kind == "staff":
        MemberFactory(union=union, user=login_)
    if kind == "other union":
        MemberFactory(union=other_union, user=login_)
    target = MemberFactory(union=union, name="空账号会员")
    response = admin_post(login(staff_committee), target, user=login_.pk)
    assert response.status_code == 200
    assert Member.objects.get(pk=target.pk).user_id is None
    # …and the raw-id field does not name the login it was given.
    assert login_.username not in response.content.decode()


def test_the_logins_offered_are_the_ones_the_editor_may_manage(
    staff_committee, member_user, chair_user, treasurer_user, root, union, other_union, chair_of_other_union
):
    from members.roles import manageable_logins, may_manage_login

    officer = UserFactory(username="officer", is_staff=True, role="member")
    MemberFactory(union=union, user=officer)
    offered = set(manageable_logins(staff_committee, union))
    assert offered == {staff_committee, member_user}  # not the chair's, the treasurer's (money), staff, root
    for user in [member_user, chair_user, treasurer_user, root, officer, chair_of_other_union, staff_committee]:
        assert may_manage_login(staff_committee, user) == (user in offered), user


def test_the_committee_cannot_unlink_the_chairs_login_in_the_admin(login, staff_committee, chair_user):
    chair = chair_user.member
    response = admin_post(login(staff_committee), chair, user="")
    assert response.status_code == 200
    assert "请联系工会主席" in response.content.decode()
    assert Member.objects.get(pk=chair.pk).user == chair_user


def test_the_committee_still_edits_the_chairs_other_fields_in_the_admin(login, staff_committee, chair_user):
    chair = chair_user.member
    response = admin_post(login(staff_committee), chair, phone="13800138000")
    assert response.status_code == 302
    assert Member.objects.get(pk=chair.pk).phone == "13800138000"
    changes = HistoryEntry.objects.for_object(chair).get().changes
    assert changes["手机"] == ["", "13800138000"]


def test_the_committee_cannot_appoint_itself_chair_in_the_admin(login, staff_committee):
    own = staff_committee.member
    response = admin_post(login(staff_committee), own, position="chair")
    assert response.status_code == 200
    assert "只有拥有该职务全部权限的人才能修改此职务" in response.content.decode()
    assert Member.objects.get(pk=own.pk).position == "committee"
    assert roles(staff_committee) == ["committee"]


def test_the_committee_cannot_demote_the_chair_in_the_admin(login, staff_committee, chair_user):
    response = admin_post(login(staff_committee), chair_user.member, position="")
    assert response.status_code == 200
    assert roles(chair_user) == ["chair"]


def test_the_chair_appoints_in_the_admin(login, chair_user, member_user):
    chair_user.is_staff = True
    chair_user.save()
    assert admin_post(login(chair_user), member_user.member, position="treasurer").status_code == 302
    assert roles(member_user) == ["treasurer"]


# -- the e-mail address a reset goes to ------------------------------------------------------------------


def test_the_committee_cannot_move_the_chairs_reset_address(client, with_email, committee_user, chair_user):
    chair = chair_user.member
    client.force_login(committee_user)
    response = client.post(f"/members/{chair.pk}/edit/", record(chair, email="mine@example.cn"))
    assert response.status_code == 200
    assert "只有能管理该账号的人才能修改其密码重置邮件所发往的电子邮箱" in response.content.decode()
    assert Member.objects.get(pk=chair.pk).email == ""
    client.logout()
    reset_by_email(client, "mine@example.cn")
    assert mail.outbox == []


def test_the_committee_cannot_move_the_chairs_reset_address_in_the_admin(login, staff_committee, chair_user):
    response = admin_post(login(staff_committee), chair_user.member, email="mine@example.cn")
    assert response.status_code == 200
    assert Member.objects.get(pk=chair_user.member.pk).email == ""


def test_the_committee_changes_a_members_address_and_the_old_one_is_told(
    login, with_email, committee_user, member_user, django_capture_on_commit_callbacks
):
    member = member_user.member
    member.email = "old@example.cn"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(committee_user).post(f"/members/{member.pk}/edit/", record(member, email="new@example.cn"))
    assert response.status_code == 302
    [told] = mail.outbox
    assert told.to == ["old@example.cn"]
    assert "电子邮箱已更改" in told.subject and "第一中学工会" in told.subject
    assert "刘会员" in told.body and "new@example.cn" not in told.body
    changes = HistoryEntry.objects.for_object(member).get().changes
    assert changes["电子邮箱"] == ["old@example.cn", "new@example.cn"]


def test_an_address_changed_in_the_admin_is_recorded_and_told(
    login, with_email, staff_committee, member_user, django_capture_on_commit_callbacks
):
    member = member_user.member
    member.email = "old@example.cn"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_post(login(staff_committee), member, email="new@example.cn").status_code == 302
    assert [m.to for m in mail.outbox] == [["old@example.cn"]]
    entry = HistoryEntry.objects.for_object(member).get()
    assert entry.changes["电子邮箱"] == ["old@example.cn", "new@example.cn"] and entry.note == "在管理后台修改"


def test_without_email_nobody_is_told(login, committee_user, member_user, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_ENABLED = False
    member = member_user.member
    member.email = "old@example.cn"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        login(committee_user).post(f"/members/{member.pk}/edit/", record(member, email="new@example.cn"))
    assert Member.objects.get(pk=member.pk).email == "new@example.cn"
    assert mail.outbox == []


def test_the_chair_may_change_the_committees_address(login, chair_user, committee_user):
    member = committee_user.member
    response = login(chair_user).post(f"/members/{member.pk}/edit/", record(member, email="li@example.cn"))
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).email == "li@example.cn"


def test_everyone_may_keep_their_own_address_up_to_date(login, committee_user):
    own = committee_user.member
    assert login(committee_user).post(f"/members/{own.pk}/edit/", record(own, email="li@example.cn")).status_code == 302


# -- the roster import ------------------------------------------------------------------------------------

HEADERS = ["姓名", "性别", "工号", "状态", "邮箱"]


def roster_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("名册.xlsx", out.getvalue(), content_type=roster_import.XLSX_CONTENT_TYPE)


def row_of(member, **changes):
    values = {"姓名": member.name, "性别": "女", "工号": member.employee_number, "状态": "在职", "邮箱": member.email}
    values.update(changes)
    return [values[h] for h in HEADERS]


def test_the_import_refuses_to_move_the_chairs_address(login, committee_user, chair_user, member_user):
    response = login(committee_user).post("/members/import/", {"file": roster_file([
        row_of(member_user.member, 邮箱="liu@example.cn"),
        row_of(chair_user.member, 邮箱="mine@example.cn"),
    ])})
    page = response.content.decode()
    assert (
        "第3行，邮箱“mine@example.cn”：王主席的账号拥有您没有的权限："
        "只有能管理该账号的人才能修改其密码重置邮件所发往的电子邮箱"
    ) in page
    assert [(p.row, p.value) for p in response.context["preview"].problems] == [(3, "mine@example.cn")]
    assert "confirm" not in response.context
    assert Member.objects.get(pk=chair_user.member.pk).email == ""


def test_the_import_refuses_to_mark_the_chair_as_left(login, committee_user, chair_user):
    leaving = roster_file([row_of(chair_user.member, 状态="离会")])
    response = login(committee_user).post("/members/import/", {"file": leaving})
    page = response.content.decode()
    assert "第2行，状态“离会”：王主席的账号拥有您没有的权限：只有能管理该账号的人才能将该会员标记为离会" in page
    assert [(p.row, p.value) for p in response.context["preview"].problems] == [(2, "离会")]
    chair_user.refresh_from_db()
    assert chair_user.is_active


def test_an_address_changed_by_the_import_is_recorded_and_told(
    login, with_email, committee_user, member_user, django_capture_on_commit_callbacks
):
    member = member_user.member
    member.email = "old@example.cn"
    member.save()
    client = login(committee_user)
    response = client.post("/members/import/", {"file": roster_file([row_of(member, 邮箱="new@example.cn")])})
    form = response.context["confirm"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/members/import/confirm/", {"token": form["token"].value(), "digest": form["digest"].value()})
    assert Member.objects.get(pk=member.pk).email == "new@example.cn"
    assert [m.to for m in mail.outbox] == [["old@example.cn"]]
    changes = HistoryEntry.objects.for_object(member).get().changes
    assert changes["电子邮箱"] == ["old@example.cn", "new@example.cn"]


def test_the_chairs_import_may_change_the_committee(login, chair_user, committee_user):
    response = login(chair_user).post("/members/import/", {"file": roster_file([
        row_of(committee_user.member, 邮箱="li@example.cn", 状态="离会"),
    ])})
    assert response.context["preview"].ok


# -- 离会 ------------------------------------------------------------------------------------------------


def test_the_committee_cannot_lock_the_chair_out(login, committee_user, chair_user):
    chair = chair_user.member
    response = login(committee_user).post(f"/members/{chair.pk}/edit/", record(chair, status="left"))
    assert response.status_code == 200
    assert "才能将该会员标记为离会" in response.content.decode()
    chair_user.refresh_from_db()
    assert chair_user.is_active and Member.objects.get(pk=chair.pk).status == Member.Status.ACTIVE


def test_leaving_never_switches_off_an_admin_login(login, chair_user, staff_committee):
    member = staff_committee.member
    response = login(chair_user).post(f"/members/{member.pk}/edit/", record(member, status="left"))
    assert response.status_code == 200
    assert "是管理后台账号" in response.content.decode()
    staff_committee.refresh_from_db()
    assert staff_committee.is_active


def test_leaving_saved_anywhere_leaves_admin_logins_on(union, root):
    member = MemberFactory(union=union, user=root)
    member.status = Member.Status.LEFT
    member.save()  # the shell, a script: no form to refuse it
    root.refresh_from_db()
    assert root.is_active


def test_in_the_admin_the_chair_is_marked_left_but_keeps_the_login(login, staff_committee, chair_user):
    chair = chair_user.member
    response = admin_post(login(staff_committee), chair, status="left")
    assert response.status_code == 302
    page = login(staff_committee).get(response["Location"]).content.decode()
    assert "但登录账号仍保持启用" in page
    chair_user.refresh_from_db()
    assert chair_user.is_active
    assert Member.objects.get(pk=chair.pk).status == Member.Status.LEFT


def test_in_the_admin_a_member_who_leaves_still_loses_the_login(login, staff_committee, member_user):
    assert admin_post(login(staff_committee), member_user.member, status="left").status_code == 302
    member_user.refresh_from_db()
    assert not member_user.is_active


def test_a_switched_off_chair_login_keeps_the_chairs_rights(login, committee_user, chair_user):
    """Switched off (by the chair's own leaving, say), the chair's login is still the chair's: the
    committee can neither switch it back on nor reset it and so take it over."""
    chair_user.is_active = False
    chair_user.save()
    client = login(committee_user)
    for action in ["enable", "reset"]:
        response = client.post(f"/members/{chair_user.member.pk}/account/{action}/", follow=True)
        assert "请联系工会主席" in response.content.decode()
    chair_user.refresh_from_db()
    assert not chair_user.is_active and chair_user.check_password("pw-for-tests-1")


# -- password reset by e-mail ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["superuser", "staff"])
def test_no_reset_mail_for_admin_logins(client, with_email, union, kind):
    user = UserFactory(username="officer", is_superuser=kind == "superuser", is_staff=True)
    MemberFactory(union=union, user=user, email="officer@example.cn")
    assert reset_by_email(client, "officer@example.cn").status_code == 302  # says nothing either way
    assert mail.outbox == []


def test_members_still_reset_by_mail(client, with_email, member_user):
    member = member_user.member
    member.email = "liu@example.cn"
    member.save()
    reset_by_email(client, "liu@example.cn")
    [message] = mail.outbox
    assert re.search(r"/accounts/reset/\S+", message.body)
