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
    def total(queryset, part):  # one row, (part, SUM(amount)); SUM as a plain function, so no GROUP BY
        summed = Func(F("amount"), function="SUM", output_field=MONEY)
        return queryset.order_by().annotate(part=Value(part), t=summed).values_list("part", "t")

    budget = total(BudgetLine.objects.for_union(union).in_year(year), "budget")
    sums = dict(budget.union(total(Expense.objects.for_union(union).in_year(year), "spent"), all=True))
    return CategoryExecution(name="", budget=fen(sums["budget"]), year_spent=fen(sums["spent"]))


def panels(request):
    if not request.user.has_perm("funds.view_totals") or request.union is None:
        return []
    today = timezone.localdate()
    union = request.union
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
                "arrears": DuesMonthTotal.objects.for_union(union).filter(year=today.year, month=today.month).first()
                or DuesMonthTotal(),
                "total": budget_used(union, today.year),
                "review": review,
            },
        )
    ]
