"""Final accounts (决算): the year's income and expenditure by the accounts of 《工会会计制度》, budget
against actual with the variance and the treasurer's explanation where it differs by more than 10%,
the welfare caps' exceptions, and the surplus (结余) carried from last year and on to next year.

Built on the budget execution (funds.execution): the same per-category figures, grouped by each
category's official account and sub-item. Plain data for the page, the Excel and the PDF; a fixed
number of queries whatever the data size.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from funds.charts import budget_chart
from funds.execution import CategoryExecution, Execution, category_lines, income_lines, percent
from funds.models import DuesMonthTotal, Expense, ExpenseCategory, FinalAccountsNote, FundSettings, Income, fen
from funds.official_accounts import ExpenseAccount, SubItem
from funds.welfare import exceptions

ZERO = Decimal("0.00")
THRESHOLD = Decimal("10")  # percent: a line further off its budget needs an explanation
UNMAPPED = "unmapped"


def welfare_exceptions(union, year):
    """The welfare caps' exceptions of the year: every care payment and festival gift over the
    province's standard, with the treasurer's reason (funds.welfare, issue 17 point 1)."""
    return exceptions(union, date(year, 1, 1), date(year, 12, 31))


@dataclass
class Line:
    key: str  # what an explanation is stored under: "account:<account>" or "category:<id>"
    label: str
    level: int  # 1: an account, 2: a sub-item or category under it
    budget: Decimal = ZERO
    actual: Decimal = ZERO
    explanation: str = ""
    note_id: int | None = None
    sub_item: str = ""

    @property
    def variance(self):
        return self.actual - self.budget

    @property
    def variance_percent(self):
        return percent(self.variance, self.budget)

    @property
    def needs_explanation(self):
        """More than 10% off the budget (or spending with no budget at all)."""
        if not self.budget:
            return self.actual > 0
        return abs(self.variance) * 100 > THRESHOLD * self.budget

    @property
    def missing_explanation(self):
        return self.needs_explanation and not self.explanation.strip()


@dataclass
class AccountBlock:
    line: Line
    items: list = field(default_factory=list)  # Lines of level 2 (only when there is more than the account)


@dataclass
class IncomeRow:
    key: str
    label: str
    amount: Decimal


@dataclass
class FinalAccounts:
    year: int
    union_name: str
    income: list = field(default_factory=list)  # IncomeRow
    expense: list = field(default_factory=list)  # AccountBlock
    carried_in: Decimal = ZERO
    exceptions: list = field(default_factory=list)
    unmapped: list = field(default_factory=list)  # names of categories with no official account

    @property
    def title(self):
        return _("%(union)s %(year)d statement of income and expenditure (final accounts)") % {
            "union": self.union_name,
            "year": self.year,
        }

    @property
    def income_total(self):
        return sum((row.amount for row in self.income), ZERO)

    @property
    def budget_total(self):
        return sum((block.line.budget for block in self.expense), ZERO)

    @property
    def expense_total(self):
        return sum((block.line.actual for block in self.expense), ZERO)

    @property
    def total_line(self):
        return Line("total", _("Total expenditure"), 1, self.budget_total, self.expense_total)

    @property
    def surplus(self):
        """本年结余: this year's income less this year's expenditure."""
        return self.income_total - self.expense_total

    @property
    def carried_out(self):
        """年末滚存结余: carried on to next year."""
        return self.carried_in + self.surplus

    def lines(self):
        for block in self.expense:
            yield block.line
            yield from block.items

    @property
    def unexplained(self):
        return [line for line in self.lines() if line.missing_explanation]

    @property
    def exceptions_over(self):
        return sum((e.over_by for e in self.exceptions), ZERO)

    def chart(self):
        """Budget against actual by account (funds.charts' style)."""
        return budget_chart(
            Execution(
                self.year,
                categories=[
                    CategoryExecution(name=b.line.label, budget=b.line.budget, year_spent=b.line.actual)
                    for b in self.expense
                ],
            )
        )


def carried_in(union, year, settings=None):
    """The surplus brought into `year`: the opening balance plus every earlier year's income (dues
    paid and other income) less its expenditure (three queries)."""
    settings = settings or FundSettings.for_union(union)
    before = date(year, 1, 1)
    dues = DuesMonthTotal.objects.for_union(union).filter(year__lt=year).aggregate(total=Sum("paid_in"))["total"]
    income = Income.objects.for_union(union).filter(date__lt=before).aggregate(total=Sum("amount"))["total"]
    spent = Expense.objects.for_union(union).filter(date__lt=before).aggregate(total=Sum("amount"))["total"]
    return settings.opening_balance + fen(dues) + fen(income) - fen(spent)


def _account_label(account):
    return ExpenseAccount(account).label if account else _("Not mapped to an official account")


def final_accounts(union, year):
    """The year's final accounts of `union` (about a dozen queries, whatever the data size)."""
    settings = FundSettings.for_union(union)
    mapping = {
        pk: (account, sub_item)
        for pk, account, sub_item in ExpenseCategory.objects.for_union(union).values_list("id", "account", "sub_item")
    }
    notes = {n.line: n for n in FinalAccountsNote.objects.for_union(union).in_year(year)}

    def line(key, label, level, budget=ZERO, actual=ZERO, sub_item=""):
        note = notes.get(key)
        return Line(
            key, str(label), level, budget, actual, note.explanation if note else "", note.pk if note else None,
            sub_item,
        )

    by_account = {}
    unmapped = []
    for c in category_lines(union, year):
        account, sub_item = mapping.get(c.category_id, ("", ""))
        if not account:
            unmapped.append(c.name)
        by_account.setdefault(account or UNMAPPED, []).append((c, sub_item))
    blocks = []
    order = [a.value for a in ExpenseAccount] + [UNMAPPED]
    for account in order:
        if account not in {a.value for a in ExpenseAccount} and account not in by_account:
            continue
        categories = by_account.get(account, [])
        budget = sum((c.budget for c, _s in categories), ZERO)
        actual = sum((c.year_spent for c, _s in categories), ZERO)
        block = AccountBlock(line(f"account:{account}", _account_label(account if account != UNMAPPED else ""),
                                  1, budget, actual))
        only_the_account = len(categories) == 1 and not categories[0][1]
        if categories and not only_the_account:
            sub_order = {s.value: i for i, s in enumerate(SubItem)}
            for c, sub_item in sorted(categories, key=lambda cs: (sub_order.get(cs[1], -1), cs[0].name)):
                label = c.name
                if sub_item and c.name != str(SubItem(sub_item).label):
                    label = f"{SubItem(sub_item).label}（{c.name}）"
                block.items.append(line(f"category:{c.category_id}", label, 2, c.budget, c.year_spent, sub_item))
        blocks.append(block)
    income = [IncomeRow(row.source, row.label, row.year) for row in income_lines(union, year, every_account=True)]
    return FinalAccounts(
        year=year,
        union_name=union.name,
        income=income,
        expense=blocks,
        carried_in=carried_in(union, year, settings),
        exceptions=welfare_exceptions(union, year),
        unmapped=unmapped,
    )


def line_label(union, year, key):
    """The label of the line `key` in the year's final accounts, or None when there is no such line."""
    for item in final_accounts(union, year).lines():
        if item.key == key:
            return item
    return None
