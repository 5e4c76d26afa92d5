"""The festival planner: a year's usual festival activities in one step, on that year's real dates."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from activities.festivals import festivals_in_year
from activities.models import Activity, ActivityCategory, Audience
from members.models import Union


@dataclass(frozen=True)
class UsualActivity:
    key: str  # the festival's key (activities.festivals.FESTIVALS)
    title: str
    category: str  # an ActivityCategory key
    audience: str = Audience.EVERYONE
    days_before: int = 0  # 送温暖 happens in the days before the Spring Festival, not on it
    kinds: tuple = ()  # union kinds it is usual for; empty: every union
    description: str = ""

    def date_in(self, year, dates=None):
        dates = dates or {f.key: f.date for f in festivals_in_year(year)}
        return dates[self.key] - timedelta(days=self.days_before)


# What the reference plans do around each festival (titles are data, in the committees' own words).
USUAL_FESTIVAL_ACTIVITIES = [
    UsualActivity(
        "spring_festival",
        "春节送温暖走访慰问",
        "care",
        Audience.COMMITTEE,
        days_before=10,
        description="走访慰问困难职工、退休职工和生病住院职工，送去节日问候。",
    ),
    UsualActivity("lantern", "庆祝元宵节猜灯谜活动", "festival"),
    UsualActivity("womens_day", "庆祝“三八”国际妇女节活动", "women", Audience.WOMEN),
    UsualActivity("qingming", "清明祭扫活动", "festival"),
    UsualActivity("labour_day", "庆“五一”国际劳动节系列活动", "festival"),
    UsualActivity("youth_day", "五四青年节青年职工座谈会", "festival", kinds=(Union.Kind.ENTERPRISE,)),
    UsualActivity("childrens_day", "六一儿童节亲子活动", "festival"),
    UsualActivity("dragon_boat", "端午节包粽子活动", "festival"),
    UsualActivity("teachers_day", "教师节庆祝表彰活动", "festival", kinds=(Union.Kind.SCHOOL,)),
    UsualActivity("mid_autumn", "中秋节慰问活动", "festival"),
    UsualActivity("national_day", "迎国庆文艺活动", "festival"),
    UsualActivity("double_ninth", "重阳节退休职工慰问座谈会", "care", Audience.RETIREES),
]


def usual_for(union):
    """The usual festival activities for this kind of union (教师节 only for schools, …)."""
    return [u for u in USUAL_FESTIVAL_ACTIVITIES if not u.kinds or union.kind in u.kinds]


def existing_festival_keys(union, year):
    return set(Activity.objects.for_union(union).in_year(year).exclude(festival="").values_list("festival", flat=True))


@transaction.atomic
def add_festival_activities(union, year, keys):
    """Create the chosen festival activities of `year`, skipping those already there; return the new ones."""
    categories = ActivityCategory.ensure_defaults(union)
    dates = {f.key: f.date for f in festivals_in_year(year)}
    existing = existing_festival_keys(union, year)
    created = []
    for usual in USUAL_FESTIVAL_ACTIVITIES:
        if usual.key not in keys or usual.key in existing:
            continue
        day = usual.date_in(year, dates)
        created.append(
            Activity.objects.create(
                union=union,
                title=usual.title,
                category=categories[usual.category],
                start_date=day,
                audience=usual.audience,
                festival=usual.key,
                description=usual.description,
            )
        )
    return created
