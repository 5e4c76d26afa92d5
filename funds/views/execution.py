from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from funds.charts import balance_chart, budget_chart
from funds.execution import budget_execution
from funds.exports import execution_workbook, xlsx_response
from funds.models import FundReview
from funds.views.common import check_year
from members.access import require_perm, union_required


@union_required
def index(request):
    require_perm(request, "funds.view_totals")
    return redirect("funds:year", year=timezone.localdate().year)


@union_required
def year(request, year):
    """/funds/<year>/: budget execution, income against expense, dues totals, the fund review."""
    require_perm(request, "funds.view_totals")
    check_year(year)
    execution = budget_execution(request.union, year)
    return render(
        request,
        "funds/year.html",
        {
            "year": year,
            "tab": "year",
            "execution": execution,
            "chart": budget_chart(execution),
            "balance": balance_chart(execution, _("Income"), _("Expense")),
            "dues": execution.dues,
            "reviews": FundReview.objects.for_union(request.union).in_year(year).order_by("start", "id"),
        },
    )


@union_required
def year_xlsx(request, year):
    require_perm(request, "funds.view_totals")
    check_year(year)
    execution = budget_execution(request.union, year)
    filename = _("budget execution %(year)d.xlsx") % {"year": year}
    return xlsx_response(execution_workbook(request.union, execution), filename)
