"""Birthdays: solar and lunar, resolved to the chosen year's solar calendar; greeting records a visit."""

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from members.birthdays import birthdays_of, solar_birthday, week_bounds
from members.lunar import lunar_birthdays, lunar_of
from members.models import CareReason, CareVisit, Member
from tests.factories import MemberFactory, bulk_create_members

pytestmark = pytest.mark.django_db


def rows(response):
    """The birthday list as the page shows it: (name, date text, age text, greeted) per row."""
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in re.findall(r"<tr class=.*?</tr>", body, re.S):
        name = re.search(r'<a href="/members/\d+/">([^<]*)</a>', row).group(1)
        day = re.search(r'<td class="text-nowrap">(\S+)', row).group(1)
        cells = re.findall(r"<td>([^<]*)</td>", row)
        found.append((name, day, cells[0] if cells else None, "✓" in row))
    return found


def test_29_february_is_celebrated_on_28_february_in_common_years():
    born = date(1984, 2, 29)
    assert solar_birthday(born, 2026) == date(2026, 2, 28)
    assert solar_birthday(born, 2028) == date(2028, 2, 29)


def test_a_lunar_birthday_moves_with_the_lunar_calendar():
    # Born 1985-02-20 = 正月初一 (Spring Festival): the birthday is each year's Spring Festival.
    assert lunar_of(date(1985, 2, 20)) == (1, 1)
    assert lunar_birthdays(1, 1, 2026) == [date(2026, 2, 17)]
    assert lunar_birthdays(1, 1, 2027) == [date(2027, 2, 6)]


def test_lunar_day_30_in_a_29_day_month_falls_on_the_months_last_day():
    # Born 1980-06-12 = 四月三十; in 2026 the fourth lunar month has 29 days → 四月廿九 = 2026-06-14.
    assert lunar_of(date(1980, 6, 12)) == (4, 30)
    assert lunar_birthdays(4, 30, 2026) == [date(2026, 6, 14)]
    # Born 1981-02-04 = 腊月三十 (New Year's Eve); the twelfth month before 2026's Spring Festival has
    # 29 days, so the birthday is New Year's Eve 2026-02-16.
    assert lunar_of(date(1981, 2, 4)) == (12, 30)
    assert lunar_birthdays(12, 30, 2026) == [date(2026, 2, 16)]


def test_a_leap_month_birthday_uses_the_ordinary_month_in_years_without_that_leap_month():
    # Born 2023-04-01 = 闰二月十一. 2026 has no leap second month → 二月十一 = 2026-03-29.
    assert lunar_of(date(2023, 4, 1)) == (-2, 11)
    assert lunar_birthdays(-2, 11, 2026) == [date(2026, 3, 29)]
    assert lunar_birthdays(-2, 11, 2023) == [date(2023, 4, 1)]  # that year it is the leap month itself


def test_a_late_lunar_month_can_fall_twice_in_one_solar_year():
    assert lunar_birthdays(11, 28, 2027) == [date(2027, 1, 5), date(2027, 12, 25)]


def test_a_member_s_birthday_follows_their_calendar(union):
    solar = MemberFactory.build(union=union, birth_date=date(1984, 2, 29))
    lunar = MemberFactory(union=union, birth_date=date(1985, 2, 20), lunar_birthday=True)
    assert birthdays_of(solar, 2026) == [date(2026, 2, 28)]
    assert birthdays_of(lunar, 2026) == [date(2026, 2, 17)]
    assert (lunar.lunar_birth_month, lunar.lunar_birth_day) == (1, 1)


def test_the_lunar_fields_follow_an_edited_birth_date(union):
    member = MemberFactory(union=union, birth_date=date(1985, 2, 20))
    member.birth_date = date(1980, 6, 12)
    member.save(update_fields=["birth_date"])
    member.refresh_from_db()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (4, 30)


@pytest.fixture
def february(union):
    MemberFactory(union=union, name="闰日生", birth_date=date(1984, 2, 29))
    MemberFactory(union=union, name="春节生", birth_date=date(1985, 2, 20), lunar_birthday=True)
    MemberFactory(union=union, name="除夕生", birth_date=date(1981, 2, 4), lunar_birthday=True)
    MemberFactory(union=union, name="二月阳历", birth_date=date(1990, 2, 10))
    MemberFactory(
        union=union, name="二月农历", birth_date=date(1990, 2, 10), lunar_birthday=True
    )  # 正月十五 → 3-3
    MemberFactory(union=union, name="离会", birth_date=date(1990, 2, 11), status=Member.Status.LEFT)


def test_the_month_list_resolves_lunar_birthdays_and_29_february(login, committee_user, february):
    response = login(committee_user).get("/members/birthdays/", {"year": 2026, "month": 2})
    found = [(name, day) for name, day, _age, _greeted in rows(response)]
    assert found == [("二月阳历", "2月10日"), ("除夕生", "2月16日"), ("春节生", "2月17日"), ("闰日生", "2月28日")]
    ages = {name: age for name, _day, age, _greeted in rows(response)}
    assert ages["闰日生"] == "42" and ages["除夕生"] == "45"
    march = login(committee_user).get("/members/birthdays/", {"year": 2026, "month": 3})
    assert [(name, day) for name, day, _age, _greeted in rows(march)] == [("二月农历", "3月3日")]


def test_the_birthday_list_defaults_to_this_month(login, committee_user):
    response = login(committee_user).get("/members/birthdays/")
    today = timezone.localdate()
    assert (response.context["year"], response.context["month"]) == (today.year, today.month)


