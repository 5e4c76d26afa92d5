"""Lunar birthdays on the solar calendar (with lunar-python): pure code that imports no models, so that
the models (which keep a member's lunar birth date in step) and the birthday lists can both use it.

Rules a committee expects:
- a lunar birthday on day 30 of a month that has only 29 days this year falls on that month's last day;
- a birthday in a leap month falls in this year's leap month of that number when there is one,
  otherwise in the ordinary month of that number.

A lunar date as people write it: `lunar_date_text(-4, 15)` is "闰四月十五" (months 正月…十月, 冬月, 腊月;
days 初一…初十, 十一…二十, 廿一…廿九, 三十), and `solar_of_lunar` turns a lunar date of birth entered
(year, month, day, leap) into its solar date, or None when that year has no such day.
"""

import re
from datetime import date
from functools import lru_cache

from lunar_python import LunarYear, Solar

MONTH_NAMES = ["正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"]
_DIGITS = "一二三四五六七八九十"
DAY_NAMES = [
    *(f"初{d}" for d in _DIGITS),
    *(f"十{d}" for d in _DIGITS[:9]), "二十",
    *(f"廿{d}" for d in _DIGITS[:9]), "三十",
]

# date.toordinal() + this = the Julian day number lunar-python uses for that date.
_JULIAN_OFFSET = 1721425


def lunar_of(day):
    """(lunar month, lunar day) of a solar date; the month is negative for a leap month.

    Read from the cached months of the lunar year (converting each date afresh with lunar-python
    recomputes the whole lunar year, far too slow for an import of thousands of members).
    """
    julian_day = day.toordinal() + _JULIAN_OFFSET
    for lunar_year in (day.year, day.year - 1):
        for month, (first_day, day_count) in _lunar_months(lunar_year).items():
            if first_day <= julian_day < first_day + day_count:
                return month, julian_day - first_day + 1
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()  # not reached for real dates
    return lunar.getMonth(), lunar.getDay()


def lunar_year_of(day):
    """The lunar year a solar date falls in (a date in January before the Spring Festival: the year before)."""
    julian_day = day.toordinal() + _JULIAN_OFFSET
    return day.year if julian_day >= _lunar_months(day.year)[1][0] else day.year - 1


def lunar_date_text(month, day, year=None):
    """A lunar date as people say it: "闰四月十五", "八月三十"; with the year, "1990年八月三十"."""
    text = ("闰" if month < 0 else "") + MONTH_NAMES[abs(month) - 1] + DAY_NAMES[day - 1]
    return f"{year}年{text}" if year is not None else text


_MONTH_WORDS = {**{name[:-1]: n for n, name in enumerate(MONTH_NAMES, 1)}, "一": 1, "十一": 11, "十二": 12}
_LUNAR_TEXT = re.compile(
    r"(?:农历|阴历|旧历)?(?:(\d{{4}})年)?(闰)?({months})月({days})日?".format(
        months="|".join(sorted(_MONTH_WORDS, key=len, reverse=True)),
        days="|".join(sorted(DAY_NAMES, key=len, reverse=True)),
    )
)


def is_lunar_text(text):
    """Whether a cell says it is a lunar date: "农历1990年八月三十" (阴历, 旧历 too)."""
    return "".join(str(text).split()).startswith(("农历", "阴历", "旧历"))


def parse_lunar_date(text):
    """(lunar year or None, month (negative = leap), day) of a lunar date as people write it:
    "农历1990年八月三十", "农历 闰四月十五", "腊月初八", "冬月廿三"; None when it is not one."""
    match = _LUNAR_TEXT.fullmatch("".join(str(text).split()))
    if not match:
        return None
    year, leap, month, day = match.groups()
    number = _MONTH_WORDS[month]
    return (int(year) if year else None), (-number if leap else number), DAY_NAMES.index(day) + 1


def month_length(lunar_year, month):
    """The days of lunar month `month` (negative = leap) of `lunar_year`, or None when it has no such month."""
    found = _lunar_months(lunar_year).get(month)
    return found[1] if found else None


def leap_month_of(lunar_year):
    """The number of the year's leap month, or None."""
    return next((-m for m in _lunar_months(lunar_year) if m < 0), None)


def solar_of_lunar(lunar_year, month, day):
    """The solar date of a lunar date of birth as entered, exactly (no rule applies: a birth date
    must exist), or None when `lunar_year` has no such month or the month no such day."""
    found = _lunar_months(lunar_year).get(month)
    if found is None or not 1 <= day <= found[1]:
        return None
    solar = Solar.fromJulianDay(found[0] + day - 1)
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=256)
def _lunar_months(lunar_year):
    """{month (negative = leap): (first julian day, day count)} of one lunar year."""
    return {
        m.getMonth(): (m.getFirstJulianDay(), m.getDayCount())
        for m in LunarYear.fromYear(lunar_year).getMonths()
        if m.getYear() == lunar_year
    }


def _lunar_to_solar(lunar_year, month, day):
    """The solar date of (month, day) in `lunar_year` under the rules above, or None."""
    months = _lunar_months(lunar_year)
    # A leap-month birthday falls in the ordinary month of that number when this year has no such leap month.
    found = months.get(month) or (months.get(-month) if month < 0 else None)
    if found is None:
        return None
    first_day, day_count = found
    solar = Solar.fromJulianDay(first_day + min(day, day_count) - 1)
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=16)
def lunar_calendar(year):
    """{(lunar month, lunar day): [solar dates in `year`]} for every lunar birthday there can be.

    A late lunar month can fall twice in one solar year (January and December), hence the lists.
    """
    found = {}
    for month in [*range(1, 13), *range(-12, 0)]:
        for day in range(1, 31):
            dates = [
                d
                for lunar_year in (year - 1, year)
                if (d := _lunar_to_solar(lunar_year, month, day)) is not None and d.year == year
            ]
            found[(month, day)] = sorted(set(dates))
    return found


def lunar_birthdays(month, day, year):
    """The solar dates in `year` of a lunar birthday (lunar month, day)."""
    return lunar_calendar(year).get((month, day), [])


def lunar_dates_between(start, end):
    """{(lunar month, lunar day): solar date} of the lunar birthdays falling between two solar dates of
    one year, less than a lunar year apart (so that each falls there at most once)."""
    assert start.year == end.year and (end - start).days < 354
    return {
        key: day
        for key, dates in lunar_calendar(start.year).items()
        for day in dates
        if start <= day <= end
    }
