"""/activities/<id>/: details for members; editing, attendance and the sign-in sheet for the committee."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from activities.models import Activity
from members.models import HistoryEntry
from tests.factories import ActivityFactory, MemberFactory, SignupFactory

pytestmark = pytest.mark.django_db


def form_data(activity, **changes):
    data = {
        "title": activity.title,
        "category": activity.category_id,
        "year": activity.year,
        "month": activity.month,
        "start_date": activity.start_date.isoformat() if activity.start_date else "",
        "audience": activity.audience,
        "status": activity.status,
        "version": activity.version,
        "location": activity.location,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_member_reads_the_details(login, member_user, open_activity):
    open_activity.location, open_activity.description = "学校体育馆", "自带球拍。"
    open_activity.save()
    html = login(member_user).get(f"/activities/{open_activity.pk}/").content.decode()
    for text in ["教职工羽毛球赛", "学校体育馆", "自带球拍。", "全体会员", "我要报名"]:
        assert text in html
    assert "报名名单" not in html  # the list is for the committee


def test_committee_sees_the_signup_list(login, committee_user, open_activity):
    SignupFactory(activity=open_activity, member=MemberFactory(union=open_activity.union, name="韩露"))
    html = login(committee_user).get(f"/activities/{open_activity.pk}/").content.decode()
    assert "报名名单" in html and "韩露" in html and "导出签到表" in html


def test_signin_sheet_is_an_excel_file_with_the_names(login, committee_user, open_activity):
    SignupFactory(activity=open_activity, member=MemberFactory(union=open_activity.union, name="韩露"))
    response = login(committee_user).get(f"/activities/{open_activity.pk}/signin-sheet.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "签到表" in rows[0][0]
    assert list(rows[2][:5]) == ["序号", "姓名", "部门", "报名时间", "签到"]
    assert rows[3][:2] == (1, "韩露")


def test_committee_records_attendance_and_outcome(login, committee_user, open_activity):
    came, absent = SignupFactory(activity=open_activity), SignupFactory(activity=open_activity)
    client = login(committee_user)
    assert client.get(f"/activities/{open_activity.pk}/attendance/").status_code == 200
    response = client.post(
        f"/activities/{open_activity.pk}/attendance/",
        {
            "attended": [str(came.pk)],
            "participants": "",
            "outcome": "比赛顺利进行，评出冠军一名。",
            "mark_done": "on",
        },
    )
    assert response.status_code == 302
    open_activity.refresh_from_db()
    assert open_activity.status == Activity.Status.DONE
    assert open_activity.attendance == 1  # empty participants: those who came
    assert open_activity.outcome == "比赛顺利进行，评出冠军一名。"
    came.refresh_from_db(), absent.refresh_from_db()
    assert came.attended and not absent.attended
    html = client.get(f"/activities/{open_activity.pk}/").content.decode()
    assert "已开展" in html and "1人参加" in html and "评出冠军一名" in html


def test_bad_attendance_input_gets_a_form_error(login, committee_user, open_activity):
    response = login(committee_user).post(
        f"/activities/{open_activity.pk}/attendance/", {"participants": "-3"}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()


def test_committee_adds_a_dated_and_a_month_only_activity(login, committee_user, union, categories):
    client = login(committee_user)
    assert client.get("/activities/add/?date=2026-05-20").status_code == 200
    response = client.post(
        "/activities/add/",
        {
            "title": "女教职工“芙蓉杯”竞赛",
            "category": categories["competition"].pk,
            "start_date": "2026-05-20",
            "start_time": "14:30",
            "end_time": "17:00",
            "audience": "women",
            "status": "planned",
            "location": "多功能厅",
            "signup_open": "on",
            "capacity": "30",
            "budget": "1500.00",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(union=union, title="女教职工“芙蓉杯”竞赛")
    assert (activity.year, activity.month, activity.end_date) == (2026, 5, date(2026, 5, 20))
    client.post(
        "/activities/add/",
        {
            "title": "编制经费预算",
            "category": categories["meeting"].pk,
            "year": "2026",
            "month": "12",
            "audience": "committee",
            "status": "planned",
        },
    )
    pending = Activity.objects.get(union=union, title="编制经费预算")
    assert pending.start_date is None and pending.month == 12
    assert HistoryEntry.objects.filter(object_repr="编制经费预算", action="create").exists()


@pytest.mark.parametrize(
    ("changes", "field_error"),
    [
        ({"start_date": "", "year": "", "month": ""}, "请填写日期，或者至少填写年份和月份"),
        ({"start_date": "2026-05-20", "end_date": "2026-05-19"}, "结束日期不能早于开始日期"),
        (
            {"start_date": "2026-05-20", "start_time": "15:00", "end_time": "14:00"},
            "结束时间必须晚于开始时间",
        ),
        ({"start_date": "2026-02-30"}, "日期"),
        ({"budget": "-5"}, "is-invalid"),
        ({"capacity": "0"}, "is-invalid"),
        ({"audience": "group"}, "请选择参加活动的工会小组"),
    ],
)
def test_bad_input_is_answered_beside_the_field(login, committee_user, categories, changes, field_error):
    data = {
        "title": "活动",
        "category": categories["other"].pk,
        "year": "2026",
        "month": "5",
        "audience": "everyone",
        "status": "planned",
        **changes,
    }
    response = login(committee_user).post("/activities/add/", data)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not Activity.objects.exists()


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(login, committee_user, open_activity):
    client = login(committee_user)
    first = form_data(open_activity, title="第一次修改")
    second = form_data(open_activity, title="第二次修改")
    assert client.post(f"/activities/{open_activity.pk}/edit/", first).status_code == 302
    response = client.post(f"/activities/{open_activity.pk}/edit/", second)
    assert response.status_code == 200 and "已有其他人保存了这条记录" in response.content.decode()
    open_activity.refresh_from_db()
    assert open_activity.title == "第一次修改"


def test_committee_deletes_an_activity(login, committee_user, open_activity):
    response = login(committee_user).post(f"/activities/{open_activity.pk}/delete/")
    assert response.status_code == 302 and not Activity.objects.filter(pk=open_activity.pk).exists()


def test_activity_ids_never_look_like_years(union, categories):
    """/activities/<year>/ and /activities/<id>/ are both in the URL contract: ids start at 10000."""
    assert ActivityFactory(union=union, category=categories["other"]).pk >= 10000


def test_detail_page_queries_do_not_grow(login, committee_user, open_activity, django_assert_max_num_queries):
    open_activity.capacity = None
    open_activity.save()
    for _ in range(60):
        SignupFactory(activity=open_activity)
    client = login(committee_user)
    with django_assert_max_num_queries(11):
        assert client.get(f"/activities/{open_activity.pk}/").status_code == 200


def test_past_activity_without_signup_shows_no_button(login, member_user, union, categories):
    past = ActivityFactory(
        union=union,
        category=categories["sports"],
        signup_open=True,
        start_date=date.today() - timedelta(days=3),
    )
    html = login(member_user).get(f"/activities/{past.pk}/").content.decode()
    assert "我要报名" not in html and "报名已于" in html
