"""Festivals fall on their real dates: solar ones fixed, lunar ones and solar terms from lunar-python."""

from datetime import date

import pytest
from lunar_python import Lunar

from activities.festivals import festival, festivals_between, lunar_label, official_days_in_year

# Checked against printed calendars (and lunardate/borax agree, see TESTING.md).
EXPECTED = {
    2026: {
        "spring_festival": (2, 17),
        "lantern": (3, 3),
        "qingming": (4, 5),
        "dragon_boat": (6, 19),
        "qixi": (8, 19),
        "mid_autumn": (9, 25),
        "double_ninth": (10, 18),
        "winter_solstice": (12, 22),
        "spring_festival_eve": (2, 16),
    },
    2027: {
        "spring_festival": (2, 6),
        "lantern": (2, 20),
        "qingming": (4, 5),
        "dragon_boat": (6, 9),
        "qixi": (8, 8),
        "mid_autumn": (9, 15),
        "double_ninth": (10, 8),
        "winter_solstice": (12, 22),
        "spring_festival_eve": (2, 5),
    },
}


@pytest.mark.parametrize("year", [2026, 2027])
def test_lunar_festivals_and_solar_terms_fall_on_their_real_dates(year):
    for key, (month, day) in EXPECTED[year].items():
        assert festival(year, key).date == date(year, month, day), key


@pytest.mark.parametrize("year", [2026, 2027])
@pytest.mark.parametrize(
    ("key", "lunar_month", "lunar_day"),
    [
        ("spring_festival", 1, 1),
        ("lantern", 1, 15),
        ("dragon_boat", 5, 5),
        ("mid_autumn", 8, 15),
        ("double_ninth", 9, 9),
    ],
)
def test_lunar_festivals_agree_with_the_library(year, key, lunar_month, lunar_day):
    solar = Lunar.fromYmd(year, lunar_month, lunar_day).getSolar()
    assert festival(year, key).date == date(solar.getYear(), solar.getMonth(), solar.getDay())


def test_solar_festivals_keep_their_dates():
    for key, month, day in [
        ("new_year", 1, 1),
        ("womens_day", 3, 8),
        ("labour_day", 5, 1),
        ("youth_day", 5, 4),
        ("childrens_day", 6, 1),
        ("party_day", 7, 1),
        ("army_day", 8, 1),
        ("teachers_day", 9, 10),
        ("national_day", 10, 1),
    ]:
        assert festival(2027, key).date == date(2027, month, day)


def test_festivals_between_finds_those_of_a_month_and_its_edges():
    found = festivals_between(date(2026, 12, 28), date(2027, 1, 3))
    assert [f.name for f in found[date(2027, 1, 1)]] == ["元旦"]
    assert len(found) == 1


def test_the_lunar_day_is_printed_under_the_date_and_the_month_on_its_first_day():
    assert lunar_label(date(2026, 2, 17)) == "正月"
    assert lunar_label(date(2026, 2, 18)) == "初二"
    assert lunar_label(date(2026, 9, 25)) == "十五"


def test_official_days_off_and_makeup_workdays_of_a_published_year():
    days = official_days_in_year(2026)
    assert days[date(2026, 2, 17)].kind == "off" and days[date(2026, 2, 17)].name == "春节"
    assert days[date(2026, 2, 14)].kind == "workday"  # a Saturday made a working day (调休)
    assert date(2026, 3, 9) not in days


def test_a_year_the_state_council_has_not_published_is_not_an_error():
    assert official_days_in_year(2099) is None
