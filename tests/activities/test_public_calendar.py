"""The union's public calendar: read-only, no login, only activities for everyone, no personal data,
and a revoked link gives 404."""

from datetime import date, time

import pytest
from icalendar import Calendar

from activities.models import Activity, Audience, PublicCalendar
from members.models import HistoryEntry
from tests.factories import ActivityFactory, MemberFactory, SignupFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_path(today):
    return f"/{today.year}/{today.month}/"


@pytest.fixture
def this_month(union, categories, today):
    """This month: a public activity with sign-ups, and activities meant for parts of the union."""

    def day(number):
        return today.replace(day=number)

    organiser = MemberFactory(union=union, name="组织者王芳")
    public = ActivityFactory(
        union=union, category=categories["festival"], title="三八节踏青", start_date=day(8),
        start_time=time(9, 0), end_time=time(11, 30), location="橘子洲", organiser=organiser,
        description="联系人：王芳 13800001111", signup_open=True,
    )
    SignupFactory(activity=public, member=MemberFactory(union=union, name="报名者李静"))
    ActivityFactory(union=union, category=categories["meeting"], title="委员会例会", start_date=day(9),
                    audience=Audience.COMMITTEE)
    ActivityFactory(union=union, category=categories["women"], title="女职工体检", start_date=day(10),
                    audience=Audience.WOMEN)
    group = UnionGroupFactory(union=union, name="退休教师小组")
    ActivityFactory(union=union, category=categories["other"], title="小组茶话会", start_date=day(11),
                    audience=Audience.GROUP, audience_group=group)
    ActivityFactory(union=union, category=categories["sports"], title="羽毛球赛", start_date=day(20),
                    status=Activity.Status.CANCELLED)
    ActivityFactory(union=union, category=categories["training"], title="心理健康讲座", start_date=None,
                    year=today.year, month=today.month)
    return public


@pytest.fixture
def shared(union):
    return PublicCalendar.share(union)


def test_the_committee_shares_the_calendar(login, committee_user, union):
    client = login(committee_user)
    assert "日历目前未共享" in client.get("/activities/share/").content.decode()
    response = client.post("/activities/share/", {"action": "share"}, follow=True)
    calendar = PublicCalendar.objects.get(union=union)
    page = response.content.decode()
    assert f"/activities/public/{calendar.token}/" in page and f"/activities/public/{calendar.token}.ics" in page
    assert len(calendar.token) >= 32
    assert HistoryEntry.objects.for_object(calendar).get().note == "日历已公开共享"


def test_the_month_page_needs_no_login(client, shared, this_month, month_path):
    response = client.get(f"/activities/public/{shared.token}{month_path}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "第一中学工会" in page
    assert "三八节踏青" in page and "橘子洲" in page and "09:00" in page
    assert "心理健康讲座" in page  # planned for March, date to be set
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_only_activities_for_everyone_are_shown(client, shared, this_month, month_path):
    page = client.get(f"/activities/public/{shared.token}{month_path}").content.decode()
    for hidden in ["委员会例会", "女职工体检", "小组茶话会"]:
        assert hidden not in page


def test_no_names_no_sign_ups_no_descriptions(client, shared, this_month, month_path):
    page = client.get(f"/activities/public/{shared.token}{month_path}").content.decode()
    for private in ["组织者王芳", "报名者李静", "13800001111", "联系人"]:
        assert private not in page
    assert f"/activities/{this_month.pk}/" not in page  # no links into the members' pages


def test_cancelled_activities_are_marked_not_hidden(client, shared, this_month, month_path):
    page = client.get(f"/activities/public/{shared.token}{month_path}").content.decode()
    assert "羽毛球赛" in page and "已取消" in page


def test_without_a_month_it_opens_on_today(client, shared):
    response = client.get(f"/activities/public/{shared.token}/")
    assert response.status_code == 200
    assert response.context["grid"].month == response.context["today"].month


def test_the_feed_has_public_activities_without_personal_data(client, shared, this_month, settings):
    response = client.get(f"/activities/public/{shared.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "三八节踏青" in events and "【已取消】羽毛球赛" in events
    assert not {"委员会例会", "女职工体检", "小组茶话会"} & set(events)
    assert str(events["三八节踏青"]["location"]) == "橘子洲"
    body = response.content.decode()
    for private in ["王芳", "李静", "13800001111", "DESCRIPTION", f"/activities/{this_month.pk}/"]:
        assert private not in body


@pytest.mark.parametrize("path", ["/", "/2026/3/", ".ics"])
def test_an_unknown_token_is_404(client, shared, path):
    assert client.get(f"/activities/public/not-the-token{path}").status_code == 404


def test_a_new_link_revokes_the_old_one(login, committee_user, client, shared, this_month, month_path):
    old = shared.token
    login(committee_user).post("/activities/share/", {"action": "renew"})
    shared.refresh_from_db()
    assert shared.token != old and shared.is_shared
    client.logout()
    assert client.get(f"/activities/public/{old}/").status_code == 404
    assert client.get(f"/activities/public/{old}.ics").status_code == 404
    assert client.get(f"/activities/public/{shared.token}{month_path}").status_code == 200


def test_stopping_ends_the_link_and_sharing_again_gives_a_new_one(login, committee_user, client, shared):
    old = shared.token
    staff = login(committee_user)
    staff.post("/activities/share/", {"action": "stop"})
    staff.logout()
    assert client.get(f"/activities/public/{old}/").status_code == 404
    login(committee_user).post("/activities/share/", {"action": "share"})
    shared.refresh_from_db()
    assert shared.is_shared and shared.token != old
    client.logout()
    assert client.get(f"/activities/public/{old}/").status_code == 404


@pytest.mark.parametrize("role", ["member_user", "treasurer_user", "reviewer_user"])
def test_only_the_committee_shares(request, login, role):
    client = login(request.getfixturevalue(role))
    assert client.get("/activities/share/").status_code == 403
    assert client.post("/activities/share/", {"action": "share"}).status_code == 403


def test_the_committee_calendar_links_to_sharing(login, committee_user, member_user):
    assert "/activities/share/" in login(committee_user).get("/activities/2026/3/").content.decode()
    assert "/activities/share/" not in login(member_user).get("/activities/2026/3/").content.decode()


def test_another_union_shares_its_own_calendar_only(
    login, chair_of_other_union, other_union, union, shared, this_month, month_path
):
    login(chair_of_other_union).post("/activities/share/", {"action": "renew"})  # theirs is not shared: nothing
    shared.refresh_from_db()
    assert shared.is_shared
    login(chair_of_other_union).post("/activities/share/", {"action": "share"})
    theirs = PublicCalendar.objects.get(union=other_union)
    page = login(chair_of_other_union).get(f"/activities/public/{theirs.token}{month_path}").content.decode()
    assert "三八节踏青" not in page and "另一家公司工会" in page


def test_the_public_month_stays_within_its_query_budget(client, union, categories, shared,
                                                         django_assert_max_num_queries):
    Activity.objects.bulk_create(
        [Activity(union=union, category=categories["sports"], title=f"活动{i}", start_date=date(2026, 3, 1 + i % 31),
                  end_date=date(2026, 3, 1 + i % 31), year=2026, month=3) for i in range(500)]
    )
    with django_assert_max_num_queries(4):
        assert client.get(f"/activities/public/{shared.token}/2026/3/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"/activities/public/{shared.token}.ics").status_code == 200


def test_a_year_out_of_range_is_404(client, shared):
    assert client.get(f"/activities/public/{shared.token}/1999/3/").status_code == 404
    assert client.get(f"/activities/public/{shared.token}/2026/13/").status_code == 404
