"""Income, expenses and the budget: lists per year and one page per record."""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities.models import Activity
from funds.execution import ZERO, budget_execution, income_lines
from funds.forms import BudgetLineForm, ExpenseForm, IncomeForm, month_or_none
from funds.models import BudgetLine, Expense, ExpenseCategory, Income
from funds.periods import month_span
from funds.views.common import (
    check_year,
    delete_record,
    paginate,
    query_without_page,
    record_page,
    safe_next,
    save_form,
)
from members.access import get_for_union, id_or_none, require_perm, union_required
from members.history import record
from members.models import CareVisit, HistoryEntry
from members.money import yuan

# --- income ------------------------------------------------------------------------------------


@union_required
def income(request, year):
    require_perm(request, "funds.view_income")
    check_year(year)
    rows = Income.objects.for_union(request.union).in_year(year).order_by("-date", "-id")
    return render(
        request,
        "funds/income.html",
        {
            "year": year,
            "tab": "income",
            "lines": income_lines(request.union, year),
            "page": paginate(request, rows),
            "query": query_without_page(request),
        },
    )


def _income_page(request, instance, form):
    year = (instance.date or timezone.localdate()).year
    back = reverse("funds:income", args=[year])
    if request.method == "POST" and form and form.is_valid():
        if save_form(request, form, _("Income saved.")):
            return redirect(back)
    title = str(instance) if instance.pk else _("Record income")
    return record_page(
        request,
        instance,
        form=form,
        title=title,
        back=back,
        year=year,
        tab="income",
        delete_url="funds:income-delete" if request.user.has_perm("funds.delete_income") else None,
    )


@union_required
def income_add(request):
    require_perm(request, "funds.add_income")
    instance = Income(union=request.union)
    form = IncomeForm(request.POST or None, instance=instance, initial={"date": timezone.localdate()})
    return _income_page(request, instance, form)


@union_required
def income_record(request, pk):
    instance = get_for_union(request, Income, "funds.view_income", pk=pk)
    form = IncomeForm(request.POST or None, instance=instance) if request.user.has_perm("funds.change_income") else None
    return _income_page(request, instance, form)


@require_POST
@union_required
def income_delete(request, pk):
    instance = get_for_union(request, Income, "funds.delete_income", pk=pk)
    return delete_record(request, instance, reverse("funds:income", args=[instance.date.year]))


# --- expenses ----------------------------------------------------------------------------------


@union_required
def expenses(request, year):
    require_perm(request, "funds.view_expense")
    check_year(year)
    rows = Expense.objects.for_union(request.union).in_year(year)
    category = request.GET.get("category", "")
    if (category_id := id_or_none(category)) is not None:
        rows = rows.filter(category_id=category_id)
    month = month_or_none(request.GET.get("month"))
    if month:
        rows = rows.filter(date__range=month_span(year, month))
    activity = id_or_none(request.GET.get("activity"))
    if activity is not None:
        rows = rows.filter(activity_id=activity)
    return render(
        request,
        "funds/expenses.html",
        {
            "year": year,
            "tab": "expenses",
            "total": rows.total(),
            "category": category,
            "month": month,
            "page": paginate(
                request,
                rows.select_related("category", "activity", "care_visit__member").order_by("-date", "-id"),
            ),
            "query": query_without_page(request),
            "month_numbers": range(1, 13),
            "categories": ExpenseCategory.objects.for_union(request.union),
        },
    )


def _category_named(union, name):
    return ExpenseCategory.objects.for_union(union).filter(name=name, active=True).first()


# Visits for hardship and the winter campaign are 维权支出 (困难职工帮扶, 送温暖); other visits are
# members' welfare, 职工活动支出. Only a default: the treasurer may pick another category.
HARDSHIP_REASONS = {CareVisit.Reason.HARDSHIP, CareVisit.Reason.WARMTH}


def spending_prefill(request):
    """The expense form's first values when opened from an activity or a care visit page."""
    activity_id, visit_id = id_or_none(request.GET.get("activity")), id_or_none(request.GET.get("care_visit"))
    if activity_id is not None:
        activity = get_for_union(request, Activity, "activities.view_activity", pk=activity_id)
        category = _category_named(request.union, "职工活动支出")
        return {
            "activity": activity.pk,
            "description": activity.title,
            "date": min(activity.start_date or timezone.localdate(), timezone.localdate()),
            "category": category.pk if category else None,
        }
    if visit_id is not None:
        # The treasurer pays for visits without reading the care archive: the expense names whom it was for.
        visit = get_for_union(request, CareVisit.objects.select_related("member"), pk=visit_id)
        name = "维权支出" if visit.reason in HARDSHIP_REASONS else "职工活动支出"
        category = _category_named(request.union, name)
        return {
            "care_visit": visit.pk,
            "date": visit.date,
            "amount": visit.amount,
            "payee": visit.member.name,
            "description": _("Care visit: %(member)s, %(reason)s")
            % {"member": visit.member.name, "reason": visit.get_reason_display()},
            "category": category.pk if category else None,
        }
    return {"date": timezone.localdate()}


