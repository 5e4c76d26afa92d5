"""The activities part of the year-end summary (issue 7): plain figures, in two queries.

Counted: every activity of the year except cancelled ones ("planned"); "held" are those marked done.
Participants are the recorded attendance of held activities. The attendance rate is, over held
activities that took sign-ups, the share of sign-ups that were ticked as attended.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from activities.models import Activity, Signup

HIGHLIGHTS = 12


@dataclass
class Figures:
    planned: int = 0
    held: int = 0
    cancelled: int = 0
    participants: int = 0
    signups: int = 0
    attended: int = 0

    @property
    def attendance_rate(self):
        """Attended / signed up, as a fraction (None when nobody signed up)."""
        return self.attended / self.signups if self.signups else None


@dataclass
class MonthFigures(Figures):
    month: int = 0


@dataclass
class CategoryFigures(Figures):
    name: str = ""
    colour: str = ""
    order: int = 0


@dataclass
class Highlight:
    title: str
    date: object  # date or None (month-only)
    month: int
    category: str
    participants: int | None
    outcome: str


@dataclass
class ActivitySummary:
    year: int
    total: Figures
    months: list = field(default_factory=list)  # 12 MonthFigures, January first
    categories: list = field(default_factory=list)  # CategoryFigures with any activity, in category order
    highlights: list = field(default_factory=list)  # held activities with an outcome, most participants first


def year_summary(union, year):
    activities = Activity.objects.for_union(union).in_year(year)
    done = Q(status=Activity.Status.DONE)
    signups = Signup.objects.filter(activity=OuterRef("pk"))
    per_group = (
        # Each activity's sign-ups counted by a subquery, so that they add up per group in the same
        # query without the join repeating the activity's attendance.
        activities.annotate(
            signup_count=_count(signups),
            attended_count=_count(signups.filter(attended=True)),
        )
        .values("month", "category_id", "category__name", "category__colour", "category__order")
        .annotate(
            planned=Count("id", filter=~Q(status=Activity.Status.CANCELLED)),
            held=Count("id", filter=done),
            cancelled=Count("id", filter=Q(status=Activity.Status.CANCELLED)),
            participants=Sum("attendance", filter=done, default=0),
            signups=Sum("signup_count", filter=done, default=0),
            attended=Sum("attended_count", filter=done, default=0),
        )
        .order_by()
    )

    total = Figures()
    months = {m: MonthFigures(month=m) for m in range(1, 13)}
    categories = {}
    for row in per_group:
        category = categories.setdefault(
            row["category_id"],
            CategoryFigures(name=row["category__name"], colour=row["category__colour"], order=row["category__order"]),
        )
        for figures in (total, months[row["month"]], category):
            figures.planned += row["planned"]
            figures.held += row["held"]
            figures.cancelled += row["cancelled"]
            figures.participants += row["participants"] or 0
            figures.signups += row["signups"]
            figures.attended += row["attended"]

    highlights = [
        Highlight(a.title, a.start_date, a.month, a.category.name, a.attendance, a.outcome)
        for a in activities.filter(done)
        .exclude(outcome="")
        .select_related("category")
        .order_by(F("attendance").desc(nulls_last=True), "start_date", "id")[:HIGHLIGHTS]
    ]
    return ActivitySummary(
        year=year,
        total=total,
        months=list(months.values()),
        categories=sorted(categories.values(), key=lambda c: (c.order, c.name)),
        highlights=highlights,
    )


def _count(signups):
    """(SELECT COUNT(*) FROM signups) for each activity: its sign-ups in `signups`, 0 for none."""
    return Coalesce(Subquery(signups.order_by().values("activity").annotate(n=Count("id")).values("n")), 0)
