"""The activities part of the year-end summary (issue 7): plain figures, in two queries.

Counted: every activity of the year except cancelled ones ("planned"); "held" are those marked done.
Participants are the recorded attendance of held activities. The attendance rate is, over held
activities that took sign-ups, the share of sign-ups that were ticked as attended.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum, Value

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


def group_rows_query(union_id, year):
    """The year's activities counted by month and category, with the held activities' sign-ups."""
    activities = Activity.objects.filter(union_id=union_id).in_year(year)
    done = Q(status=Activity.Status.DONE)
    none = Value(0)
    per_group = (
        activities.values("month", "category_id", "category__name", "category__colour", "category__order")
        .annotate(
            planned=Count("id", filter=~Q(status=Activity.Status.CANCELLED)),
            held=Count("id", filter=done),
            cancelled=Count("id", filter=Q(status=Activity.Status.CANCELLED)),
            participants=Sum("attendance", filter=done, default=0),
            signups=none,
            attended=none,
        )
        .order_by()
    )
    # The held activities' sign-ups counted per group from the sign-ups' side and added to the
    # groups' rows by UNION ALL, in the same query: a sign-up count per activity (a subquery for
    # each of 1,600 activities) cost three times as much, and a join would repeat the attendance.
    signups_per_group = (
        # The activities named by the union too, not only the sign-ups: PostgreSQL then reads the
        # union's activities of the year from their index instead of every union's.
        Signup.objects.filter(union_id=union_id)
        .filter(activity__union_id=union_id, activity__year=year, activity__status=Activity.Status.DONE)
        .values("activity__month", "activity__category_id")
        .annotate(
            category__name=Value(""),
            category__colour=Value(""),
            category__order=none,
            planned=none,
            held=none,
            cancelled=none,
            participants=none,
            signups=Count("id"),
            attended=Count("id", filter=Q(attended=True)),
        )
        .order_by()
    )
    return per_group.union(signups_per_group, all=True)


def highlights_query(union_id, year):
    """The year's held activities with an outcome, most participants first: (title, start_date, month,
    category name, attendance, outcome)."""
    return (
        Activity.objects.filter(union_id=union_id)
        .in_year(year)
        .filter(status=Activity.Status.DONE)
        .exclude(outcome="")
        .order_by(F("attendance").desc(nulls_last=True), "start_date", "id")
        .values_list("title", "start_date", "month", "category__name", "attendance", "outcome")[:HIGHLIGHTS]
    )


def year_summary(union, year):
    rows = group_rows_query(union.pk, year)
    total = Figures()
    months = {m: MonthFigures(month=m) for m in range(1, 13)}
    categories = {}
    for row in rows:
        category = categories.setdefault(row["category_id"], CategoryFigures())
        if row["category__name"]:  # a row of activities (a row of sign-ups names no category)
            category.name, category.colour = row["category__name"], row["category__colour"]
            category.order = row["category__order"]
        for figures in (total, months[row["month"]], category):
            figures.planned += row["planned"]
            figures.held += row["held"]
            figures.cancelled += row["cancelled"]
            figures.participants += row["participants"] or 0
            figures.signups += row["signups"]
            figures.attended += row["attended"]

    highlights = [Highlight(*row) for row in highlights_query(union.pk, year)]
    return ActivitySummary(
        year=year,
        total=total,
        months=list(months.values()),
        categories=sorted(categories.values(), key=lambda c: (c.order, c.name)),
        highlights=highlights,
    )
