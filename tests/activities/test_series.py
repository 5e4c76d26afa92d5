"""Recurring series: a rule makes concrete activities; editing the series updates the future ones
nobody edited by hand, and leaves the past alone."""

from datetime import date, time

import pytest

from activities.models import Activity, ActivitySeries
from activities.series import describe, generate, occurrence_dates, sync_occurrences
from tests.factories import ActivitySeriesFactory, SignupFactory

pytestmark = pytest.mark.django_db


def dates(series):
    return list(series.occurrences.order_by("start_date").values_list("start_date", flat=True))


def test_first_monday_of_every_month_gives_twelve_meetings(union):
    series = ActivitySeriesFactory(
        union=union, title="工会委员例会", rule="FREQ=MONTHLY;BYDAY=1MO", start_time=time(16, 30)
    )
    assert generate(series) == (12, 0, 0)
    found = dates(series)
    assert found[:3] == [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)]
    assert all(d.weekday() == 0 and d.day <= 7 for d in found)
    assert set(series.occurrences.values_list("start_time", flat=True)) == {time(16, 30)}


def test_every_wednesday_except_the_summer_holidays(union):
    series = ActivitySeriesFactory(
        union=union,
        rule="FREQ=WEEKLY;BYDAY=WE;BYMONTH=3,4,5,6,9,10,11,12",
        first_date=date(2026, 3, 1),
        last_date=date(2026, 12, 31),
    )
    generate(series)
    found = dates(series)
    assert all(d.weekday() == 2 for d in found)
    assert not [d for d in found if d.month in (7, 8)]
    assert found[0] == date(2026, 3, 4) and found[-1] == date(2026, 12, 30)


def test_editing_the_series_updates_future_occurrences_not_edited_by_hand(union):
    series = ActivitySeriesFactory(
        union=union, title="羽毛球俱乐部", rule="FREQ=MONTHLY;BYDAY=1WE", location="体育馆"
    )
    generate(series)
    by_hand = series.occurrences.get(start_date=date(2026, 9, 2))
    by_hand.location, by_hand.edited_by_hand = "操场", True
    by_hand.save()
    series.title, series.location, series.start_time = "教工羽毛球俱乐部", "新体育馆", time(16, 40)
    series.save()
    created, updated, removed = sync_occurrences(series, today=date(2026, 6, 15))
    assert (created, removed) == (0, 0)
    assert updated == 5  # July, August, October, November, December
    past = series.occurrences.get(start_date=date(2026, 6, 3))
    assert (past.title, past.location) == ("羽毛球俱乐部", "体育馆")
    future = series.occurrences.get(start_date=date(2026, 10, 7))
    assert (future.title, future.location, future.start_time) == (
        "教工羽毛球俱乐部",
        "新体育馆",
        time(16, 40),
    )
    by_hand.refresh_from_db()
    assert (by_hand.title, by_hand.location) == ("羽毛球俱乐部", "操场")


def test_changing_the_rule_moves_future_dates_and_keeps_those_with_signups(union):
    series = ActivitySeriesFactory(union=union, rule="FREQ=MONTHLY;BYDAY=1MO")
    generate(series)
    with_signup = series.occurrences.get(start_date=date(2026, 11, 2))
    SignupFactory(activity=with_signup)
    series.rule = "FREQ=MONTHLY;BYDAY=1TU"
    series.save()
    created, _updated, removed = sync_occurrences(series, today=date(2026, 10, 1))
    assert created == 3 and removed == 3
    with_signup.refresh_from_db()
    assert with_signup.status == Activity.Status.CANCELLED  # members had signed up: cancelled, not deleted
    assert date(2026, 12, 1) in dates(series) and date(2026, 12, 7) not in dates(series)
    assert date(2026, 3, 2) in dates(series)  # the past stays


