"""Statutory retirement by the 2025 rules, checked against rows of the official tables (附件1–3 of
《国务院关于渐进式延迟法定退休年龄的办法》): before the reform, its first step, the steps' edges, its
last step and after it, for men, women originally retiring at 55 and women originally retiring at 50."""

from datetime import date, timedelta
from itertools import pairwise

import pytest

from members.models import RetirementRule
from members.retirement import born_between_for_retirement_in, reaches_age_on, retirement_age, retirement_date

DAY = timedelta(days=1)
MAN, CADRE, WORKER = ("M", ""), ("F", RetirementRule.CADRE), ("F", RetirementRule.WORKER)

# (who, born (year, month), age (years, months), retirement month (year, month)) — table rows.
TABLE_ROWS = [
    # 附件1 男职工
    (MAN, (1960, 6), (60, 0), (2020, 6)),  # long before the reform
    (MAN, (1964, 12), (60, 0), (2024, 12)),  # the last birth month under the old age
    (MAN, (1965, 1), (60, 1), (2025, 2)),  # 1965年1月-4月: 60岁1个月, 2025年2月-5月
    (MAN, (1965, 4), (60, 1), (2025, 5)),
    (MAN, (1965, 5), (60, 2), (2025, 7)),  # 1965年5月-8月: 60岁2个月, 2025年7月-10月
    (MAN, (1965, 8), (60, 2), (2025, 10)),
    (MAN, (1965, 9), (60, 3), (2025, 12)),  # 1965年9月-12月: 60岁3个月, 2025年12月-2026年3月
    (MAN, (1965, 12), (60, 3), (2026, 3)),
    (MAN, (1970, 1), (61, 4), (2031, 5)),  # 1970年1月-4月: 61岁4个月, 2031年5月-8月
    (MAN, (1976, 5), (62, 11), (2039, 4)),  # 1976年5月-8月: 62岁11个月, 2039年4月-7月 (the last step)
    (MAN, (1976, 8), (62, 11), (2039, 7)),
    (MAN, (1976, 9), (63, 0), (2039, 9)),  # 1976年9月-12月: 63岁, 2039年9月-12月
    (MAN, (1976, 12), (63, 0), (2039, 12)),
    (MAN, (1990, 3), (63, 0), (2053, 3)),  # after the reform
    # 附件2 原法定退休年龄55周岁的女职工
    (CADRE, (1969, 12), (55, 0), (2024, 12)),
    (CADRE, (1970, 1), (55, 1), (2025, 2)),  # 1970年1月-4月: 55岁1个月, 2025年2月-5月
    (CADRE, (1970, 4), (55, 1), (2025, 5)),
    (CADRE, (1970, 5), (55, 2), (2025, 7)),
    (CADRE, (1975, 1), (56, 4), (2031, 5)),
    (CADRE, (1981, 5), (57, 11), (2039, 4)),  # 1981年5月-8月: 57岁11个月, 2039年4月-7月
    (CADRE, (1981, 8), (57, 11), (2039, 7)),
    (CADRE, (1981, 9), (58, 0), (2039, 9)),  # 1981年9月-12月: 58岁, 2039年9月-12月
    (CADRE, (1995, 7), (58, 0), (2053, 7)),
    # 附件3 原法定退休年龄50周岁的女职工
    (WORKER, (1974, 12), (50, 0), (2024, 12)),
    (WORKER, (1975, 1), (50, 1), (2025, 2)),  # 1975年1月-2月: 50岁1个月, 2025年2月-3月
    (WORKER, (1975, 2), (50, 1), (2025, 3)),
    (WORKER, (1975, 3), (50, 2), (2025, 5)),  # 1975年3月-4月: 50岁2个月, 2025年5月-6月
    (WORKER, (1975, 4), (50, 2), (2025, 6)),
    (WORKER, (1980, 1), (52, 7), (2032, 8)),  # 1980年1月-2月: 52岁7个月, 2032年8月-9月
    (WORKER, (1984, 9), (54, 11), (2039, 8)),  # 1984年9月-10月: 54岁11个月, 2039年8月-9月 (the last step)
    (WORKER, (1984, 10), (54, 11), (2039, 9)),
    (WORKER, (1984, 11), (55, 0), (2039, 11)),  # 1984年11月-12月: 55岁, 2039年11月-12月
    (WORKER, (1984, 12), (55, 0), (2039, 12)),
    (WORKER, (1992, 2), (55, 0), (2047, 2)),
]


