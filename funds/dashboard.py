"""The funds panel on the dashboard: this month's dues in arrears, the budget used, the fund review."""

from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from funds.execution import Execution, category_lines
from funds.models import DuesMonthTotal, FundReview
from members.dashboard import Panel


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
                "total": Execution(today.year, category_lines(union, today.year)).total,
                "review": review,
            },
        )
    ]
