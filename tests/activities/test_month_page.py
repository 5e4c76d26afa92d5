"""/activities/<year>/<month>/: what members and the committee see on the calendar."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from activities.models import Activity, Audience
from members.models import Member
from tests.factories import ActivityCategoryFactory, ActivityFactory, SignupFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db


def cell(page, day):
    """The HTML of one day's cell in the month grid (`day` is a date)."""
    html = page.content.decode() if hasattr(page, "content") else page
    found = re.search(rf'<li data-date="{day:%Y-%m-%d}".*?</li>\s*(?=<li data-date|</ol>)', html, re.S)
    assert found, f"no cell for {day}"
    return found.group(0)


def test_member_sees_the_month_with_chinese_weekdays_monday_first(login, member_user):
    page = login(member_user).get("/activities/2026/3/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2026年3月" in html
    heads = re.findall(r'<div(?: class="weekend")?>(.)</div>', html)
    assert heads == ["一", "二", "三", "四", "五", "六", "日"]


def test_festivals_are_on_their_real_dates(login, member_user):
    page = login(member_user).get("/activities/2026/2/")
    assert "春节" in cell(page, date(2026, 2, 17))
    assert "除夕" in cell(page, date(2026, 2, 16))
    assert "春节" not in cell(page, date(2026, 2, 10))
    page = login(member_user).get("/activities/2027/2/")
    assert "春节" in cell(page, date(2027, 2, 6))
    assert "元宵节" in cell(page, date(2027, 2, 20))


def test_days_off_and_makeup_workdays_are_marked(login, member_user):
    page = login(member_user).get("/activities/2026/2/")
    assert "cal-mark off" in cell(page, date(2026, 2, 18))
    assert "cal-mark workday" in cell(page, date(2026, 2, 14))
    assert "春节放假" in page.content.decode().replace(" ", "")


def test_days_off_of_an_unpublished_year_are_announced_as_not_published_yet(login, member_user):
    html = login(member_user).get("/activities/2099/10/").content.decode()
    assert "2099年的法定节假日安排尚未公布" in html
    assert "cal-mark off" not in html


def test_today_is_highlighted(login, member_user):
    today = timezone.localdate()
    page = login(member_user).get(f"/activities/{today.year}/{today.month}/")
    assert 'aria-current="date"' in cell(page, today)


def test_activities_link_to_their_page_and_carry_their_category_colour(login, member_user, union):
    category = ActivityCategoryFactory(union=union, name="文体活动", colour="green")
    activity = ActivityFactory(
        union=union, category=category, title="教工篮球赛", start_date=date(2026, 3, 12)
    )
    html = cell(login(member_user).get("/activities/2026/3/"), date(2026, 3, 12))
    assert f'href="/activities/{activity.pk}/"' in html
    assert "cat-green" in html and "教工篮球赛" in html


def test_month_only_activities_are_listed_above_the_grid(login, member_user, union):
    ActivityFactory(union=union, title="魅力教师评选", start_date=None, year=2026, month=3)
    html = login(member_user).get("/activities/2026/3/").content.decode()
    assert html.index("魅力教师评选") < html.index('id="calendar"')
    assert "日期待定" in html


def test_previous_and_next_month_links_cross_the_year(login, member_user):
    html = login(member_user).get("/activities/2026/12/").content.decode()
    assert 'href="/activities/2027/1/"' in html and 'href="/activities/2026/11/"' in html
    html = login(member_user).get("/activities/2026/1/").content.decode()
    assert 'href="/activities/2025/12/"' in html


@pytest.mark.parametrize(
    "url", ["/activities/2026/13/", "/activities/2026/0/", "/activities/1800/1/", "/activities/1800/"]
)
def test_impossible_months_and_years_are_404(login, member_user, url):
    assert login(member_user).get(url).status_code == 404


def test_filters_by_category_and_audience(login, committee_user, union):
    sports = ActivityCategoryFactory(union=union, name="文体活动")
    care = ActivityCategoryFactory(union=union, name="慰问")
    ActivityFactory(union=union, category=sports, title="篮球赛")
    ActivityFactory(union=union, category=care, title="三八慰问", audience=Audience.WOMEN)
    client = login(committee_user)
    html = client.get(f"/activities/2026/3/?category={sports.pk}").content.decode()
    assert "篮球赛" in html and "三八慰问" not in html
    html = client.get("/activities/2026/3/?audience=women").content.decode()
    assert "篮球赛" not in html and "三八慰问" in html
    # The month links keep the filter.
    assert (
        f'href="/activities/2026/4/?category={sports.pk}"'
        in client.get(f"/activities/2026/3/?category={sports.pk}").content.decode()
    )


def test_a_bad_filter_is_ignored_not_an_error(login, member_user):
    assert login(member_user).get("/activities/2026/3/?category=abc&audience=<script>").status_code == 200


def test_members_see_only_activities_for_their_audience(login, union):
    from tests.conftest import _user_with_member

    group = UnionGroupFactory(union=union, name="理科工会小组")
    other_group = UnionGroupFactory(union=union, name="文科工会小组")
    user = _user_with_member(union, "member", "张老师", gender=Member.Gender.MALE, group=group)
    for title, audience, audience_group in [
        ("全体活动", Audience.EVERYONE, None),
        ("女职工活动", Audience.WOMEN, None),
        ("退休活动", Audience.RETIREES, None),
        ("理科小组活动", Audience.GROUP, group),
        ("文科小组活动", Audience.GROUP, other_group),
        ("委员会议", Audience.COMMITTEE, None),
    ]:
        ActivityFactory(union=union, title=title, audience=audience, audience_group=audience_group)
    html = login(user).get("/activities/2026/3/").content.decode()
    assert "全体活动" in html and "理科小组活动" in html
    for hidden in ["女职工活动", "退休活动", "文科小组活动", "委员会议"]:
        assert hidden not in html


def test_women_and_retirees_see_theirs(login, union):
    from tests.conftest import _user_with_member

    ActivityFactory(union=union, title="女职工活动", audience=Audience.WOMEN)
    ActivityFactory(union=union, title="退休活动", audience=Audience.RETIREES)
    woman = _user_with_member(union, "member", "李老师", gender=Member.Gender.FEMALE)
    html = login(woman).get("/activities/2026/3/").content.decode()
    assert "女职工活动" in html and "退休活动" not in html


def test_the_committee_sees_every_audience(login, committee_user, union):
    ActivityFactory(union=union, title="女职工活动", audience=Audience.WOMEN)
    ActivityFactory(union=union, title="退休活动", audience=Audience.RETIREES)
    html = login(committee_user).get("/activities/2026/3/").content.decode()
    assert "女职工活动" in html and "退休活动" in html


def test_another_unions_activities_never_show(login, member_user, other_union):
    ActivityFactory(union=other_union, title="外单位活动")
    assert "外单位活动" not in login(member_user).get("/activities/2026/3/").content.decode()


def test_a_member_sees_my_signups_and_a_tick_on_the_day(login, member_user, union):
    day = timezone.localdate() + timedelta(days=3)
    activity = ActivityFactory(union=union, title="健步走", start_date=day, signup_open=True)
    SignupFactory(activity=activity, member=member_user.member)
    page = login(member_user).get(f"/activities/{day.year}/{day.month}/")
    html = page.content.decode()
    assert "我的报名" in html
    assert "✓" in cell(page, day)


def test_subscribe_button_is_on_the_calendar(login, member_user):
    html = login(member_user).get("/activities/2026/3/").content.decode()
    assert "订阅到手机日历" in html and 'href="/activities/subscribe/"' in html


def test_month_page_queries_do_not_grow_at_500_activities(
    login, member_user, union, django_assert_max_num_queries
):
    categories = [ActivityCategoryFactory(union=union, name=f"类别{i}") for i in range(9)]
    Activity.objects.bulk_create(
        [
            Activity(
                union=union,
                category=categories[i % 9],
                title=f"活动{i}",
                year=2026,
                month=3,
                start_date=date(2026, 3, 1 + i % 31),
                end_date=date(2026, 3, 1 + i % 31),
                audience=Audience.EVERYONE if i % 3 else Audience.WOMEN,
            )
            for i in range(500)
        ]
    )
    for activity in Activity.objects.all()[:20]:
        SignupFactory(activity=activity, member=member_user.member)
    client = login(member_user)
    client.get("/activities/2026/3/")  # warm the session
    with django_assert_max_num_queries(10):
        page = client.get("/activities/2026/3/")
    assert page.status_code == 200


def test_committee_month_page_queries_do_not_grow(
    login, committee_user, union, django_assert_max_num_queries
):
    category = ActivityCategoryFactory(union=union)
    Activity.objects.bulk_create(
        [
            Activity(
                union=union,
                category=category,
                title=f"活动{i}",
                year=2026,
                month=3,
                start_date=None if i % 10 == 0 else date(2026, 3, 1 + i % 31),
                end_date=None if i % 10 == 0 else date(2026, 3, 1 + i % 31),
            )
            for i in range(500)
        ]
    )
    client = login(committee_user)
    with django_assert_max_num_queries(10):
        assert client.get("/activities/2026/3/?audience=everyone").status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/activities/2026/3/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_activities_index_goes_to_this_month(login, member_user):
    today = timezone.localdate()
    response = login(member_user).get("/activities/")
    assert response["Location"] == f"/activities/{today.year}/{today.month}/"
