"""A small year of money whose figures were computed by hand (see the comments), to the fen."""

from datetime import date
from decimal import Decimal as D

from funds.models import BudgetLine, Dues, Expense, Income
from tests.factories import MemberFactory


def build(union, categories, other_union=None):
    activity, rights, business, capital, other = (
        categories[n] for n in ["职工活动支出", "维权支出", "业务支出", "资本性支出", "其他支出"]
    )
    for category, amount in [
        (activity, "10000.00"),
        (rights, "3000.00"),
        (business, "1500.50"),
        (capital, "2000.00"),
    ]:
        BudgetLine.objects.create(union=union, year=2026, category=category, amount=D(amount))
    BudgetLine.objects.create(union=union, year=2025, category=activity, amount=D("99999.00"))  # another year
    for day, category, amount in [
        (date(2026, 3, 8), activity, "1234.56"),
        (date(2026, 6, 30), activity, "2000.00"),  # last day of the first half
        (date(2026, 7, 1), activity, "3333.33"),
        (date(2025, 12, 31), activity, "999.99"),  # last year
        (date(2027, 1, 1), activity, "50.00"),  # next year
        (date(2026, 1, 1), rights, "3000.00"),
        (date(2026, 11, 30), rights, "0.01"),  # one fen over budget
        (date(2026, 5, 20), capital, "2500.00"),
        (date(2026, 9, 9), other, "88.88"),  # spent without a budget line
    ]:
        Expense.objects.create(union=union, date=day, category=category, amount=D(amount), payee="某", description="某")
    a, b = MemberFactory(union=union, name="甲"), MemberFactory(union=union, name="乙")
    for member, year, month, amount, paid_on in [
        (a, 2026, 1, "25.00", date(2026, 1, 15)),
        (a, 2026, 2, "25.00", date(2026, 7, 2)),  # paid late: second-half income
        (a, 2026, 3, "25.00", None),
        (b, 2025, 12, "30.00", date(2026, 1, 10)),  # last year's dues, this year's income
    ]:
        Dues.objects.create(
            union=union,
            member=member,
            year=year,
            month=month,
            wage_base=D("5000"),
            rate=D("0.50"),
            amount=D(amount),
            paid_on=paid_on,
            method="payroll" if paid_on else "",
        )
    for day, source, amount in [
        (date(2026, 3, 31), Income.Source.ALLOCATED, "10000.00"),
        (date(2026, 9, 30), Income.Source.ALLOCATED, "10000.00"),
        (date(2026, 6, 30), Income.Source.SUBSIDY, "500.50"),
        (date(2026, 12, 31), Income.Source.OTHER, "0.45"),
        (date(2025, 12, 31), Income.Source.ALLOCATED, "7777.00"),  # last year
    ]:
        Income.objects.create(union=union, date=day, source=source, amount=D(amount))
    if other_union is not None:  # the same kind of rows in another union must not count
        from funds.models import ExpenseCategory

        theirs = ExpenseCategory.objects.create(union=other_union, name="职工活动支出")
        BudgetLine.objects.create(union=other_union, year=2026, category=theirs, amount=D("1.00"))
        Expense.objects.create(
            union=other_union,
            date=date(2026, 3, 8),
            category=theirs,
            amount=D("555.55"),
            payee="某",
            description="某",
        )
        Income.objects.create(
            union=other_union, date=date(2026, 3, 31), source=Income.Source.ALLOCATED, amount=D("123.00")
        )


# Per category: budget, first-half spent, year spent (by hand from the rows above).
EXPECTED = {
    "职工活动支出": ("10000.00", "3234.56", "6567.89"),  # 1234.56 + 2000.00; + 3333.33
    "维权支出": ("3000.00", "3000.00", "3000.01"),
    "业务支出": ("1500.50", "0.00", "0.00"),
    "资本性支出": ("2000.00", "2500.00", "2500.00"),
    "其他支出": ("0.00", "0.00", "88.88"),
}
EXPECTED_PERCENT = {  # year spent / budget, to one decimal
    "职工活动支出": ("32.3", "65.7"),
    "维权支出": ("100.0", "100.0"),
    "业务支出": ("0.0", "0.0"),
    "资本性支出": ("125.0", "125.0"),
    "其他支出": (None, None),
}
OVER_BUDGET = {"维权支出", "资本性支出", "其他支出"}
TOTAL = ("16500.50", "8734.56", "12156.78")  # remaining 7765.94 / 4343.72; 52.9% / 73.7%
INCOME = {  # source: (first half, year)
    "dues": ("55.00", "80.00"),  # 25.00 (Jan 15) + 30.00 (Jan 10); + 25.00 (Jul 2)
    "allocated": ("10000.00", "20000.00"),
    "subsidy": ("500.50", "500.50"),
    "other": ("0.00", "0.45"),
}
INCOME_TOTAL = ("10555.50", "20580.95")
BALANCE = ("1820.94", "8424.17")
DUES = ("75.00", "50.00", "25.00")  # this year's dues: expected, collected, in arrears
