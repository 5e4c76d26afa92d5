"""/activities/<year>/: the year month by month (一月份 … 十二月份, numbered), printable, in Excel."""

import re
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from activities.models import Activity, Audience
from activities.series import generate
from tests.factories import ActivityFactory, ActivitySeriesFactory

pytestmark = pytest.mark.django_db


def test_the_year_is_laid_out_month_by_month_with_numbered_items(login, member_user, union, categories):
    ActivityFactory(
        union=union, category=categories["women"], title="庆祝“三八”妇女节", start_date=date(2026, 3, 8)
    )
    ActivityFactory(
        union=union, category=categories["sports"], title="教职工乒乓球赛", start_date=date(2026, 3, 18)
    )
    ActivityFactory(
        union=union, category=categories["other"], title="魅力教师评选", start_date=None, year=2026, month=2
    )
    html = login(member_user).get("/activities/2026/").content.decode()
    months = re.findall(r"<h2><a[^>]*>(.月份|十.月份)</a></h2>", html)
    assert months == [
        "一月份",
        "二月份",
        "三月份",
        "四月份",
        "五月份",
        "六月份",
        "七月份",
        "八月份",
        "九月份",
        "十月份",
        "十一月份",
        "十二月份",
    ]
    march = html[html.index("三月份") : html.index("四月份")]
    assert re.search(r"1、</span>.*?庆祝“三八”妇女节.*?2、</span>.*?教职工乒乓球赛", march, re.S)
    february = html[html.index("二月份") : html.index("三月份")]
    assert "魅力教师评选" in february and "日期待定" in february


def test_a_series_shows_once_a_month_with_its_dates(login, committee_user, union, categories):
    series = ActivitySeriesFactory(
        union=union, category=categories["sports"], title="教工羽毛球俱乐部活动", rule="FREQ=WEEKLY;BYDAY=WE"
    )
    generate(series)
    html = login(committee_user).get("/activities/2026/").content.decode()
    april = html[html.index("四月份") : html.index("五月份")]
    assert april.count("教工羽毛球俱乐部活动") == 1
    assert "每周三，共5次：1日、8日、15日、22日、29日" in april


def test_the_year_page_is_printable_and_has_a_chart(login, member_user, union, categories):
    ActivityFactory(union=union, category=categories["sports"])
    html = login(member_user).get("/activities/2026/").content.decode()
    assert "data-print" in html and "<svg" in html
    assert f'class="cat-{categories["sports"].colour}"' in html  # the chart's bar, coloured by category


def test_members_see_only_their_audience_in_the_year(login, member_user, union, categories):
    ActivityFactory(
        union=union, category=categories["care"], title="退休职工慰问", audience=Audience.RETIREES
    )
    assert "退休职工慰问" not in login(member_user).get("/activities/2026/").content.decode()


def test_excel_export_of_the_year_schedule(login, committee_user, union, categories):
    ActivityFactory(
        union=union,
        category=categories["women"],
        title="庆祝“三八”妇女节",
        start_date=date(2026, 3, 8),
        location="橘子洲",
    )
    ActivityFactory(
        union=union,
        category=categories["meeting"],
        title="编制经费预算",
        start_date=None,
        year=2026,
        month=12,
    )
    response = login(committee_user).get("/activities/2026/schedule.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert "2026年活动具体安排" in rows[0][0]
    assert list(rows[1][:4]) == ["月份", "序号", "活动", "日期"]
    assert ["三月份", "1、", "庆祝“三八”妇女节", "3月8日"] == list(rows[2][:4]) and rows[2][5] == "橘子洲"
    assert ["十二月份", "1、", "编制经费预算", "12月份（日期待定）"] == list(rows[3][:4])


def test_festival_planner_adds_the_usual_activities_on_real_dates_and_skips_existing(
    login, committee_user, union, categories
):
    union.kind = union.Kind.SCHOOL
    union.save()
    ActivityFactory(
        union=union,
        category=categories["festival"],
        title="我们自己的中秋活动",
        start_date=date(2027, 9, 14),
        festival="mid_autumn",
    )
    client = login(committee_user)
    page = client.get("/activities/2027/festivals/").content.decode()
    assert "已在日历上" in page and "教师节庆祝表彰活动" in page
    response = client.post(
        "/activities/2027/festivals/",
        {"festivals": ["dragon_boat", "double_ninth", "teachers_day", "spring_festival"]},
    )
    assert response.status_code == 302
    made = {a.festival: a for a in Activity.objects.filter(union=union, year=2027)}
    assert made["dragon_boat"].start_date == date(2027, 6, 9)
    assert made["double_ninth"].start_date == date(2027, 10, 8)
    assert made["double_ninth"].audience == Audience.RETIREES
    assert made["teachers_day"].start_date == date(2027, 9, 10)
    assert made["spring_festival"].start_date < date(2027, 2, 6)  # 送温暖 in the days before the festival
    assert made["mid_autumn"].title == "我们自己的中秋活动"
    assert Activity.objects.filter(union=union, festival="mid_autumn").count() == 1
    client.post("/activities/2027/festivals/", {"festivals": ["dragon_boat"]})
    assert Activity.objects.filter(union=union, festival="dragon_boat").count() == 1


def test_the_planner_preselects_what_suits_the_union(login, committee_user, union):
    union.kind = union.Kind.ENTERPRISE
    union.save()
    page = login(committee_user).get("/activities/2026/festivals/").content.decode()
    assert re.search(r'value="youth_day"[^>]*checked', page)
    assert not re.search(r'value="teachers_day"[^>]*checked', page)


def test_members_cannot_use_the_planner(login, member_user):
    assert login(member_user).get("/activities/2026/festivals/").status_code == 403
    assert (
        login(member_user).post("/activities/2026/festivals/", {"festivals": ["dragon_boat"]}).status_code
        == 403
    )


def test_year_page_queries_do_not_grow(
    login, committee_user, union, categories, django_assert_max_num_queries
):
    Activity.objects.bulk_create(
        [
            Activity(
                union=union,
                category=categories["sports"],
                title=f"活动{i}",
                year=2026,
                month=1 + i % 12,
                start_date=date(2026, 1 + i % 12, 1 + i % 28),
                end_date=date(2026, 1 + i % 12, 1 + i % 28),
            )
            for i in range(600)
        ]
    )
    client = login(committee_user)
    with django_assert_max_num_queries(10):
        assert client.get("/activities/2026/").status_code == 200


def test_a_crowded_month_lists_forty_and_links_to_the_rest(login, committee_user, union, categories):
    Activity.objects.bulk_create([
        Activity(union=union, category=categories["sports"], title=f"球赛{i:02d}", year=2026, month=3,
                 start_date=date(2026, 3, 1 + i % 28), end_date=date(2026, 3, 1 + i % 28))
        for i in range(50)
    ])
    html = login(committee_user).get("/activities/2026/").content.decode()
    march = html[html.index("三月份"):html.index("四月份")]
    assert march.count('class="schedule-title"') == 40
    assert "本月另有10项活动，请看月历" in march and 'href="/activities/2026/3/"' in march
    assert "全年50项活动" in html
