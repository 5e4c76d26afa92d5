"""Lunar birthdays on the solar calendar (with lunar-python): pure code that imports no models, so that
the models (which keep a member's lunar birth date in step) and the birthday lists can both use it.

Rules a committee expects:
- a lunar birthday on day 30 of a month that has only 29 days this year falls on that month's last day;
- a birthday in a leap month falls in this year's leap month of that number when there is one,
  otherwise in the ordinary month of that number.
"""

from datetime import date
from functools import lru_cache

from lunar_python import LunarYear, Solar

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
