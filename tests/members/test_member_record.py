"""A member's page and forms: validation in Chinese, optimistic locking, history, own phone number."""

from datetime import date

import pytest
from django.utils import timezone

from members.models import HistoryEntry, Member
from tests.factories import DepartmentFactory, MemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 31)


def form_data(**changes):
    data = {
        "name": "赵老师",
        "gender": "F",
        "employee_number": "Z001",
        "birth_date": "1985-04-03",
        "phone": "13800138000",
        "joined_on": "2008-09-01",
        "status": "active",
        "position": "",
    }
    data.update(changes)
    return data


def test_committee_adds_a_member_and_the_history_keeps_it(login, committee_user, union):
    dept = DepartmentFactory(union=union, name="语文组")
    response = login(committee_user).post("/members/new/", form_data(department=dept.pk))
    member = Member.objects.get(union=union, employee_number="Z001")
    assert response.status_code == 302 and response["Location"] == f"/members/{member.pk}/"
    assert member.department == dept and member.union == union
    entry = HistoryEntry.objects.for_object(member).get()
    assert entry.action == "create" and entry.actor == committee_user


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "1380013"}, "phone", "11位手机号码"),
        ({"phone": "23800138000"}, "phone", "11位手机号码"),
        ({"employee_number": "TAKEN"}, "employee_number", "已有会员使用该工号"),
        ({"employee_number": ""}, "employee_number", "这个字段是必填项"),
        ({"birth_date": "2026-04-01"}, "birth_date", "晚于今天"),
        ({"joined_on": "2026-04-03"}, "joined_on", "晚于今天"),
        ({"joined_on": "1980-01-01"}, "joined_on", "入会日期应在出生日期之后"),
        ({"birth_date": "1980-02-30"}, "birth_date", "日期无效：请按 2025-02-28 的格式填写存在的日期"),
    ],
)
def test_invalid_member_data_gets_a_chinese_error_beside_the_field(
    login, committee_user, union, clock, changes, field, message
):
    clock(TODAY)
    MemberFactory(union=union, employee_number="TAKEN")
    response = login(committee_user).post("/members/new/", form_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert "is-invalid" in response.content.decode()
    assert not Member.objects.filter(name="赵老师").exists()


def test_an_employee_number_of_another_union_may_be_reused(login, committee_user, union, other_union):
    MemberFactory(union=other_union, employee_number="Z001")
    assert login(committee_user).post("/members/new/", form_data()).status_code == 302


def test_another_unions_department_cannot_be_chosen(login, committee_user, other_union):
    foreign = DepartmentFactory(union=other_union)
    response = login(committee_user).post("/members/new/", form_data(department=foreign.pk))
    assert "department" in response.context["form"].errors


def test_editing_records_the_changes_in_the_history(login, committee_user, union):
    member = MemberFactory(
        union=union,
        name="赵老师",
        employee_number="Z001",
        birth_date=date(1985, 4, 3),
        phone="13800138000",
        joined_on=date(2008, 9, 1),
    )
    client = login(committee_user)
    response = client.post(
        f"/members/{member.pk}/edit/", form_data(phone="13900139000", version=member.version)
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "13900139000" and member.version == 2
    entry = HistoryEntry.objects.for_object(member).first()
    assert entry.changes == {"手机": ["13800138000", "13900139000"]}
    assert "13900139000" in client.get(f"/members/{member.pk}/").content.decode()


def test_a_second_editor_working_from_an_old_version_is_refused(login, committee_user, union):
    member = MemberFactory(
        union=union,
        name="赵老师",
        employee_number="Z001",
        birth_date=date(1985, 4, 3),
        joined_on=date(2008, 9, 1),
    )
    client = login(committee_user)
    client.post(f"/members/{member.pk}/edit/", form_data(phone="13900139000", version=1))
    response = client.post(f"/members/{member.pk}/edit/", form_data(phone="13700137000", version=1))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    member.refresh_from_db()
    assert member.phone == "13900139000"


def test_setting_a_member_retired_records_the_date(login, committee_user, union):
    member = MemberFactory(
        union=union, employee_number="Z001", birth_date=date(1985, 4, 3), joined_on=date(2008, 9, 1)
    )
    login(committee_user).post(f"/members/{member.pk}/edit/", form_data(status="retired", version=1))
    member.refresh_from_db()
    assert member.status == "retired" and member.retired_on == timezone.localdate()


def test_a_member_changes_only_their_own_phone_number(login, member_user):
    me = member_user.member
    client = login(member_user)
    form = client.get(f"/members/{me.pk}/edit/").context["form"]
    assert list(form.fields) == ["phone"]
    response = client.post(
        f"/members/{me.pk}/edit/",
        {"phone": "13612345678", "name": "改名", "status": "left", "version": me.version},
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.phone == "13612345678" and me.name == "刘会员" and me.status == "active"
    assert HistoryEntry.objects.for_object(me).first().changes == {"手机": ["", "13612345678"]}


def test_a_member_gets_a_chinese_error_for_a_bad_phone_number(login, member_user):
    me = member_user.member
    response = login(member_user).post(f"/members/{me.pk}/edit/", {"phone": "123", "version": me.version})
    assert "11位手机号码" in " ".join(response.context["form"].errors["phone"])


def test_members_cannot_add_members(login, member_user):
    assert login(member_user).get("/members/new/").status_code == 403


def test_member_page_leaves_a_spot_for_other_apps_sections(login, committee_user, union, settings, tmp_path):
    (tmp_path / "activities").mkdir()
    (tmp_path / "activities" / "_member_section.html").write_text(
        "<section>报名记录 {{ member.name }}</section>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    member = MemberFactory(union=union, name="赵老师")
    assert "报名记录 赵老师" in login(committee_user).get(f"/members/{member.pk}/").content.decode()


def test_unknown_member_is_404(login, committee_user):
    assert login(committee_user).get("/members/999999/").status_code == 404


def test_giving_a_member_a_committee_position_gives_their_login_the_role(login, chair_user, member_user):
    me = member_user.member
    data = form_data(name=me.name, employee_number=me.employee_number, position="treasurer", version=me.version)
    assert login(chair_user).post(f"/members/{me.pk}/edit/", data).status_code == 302
    member_user.refresh_from_db()
    assert [g.name for g in member_user.groups.all()] == ["treasurer"]
    assert login(member_user).get("/").status_code == 200  # the treasurer's dashboard


def test_committee_sets_a_womans_retirement_rule_and_a_mans_is_ignored(login, committee_user, union):
    client = login(committee_user)
    page = client.get("/members/new/").content.decode()
    assert "退休年龄类别" in page and "本会默认：干部（原55周岁退休）" in page
    client.post("/members/new/", form_data(retirement_rule="worker"))
    assert Member.objects.get(employee_number="Z001").retirement_rule == "worker"
    client.post("/members/new/", form_data(employee_number="Z002", gender="M", retirement_rule="worker"))
    assert Member.objects.get(employee_number="Z002").retirement_rule == ""
    response = client.post("/members/new/", form_data(employee_number="Z003", retirement_rule="nurse"))
    assert response.status_code == 200 and "选择一个有效的选项" in " ".join(
        response.context["form"].errors["retirement_rule"]
    )