@pytest.mark.parametrize("params", [{"month": 13}, {"month": "x"}, {"year": 99999}])
def test_a_bad_month_is_404(login, committee_user, params):
    assert login(committee_user).get("/members/birthdays/", params).status_code == 404


def test_marking_greeted_records_a_birthday_visit_once(login, committee_user, union, february):
    member = Member.objects.get(name="闰日生")
    client = login(committee_user)
    before = client.get("/members/birthdays/", {"year": timezone.localdate().year, "month": 2})  # now cached
    assert "<csrf-token>" not in before.content.decode()
    assert [greeted for name, _day, _age, greeted in rows(before) if name == "闰日生"] == [False]
    row = next(r for r in before.content.decode().split("<tr") if "闰日生" in r)
    action = re.search(r'<form method="post" action="([^"]+)"', row).group(1)  # the button the committee clicks
    assert action == f"/members/birthdays/{member.pk}/greet/" and 'name="csrfmiddlewaretoken"' in row
    response = client.post(action, {"next": "/members/birthdays/?month=2"})
    assert response.status_code == 302 and response["Location"] == "/members/birthdays/?month=2"
    visit = CareVisit.objects.get(member=member)
    assert visit.reason == CareReason.BIRTHDAY and visit.date == timezone.localdate()
    assert list(visit.visitors.all()) == [committee_user.member]
    client.post(f"/members/birthdays/{member.pk}/greet/")
    assert CareVisit.objects.filter(member=member).count() == 1
    page = client.get("/members/birthdays/", {"year": timezone.localdate().year, "month": 2})
    assert [greeted for name, _day, _age, greeted in rows(page) if name == "闰日生"] == [True]


def test_the_greet_form_passes_the_csrf_check(committee_user, union, february):
    # The rows write the page's token once read (not a {% csrf_token %} tag a row): a browser's post passes.
    member = Member.objects.get(name="闰日生")
    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_user)
    page = client.get("/members/birthdays/", {"year": timezone.localdate().year, "month": 2}).content.decode()
    row = next(r for r in page.split("<tr") if "闰日生" in r)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
    assert client.post(f"/members/birthdays/{member.pk}/greet/").status_code == 403  # without it: refused
    response = client.post(f"/members/birthdays/{member.pk}/greet/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and CareVisit.objects.filter(member=member).count() == 1


def test_greeting_needs_a_post_and_the_permission(login, member_user, committee_user, union, february):
    member = Member.objects.get(name="闰日生")
    assert login(committee_user).get(f"/members/birthdays/{member.pk}/greet/").status_code == 405
    assert login(member_user).post(f"/members/birthdays/{member.pk}/greet/").status_code == 403


def test_the_birthday_page_keeps_its_query_budget(
    login, committee_user, union, django_assert_max_num_queries
):
    bulk_create_members(
        [
            Member(
                union=union,
                name=f"会员{i}",
                gender="F",
                employee_number=f"B{i}",
                birth_date=date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                lunar_birthday=i % 5 == 0,
                lunar_birth_month=1 + i % 12,
                lunar_birth_day=1 + i % 29,
            )
            for i in range(3000)
        ]
    )
    client = login(committee_user)
    with django_assert_max_num_queries(9):
        response = client.get("/members/birthdays/", {"year": 2026, "month": 5})
    assert response.context["count"] > 200 and len(rows(response)) == 100


def test_the_dashboard_lists_this_weeks_birthdays(login, committee_user, union):
    today = timezone.localdate()
    start, end = week_bounds(today)
    MemberFactory(union=union, name="本周寿星", birth_date=date(1980, start.month, start.day))
    page = login(committee_user).get("/").content.decode()
    assert "本周生日" in page and "本周寿星" in page


def test_the_dashboard_names_the_weeks_first_twelve_and_counts_the_rest(login, committee_user, union, clock):
    clock(date(2026, 3, 11))  # a Wednesday: the week is 9–15 March
    bulk_create_members(
        [MemberFactory.build(union=union, name=f"寿星{i:02d}", birth_date=date(1980, 3, 9 + i % 7)) for i in range(14)]
    )
    MemberFactory(union=union, name="下周寿星", birth_date=date(1980, 3, 16))
    page = login(committee_user).get("/").content.decode()
    named = re.findall(r'<a href="/members/\d+/">(寿星\d\d|下周寿星)</a>', page)
    # In date order, then by name: the two born on the 15th (寿星06, 寿星13) are the ones counted.
    assert named == [f"寿星{i:02d}" for i in (0, 7, 1, 8, 2, 9, 3, 10, 4, 11, 5, 12)]
    assert "本周还有 2 位" in page


def test_week_bounds_stay_in_one_year():
    assert week_bounds(date(2026, 12, 31)) == (date(2026, 12, 28), date(2026, 12, 31))
    assert week_bounds(date(2027, 1, 1)) == (date(2027, 1, 1), date(2027, 1, 3))
    assert week_bounds(date(2026, 11, 25)) == (date(2026, 11, 23), date(2026, 11, 29))


def test_lunar_of_agrees_with_lunar_python_day_by_day():
    from datetime import timedelta

    from lunar_python import Solar

    day = date(1956, 1, 1)
    while day < date(2030, 12, 31):
        lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        assert lunar_of(day) == (lunar.getMonth(), lunar.getDay()), day
        day += timedelta(days=53)  # every month and day of the lunar calendar over the years
