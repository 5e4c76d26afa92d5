"""The personal iCalendar feed: parsed back with icalendar, as a phone's calendar would read it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from activities.models import Activity, Audience, FeedToken
from tests.factories import ActivityFactory, SignupFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def feed_url(member_user):
    token = FeedToken.objects.for_member(member_user.member)
    return f"/activities/feed/{token.token}.ics"


def events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}, calendar


@pytest.fixture
def soon(today):
    return today + timedelta(days=10)


def test_the_feed_needs_no_login_and_is_valid_icalendar(client, feed_url, union, categories, soon):
    ActivityFactory(
        union=union,
        category=categories["festival"],
        title="中秋节慰问活动",
        start_date=soon,
        start_time=time(15, 0),
    )
    found, calendar = events(client, feed_url)
    assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
    assert "中秋节慰问活动" in found
    assert calendar.walk("VTIMEZONE"), "the time zone is described for calendars that do not know it"


def test_timed_events_are_in_asia_shanghai(client, feed_url, union, categories, soon):
    ActivityFactory(
        union=union,
        category=categories["meeting"],
        title="工会委员例会",
        start_date=soon,
        start_time=time(16, 30),
        end_time=time(17, 30),
        location="学校会议室",
    )
    found, _ = events(client, feed_url)
    event = found["工会委员例会"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.combine(soon, time(16, 30), tzinfo=SHANGHAI)
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert end - start == timedelta(hours=1)
    assert str(event["LOCATION"]) == "学校会议室"
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_all_day_events_are_dates_with_the_day_after_as_end(client, feed_url, union, categories, soon):
    ActivityFactory(
        union=union,
        category=categories["sports"],
        title="教职工运动会",
        start_date=soon,
        end_date=soon + timedelta(days=1),
    )
    found, _ = events(client, feed_url)
    event = found["教职工运动会"]
    assert event.decoded("DTSTART") == soon and not isinstance(event.decoded("DTSTART"), datetime)
    assert event.decoded("DTEND") == soon + timedelta(days=2)


def test_cancelled_activities_are_marked_cancelled(client, feed_url, union, categories, soon):
    ActivityFactory(
        union=union,
        category=categories["sports"],
        title="春游",
        start_date=soon,
        status=Activity.Status.CANCELLED,
    )
    found, _ = events(client, feed_url)
    (event,) = [e for summary, e in found.items() if "春游" in summary]
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_feed_holds_only_what_the_member_may_see(client, feed_url, union, other_union, categories, soon):
    ActivityFactory(
        union=union,
        category=categories["care"],
        title="退休职工活动",
        audience=Audience.RETIREES,
        start_date=soon,
    )
    ActivityFactory(union=other_union, title="外单位活动", start_date=soon)
    ActivityFactory(
        union=union,
        category=categories["meeting"],
        title="待定会议",
        start_date=None,
        year=soon.year,
        month=soon.month,
    )
    found, _ = events(client, feed_url)
    assert not {"退休职工活动", "外单位活动", "待定会议"} & set(found)


def test_filtered_feeds_one_category_or_only_my_signups(
    client, feed_url, member_user, union, categories, soon
):
    ActivityFactory(union=union, category=categories["sports"], title="羽毛球赛", start_date=soon)
    mine = ActivityFactory(
        union=union, category=categories["festival"], title="迎新活动", start_date=soon, signup_open=True
    )
    SignupFactory(activity=mine, member=member_user.member)
    found, _ = events(client, f"{feed_url}?category={categories['sports'].pk}")
    assert set(found) == {"羽毛球赛"}
    found, _ = events(client, f"{feed_url}?mine=1")
    assert set(found) == {"迎新活动"}


def test_resetting_the_token_ends_the_old_address(login, member_user, feed_url, client):
    login(member_user).post("/activities/subscribe/reset/")
    client.logout()
    assert client.get(feed_url).status_code == 404
    new = FeedToken.objects.get(member=member_user.member).token
    assert client.get(f"/activities/feed/{new}.ics").status_code == 200


def test_an_unknown_token_is_404(client):
    assert client.get("/activities/feed/not-a-token.ics").status_code == 404


def test_the_subscribe_page_shows_the_address_and_instructions(login, member_user):
    html = login(member_user).get("/activities/subscribe/").content.decode()
    token = FeedToken.objects.get(member=member_user.member).token
    assert (
        f"/activities/feed/{token}.ics" in html and f"webcal://testserver/activities/feed/{token}.ics" in html
    )
    for word in ["iPhone", "安卓", "Outlook", "只订阅我报名的活动"]:
        assert word in html


def test_the_feed_covers_the_coming_year(client, feed_url, union, categories):
    far = timezone.localdate() + timedelta(days=300)
    ActivityFactory(union=union, category=categories["sports"], title="明年活动", start_date=far)
    found, _ = events(client, feed_url)
    assert "明年活动" in found


def test_feed_of_a_member_who_left_is_gone(client, feed_url, member_user):
    member = member_user.member
    member.status = member.Status.LEFT
    member.save()
    assert client.get(feed_url).status_code == 404


def test_chinese_summaries_round_trip(client, feed_url, union, categories):
    ActivityFactory(
        union=union,
        category=categories["festival"],
        title="庆祝“三八”国际妇女节活动",
        start_date=date.today() + timedelta(days=3),
    )
    found, _ = events(client, feed_url)
    assert "庆祝“三八”国际妇女节活动" in found
