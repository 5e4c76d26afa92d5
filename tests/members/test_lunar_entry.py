"""Lunar birthdays as people say them (issue 16, point 6): entered as 农历 (year, month, 闰, day), kept as
entered with its solar date worked out once, shown as "农历 闰四月十五" beside each year's solar date; the
rules for a year without that leap month or without a 30th; the import's 农历 cells; 腊八 and 小年."""

import importlib
import re
from datetime import date

import pytest
from lunar_python import Lunar

from activities.festivals import NORTH, SOUTH, festival, festivals_between
from members import dates, lunar
from members.birthdays import birthdays_of
from members.forms import MemberForm
from members.models import BirthCalendar, CareSettings, Member
from tests.factories import MemberFactory
from tests.members.test_import import confirm, good_row, places, upload, xlsx  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "name": "钱老师", "gender": "F", "employee_number": "L001", "phone": "13800138000",
        "joined_on": "2021-09-01", "status": "active", "position": "",
        "birth_calendar": "lunar", "lunar_year": "2020", "lunar_month": "4", "lunar_leap": "on", "lunar_day": "15",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def solar_of(year, month, day):
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


# -- the conversion and the rules --------------------------------------------------------------------


def test_a_lunar_date_is_written_as_people_say_it():
    assert lunar.lunar_date_text(-4, 15) == "闰四月十五"
    assert lunar.lunar_date_text(8, 30) == "八月三十"
    assert lunar.lunar_date_text(1, 1, 1990) == "1990年正月初一"
    days = ((11, 20), (12, 23), (10, 10))
    assert [lunar.lunar_date_text(m, d) for m, d in days] == ["冬月二十", "腊月廿三", "十月初十"]


def test_a_lunar_date_as_people_write_it_is_read():
    assert lunar.parse_lunar_date("农历1990年八月三十") == (1990, 8, 30)
    assert lunar.parse_lunar_date("农历 闰四月十五") == (None, -4, 15)
    assert lunar.parse_lunar_date("农历十二月初八") == (None, 12, 8)
    assert lunar.parse_lunar_date("1990-08-30") is None


def test_the_leap_fourth_month_of_2020_converts_both_ways():
    assert lunar.solar_of_lunar(2020, -4, 15) == date(2020, 6, 6) == solar_of(2020, -4, 15)
    assert lunar.lunar_of(date(2020, 6, 6)) == (-4, 15)
    assert lunar.lunar_year_of(date(2020, 6, 6)) == 2020
    assert lunar.lunar_year_of(date(2020, 1, 24)) == 2019  # 除夕 2020: still the lunar year 2019


def test_rule_a_leap_month_birthday_falls_in_the_ordinary_month_when_the_year_has_no_such_leap_month():
    # 2026 and 2027 have no leap fourth month: 闰四月十五 is celebrated on 四月十五.
    assert lunar.leap_month_of(2026) is None and lunar.leap_month_of(2027) is None
    assert lunar.lunar_birthdays(-4, 15, 2026) == [solar_of(2026, 4, 15)] == [date(2026, 5, 31)]
    assert lunar.lunar_birthdays(-4, 15, 2027) == [solar_of(2027, 4, 15)] == [date(2027, 5, 20)]
    assert lunar.lunar_birthdays(-4, 15, 2020) == [date(2020, 6, 6)]  # its own leap month where there is one


def test_rule_day_30_falls_on_day_29_in_a_year_whose_month_has_29_days():
    # Born 农历1988年八月三十 (八月 had 30 days that year); 八月 of 2026 has 29 days: 八月廿九.
    assert lunar.month_length(1988, 8) == 30 and lunar.month_length(2026, 8) == 29
    born = lunar.solar_of_lunar(1988, 8, 30)
    assert born == date(1988, 10, 10)
    assert lunar.lunar_birthdays(8, 30, 2026) == [solar_of(2026, 8, 29)]


# -- the member form -----------------------------------------------------------------------------------


