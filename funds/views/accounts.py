"""The 2% allocation register and the final accounts (决算) with their Excel and PDF."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds.accounts_forms import AllocationForm, FinalAccountsNoteForm
from funds.allocation import allocation_year, new_allocation
from funds.final_accounts import final_accounts as build_final_accounts
from funds.final_accounts import line_label
from funds.final_accounts_files import final_accounts_pdf as pdf_bytes
from funds.final_accounts_files import final_accounts_xlsx as xlsx_bytes
from funds.models import Allocation, FinalAccountsNote
from funds.views.common import check_year, delete_record, record_page, save_form
from members.access import get_for_union, require_perm, union_required
from members.downloads import PDF, XLSX, attachment

# --- the 2% allocation -------------------------------------------------------------------------


@union_required
def allocations(request, year):
    require_perm(request, "funds.view_allocation")
    check_year(year)
    register = allocation_year(request.union, year)
    return render(request, "funds/allocation.html", {"year": year, "tab": "allocations", "register": register})


def _allocation_page(request, instance, form):
    back = reverse("funds:allocations", args=[instance.year])
    if request.method == "POST" and form and form.is_valid():
        if save_form(request, form, _("Allocation saved.")):
            return redirect(back)
    return record_page(
        request,
        instance,
        form=form,
        title=str(instance) if instance.pk else _("Record the allocation of a month or quarter"),
        back=back,
        year=instance.year,
        tab="allocations",
        delete_url="funds:allocation-delete" if request.user.has_perm("funds.delete_allocation") else None,
    )


def _number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 12 else None


@union_required
def allocation_add(request, year):
    require_perm(request, "funds.add_allocation")
    check_year(year)
    period = request.GET.get("period")
    instance = new_allocation(
        request.union,
        year,
        period if period in Allocation.Period.values else None,
        _number(request.GET.get("number")),
    )
    form = AllocationForm(request.POST or None, instance=instance)
    return _allocation_page(request, instance, form)


@union_required
def allocation_record(request, pk):
    instance = get_for_union(request, Allocation, "funds.view_allocation", pk=pk)
    form = None
    if request.user.has_perm("funds.change_allocation"):
        form = AllocationForm(request.POST or None, instance=instance)
    elif request.method == "POST":
        require_perm(request, "funds.change_allocation")
    return _allocation_page(request, instance, form)


@require_POST
@union_required
def allocation_delete(request, pk):
    instance = get_for_union(request, Allocation, "funds.delete_allocation", pk=pk)
    return delete_record(request, instance, reverse("funds:allocations", args=[instance.year]))


# --- the final accounts ------------------------------------------------------------------------


@union_required
def final_accounts(request, year):
    require_perm(request, "funds.view_finalaccounts")
    check_year(year)
    accounts = build_final_accounts(request.union, year)
    return render(
        request,
        "funds/final_accounts.html",
        {"year": year, "tab": "final-accounts", "accounts": accounts, "chart": accounts.chart()},
    )


@union_required
def final_accounts_xlsx(request, year):
    require_perm(request, "funds.view_finalaccounts")
    check_year(year)
    accounts = build_final_accounts(request.union, year)
    return attachment(xlsx_bytes(accounts), XLSX, f"{accounts.title}.xlsx")


@union_required
def final_accounts_pdf(request, year):
    require_perm(request, "funds.view_finalaccounts")
    check_year(year)
    accounts = build_final_accounts(request.union, year)
    return attachment(pdf_bytes(accounts), PDF, f"{accounts.title}.pdf")


@union_required
def final_accounts_explain(request, year, line):
    """The treasurer's explanation of one line's variance, with its history."""
    require_perm(request, "funds.view_finalaccounts")
    check_year(year)
    item = line_label(request.union, year, line)
    if item is None:
        raise Http404
    instance = (
        FinalAccountsNote.objects.for_union(request.union).in_year(year).filter(line=line).first()
        or FinalAccountsNote(union=request.union, year=year, line=line)
    )
    perm = "funds.change_finalaccountsnote" if instance.pk else "funds.add_finalaccountsnote"
    form = None
    if request.user.has_perm(perm):
        form = FinalAccountsNoteForm(request.POST or None, instance=instance)
    elif request.method == "POST":
        require_perm(request, perm)
    back = reverse("funds:final-accounts", args=[year])
    if request.method == "POST" and form is not None and form.is_valid():
        if save_form(request, form, _("Explanation saved.")):
            return redirect(back)
    return record_page(
        request,
        instance,
        form=form,
        title=_("Explain the variance: %(line)s") % {"line": item.label},
        back=back,
        year=year,
        tab="final-accounts",
        extra={"line": item},
    )
