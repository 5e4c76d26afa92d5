"""The money part of the year-end summary (年终总结): plain figures, no request, no HTML.

`year_summary(union, year)` runs two queries whatever the data size: the budget execution's categories,
and one from the union's row for the rest (the dues month totals and the income by source summed in
scalar subqueries, the members in arrears, the fund reviews with their reviewers).
Dues figures are for the dues *of* the year (its twelve months), wherever they were paid;
income counts dues *collected in* the year, by payment date, like the budget execution.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from funds.execution import MONEY, category_lines
from funds.models import Dues, DuesMonthTotal, FundReview, Income, fen
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
    figures, reviews = union_figures(union, year)
    summary = FundsSummary(
        year=year,
        dues_expected=fen(figures["dues_expected"]),
        dues_collected=fen(figures["dues_collected"]),
        dues_arrears=fen(figures["dues_arrears"]),
        members_in_arrears=figures["in_arrears"],
        reviews=reviews,
    )
    summary.categories = [
        CategoryFigures(c.name, c.budget, c.year_spent, c.year_remaining, c.year_percent, c.over_budget)
        for c in category_lines(union, year)
    ]
    # As the budget execution lists them: dues income first, then the other sources.
    summary.income = [IncomeFigures("dues", _("Dues income"), fen(figures["dues_income"]))] + [
        IncomeFigures(source.value, str(source.label), fen(figures[f"income_{source.value}"]))
        for source in Income.Source
    ]
    return summary


def _sum(queryset, field):
    """(SELECT SUM(field) FROM queryset) for annotating the union's row: NULL when there are no rows."""
    rows = queryset.order_by().values("union").annotate(_total=Sum(field)).values("_total")
    return Subquery(rows[:1], output_field=MONEY)


def union_figures(union, year):
    """({dues and income figures, members in arrears}, [ReviewFigures] of the year's fund reviews), in
    one query: `arrears_and_reviews`' query with the year's sums as scalar subqueries on the union's row
    (the dues month totals, as funds.models.dues_figures adds them, and the income of each source)."""
    months = DuesMonthTotal.objects.for_union(union).filter(year=year)
    income = Income.objects.for_union(union).in_year(year)
    sums = {
        "dues_expected": _sum(months, "expected"),
        "dues_collected": _sum(months, "collected"),
        "dues_arrears": _sum(months, "arrears"),
        "dues_income": _sum(months, "paid_in"),
        **{f"income_{source.value}": _sum(income.filter(source=source), "amount") for source in Income.Source},
    }
    return arrears_and_reviews(union, year, sums)


def arrears_and_reviews(union, year, sums):
    """({"in_arrears": members owing dues of `year`, and each of `sums` (scalar subqueries)},
    [ReviewFigures] of the year's fund reviews), in one query.

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
            **sums,
            # The reviews FundReview.objects.in_year(year) finds: a FilteredRelation takes no queryset.
            review=FilteredRelation("fundreview", condition=Q(fundreview__start__lte=last, fundreview__end__gte=first)),
        )
        .values("in_arrears", *sums, *(f"review__{name}" for name in REVIEW_FIELDS), "review__reviewers__name")
        .order_by("review__end", "review__start", "review__id", *name_order("review__reviewers__"))
    )
    figures, reviews = {}, {}
    for row in rows:
        figures = {name: row[name] for name in ("in_arrears", *sums)}
        if row["review__id"] is None:
            continue
        review_figures = reviews.get(row["review__id"])
        if review_figures is None:
            review = FundReview(**{name: row[f"review__{name}"] for name in REVIEW_FIELDS})
            review_figures = reviews[review.pk] = ReviewFigures(
                title=review.title,
                period=review.period_label,
                reviewed_on=review.reviewed_on,
                conclusion=review.get_conclusion_display() if review.conclusion else "",
                status=review.get_status_display(),
                signed=review.is_locked,
                findings=review.findings,
            )
        if row["review__reviewers__name"] is not None:
            review_figures.reviewers.append(row["review__reviewers__name"])
    return figures, list(reviews.values())
