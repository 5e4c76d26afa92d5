"""The funds panel on the dashboard: this month's dues in arrears, the budget used, the fund review."""

from django.utils import timezone

from funds.execution import budget_execution
from funds.models import DuesMonthTotal, FundReview
from members.dashboard import Panel


def panels(request):
    if not request.user.has_perm("funds.view_totals") or request.union is None:
        return []
    today = timezone.localdate()
    union = request.union
    # An open (unsigned or reopened) review first: that is what needs attention.
    reviews = FundReview.objects.for_union(union).in_year(today.year)
    review = (
        reviews.exclude(status=FundReview.Status.SIGNED).order_by("-start").first() or reviews.order_by("-end").first()
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
                "total": budget_execution(union, today.year).total,
                "review": review,
            },
        )
    ]
