from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds.dues import (
    arrears_grid,
    arrears_of,
    generate_dues,
    mark_paid,
    members_in_arrears,
    members_owing,
    month_totals,
    months_owed,
)
from funds.exports import arrears_workbook, xlsx_response
from funds.forms import BulkPaymentForm, DuesPaymentForm, GenerateDuesForm, month_or_none
from funds.models import Dues, PeriodLocked
from funds.views.common import check_year, keyset_page, query_without_page, record_page, safe_next
from members.access import get_for_union, id_or_none, require_perm, union_required
from members.history import save_recorded
from members.models import UnionGroup, name_order


def _default_month(year):
    today = timezone.localdate()
    return today.month if today.year == year else 12 if today.year > year else 1


def _dues_filtered(union, year, month, params):
    rows = Dues.objects.for_union(union).filter(year=year, month=month)
    status = params.get("status", "")
    if status == "unpaid":
        rows = rows.unpaid()
    elif status == "paid":
        rows = rows.paid()
    group = id_or_none(params.get("group"))
    if group is not None:
        rows = rows.filter(member__group_id=group)
    q = params.get("q", "").strip()
    if q:
        rows = rows.filter(Q(member__name__contains=q) | Q(member__employee_number=q))
    # Rooting the members in the union too lets the database walk the roster's index (pinyin, number).
    return rows.filter(member__union=union).select_related("member", "member__group")


@union_required
def dues(request, year):
    """The month's dues: who paid, who owes; generate, and mark paid one by one or in bulk."""
    require_perm(request, "funds.view_dues")
    check_year(year)
    month = month_or_none(request.GET.get("month")) or _default_month(year)
    months = month_totals(request.union, year)
    filtered = any(request.GET.get(k) for k in ("status", "group", "q"))
    rows = _dues_filtered(request.union, year, month, request.GET)
    page = keyset_page(
        request,
        rows,
        name_order("member__"),
        lambda row: (row.member.name_pinyin, row.member.employee_number, row.member_id),
        count=rows.count() if filtered else months[month - 1].rows,
    )
    return render(
        request,
        "funds/dues.html",
        {
            "year": year,
            "tab": "dues",
            "month": month,
            "page": page,
            "query": query_without_page(request),
            "months": months,
            "groups": UnionGroup.objects.for_union(request.union).order_by("name"),
            "generate_form": GenerateDuesForm(initial={"month": month}),
            "pay_form": DuesPaymentForm(),
            "filters": {k: request.GET.get(k, "") for k in ("status", "group", "q")},
        },
    )


@require_POST
@union_required
def generate(request, year):
    require_perm(request, "funds.add_dues")
    check_year(year)
    form = GenerateDuesForm(request.POST)
    month = month_or_none(request.POST.get("month"))
    back = reverse("funds:dues", args=[year]) + (f"?month={month}" if month else "")
    if not form.is_valid():
        messages.error(request, _("Choose a month or the whole year."))
        return redirect(back)
    try:
        result = generate_dues(request.union, year, form.months(), by=request.user)
    except PeriodLocked as error:
        messages.error(request, error.messages[0])
    except IntegrityError:
        messages.error(
            request,
            _("Someone else generated these dues at the same moment. Nothing was changed; please try again."),
        )
    else:
        level = messages.WARNING if result.without_wage_base else messages.SUCCESS
        messages.add_message(request, level, result.message)
    return redirect(back)


@require_POST
@union_required
def pay(request, year):
    """Mark the ticked dues paid (payroll deduction for a whole group, or a few cash payments)."""
    require_perm(request, "funds.change_dues")
    check_year(year)
    form = BulkPaymentForm(request.POST)
    back = safe_next(request, reverse("funds:dues", args=[year]))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    if request.POST.get("scope") == "filter":
        month = month_or_none(request.POST.get("month"))
        ids = _dues_filtered(request.union, year, month, request.POST).unpaid().order_by().values("pk")
    else:
        ids = form.cleaned_data["dues"]
    try:
        count = mark_paid(
            request.union, ids, form.cleaned_data["paid_on"], form.cleaned_data["method"], by=request.user
        )
    except PeriodLocked as error:
        messages.error(request, error.messages[0])
    else:
        if count:
            messages.success(request, _("%(count)d dues marked paid.") % {"count": count})
        else:
            messages.warning(request, _("Nothing was marked paid: tick the unpaid dues first."))
    return redirect(back)


@union_required
def dues_record(request, pk):
    row = get_for_union(request, Dues.objects.select_related("member", "member__group"), "funds.view_dues", pk=pk)
    form = None
    if request.user.has_perm("funds.change_dues") and not row.is_paid:
        form = DuesPaymentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                mark_paid(
                    request.union,
                    [row.pk],
                    form.cleaned_data["paid_on"],
                    form.cleaned_data["method"],
                    by=request.user,
                )
            except PeriodLocked as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Marked paid."))
                return redirect("funds:dues-record", pk=row.pk)
    back = reverse("funds:dues", args=[row.year]) + f"?month={row.month}"
    return record_page(
        request,
        row,
        form=form,
        title=str(row),
        back=back,
        year=row.year,
        tab="dues",
        extra={"can_unpay": row.is_paid and request.user.has_perm("funds.change_dues")},
    )


@require_POST
@union_required
def unpay(request, pk):
    """Undo a payment recorded by mistake (kept in the history)."""
    row = get_for_union(request, Dues, "funds.change_dues", pk=pk)
    if row.is_paid:
        row.paid_on, row.method = None, ""
        try:
            save_recorded(row, request.user, note=_("Payment undone"))
        except PeriodLocked as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The payment was undone."))
    return redirect("funds:dues-record", pk=row.pk)


def _arrears_filters(request):
    return id_or_none(request.GET.get("group")), month_or_none(request.GET.get("month"))


@union_required
def arrears(request, year):
    """Dues in arrears per union group and month, then the members who owe, with their months."""
    require_perm(request, "funds.view_dues")
    check_year(year)
    group, month = _arrears_filters(request)
    grid, total = arrears_grid(request.union, year)
    owing = Dues.objects.for_union(request.union).in_year(year).unpaid()
    owing = owing.filter(member__group_id=group) if group else owing
    owing = owing.filter(month=month) if month else owing
    page = keyset_page(
        request,
        members_owing(request.union, year, group, month),
        name_order(),
        lambda m: (m.name_pinyin, m.employee_number, m.pk),
        count=owing.values("member_id").distinct().count(),
    )
    page.object_list = arrears_of(request.union, year, page.object_list)
    return render(
        request,
        "funds/arrears.html",
        {
            "year": year,
            "tab": "arrears",
            "grid": grid,
            "total": total,
            "page": page,
            "query": query_without_page(request),
            "group": group,
            "month": month,
            # Only groups with arrears can be picked: the grid names them already (a query fewer).
            "groups": [row for row in grid if row.group_id],
            "month_numbers": range(1, 13),
        },
    )


@union_required
def arrears_xlsx(request, year):
    require_perm(request, "funds.view_dues")
    check_year(year)
    group, month = _arrears_filters(request)
    grid, total = arrears_grid(request.union, year)
    members = list(members_in_arrears(request.union, year, group, month))
    owed = months_owed(request.union, year, None)
    filename = _("dues in arrears %(year)d.xlsx") % {"year": year}
    return xlsx_response(arrears_workbook(request.union, year, grid, total, members, owed), filename)
