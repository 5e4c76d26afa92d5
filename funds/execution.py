"""Budget execution (预算执行情况): budget against spending per category, for the first half and the
year, and income against expense — summed by the database in three queries whatever the data size.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from funds.models import BudgetLine, Expense, ExpenseCategory, Income, dues_figures, fen
from funds.periods import first_half, whole_year

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def percent(part, whole):
    """part / whole as a percentage to one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class CategoryExecution:
    name: str
    budget: Decimal = ZERO
    first_half_spent: Decimal = ZERO
    year_spent: Decimal = ZERO
    category_id: int | None = None
    approved: bool = False

    @property
    def first_half_remaining(self):
        return self.budget - self.first_half_spent

    @property
    def year_remaining(self):
        return self.budget - self.year_spent

    @property
    def first_half_percent(self):
        return percent(self.first_half_spent, self.budget)

    @property
    def year_percent(self):
        return percent(self.year_spent, self.budget)

    @property
    def over_budget(self):
        return self.year_spent > self.budget

    @property
    def first_half_over_budget(self):
        return self.first_half_spent > self.budget


@dataclass
class IncomeLine:
    source: str
    label: str
    first_half: Decimal = ZERO
    year: Decimal = ZERO


@dataclass
class Execution:
    year: int
    categories: list = field(default_factory=list)
    income: list = field(default_factory=list)
    dues: dict = field(default_factory=dict)  # funds.models.dues_figures

    @property
    def total(self):
        return CategoryExecution(
            name="",
            budget=sum((c.budget for c in self.categories), ZERO),
            first_half_spent=sum((c.first_half_spent for c in self.categories), ZERO),
            year_spent=sum((c.year_spent for c in self.categories), ZERO),
        )

    @property
    def income_first_half(self):
        return sum((line.first_half for line in self.income), ZERO)

    @property
    def income_year(self):
        return sum((line.year for line in self.income), ZERO)

    @property
    def expense_first_half(self):
        return self.total.first_half_spent

    @property
    def expense_year(self):
        return self.total.year_spent

    @property
    def balance_first_half(self):
        return self.income_first_half - self.expense_first_half

    @property
    def balance_year(self):
        return self.income_year - self.expense_year

    @property
    def over_budget(self):
        return [c for c in self.categories if c.over_budget]

    @property
    def is_empty(self):
        return not any(c.budget or c.year_spent for c in self.categories) and not self.income_year


def category_budget(year):
    """An expense category's budget for `year` (0 without a budget line), beside each category."""
    return Coalesce(
        Subquery(BudgetLine.objects.filter(category=OuterRef("pk"), year=year).values("amount")[:1],
                 output_field=MONEY),
        Value(ZERO),
        output_field=MONEY,
    )


def category_spent(start, end):
    """An expense category's spending from `start` to `end` (0 without any), beside each category."""
    return _spent(OuterRef("pk"), start, end)


def is_listed(active, budget, spent):
    """A category is listed while in use, and afterwards for a year it has a budget or spending in."""
    return bool(active or budget or spent)


def _spent(category, start, end):
    return Coalesce(
        Subquery(
            Expense.objects.filter(category=category, date__range=(start, end))
            .values("category")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def budget_execution(union, year):
    """The year's budget execution for `union` (three queries: categories, dues, income)."""
    execution = Execution(year=year, categories=category_lines(union, year))
    execution.dues = dues_figures(union, year)
    execution.income = income_lines(union, year, execution.dues)
    return execution


def category_lines(union, year):
    """Budget and spending of each expense category in use (one query): `Execution(year,
    categories=...).total` is the whole budget used, without the dues and income queries."""
    h1, whole = first_half(year), whole_year(year)
    budget_line = BudgetLine.objects.filter(category=OuterRef("pk"), year=year)
    categories = (
        ExpenseCategory.objects.for_union(union)
        .annotate(
            budget=category_budget(year),
            approved=Subquery(budget_line.values("approved_at")[:1]),
            h1_spent=category_spent(*h1),
            year_spent=category_spent(*whole),
        )
        .order_by("order", "name")
    )
    lines = []
    for c in categories:
        if is_listed(c.active, c.budget, c.year_spent):
            lines.append(
                CategoryExecution(
                    name=c.name,
                    budget=fen(c.budget),
                    first_half_spent=fen(c.h1_spent),
                    year_spent=fen(c.year_spent),
                    category_id=c.pk,
                    approved=c.approved is not None,
                )
            )
    return lines


# Official income accounts few grassroots unions have: listed only when there is such income, except
# in the final accounts (every_account), which show every account.
OCCASIONAL_SOURCES = {Income.Source.ADMIN, Income.Source.BUSINESS, Income.Source.INVESTMENT}


def income_lines(union, year, dues=None, every_account=False):
    """Income by source: dues income summed from paid dues, then the other sources."""
    dues = dues or dues_figures(union, year)
    lines = [IncomeLine("dues", _("Dues income"), dues["income_first_half"], dues["income_year"])]
    by_source = {
        row["source"]: row
        for row in Income.objects.for_union(union)
        .in_year(year)
        .values("source")
        .annotate(h1=Sum("amount", filter=Q(date__lte=date(year, 6, 30))), year=Sum("amount"))
        .order_by()
    }
    for source in Income.Source:
        row = by_source.get(source.value, {})
        if source in OCCASIONAL_SOURCES and not row.get("year") and not every_account:
            continue
        lines.append(IncomeLine(source.value, str(source.label), fen(row.get("h1")), fen(row.get("year"))))
    return lines
