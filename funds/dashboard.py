"""The funds panel on the dashboard: this month's dues in arrears, the budget used, the fund review."""

from django.db.models import Case, F, Func, Q, Value, When
from django.utils import timezone

from funds.execution import MONEY, CategoryExecution
from funds.models import BudgetLine, DuesMonthTotal, Expense, FundReview, fen
from members.dashboard import Panel


def budget_used(union, year):
    """The year's whole budget and spending (a CategoryExecution of them all), summed by the database
    in one query, the two sums joined by UNION ALL: the panel shows the total only, not the budget
    execution's categories."""
    return used_of(figures(*spending(union, year)))


def budget_and_arrears(union, year, month):
    """`budget_used` and the month's dues in arrears (its DuesMonthTotal, or an empty one before the
    month is counted), in one query: the month's totals are one more row of the UNION ALL."""
    dues = DuesMonthTotal.objects.for_union(union).filter(year=year, month=month).order_by()
    rows = figures(*spending(union, year), dues.values_list(Value("arrears"), "arrears", "unpaid_rows"))
    counted = rows.get("arrears")
    month_total = DuesMonthTotal(arrears=counted[0], unpaid_rows=counted[1]) if counted else DuesMonthTotal()
    return used_of(rows), month_total


def spending(union, year):
    """The year's budget and its spending, each one row: (part, SUM(amount), 0); SUM as a plain function,
    so no GROUP BY."""
    def total(queryset, part):
        summed = Func(F("amount"), function="SUM", output_field=MONEY)
        return queryset.order_by().values_list(Value(part), summed, Value(0))

    budget = total(BudgetLine.objects.for_union(union).in_year(year), "budget")
    return budget, total(Expense.objects.for_union(union).in_year(year), "spent")


def figures(first, *rest):
    """{part: (amount, count)} of one-row parts (part, amount, count), read in one query."""
    return {part: (amount, n) for part, amount, n in first.union(*rest, all=True)}


def used_of(rows):
    return CategoryExecution(name="", budget=fen(rows["budget"][0]), year_spent=fen(rows["spent"][0]))


def panels(request):
    if not request.user.has_perm("funds.view_totals") or request.union is None:
        return []
    today = timezone.localdate()
    union = request.union
    total, arrears = budget_and_arrears(union, today.year, today.month)
    # An open (unsigned or reopened) review first, the latest begun: that is what needs attention;
    # else the signed review that ends last. One query.
    signed = Q(status=FundReview.Status.SIGNED)
    review = (
        FundReview.objects.for_union(union)
        .in_year(today.year)
        .order_by(
            Case(When(signed, then=Value(1)), default=Value(0)),
            Case(When(signed, then=F("end")), default=F("start")).desc(),
            "-id",
        )
        .first()
    )
    return [
        Panel(
            "funds/_dashboard_funds.html",
            order=60,
            context={
                "year": today.year,
                "month": today.month,
                "arrears": arrears,
                "total": total,
                "review": review,
            },
        )
    ]
