"""The dashboard panel: this week's and next week's activities; a member's own sign-ups."""

from datetime import timedelta

import pytest

from tests.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db


def test_committee_sees_this_week_and_next(login, committee_user, union, categories, today):
    monday = today - timedelta(days=today.weekday())
    ActivityFactory(
        union=union, category=categories["meeting"], title="本周例会", start_date=monday + timedelta(days=2)
    )
    ActivityFactory(
        union=union, category=categories["sports"], title="下周球赛", start_date=monday + timedelta(days=8)
    )
    ActivityFactory(
        union=union, category=categories["sports"], title="三周后", start_date=monday + timedelta(days=21)
    )
    html = login(committee_user).get("/").content.decode()
    this_week = html[html.index("本周和下周的活动") : html.index("下周</h3>")]
    assert "本周例会" in this_week and "下周球赛" not in this_week
    assert "下周球赛" in html and "三周后" not in html


def test_my_signups_on_the_dashboard(login, committee_user, union, categories, today):
    activity = ActivityFactory(
        union=union,
        category=categories["sports"],
        title="羽毛球赛",
        start_date=today + timedelta(days=20),
        signup_open=True,
    )
    SignupFactory(activity=activity, member=committee_user.member)
    html = login(committee_user).get("/").content.decode()
    assert "我的报名" in html and "羽毛球赛" in html
    day = activity.start_date
    weekday = "一二三四五六日"[day.weekday()]
    assert f'{day.month}月{day.day}日 周{weekday}</span>\n          <a href="/activities/{activity.pk}/"' in html


def test_dashboard_stays_within_its_query_budget(
    login, committee_user, union, categories, today, django_assert_max_num_queries
):
    for i in range(40):
        a = ActivityFactory(
            union=union,
            category=categories["sports"],
            start_date=today + timedelta(days=i % 14),
            signup_open=True,
        )
        SignupFactory(activity=a, member=committee_user.member)
    from activities.dashboard import panels

    client = login(committee_user)
    response = client.get("/")
    assert response.status_code == 200
    request = response.wsgi_request
    with django_assert_max_num_queries(2):
        for panel in panels(request):
            assert panel.context
