"""Chinese festivals on their real dates, and the official days off.

Lunar festivals and solar terms are converted by lunar-python, never by a hand-made table; the days
off and make-up workdays (调休) come from chinesecalendar, which knows only the years the State
Council has published — for a later year it raises NotImplementedError, which here means
"not published yet", not an error.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from lunar_python import Lunar, Solar

SOLAR, LUNAR, TERM = "solar", "lunar", "term"

# 小年 is 腊月廿三 in the north and 腊月廿四 in the south: each union says which it keeps
# (members.models.CareSettings.xiaonian, these values), since 送温暖 is timed by it and by 腊八.
NORTH, SOUTH = "north", "south"
XIAONIAN_DAY = {NORTH: 23, SOUTH: 24}

# key, name, kind, (month, day) — solar dates, or lunar month/day for LUNAR; TERM names a solar term.
FESTIVALS = [
    ("new_year", "元旦", SOLAR, (1, 1)),
    ("laba", "腊八节", LUNAR, (12, 8)),
    ("xiaonian", "小年", LUNAR, (12, 23)),  # the north's day; the south's is the 24th (XIAONIAN_DAY)
    ("spring_festival_eve", "除夕", LUNAR, (12, 0)),  # day 0 = the last day of the month (29th or 30th)
    ("spring_festival", "春节", LUNAR, (1, 1)),
    ("lantern", "元宵节", LUNAR, (1, 15)),
    ("womens_day", "三八妇女节", SOLAR, (3, 8)),
    ("tree_planting", "植树节", SOLAR, (3, 12)),
    ("qingming", "清明", TERM, "清明"),
    ("labour_day", "五一劳动节", SOLAR, (5, 1)),
    ("youth_day", "五四青年节", SOLAR, (5, 4)),
    ("childrens_day", "六一儿童节", SOLAR, (6, 1)),
    ("dragon_boat", "端午节", LUNAR, (5, 5)),
    ("party_day", "七一建党节", SOLAR, (7, 1)),
    ("army_day", "八一建军节", SOLAR, (8, 1)),
    ("qixi", "七夕", LUNAR, (7, 7)),
    ("teachers_day", "教师节", SOLAR, (9, 10)),
    ("mid_autumn", "中秋节", LUNAR, (8, 15)),
    ("national_day", "国庆节", SOLAR, (10, 1)),
    ("double_ninth", "重阳节", LUNAR, (9, 9)),
    ("winter_solstice", "冬至", TERM, "冬至"),
]

# lunar-python names the terms of the neighbouring years in pinyin ("DONG_ZHI" for next December's).
TERM_PINYIN = {"QING_MING": "清明", "DONG_ZHI": "冬至"}


@dataclass(frozen=True)
class Festival:
    key: str
    name: str
    kind: str
    date: date

    @property
    def is_lunar(self):
        return self.kind == LUNAR

    @property
    def is_solar_term(self):
        return self.kind == TERM


def _lunar_to_solar(year, month, day):
    if day == 0:  # the eve of the next lunar year: the day before its first day
        solar = Lunar.fromYmd(year + 1, 1, 1).getSolar().next(-1)
    else:
        solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _solar_term(year, name):
    for probe in (date(year, 3, 1), date(year, 11, 1)):
        table = Solar.fromYmd(probe.year, probe.month, probe.day).getLunar().getJieQiTable()
        for term_name, solar in table.items():
            if TERM_PINYIN.get(term_name, term_name) == name and solar.getYear() == year:
                return date(solar.getYear(), solar.getMonth(), solar.getDay())
    raise LookupError(f"{name} {year}")


@lru_cache(maxsize=64)
def festivals_in_year(year, xiaonian=NORTH):
    """The year's festivals in date order (each on its real date in that Gregorian year); 小年 on the
    day the union keeps (`xiaonian`: NORTH 腊月廿三, SOUTH 腊月廿四).

    A lunar festival is the one of the lunar year before or of this lunar year that falls in this
    Gregorian year: 腊八 and 小年 of the lunar year before usually (in January or February, before the
    Spring Festival), and in a year whose Spring Festival is late in January none at all, the lunar
    year's 腊八 having fallen in the December before (2022-12-30) and the next one falling in the January
    after; a year can then have two (2022: 01-10 and 12-30).
    """
    found = []
    for key, name, kind, when in FESTIVALS:
        if kind == SOLAR:
            days = [date(year, *when)]
        elif kind == LUNAR and when[1] == 0:
            # The eve of lunar year Y + 1 falls in Gregorian year Y + 1: the eve listed is the lunar year before's.
            days = [_lunar_to_solar(year - 1, *when)]
        elif kind == LUNAR:
            month, day = when
            if key == "xiaonian":
                day = XIAONIAN_DAY[xiaonian]
            days = [d for lunar_year in (year - 1, year) if (d := _lunar_to_solar(lunar_year, month, day)).year == year]
        else:
            days = [_solar_term(year, when)]
        found.extend(Festival(key, name, kind, day) for day in days)
    return tuple(sorted(found, key=lambda f: f.date))


def festival(year, key, xiaonian=NORTH):
    return next(f for f in festivals_in_year(year, xiaonian) if f.key == key)


def xiaonian_between(first, last):
    """Whether a 小年 (the north's day or the south's) falls on first..last: only then does a calendar
    need to know which day the union keeps (a query), in January or February."""
    return any(
        first <= fest.date <= last
        for year in range(first.year, last.year + 1)
        for xiaonian in XIAONIAN_DAY
        for fest in festivals_in_year(year, xiaonian)
        if fest.key == "xiaonian"
    )


def festivals_between(first, last, xiaonian=NORTH):
    """{date: [Festival]} for the days first..last (小年 on the union's day: `xiaonian`)."""
    days = {}
    for year in range(first.year, last.year + 1):
        for fest in festivals_in_year(year, xiaonian):
            if first <= fest.date <= last:
                days.setdefault(fest.date, []).append(fest)
    return days


LUNAR_MONTHS = "正二三四五六七八九十冬腊"


@lru_cache(maxsize=4096)  # ~11 years of days; a calendar page asks for the same 42 days again and again
def lunar_label(day):
    """What a Chinese calendar prints under the date: the lunar day (初五), or the month on its first day."""
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    if lunar.getDay() == 1:
        month = abs(lunar.getMonth())
        return ("闰" if lunar.getMonth() < 0 else "") + LUNAR_MONTHS[month - 1] + "月"
    return lunar.getDayInChinese()


# Official days off.

OFF, WORKDAY = "off", "workday"


@dataclass(frozen=True)
class OfficialDay:
    date: date
    kind: str  # OFF: a public holiday (休); WORKDAY: a weekend made a working day (班, 调休)
    name: str


def _holiday_name(english):
    try:
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english or ""


@lru_cache(maxsize=32)
def official_days_in_year(year):
    """{date: OfficialDay} for the year, or None when the State Council has not published it yet."""
    try:
        chinese_calendar.is_holiday(date(year, 1, 1))
    except NotImplementedError:
        return None
    days = {}
    for day, english in chinese_calendar.holidays.items():
        if day.year == year:
            days[day] = OfficialDay(day, OFF, _holiday_name(english))
    for day, english in chinese_calendar.workdays.items():
        if day.year == year:
            days[day] = OfficialDay(day, WORKDAY, _holiday_name(english))
    return days


def official_days_between(first, last):
    """({date: OfficialDay}, [years not yet published]) for the days first..last."""
    days, unpublished = {}, []
    for year in range(first.year, last.year + 1):
        known = official_days_in_year(year)
        if known is None:
            unpublished.append(year)
            continue
        days.update({d: o for d, o in known.items() if first <= d <= last})
    return days, unpublished


def days(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