def _expense_page(request, instance, form):
    year = (instance.date or timezone.localdate()).year
    back = safe_next(request, reverse("funds:expenses", args=[year]))
    if request.method == "POST" and form and form.is_valid():
        saved = save_form(request, form, _("Expense saved."))
        if saved:
            return redirect(safe_next(request, reverse("funds:expenses", args=[saved.date.year])))
    title = str(instance) if instance.pk else _("Record an expense")
    return record_page(
        request,
        instance,
        form=form,
        title=title,
        back=back,
        year=year,
        tab="expenses",
        delete_url="funds:expense-delete" if request.user.has_perm("funds.delete_expense") else None,
        extra={"next": request.POST.get("next") or request.GET.get("next", "")},
    )


@union_required
def expense_add(request):
    require_perm(request, "funds.add_expense")
    instance = Expense(union=request.union)
    form = ExpenseForm(request.POST or None, instance=instance, initial=spending_prefill(request), union=request.union)
    return _expense_page(request, instance, form)


@union_required
def expense_record(request, pk):
    instance = get_for_union(request, Expense, "funds.view_expense", pk=pk)
    form = None
    if request.user.has_perm("funds.change_expense"):
        form = ExpenseForm(request.POST or None, instance=instance, union=request.union)
    return _expense_page(request, instance, form)


@require_POST
@union_required
def expense_delete(request, pk):
    instance = get_for_union(request, Expense, "funds.delete_expense", pk=pk)
    return delete_record(request, instance, reverse("funds:expenses", args=[instance.date.year]))


# --- budget ------------------------------------------------------------------------------------


@union_required
def budget(request, year):
    require_perm(request, "funds.view_budgetline")
    check_year(year)
    lines = list(BudgetLine.objects.for_union(request.union).in_year(year).select_related("category", "approved_by"))
    return render(
        request,
        "funds/budget.html",
        {
            "year": year,
            "tab": "budget",
            "lines": lines,
            "total": sum((line.amount for line in lines), ZERO),
            "unapproved": [line for line in lines if not line.is_approved],
            "execution": budget_execution(request.union, year),
        },
    )


def _budget_page(request, instance, form, year):
    back = reverse("funds:budget", args=[year])
    if request.method == "POST" and form and form.is_valid():
        line = form.save(commit=False)
        if line.pk and form.has_changed():
            line.approved_by, line.approved_at = None, None  # a changed budget needs the chair again
        if save_form(request, form, _("Budget line saved.")):
            return redirect(back)
    title = str(instance) if instance.pk else _("Add a budget line")
    return record_page(
        request,
        instance,
        form=form,
        title=title,
        back=back,
        year=year,
        tab="budget",
        delete_url="funds:budget-delete" if request.user.has_perm("funds.delete_budgetline") else None,
    )


@union_required
def budget_add(request, year):
    require_perm(request, "funds.add_budgetline")
    check_year(year)
    instance = BudgetLine(union=request.union, year=year)
    form = BudgetLineForm(request.POST or None, instance=instance, union=request.union, year=year)
    return _budget_page(request, instance, form, year)


@union_required
def budget_record(request, pk):
    instance = get_for_union(request, BudgetLine.objects.select_related("category"), "funds.view_budgetline", pk=pk)
    form = None
    if request.user.has_perm("funds.change_budgetline"):
        form = BudgetLineForm(request.POST or None, instance=instance, union=request.union, year=instance.year)
    return _budget_page(request, instance, form, instance.year)


@require_POST
@union_required
def budget_delete(request, pk):
    instance = get_for_union(request, BudgetLine, "funds.delete_budgetline", pk=pk)
    return delete_record(request, instance, reverse("funds:budget", args=[instance.year]))


@require_POST
@union_required
def budget_approve(request, year):
    """The chair approves the year's budget lines that are not approved yet."""
    require_perm(request, "funds.approve_budgetline")
    check_year(year)
    lines = list(BudgetLine.objects.for_union(request.union).in_year(year).filter(approved_at__isnull=True))
    now = timezone.now()
    for line in lines:
        line.approved_by, line.approved_at = request.user, now
        line.save(update_fields=["approved_by", "approved_at", "updated_at"])
        record(line, request.user, HistoryEntry.Action.OTHER, note=_("Approved by the chair"))
    if lines:
        total = BudgetLine.objects.for_union(request.union).in_year(year).aggregate(total=Sum("amount"))["total"]
        messages.success(
            request, _("The %(year)d budget is approved: %(total)s in all.") % {"year": year, "total": yuan(total)}
        )
    return redirect("funds:budget", year=year)
