"""From the plan: an approved plan's month schedule (二月份 / 1、…) becomes month-only activities.

Each activity is linked to its plan item, so running it again creates nothing twice, and when the
activity is marked done the plan item shows it (`PlanItem.mark_done_by_activity`).
"""

import re

from django.db import transaction

from activities.models import Activity, ActivityCategory, Audience
from plans.models import AnnualPlan, PlanItem

# The first pattern that matches an item's text picks its category (keys of ActivityCategory.DEFAULTS).
CATEGORY_WORDS = [
    ("health", r"体检"),
    ("care", r"慰问|送温暖|送清凉|帮困|家访|走访"),
    ("women", r"三八|妇女|女教职工|女职工|女工"),
    ("meeting", r"会议|例会|职代会|教代会|述职|家属会|总结"),
    ("competition", r"比赛|竞赛|评选|杯"),
    ("training", r"培训|学习|读书|讲座"),
    ("festival", r"节"),
    ("sports", r"春游|运动会|球|健步|登山|文艺|迎新|亲子"),
]


def category_key(text):
    return next((key for key, pattern in CATEGORY_WORDS if re.search(pattern, text)), "other")


def audience_of(text):
    if re.search(r"三八|妇女|女教职工|女职工", text):
        return Audience.WOMEN
    if re.search(r"工会委员|组长例会|委员会议", text):
        return Audience.COMMITTEE
    if re.search(r"退休", text) and not re.search(r"在职", text):
        return Audience.RETIREES
    return Audience.EVERYONE


def approved_plan(union, year):
    return AnnualPlan.objects.for_union(union).filter(year=year, status=AnnualPlan.Status.APPROVED).first()


@transaction.atomic
def activities_from_plan(union, year):
    """Create a month-only activity for every schedule item of the year's approved plan that has none
    yet; return (the new activities, the plan) — the plan is None when there is no approved plan."""
    plan = approved_plan(union, year)
    if plan is None:
        return [], None
    categories = ActivityCategory.ensure_defaults(union)
    items = PlanItem.objects.for_union(union).scheduled().filter(plan=plan).exclude(status=PlanItem.Status.DROPPED)
    linked = set(Activity.objects.for_union(union).filter(plan_item__plan=plan).values_list("plan_item_id", flat=True))
    created = []
    for item in items:
        text = " ".join(item.text.split())
        if item.pk in linked or not text:
            continue
        created.append(
            Activity.objects.create(
                union=union,
                title=text[:200],
                category=categories[category_key(text)],
                year=year,
                month=item.month,
                audience=audience_of(text),
                organiser=item.owner,
                plan_item=item,
            )
        )
    return created, plan


def report_done(activity, by=None):
    """The activity was done: its plan item (if any) is done too and names it."""
    if activity.plan_item_id and activity.status == Activity.Status.DONE:
        return activity.plan_item.mark_done_by_activity(activity, by=by)
    return False