@pytest.mark.parametrize(("who", "born", "age", "retires"), TABLE_ROWS)
def test_age_and_month_follow_the_official_tables(who, born, age, retires):
    gender, rule = who
    for day in (1, 15, 28):  # the day of birth does not matter, only the month
        birth = date(*born, day)
        assert retirement_age(birth, gender, rule) == age
        assert retirement_date(birth, gender, rule) == date(*retires, 1)


def test_a_birthday_on_29_february_retires_by_its_month():
    assert retirement_date(date(1976, 2, 29), "M", "") == date(2038, 12, 1)  # 62岁10个月
    assert reaches_age_on(date(1976, 2, 29), "M", "") == date(2038, 12, 29)
    assert reaches_age_on(date(1965, 3, 31), "M", "") == date(2025, 4, 30)  # 60岁1个月, in April


def test_a_woman_needs_a_rule():
    with pytest.raises(ValueError):
        retirement_date(date(1975, 1, 1), "F", "")


# (who, year, first birth date, last birth date) of those whose retirement month falls in the year.
YEARS = [
    (MAN, 2020, date(1960, 1, 1), date(1960, 12, 31)),  # before the reform: one birth year
    (MAN, 2024, date(1964, 1, 1), date(1964, 12, 31)),
    (MAN, 2025, date(1965, 1, 1), date(1965, 9, 30)),  # 2025年1月: nobody; 1965年9月 → 2025年12月
    (MAN, 2026, date(1965, 10, 1), date(1966, 7, 31)),
    (MAN, 2039, date(1976, 3, 1), date(1976, 12, 31)),  # the last steps and the first at 63
    (MAN, 2040, date(1977, 1, 1), date(1977, 12, 31)),  # after the reform: one birth year again
    (CADRE, 2024, date(1969, 1, 1), date(1969, 12, 31)),
    (CADRE, 2025, date(1970, 1, 1), date(1970, 9, 30)),
    (CADRE, 2039, date(1981, 3, 1), date(1981, 12, 31)),
    (CADRE, 2045, date(1987, 1, 1), date(1987, 12, 31)),
    (WORKER, 2024, date(1974, 1, 1), date(1974, 12, 31)),
    (WORKER, 2025, date(1975, 1, 1), date(1975, 8, 31)),  # 1975年7月-8月 → 2025年11月-12月
    (WORKER, 2026, date(1975, 9, 1), date(1976, 4, 30)),
    (WORKER, 2039, date(1984, 5, 1), date(1984, 12, 31)),
    (WORKER, 2040, date(1985, 1, 1), date(1985, 12, 31)),
]


@pytest.mark.parametrize(("who", "year", "first", "last"), YEARS)
def test_the_births_retiring_in_a_year_form_one_range(who, year, first, last):
    gender, rule = who
    assert born_between_for_retirement_in(year, gender, rule) == (first, last)
    assert retirement_date(first, gender, rule).year == year == retirement_date(last, gender, rule).year
    assert retirement_date(first - DAY, gender, rule).year == year - 1
    assert retirement_date(last + DAY, gender, rule).year == year + 1


def test_every_year_of_the_reform_has_its_range_without_gaps():
    for gender, rule in (MAN, CADRE, WORKER):
        ranges = [born_between_for_retirement_in(year, gender, rule) for year in range(2020, 2046)]
        for (_, last), (first, _) in pairwise(ranges):
            assert last + DAY == first
