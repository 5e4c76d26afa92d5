"""The funds panel on the dashboard: this month's dues in arrears, the budget used, the fund review."""

from django.db.models import Case, F, Q, Subquery, Sum, Value, When
from django.utils import timezone

from funds.execution import MONEY, CategoryExecution
from funds.models import BudgetLine, DuesMonthTotal, Expense, FundReview, fen
from members.dashboard import Panel
from members.models import Union


def budget_used(union, year):
    """The year's whole budget and spending (a CategoryExecution of them all), summed by the database
    in one query: the panel shows the total only, not the budget execution's categories."""
    def total(queryset, field):
        return Subquery(queryset.order_by().values("union").annotate(t=Sum(field)).values("t")[:1], output_field=MONEY)

    sums = (
        Union.objects.filter(pk=union.pk)
        .values(
            budget=total(BudgetLine.objects.for_union(union).in_year(year), "amount"),
            spent=total(Expense.objects.for_union(union).in_year(year), "amount"),
        )
        .get()
    )
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
