"""The money part of the year-end summary (年终总结): plain figures, no request, no HTML.

`year_summary(union, year)` runs six queries whatever the data size.
Dues figures are for the dues *of* the year (its twelve months), wherever they were paid;
income counts dues *collected in* the year, by payment date, like the budget execution.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from funds.execution import budget_execution
from funds.models import Dues, FundReview

ZERO = Decimal("0.00")


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
    summary = FundsSummary(
        year=year,
        dues_expected=dues["expected"],
        dues_collected=dues["collected"],
        dues_arrears=dues["arrears"],
        members_in_arrears=Dues.objects.for_union(union).in_year(year).unpaid().values("member").distinct().count(),
    )
    summary.categories = [
        CategoryFigures(c.name, c.budget, c.year_spent, c.year_remaining, c.year_percent, c.over_budget)
        for c in execution.categories
    ]
    summary.income = [IncomeFigures(line.source, line.label, line.year) for line in execution.income]
    reviews = (
        FundReview.objects.for_union(union).in_year(year).prefetch_related("reviewers").order_by("end", "start", "id")
    )
    summary.reviews = [
        ReviewFigures(
            title=r.title,
            period=r.period_label,
            reviewed_on=r.reviewed_on,
            conclusion=r.get_conclusion_display() if r.conclusion else "",
            status=r.get_status_display(),
            signed=r.is_locked,
            reviewers=[m.name for m in r.reviewers.all()],
            findings=r.findings,
        )
        for r in reviews
    ]
    return summary