def test_running_the_series_again_changes_nothing(union):
    series = ActivitySeriesFactory(union=union)
    generate(series)
    assert sync_occurrences(series, today=date(2026, 1, 1)) == (0, 0, 0)
    assert series.occurrences.count() == 12


def test_a_bad_rule_is_refused_with_a_message(union):
    series = ActivitySeriesFactory.build(union=union, rule="FREQ=SOMETIMES")
    with pytest.raises(Exception, match="有效的重复规则|valid recurrence rule"):
        occurrence_dates(series)


def test_rules_read_as_chinese():
    assert describe("FREQ=MONTHLY;BYDAY=1MO") == "每月第一个星期一"
    assert describe("FREQ=WEEKLY;BYDAY=WE") == "每周三"
    assert describe("FREQ=MONTHLY;BYDAY=-1FR;BYMONTH=3,9") == "每月最后一个星期五（3、9月）"


def test_committee_creates_a_series_through_the_form(login, committee_user, union, categories):
    response = login(committee_user).post(
        "/activities/series/add/",
        {
            "title": "工会委员、组长例会",
            "category": categories["meeting"].pk,
            "frequency": "monthly_weekday",
            "weekday": "MO",
            "ordinal": "1",
            "months": ["3", "4", "5", "6", "9", "10", "11", "12"],
            "first_date": "2026-01-01",
            "last_date": "2026-12-31",
            "start_time": "16:30",
            "end_time": "17:30",
            "location": "学校会议室",
            "audience": "committee",
            "interval": "1",
        },
    )
    assert response.status_code == 302
    series = ActivitySeries.objects.get(union=union)
    assert series.rule == "FREQ=MONTHLY;BYDAY=1MO;BYMONTH=3,4,5,6,9,10,11,12"
    assert series.occurrences.count() == 8
    assert set(series.occurrences.values_list("audience", flat=True)) == {"committee"}


def test_series_form_errors_are_beside_the_field(login, committee_user, categories):
    response = login(committee_user).post(
        "/activities/series/add/",
        {
            "title": "例会",
            "category": categories["meeting"].pk,
            "frequency": "custom",
            "custom_rule": "nonsense",
            "first_date": "2026-01-01",
            "last_date": "2026-12-31",
            "audience": "everyone",
        },
    )
    assert response.status_code == 200
    assert "这不是有效的重复规则" in response.content.decode()
    response = login(committee_user).post(
        "/activities/series/add/",
        {
            "title": "例会",
            "category": categories["meeting"].pk,
            "frequency": "weekly",
            "weekday": "MO",
            "first_date": "2026-12-31",
            "last_date": "2026-01-01",
            "audience": "everyone",
        },
    )
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_editing_an_occurrence_marks_it_edited_by_hand(login, committee_user, union, categories):
    series = ActivitySeriesFactory(union=union, category=categories["meeting"])
    generate(series)
    occurrence = series.occurrences.get(start_date=date(2026, 12, 7))
    data = {
        "title": "例会（改在礼堂）",
        "category": categories["meeting"].pk,
        "year": 2026,
        "month": 12,
        "start_date": "2026-12-07",
        "location": "礼堂",
        "audience": "everyone",
        "status": "planned",
        "version": occurrence.version,
    }
    assert login(committee_user).post(f"/activities/{occurrence.pk}/edit/", data).status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.edited_by_hand and occurrence.location == "礼堂"


def test_deleting_a_series_keeps_its_past(login, committee_user, union):
    series = ActivitySeriesFactory(union=union)
    generate(series)
    past = series.occurrences.filter(start_date__lt=date.today()).count()
    login(committee_user).post(f"/activities/series/{series.pk}/delete/")
    assert not ActivitySeries.objects.exists()
    assert Activity.objects.filter(union=union).count() == past


def test_series_list_page(login, committee_user, union):
    ActivitySeriesFactory(union=union, title="工会委员例会")
    html = login(committee_user).get("/activities/series/").content.decode()
    assert "工会委员例会" in html and "每月第一个星期一" in html
