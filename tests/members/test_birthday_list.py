"""The birthday list is found, ordered and paged in the database (Member.birth_month_day, the lunar birth
date, members.birthdays.birthday_rows): what a committee sees is the same as the rules of
members/birthdays.py and members/lunar.py say, on every page, in every month and year."""

import re
from datetime import date

import pytest

from members.birthdays import _lunar_runs, birthdays_of, month_page
from members.lunar import lunar_dates_between
from members.models import Member
from tests.factories import MemberFactory, bulk_create_members

pytestmark = pytest.mark.django_db


def listed(client, year, month, page=None):
    """(name, date text) of each row of one page of the month's list, in the page's order."""
    params = {"year": year, "month": month, **({"page": page} if page else {})}
    body = client.get("/members/birthdays/", params).content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        (re.search(r'<a href="/members/\d+/">([^<]*)</a>', row).group(1),
         re.search(r'<td class="text-nowrap">(\S+)', row).group(1))
        for row in re.findall(r"<tr class=.*?</tr>", body, re.S)
    ]


def test_the_pages_follow_on_in_date_then_name_order_without_overlap(login, committee_user, union):
    # 250 birthdays in May: the solar ones on their day, lunar ones where this year's calendar puts them.
    bulk_create_members(
        Member(
            union=union, name=f"会员{i:03d}", gender="F", employee_number=f"B{i:03d}",
            birth_date=date(1970 + i % 30, 5, 1 + i % 31), lunar_birthday=i % 7 == 0,
        )
        for i in range(250)
    )
    client = login(committee_user)
    pages = [listed(client, 2026, 5, page) for page in (1, 2, 3)]
    expected = sorted(
        (day, member.name_pinyin, member.employee_number, member.name)
        for member in Member.objects.filter(union=union, employee_number__startswith="B")
        for day in birthdays_of(member, 2026) if day.month == 5
    )
    assert [len(rows) for rows in pages] == [100, 100, len(expected) - 200]
    shown = [row for rows in pages for row in rows]
    assert shown == [(name, f"{day.month}月{day.day}日") for day, _pinyin, _number, name in expected]
    assert len({name for name, _day in shown}) == len(shown)  # nobody twice, across pages


def test_a_late_lunar_birthday_is_listed_in_january_and_again_in_december(login, committee_user, union):
    # 十一月廿八 falls on 2026-01-16, not in 2026's December (that year's eleventh month runs on into
    # January), then on 2027-01-05 and again on 2027-12-25.
    MemberFactory(union=union, name="冬月生", birth_date=date(1989, 12, 25), lunar_birthday=True)  # 十一月廿八
    client = login(committee_user)
    assert listed(client, 2026, 1) == [("冬月生", "1月16日")]
    assert listed(client, 2026, 12) == []
    assert listed(client, 2027, 1) == [("冬月生", "1月5日")]
    assert listed(client, 2027, 12) == [("冬月生", "12月25日")]


def test_29_february_is_on_the_28th_in_common_years_and_on_the_29th_in_leap_years(login, committee_user, union):
    MemberFactory(union=union, name="闰日生", birth_date=date(1984, 2, 29))
    MemberFactory(union=union, name="廿八生", birth_date=date(1990, 2, 28))
    client = login(committee_user)
    assert listed(client, 2026, 2) == [("廿八生", "2月28日"), ("闰日生", "2月28日")]
    assert listed(client, 2028, 2) == [("廿八生", "2月28日"), ("闰日生", "2月29日")]
    assert listed(client, 2026, 3) == []


def test_lunar_birthdays_follow_the_leap_month_and_short_month_rules(login, committee_user, union):
    MemberFactory(union=union, name="闰月生", birth_date=date(2023, 4, 1), lunar_birthday=True)  # 闰二月十一
    MemberFactory(union=union, name="三十生", birth_date=date(1980, 6, 12), lunar_birthday=True)  # 四月三十
    MemberFactory(union=union, name="阳历生", birth_date=date(1980, 6, 12))
    client = login(committee_user)
    assert listed(client, 2026, 3) == [("闰月生", "3月29日")]  # no leap second month in 2026: 二月十一
    assert listed(client, 2023, 4) == [("闰月生", "4月1日")]  # the leap month itself
    # 2026's fourth lunar month has 29 days: 四月三十 is its last day, 6月14日.
    assert listed(client, 2026, 6) == [("阳历生", "6月12日"), ("三十生", "6月14日")]