def test_entering_a_leap_month_lunar_birthday_keeps_it_as_entered(login, committee_user, union, clock):
    clock(date(2026, 5, 20))
    response = login(committee_user).post("/members/new/", form_data())
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(employee_number="L001")
    assert member.birth_calendar == BirthCalendar.LUNAR and member.lunar_birthday
    assert (member.lunar_birth_month, member.lunar_birth_day) == (-4, 15)
    assert member.birth_date == date(2020, 6, 6)  # the solar date of birth, worked out once
    assert member.lunar_birth_text == "闰四月十五" and member.lunar_birth_date_text == "2020年闰四月十五"
    assert birthdays_of(member, 2026) == [date(2026, 5, 31)]
    assert birthdays_of(member, 2027) == [date(2027, 5, 20)]

    page = login(committee_user).get(f"/members/{member.pk}/").content.decode()
    assert "农历 2020年闰四月十五" in page and "公历 2020-06-06" in page

    edit = login(committee_user).get(f"/members/{member.pk}/edit/").context["form"]
    assert (edit["birth_calendar"].value(), edit["lunar_year"].value(), edit["lunar_month"].value(),
            edit["lunar_leap"].value(), edit["lunar_day"].value()) == ("lunar", 2020, 4, True, 15)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        # 八月 of 1990 has 29 days.
        ({"lunar_year": "1990", "lunar_month": "8", "lunar_leap": None, "lunar_day": "30"}, "lunar_day",
         "农历1990年八月只有29天，没有三十：请核对出生年份和月份，或选廿九（这个月的最后一天）。"),
        # 1990 has a leap fifth month, not a leap fourth.
        ({"lunar_year": "1990"}, "lunar_leap",
         "农历1990年没有闰四月（这一年的闰月是闰五月）：请取消勾选“闰月”，或核对出生年份和月份。"),
        ({"lunar_year": "2026"}, "lunar_leap", "农历2026年没有闰月：请取消勾选“闰月”，或核对出生年份。"),
        ({"lunar_day": ""}, "lunar_day", "请填写农历出生的年、月、日。"),
    ],
)
def test_the_form_refuses_a_lunar_date_the_year_does_not_have_and_says_what_to_do(
    login, committee_user, union, changes, field, message
):
    response = login(committee_user).post("/members/new/", form_data(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Member.objects.filter(employee_number="L001").exists()


def test_the_solar_entry_still_works_and_ignores_the_lunar_fields(login, committee_user, union):
    response = login(committee_user).post(
        "/members/new/", form_data(birth_calendar="solar", birth_date="1986-03-17", lunar_birthday="on")
    )
    assert response.status_code == 302
    member = Member.objects.get(employee_number="L001")
    assert member.birth_calendar == BirthCalendar.SOLAR and member.birth_date == date(1986, 3, 17)
    assert member.lunar_birthday
    assert member.lunar_birth_text == lunar.lunar_date_text(*lunar.lunar_of(member.birth_date))


def test_a_form_posted_without_the_calendar_is_solar(union):
    form = MemberForm({k: v for k, v in form_data(birth_date="1986-03-17").items() if k != "birth_calendar"},
                      union=union)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_calendar"] == BirthCalendar.SOLAR


# -- where it is shown ---------------------------------------------------------------------------------


def test_the_birthday_list_shows_the_lunar_date_beside_each_years_solar_date(login, committee_user, union):
    MemberFactory(union=union, name="钱老师", birth_date=date(2020, 6, 6), lunar_birthday=True,
                  birth_calendar=BirthCalendar.LUNAR)
    client = login(committee_user)
    may_2026 = client.get("/members/birthdays/", {"year": 2026, "month": 5}).content.decode()
    assert "5月31日" in may_2026 and "农历 闰四月十五" in may_2026
    may_2027 = client.get("/members/birthdays/", {"year": 2027, "month": 5}).content.decode()
    assert "5月20日" in may_2027 and "农历 闰四月十五" in may_2027
    roster = client.get("/members/").content.decode()
    assert "农历 闰四月十五" in roster


def test_the_dashboard_shows_the_lunar_date(login, chair_user, union, clock):
    clock(date(2026, 5, 29))  # the week of 2026-05-31
    MemberFactory(union=union, name="钱老师", birth_date=date(2020, 6, 6), lunar_birthday=True)
    page = login(chair_user).get("/").content.decode()
    assert "农历 闰四月十五" in page


# -- the data migration ----------------------------------------------------------------------------------


def test_the_migration_converts_existing_lunar_members_once(union):
    member = MemberFactory(union=union, birth_date=date(2020, 6, 6), lunar_birthday=True)
    Member.objects.filter(pk=member.pk).update(lunar_birth_month=None, lunar_birth_day=None)
    migration = importlib.import_module("members.migrations.0018_lunar_birth_entry")

    class Apps:
        def get_model(self, app, name):
            return Member

    migration.fill_lunar_births(Apps(), None)
    member.refresh_from_db()
    assert (member.lunar_birth_month, member.lunar_birth_day) == (-4, 15)
    assert member.birth_calendar == BirthCalendar.SOLAR  # it was entered as a solar date


# -- the import ------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("places")
def test_the_import_reads_a_lunar_birth_date_and_a_lunar_birthday_cell(login, committee_user, union):
    client = login(committee_user)
    rows = [
        good_row("A001", "钱一", 出生日期="农历2020年闰四月十五", 农历生日="", 入会日期=None),
        good_row("A002", "钱二", 出生日期=date(2020, 6, 6), 农历生日="农历 闰四月十五", 入会日期=None),
    ]
    preview = upload(client, xlsx(rows))
    assert preview.context["preview"].problems == []
    confirm(client, preview)
    first, second = (Member.objects.get(employee_number=n) for n in ("A001", "A002"))
    assert (first.birth_date, first.birth_calendar, first.lunar_birthday) == (date(2020, 6, 6), "lunar", True)
    assert (second.birth_date, second.birth_calendar, second.lunar_birthday) == (date(2020, 6, 6), "solar", True)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"出生日期": "农历1990年八月三十"}, "农历1990年八月只有29天，没有三十"),
        ({"出生日期": "农历 八月三十"}, "农历1990年八月三十"),  # no year: the example says how
        ({"出生日期": date(2020, 6, 6), "农历生日": "四月十五"}, "2020-06-06 是农历2020年闰四月十五"),
    ],
)
@pytest.mark.usefixtures("places")
def test_the_import_refuses_a_lunar_cell_it_cannot_keep(login, committee_user, union, cells, message):
    preview = upload(login(committee_user), xlsx([good_row("A001", 入会日期=None, **cells)]))
    problems = preview.context["preview"].problems
    assert len(problems) == 1 and message in problems[0].message


