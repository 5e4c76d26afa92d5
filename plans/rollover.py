"""Start next year's plan from this one: the outline copied, statuses reset, dates a year later."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from members.history import record
from members.models import Member
from plans.models import AnnualPlan, PlanItem


def next_year_date(day):
    """The same day a year later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def next_year_text(text, year):
    """Years the plan speaks of move on with it: 2026年教师节 → 2027年教师节, 编制2027年预算 → 2028年.
    Other years (学习2024年颁发的制度) are history and stay."""
    return re.sub(rf"(?<!\d)({year}|{year + 1})(?=年)", lambda m: str(int(m.group(1)) + 1), text)


def roll_over(plan, user):
    """A draft plan for plan.year + 1 with plan's texts and outline, in one transaction."""
    year = plan.year + 1

    def moved(text):
        return next_year_text(text, plan.year)

    with transaction.atomic():
        new = AnnualPlan.objects.create(
            union_id=plan.union_id,
            year=year,
            title=moved(plan.title),
            foreword=moved(plan.foreword),
            guiding_ideology=moved(plan.guiding_ideology),
            goals=moved(plan.goals),
        )
        PlanItem.objects.bulk_create(
            [
                PlanItem(
                    plan=new,
                    union_id=plan.union_id,
                    position=item.position,
                    level=item.level,
                    title=moved(item.title),
                    body=moved(item.body),
                    month=item.month,
                    owner_id=item.owner_id if _still_here(item.owner) else None,
                    due_date=next_year_date(item.due_date),
                    due_month=item.due_month,
                )
                for item in plan.items.select_related("owner")
            ]
        )
        record(new, user, "create", note=_("Started from the %(year)s plan") % {"year": plan.year})
    return new


def _still_here(member):
    return member is not None and member.status != Member.Status.LEFT
