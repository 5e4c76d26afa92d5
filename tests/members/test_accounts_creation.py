"""Logins from the roster in one step: counts, one login per member, no duplicates, the one-time sheet."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, get_hasher
from openpyxl import load_workbook

from members import accounts
from members.account_views import SHEET_KEY
from members.models import HistoryEntry, Member
from tests.factories import DepartmentFactory, MemberFactory, UserFactory, bulk_create_members

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def staff_room(union):
    """Five teachers of one department without logins, and one who left."""
    dept = DepartmentFactory(union=union, name="语文组")
    members = [
        MemberFactory(union=union, name=name, department=dept, employee_number=f"T{i:04d}", phone=f"1380000{i:04d}")
        for i, name in enumerate(["赵一", "钱二", "孙三", "李四", "周五"], start=1)
    ]
    MemberFactory(union=union, name="吴离会", status=Member.Status.LEFT, employee_number="T9999")
    return members


def create_for_everyone(client, source="employee_number"):
    return client.post("/members/accounts/new/", {"scope": "everyone", "source": source})


def sheet_rows(client):
    return client.session[SHEET_KEY]["created"]


def test_everyone_without_a_login_gets_one_in_one_step(login, committee_user, union, staff_room):
    client = login(committee_user)
    response = create_for_everyone(client)
    assert response.status_code == 302 and response["Location"] == "/members/accounts/sheet/"
    for member in staff_room:
        member.refresh_from_db()
        assert member.user.username == member.employee_number
        assert member.must_change_password
    assert not Member.objects.get(name="吴离会").user  # members who left get none
    assert len(sheet_rows(client)) == 5


def test_running_it_again_creates_no_second_login(login, committee_user, union, staff_room):
    client = login(committee_user)
    create_for_everyone(client)
    users_before = User.objects.count()
    response = create_for_everyone(client)
    assert User.objects.count() == users_before
    assert response.status_code == 302
    assert Member.objects.filter(union=union, user__isnull=False).count() == 6  # five + the committee member


def test_ticked_members_only(login, committee_user, staff_room):
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "selected", "source": "employee_number",
                                           "member": [staff_room[0].pk, staff_room[2].pk]})
    assert {row["name"] for row in sheet_rows(client)} == {"赵一", "孙三"}
    assert Member.objects.filter(pk__in=[m.pk for m in staff_room], user__isnull=False).count() == 2


def test_nothing_ticked_is_refused_with_a_message(login, committee_user, staff_room):
    client = login(committee_user)
    response = client.post("/members/accounts/new/", {"scope": "selected", "source": "phone"}, follow=True)
    assert "请先勾选要创建登录账号的会员" in response.content.decode()
    assert not Member.objects.filter(pk__in=[m.pk for m in staff_room], user__isnull=False).exists()


def test_username_can_be_the_phone_number(login, committee_user, staff_room):
    create_for_everyone(login(committee_user), source="phone")
    staff_room[0].refresh_from_db()
    assert staff_room[0].user.username == "13800000001"


def test_members_who_cannot_get_that_username_are_listed_not_created(login, committee_user, union, staff_room):
    MemberFactory(union=union, name="无手机", phone="")
    MemberFactory(union=union, name="同号甲", phone="13900000000")
    MemberFactory(union=union, name="同号乙", phone="13900000000")
    UserFactory(username="13800000005")  # someone of another union took 周五's phone as username
    client = login(committee_user)
    create_for_everyone(client, source="phone")
    skipped = {row["name"]: row["reason"] for row in client.session[SHEET_KEY]["skipped"]}
    assert skipped["无手机"] == "没有手机号"
    assert "已被占用" in skipped["周五"]
    assert "同号甲" in skipped.get("同号乙", "") or "同号乙" in skipped.get("同号甲", "")
    assert Member.objects.get(name="周五").user is None
    page = client.get("/members/accounts/sheet/").content.decode()
    assert f"未创建（{len(skipped)}）" in page and "无手机" in page
    assert len(skipped) == 3


def test_new_logins_get_the_member_role_or_their_positions(login, chair_user, union):
    plain = MemberFactory(union=union, name="普通会员")
    treasurer = MemberFactory(union=union, name="新财务", position=Member.Position.TREASURER)
    create_for_everyone(login(chair_user))
    plain.refresh_from_db()
    treasurer.refresh_from_db()
    assert [g.name for g in plain.user.groups.all()] == ["member"]
    assert [g.name for g in treasurer.user.groups.all()] == ["treasurer"]


def test_the_committee_cannot_hand_out_a_chairs_login(login, committee_user, union):
    chair = MemberFactory(union=union, name="新主席", position=Member.Position.CHAIR)
    client = login(committee_user)
    create_for_everyone(client)
    chair.refresh_from_db()
    assert chair.user is None
    assert "主席" in client.session[SHEET_KEY]["skipped"][0]["reason"]


def test_the_initial_password_logs_the_member_in(client, committee_user, staff_room):
    client.force_login(committee_user)
    create_for_everyone(client)
    row = sheet_rows(client)[0]
    client.logout()
    response = client.post("/accounts/login/", {"username": row["username"], "password": row["password"]})
    assert response.status_code == 302


def test_initial_passwords_are_readable_and_differ():
    passwords = {accounts.initial_password() for _i in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) == 10
        assert not set(password) & set("0O1lI")
        assert any(c.isdigit() for c in password) and any(c.isalpha() for c in password)


def test_initial_passwords_are_hashed_with_fewer_rounds_and_upgraded_at_login(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    encoded = accounts.initial_password_hash("abcde23456")
    assert encoded.startswith(f"pbkdf2_sha256${accounts.INITIAL_PASSWORD_ITERATIONS}$")
    assert check_password("abcde23456", encoded)
    assert get_hasher("default").must_update(encoded)  # Django re-hashes it at full strength


def test_creation_is_recorded_in_each_members_history(login, committee_user, staff_room):
    create_for_everyone(login(committee_user))
    entry = HistoryEntry.objects.for_object(staff_room[0]).get()
    assert entry.actor == committee_user
    assert entry.note == "已创建登录账号，用户名 T0001"


# -- the credentials sheet ---------------------------------------------------------------------------


def test_the_sheet_shows_name_department_username_and_password(login, committee_user, staff_room):
    client = login(committee_user)
    create_for_everyone(client)
    row = sheet_rows(client)[0]
    response = client.get("/members/accounts/sheet/")
    page = response.content.decode()
    for header in ["姓名", "部门", "用户名", "初始密码"]:
        assert f"<th>{header}</th>" in page
    assert row["password"] in page and "语文组" in page
    assert "no-store" in response["Cache-Control"]


def test_the_sheet_downloads_as_excel(login, committee_user, staff_room):
    client = login(committee_user)
    create_for_everyone(client)
    passwords = {row["username"]: row["password"] for row in sheet_rows(client)}
    response = client.get("/members/accounts/sheet.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("姓名", "部门", "用户名", "初始密码")
    assert {r[2]: r[3] for r in rows[1:]} == passwords
    assert {r[1] for r in rows[1:]} == {"语文组"}


def test_done_forgets_the_passwords(login, committee_user, staff_room):
    client = login(committee_user)
    create_for_everyone(client)
    response = client.post("/members/accounts/sheet/done/")
    assert response.status_code == 302
    assert SHEET_KEY not in client.session
    assert client.get("/members/accounts/sheet/").status_code == 302
    assert client.get("/members/accounts/sheet.xlsx").status_code == 302


def test_an_old_sheet_is_dropped(login, committee_user, staff_room, settings):
    client = login(committee_user)
    create_for_everyone(client)
    session = client.session
    session[SHEET_KEY]["at"] = "2020-01-01T00:00:00+00:00"
    session.save()
    assert client.get("/members/accounts/sheet/").status_code == 302
    assert SHEET_KEY not in client.session


def test_plain_passwords_are_not_in_the_database_tables(login, committee_user, staff_room):
    client = login(committee_user)
    create_for_everyone(client)
    row = sheet_rows(client)[0]
    user = User.objects.get(username=row["username"])
    assert row["password"] not in user.password
    assert not HistoryEntry.objects.filter(note__contains=row["password"]).exists()


# -- the roster and the overview ------------------------------------------------------------------


def test_the_roster_marks_members_with_a_login_and_offers_boxes_for_the_others(login, committee_user, staff_room):
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "selected", "source": "employee_number",
                                           "member": [staff_room[0].pk]})
    page = client.get("/members/").content.decode()
    assert f'name="member" value="{staff_room[0].pk}"' not in page
    assert f'name="member" value="{staff_room[1].pk}"' in page
    assert "✓ T0001" in page and 'class="login-tick' in page


def test_the_roster_shows_no_login_controls_to_those_who_cannot_manage_logins(login, union, staff_room):
    from django.contrib.auth.models import Permission

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_member"))
    MemberFactory(union=union, user=viewer)
    page = login(viewer).get("/members/").content.decode()
    assert 'name="member"' not in page and "logins-form" not in page


def test_the_overview_counts_logins(login, committee_user, union, staff_room):
    client = login(committee_user)
    client.post("/members/accounts/new/", {"scope": "selected", "source": "employee_number",
                                           "member": [staff_room[0].pk, staff_room[1].pk]})
    counts = client.get("/members/accounts/").context["counts"]
    assert counts["current"] == 6  # five teachers and the committee member; not the one who left
    assert counts["with_login"] == 3
    assert counts["pending"] == 2
    assert counts["without_login"] == 3


def test_the_overview_stays_within_its_query_budget_at_3000_logins(
    login, committee_user, union, django_assert_max_num_queries
):
    dept = DepartmentFactory(union=union)
    bulk_create_members(
        [Member(union=union, name=f"会员{i:05d}", gender="F", employee_number=f"N{i:05d}", department=dept,
                birth_date=date(1980, 1, 1)) for i in range(3000)]
    )
    batch = accounts.create_logins(union, accounts.without_login(union), source="employee_number",
                                   actor=committee_user)
    assert len(batch.created) == 3000
    client = login(committee_user)
    for params in [{}, {"page": 50}, {"state": "pending", "page": 20}, {"q": "会员01"}]:
        with django_assert_max_num_queries(10):
            assert client.get("/members/accounts/", params).status_code == 200


# -- permissions and other unions ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_only_the_committee_manages_logins(request, login, role, staff_room):
    client = login(request.getfixturevalue(role))
    assert client.get("/members/accounts/").status_code == 403
    assert create_for_everyone(client).status_code == 403
    assert client.get("/members/accounts/sheet/").status_code == 403
    assert not Member.objects.filter(pk=staff_room[0].pk, user__isnull=False).exists()


def test_members_of_another_union_cannot_be_ticked(login, chair_of_other_union, staff_room):
    client = login(chair_of_other_union)
    client.post("/members/accounts/new/", {"scope": "selected", "source": "employee_number",
                                           "member": [staff_room[0].pk]})
    assert not Member.objects.filter(pk=staff_room[0].pk, user__isnull=False).exists()


def test_everyone_means_everyone_in_ones_own_union(login, chair_of_other_union, staff_room):
    create_for_everyone(login(chair_of_other_union))
    assert not Member.objects.filter(pk__in=[m.pk for m in staff_room], user__isnull=False).exists()


def test_a_sheet_is_shown_only_in_the_union_it_was_made_for(login, committee_user, staff_room, other_union):
    client = login(committee_user)
    create_for_everyone(client)
    session = client.session
    session[SHEET_KEY]["union"] = other_union.pk
    session.save()
    assert client.get("/members/accounts/sheet/").status_code == 302