def test_an_exported_lunar_entry_reads_back_as_entered(union):
    member = MemberFactory(union=union, birth_date=date(2020, 6, 6), birth_calendar=BirthCalendar.LUNAR)
    from members.roster_import import roster_rows

    row = next(roster_rows([member]))
    assert "农历2020年闰四月十五" in row


# -- the shared wording ----------------------------------------------------------------------------------


def test_the_form_and_the_import_share_the_words():
    assert dates.lunar_birth_problem(2020, -4, 15) is None
    assert dates.lunar_birth_problem(1990, 8, 30) is not None


# -- 腊八 and 小年 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2026, 2027])
def test_laba_and_xiaonian_fall_on_their_real_dates(year):
    # The 腊月 before each year's Spring Festival, as the library converts it.
    assert festival(year, "laba").date == solar_of(year - 1, 12, 8)
    assert festival(year, "xiaonian").date == solar_of(year - 1, 12, 23)
    assert festival(year, "xiaonian", SOUTH).date == solar_of(year - 1, 12, 24)


def test_laba_and_xiaonian_of_2026_and_2027():
    assert (festival(2026, "laba").date, festival(2027, "laba").date) == (date(2026, 1, 26), date(2027, 1, 15))
    assert festival(2026, "xiaonian", NORTH).date == date(2026, 2, 10)
    assert festival(2026, "xiaonian", SOUTH).date == date(2026, 2, 11)
    assert festival(2027, "xiaonian", NORTH).date == date(2027, 1, 30)
    assert festival(2027, "xiaonian", SOUTH).date == date(2027, 1, 31)


def test_a_year_can_have_two_laba_or_none():
    # The Spring Festival of 2023 fell on 22 January: that season's 腊八 was 2022-12-30.
    labas = [f.date for day in festivals_between(date(2022, 1, 1), date(2023, 12, 31)).values()
             for f in day if f.key == "laba"]
    assert labas == [date(2022, 1, 10), date(2022, 12, 30)]  # and none in 2023


def xiaonian_day(page):
    found = re.search(
        r'cal-num">(\d+)</span><span class="cal-wdname">[^<]*</span><span class="cal-lunar festive">小年', page
    )
    return int(found.group(1))


def test_the_unions_xiaonian_is_on_its_calendar(login, chair_user, union):
    client = login(chair_user)
    assert xiaonian_day(client.get("/activities/2026/2/").content.decode()) == 10  # 北方 by default
    settings = CareSettings.of(union)
    settings.xiaonian = SOUTH
    settings.save()
    assert xiaonian_day(client.get("/activities/2026/2/").content.decode()) == 11
    assert "腊八节" in client.get("/activities/2026/1/").content.decode()


def test_the_care_settings_page_sets_the_unions_xiaonian(login, chair_user, union):
    client = login(chair_user)
    page = client.get("/members/care/settings/")
    assert 'name="festivals-xiaonian"' in page.content.decode()
    data = {"ages-female_retirement_rule": "cadre", "festivals-xiaonian": "south"}
    standards = page.context["standards"]
    data.update({"std-TOTAL_FORMS": len(standards.forms), "std-INITIAL_FORMS": len(standards.forms)})
    for i, form in enumerate(standards.forms):
        data[f"std-{i}-id"] = form.instance.pk
    assert client.post("/members/care/settings/", data).status_code == 302
    assert CareSettings.xiaonian_of(union) == SOUTH
