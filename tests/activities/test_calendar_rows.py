"""The month grid's days and the year schedule's lines come from templates
(activities/_month_days.html, activities/_year_schedule.html): links that open the activity,
escaped titles and places, the start time on the first day only."""

from datetime import date, time

import pytest
from lxml import html

from activities.models import Audience, PublicCalendar
from tests.factories import ActivityFactory, UnionGroupFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<b>"x\'&amp;</b>'


def doc(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def test_a_day_links_each_activity_and_shows_its_time_on_the_first_day(login, member_user, union, categories):
    trip = ActivityFactory(union=union, category=categories["sports"], title="春游" + HOSTILE,
                           location="西湖" + HOSTILE, start_date=date(2026, 4, 10), end_date=date(2026, 4, 11),
                           start_time=time(8, 30))
    page = doc(login(member_user), "/activities/2026/4/")
    items = page.xpath('//ol[@class="cal-days"]//a[contains(@class, "cal-item")]')
    links = [a for a in items if "春游" in a.text_content()]
    assert [a.text_content() for a in links] == ["08:30春游" + HOSTILE, "春游" + HOSTILE]
    assert [a.get("href") for a in links] == [trip.get_absolute_url()] * 2
    assert links[0].get("title") == f"春游{HOSTILE} · 西湖{HOSTILE}"
    assert [a.xpath('string(./span[@class="time"])') for a in links] == ["08:30", ""]
    assert links[0].xpath("ancestor::li[@data-date]")[0].get("data-date") == "2026-04-10"


def test_the_public_calendar_links_to_the_line_below_instead(client, union, categories):
    trip = ActivityFactory(union=union, category=categories["sports"], title="春游",
                           start_date=date(2026, 4, 10), audience=Audience.EVERYONE)
    token = PublicCalendar.share(union).token
    page = doc(client, f"/activities/public/{token}/2026/4/")
    assert page.xpath('//a[contains(@class, "cal-item")]')[0].get("href") == f"#activity-{trip.pk}"


def test_a_schedule_line_links_the_activity_and_says_when_where_and_for_whom(login, member_user, union, categories):
    party = ActivityFactory(union=union, category=categories["women"], title="三八节" + HOSTILE,
                            start_date=date(2026, 3, 7), end_date=date(2026, 3, 8), start_time=time(14, 0),
                            location="礼堂" + HOSTILE, audience=Audience.WOMEN)
    line = doc(login(member_user), "/activities/2026/").xpath('//section[@id="m3"]//ol/li')[0]
    assert line.xpath('.//a[@class="schedule-title"]')[0].get("href") == party.get_absolute_url()
    assert line.xpath('string(.//a[@class="schedule-title"])') == "三八节" + HOSTILE
    meta = line.xpath('.//div[@class="schedule-meta"]')[0]
    assert meta.text_content() == f"3月7日–3月8日 14:00 · 礼堂{HOSTILE} · 女职工"


def test_names_the_union_typed_stay_escaped_in_the_year_chart_lines_and_month_grid(
    login, committee_user, union, categories
):
    # The year's lines, its chart and the month grid print words escaped in Python (once for many
    # lines), not by the template: a category's, a group's and a place's name as typed come back as typed.
    sports = categories["sports"]
    sports.name = "文体" + HOSTILE
    sports.save()
    group = UnionGroupFactory(union=union, name="一组" + HOSTILE)
    ActivityFactory(union=union, category=sports, title="球赛" + HOSTILE, location="操场" + HOSTILE,
                    start_date=date(2026, 5, 6), start_time=time(9, 0), audience=Audience.GROUP, audience_group=group)
    client = login(committee_user)
    year = doc(client, "/activities/2026/")
    line = year.xpath('//section[@id="m5"]//ol/li')[0]
    assert line.xpath('string(.//span[contains(@class, "cat-badge")])') == sports.name
    assert line.xpath('string(.//div[@class="schedule-meta"])') == f"5月6日 09:00 · 操场{HOSTILE} · 一组{HOSTILE}"
    assert f"5月 {sports.name}：1" in [t.text for t in year.xpath('//*[local-name()="rect"]/*[local-name()="title"]')]
    assert sports.name in [li.text_content() for li in year.xpath('//ul[contains(@class, "chart-legend")]/li')]
    item = doc(client, "/activities/2026/5/").xpath('//li[@data-date="2026-05-06"]//a[contains(@class, "cal-item")]')[0]
    assert item.text_content() == "09:00球赛" + HOSTILE and item.get("title") == f"球赛{HOSTILE} · 操场{HOSTILE}"
    assert item.get("class") == f"cal-item cat-{sports.colour}"
