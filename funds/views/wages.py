"""Wage bases (工资基数): the list per year, one member's bases, and the Excel import."""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from funds.exports import xlsx_response
from funds.forms import MONTHS, WageBaseForm, month_or_none
from funds.models import FundSettings, WageBase
from funds.views.common import check_year, delete_record, paginate, query_without_page, save_form
from funds.wage_import import KIND, apply_wages, check_wages, wage_template
from members.access import get_for_union, require_perm, union_required
from members.forms import StyledForm
from members.history import history_of
from members.models import SEARCH_LENGTH, Member, name_order
from members.roster_import import MAX_ROWS, MAX_UPLOAD_BYTES, ImportFileError, stash_upload, take_stash


@union_required
def wages(request, year):
    require_perm(request, "funds.view_wagebase")
    check_year(year)
    members = (
        Member.objects.for_union(request.union)
        .current()
        .select_related("group")
        .prefetch_related(
            Prefetch(
                "wage_bases",
                queryset=WageBase.objects.filter(year=year).order_by("from_month"),
                to_attr="bases",
            )
        )
    )
    q = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    if q:
        members = members.filter(Q(name__contains=q) | Q(employee_number=q))
    exempt = FundSettings.for_union(request.union).exempt_statuses
    if request.GET.get("missing"):
        members = members.exclude(wage_bases__year=year).exclude(status__in=exempt)
    return render(
        request,
        "funds/wages.html",
        {
            "year": year,
            "tab": "wages",
            "page": paginate(request, members.order_by(*name_order())),
            "query": query_without_page(request),
            "q": q,
            "missing": bool(request.GET.get("missing")),
            "exempt": exempt,
        },
    )


@union_required
def wage_edit(request, year, member_id, pk=None):
    """Set one member's wage base for the year (from a month on)."""
    check_year(year)
    member = get_for_union(request, Member, "funds.view_wagebase", pk=member_id)
    if pk:
        # The reviewer reads every money record with its history (the list links here); only the
        # money keepers change one.
        base = get_for_union(request, WageBase.objects.filter(member=member, year=year), "funds.view_wagebase", pk=pk)
        if request.method == "POST":
            require_perm(request, "funds.change_wagebase")
    else:
        require_perm(request, "funds.add_wagebase")
        base = WageBase(union=request.union, member=member, year=year)
    form = WageBaseForm(request.POST or None, instance=base)
    back = reverse("funds:wages", args=[year])
    if request.method == "POST" and form.is_valid() and save_form(request, form, _("Wage base saved.")):
        return redirect(back)
    return render(
        request,
        "funds/wage_form.html",
        {
            "year": year,
            "tab": "wages",
            "form": form,
            "member": member,
            "base": base,
            "back": back,
            "others": WageBase.objects.for_union(request.union).filter(member=member, year=year).order_by("from_month"),
            "history": history_of(base) if base.pk else [],
        },
    )


LIMITS = {"max_rows": f"{MAX_ROWS:,}", "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}


class WageImportForm(StyledForm):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.xlsb,.ods,.csv"}),
    )
    from_month = forms.TypedChoiceField(label=gettext_lazy("Wage bases from"), coerce=int, choices=MONTHS, initial=1)


@union_required
def wage_import(request, year):
    """Upload → preview with every problem by row → confirm a clean preview → all rows saved at once."""
    require_perm(request, "funds.add_wagebase", "funds.change_wagebase")
    check_year(year)
    preview = token = None
    form = WageImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, year)
    if request.method == "POST" and form.is_valid():
        upload, from_month = form.cleaned_data["file"], form.cleaned_data["from_month"]
        try:
            preview = check_wages(request.union, upload, year, from_month)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if preview.ok:
                token = stash_upload(request, upload, kind=KIND)
    return render(
        request,
        "funds/wage_import.html",
        {
            "year": year,
            "tab": "wages",
            "form": form,
            "preview": preview,
            "token": token,
            **LIMITS,
        },
    )


def _confirm(request, year):
    """Apply a clean preview; the kept file is used up whether that succeeds or not."""
    from_month = month_or_none(request.POST.get("from_month"))
    upload = take_stash(request, request.POST.get("token", ""), kind=KIND) if from_month else None
    if upload is None:
        messages.error(request, _("The uploaded file has expired. Please upload it again."))
        return redirect("funds:wage-import", year=year)
    try:
        preview = check_wages(request.union, upload, year, from_month)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("funds:wage-import", year=year)
    if not preview.ok:  # the roster changed since the preview: show the problems again
        return render(
            request,
            "funds/wage_import.html",
            {
                "year": year,
                "tab": "wages",
                "form": WageImportForm(),
                "preview": preview,
                "token": None,
                **LIMITS,
            },
        )
    created, updated = apply_wages(request.union, preview, request.user)
    messages.success(
        request,
        _(
            "Imported: %(created)d wage bases added, %(updated)d changed. Generate the dues "
            "again to recalculate unpaid months."
        )
        % {"created": created, "updated": updated},
    )
    return redirect("funds:wages", year=year)


@union_required
def wage_template_xlsx(request, year):
    require_perm(request, "funds.view_wagebase")
    check_year(year)
    month = month_or_none(request.GET.get("month")) or 1
    filename = _("wage bases %(year)d.xlsx") % {"year": year}
    return xlsx_response(wage_template(request.union, year, month), filename)


@require_POST
@union_required
def wage_delete(request, pk):
    base = get_for_union(request, WageBase, "funds.delete_wagebase", pk=pk)
    return delete_record(request, base, reverse("funds:wages", args=[base.year]))
