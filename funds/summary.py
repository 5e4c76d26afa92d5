"""The money part of the year-end summary (年终总结): plain figures, no request, no HTML.

`year_summary(union, year)` runs four queries whatever the data size: the budget execution's three
(categories, dues, income) and one for the members in arrears and the fund reviews with their reviewers.
Dues figures are for the dues *of* the year (its twelve months), wherever they were paid;
income counts dues *collected in* the year, by payment date, like the budget execution.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, Subquery
from django.db.models.functions import Coalesce

from funds.execution import budget_execution
from funds.models import Dues, FundReview
from funds.periods import whole_year
from members.models import Union, name_order

ZERO = Decimal("0.00")
REVIEW_FIELDS = ["id", "kind", "year", "start", "end", "reviewed_on", "conclusion", "status", "findings"]


@dataclass
class CategoryFigures:
    name: str
    budget: Decimal
    spent: Decimal
    remaining: Decimal
    percent: Decimal | None  # of the budget spent, one decimal; None without a budget
    over_budget: bool


@dataclass
class IncomeFigures:
    source: str  # "dues", "allocated", "subsidy", "other"
    label: str
    amount: Decimal


@dataclass
class ReviewFigures:
    title: str
    period: str
    reviewed_on: object
    conclusion: str  # 通过 / 有意见通过 / 不通过, or "" before the reviewers decide
    status: str
    signed: bool
    reviewers: list = field(default_factory=list)
    findings: str = ""


@dataclass
class FundsSummary:
    year: int
    dues_expected: Decimal = ZERO
    dues_collected: Decimal = ZERO
    dues_arrears: Decimal = ZERO
    members_in_arrears: int = 0
    categories: list = field(default_factory=list)
    income: list = field(default_factory=list)
    reviews: list = field(default_factory=list)

    @property
    def budget_total(self):
        return sum((c.budget for c in self.categories), ZERO)

    @property
    def expense_total(self):
        return sum((c.spent for c in self.categories), ZERO)

    @property
    def income_total(self):
        return sum((i.amount for i in self.income), ZERO)

    @property
    def balance(self):
        return self.income_total - self.expense_total

    @property
    def review(self):
        """The review to quote: the signed one covering the most of the year, else the latest."""
        signed = [r for r in self.reviews if r.signed]
        return (signed or self.reviews or [None])[-1]

    @property
    def is_empty(self):
        return not (self.dues_expected or self.budget_total or self.expense_total or self.income_total or self.reviews)


def year_summary(union, year):
    execution = budget_execution(union, year)
    dues = execution.dues
    members_in_arrears, reviews = arrears_and_reviews(union, year)
    summary = FundsSummary(
        year=year,
        dues_expected=dues["expected"],
        dues_collected=dues["collected"],
        dues_arrears=dues["arrears"],
        members_in_arrears=members_in_arrears,
        reviews=reviews,
    )
    summary.categories = [
        CategoryFigures(c.name, c.budget, c.year_spent, c.year_remaining, c.year_percent, c.over_budget)
        for c in execution.categories
    ]
    summary.income = [IncomeFigures(line.source, line.label, line.year) for line in execution.income]
    return summary


def arrears_and_reviews(union, year):
    """(members owing dues of `year`, [ReviewFigures] of the year's fund reviews), in one query.

    The query starts from the union's row, so it has a row even in a year without reviews: the count
    of members in arrears is a scalar subquery on it, and the year's reviews and their reviewers are
    LEFT JOINed to it, a row per reviewer, in the order end, start, id, and each review's reviewers
    in the order of names (pinyin, employee number, id).
    """
    first, last = whole_year(year)
    unpaid = Dues.objects.for_union(union).in_year(year).unpaid().order_by().values("union")
    rows = (
        Union.objects.filter(pk=union.pk)
        .annotate(
            in_arrears=Coalesce(Subquery(unpaid.annotate(n=Count("member", distinct=True)).values("n")), 0),
            # The reviews FundReview.objects.in_year(year) finds: a FilteredRelation takes no queryset.
            review=FilteredRelation("fundreview", condition=Q(fundreview__start__lte=last, fundreview__end__gte=first)),
        )
        .values("in_arrears", *(f"review__{name}" for name in REVIEW_FIELDS), "review__reviewers__name")
        .order_by("review__end", "review__start", "review__id", *name_order("review__reviewers__"))
    )
    in_arrears, reviews = 0, {}
    for row in rows:
        in_arrears = row["in_arrears"]
        if row["review__id"] is None:
            continue
        figures = reviews.get(row["review__id"])
        if figures is None:
            review = FundReview(**{name: row[f"review__{name}"] for name in REVIEW_FIELDS})
            figures = reviews[review.pk] = ReviewFigures(
                title=review.title,
                period=review.period_label,
                reviewed_on=review.reviewed_on,
                conclusion=review.get_conclusion_display() if review.conclusion else "",
                status=review.get_status_display(),
                signed=review.is_locked,
                findings=review.findings,
            )
        if row["review__reviewers__name"] is not None:
            figures.reviewers.append(row["review__reviewers__name"])
    return in_arrears, list(reviews.values())