def test_an_edited_birthday_is_listed_at_its_new_place(login, committee_user, union):
    member = MemberFactory(union=union, name="改生日", birth_date=date(1990, 3, 12))
    client = login(committee_user)
    assert listed(client, 2026, 3) == [("改生日", "3月12日")]
    response = client.post(f"/members/{member.pk}/edit/", {
        "name": member.name, "gender": member.gender, "employee_number": member.employee_number,
        "status": member.status, "version": member.version, "birth_date": "1990-07-04",
    })
    assert response.status_code == 302
    assert listed(client, 2026, 3) == []
    assert listed(client, 2026, 7) == [("改生日", "7月4日")]
    member.refresh_from_db()
    member.lunar_birthday = True  # 1990-07-04 = 五月十二 → 2026-06-26
    member.save(update_fields=["lunar_birthday"])
    member.birth_date = date(1990, 7, 5)  # a partial save keeps the stored keys in step too: 五月十三
    member.save(update_fields=["birth_date"])
    assert listed(client, 2026, 7) == []
    assert listed(client, 2026, 6) == [("改生日", "6月27日")]


def test_the_counts_are_of_the_whole_month_not_of_the_page(login, committee_user, union):
    bulk_create_members(
        Member(union=union, name=f"会员{i}", gender="M", employee_number=f"C{i}", birth_date=date(1980, 9, 1 + i % 30))
        for i in range(130)
    )
    response = login(committee_user).get("/members/birthdays/", {"year": 2026, "month": 9, "page": 2})
    assert response.context["count"] == 130 and response.context["page"].number == 2
    assert len(listed(login(committee_user), 2026, 9, 2)) == 30


def test_a_page_is_read_and_counted_in_one_query_and_a_page_out_of_range_shows_the_last(
    login, committee_user, union, django_assert_num_queries
):
    bulk_create_members(
        Member(union=union, name=f"会员{i}", gender="M", employee_number=f"D{i}", birth_date=date(1980, 9, 1 + i % 30),
               birth_month_only=i == 0)
        for i in range(130)
    )
    MemberFactory(union=union, name="已贺", birth_date=date(1980, 9, 3)).care_visits.create(
        union=union, reason="birthday", date=date(2026, 9, 3)
    )
    client = login(committee_user)
    counts = {"count": 131, "greeted": 1, "day_unknown": 1}
    pages = [("2", 2, 31), ("9", 2, 31), ("0", 2, 31), ("x", 1, 100), (None, 1, 100), ("9" * 20, 2, 31)]
    for page, number, rows in pages:
        response = client.get("/members/birthdays/", {"year": 2026, "month": 9, **({"page": page} if page else {})})
        assert {key: response.context[key] for key in counts} == counts
        assert (response.context["page"].number, len(response.context["rows"])) == (number, rows), page
    empty = client.get("/members/birthdays/", {"year": 2026, "month": 10, "page": "3"})
    assert (empty.context["count"], empty.context["rows"], empty.context["page"].number) == (0, [], 1)
    with django_assert_num_queries(1):
        page, found = month_page(Member.objects.filter(union=union), 2026, 9, "1", 100)
    assert found == counts and len(page.object_list) == 100


@pytest.mark.parametrize("year", [2023, 2025, 2026, 2027, 2028, 2033])
def test_the_lunar_runs_cover_exactly_the_dates_of_the_lunar_calendar(year):
    for month in range(1, 13):
        start = date(year, month, 1)
        end = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - start.resolution
        expected = {key: day.month * 100 + day.day for key, day in lunar_dates_between(start, end).items()}
        found = {
            (lunar_month, day): day + offset
            for months, first, last, offset in _lunar_runs(start, end)
            for lunar_month in months
            for day in range(first, last + 1)
        }
        assert found == expected, (year, month)
