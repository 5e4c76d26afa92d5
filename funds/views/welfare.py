"""Welfare pages: the year's standard (慰问标准) and its exceptions, festival distributions (节日慰问)
with their sign-for lists, and the reason for a care payment over its cap."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from funds.distributions import create_distribution, sign_sheet_pdf, sign_sheet_xlsx, tick
from funds.models import CareCapReason, DistributionRecipient, FestivalDistribution, PeriodLocked, WelfareStandard
from funds.views.common import check_year, lock_of
from funds.welfare import (
    CAP_FIELDS,
    NATIONAL_FESTIVALS,
    OCCASION_LABELS,
    apply_preset,
    exceptions,
    poverty_share,
    standard_for,
)
from funds.welfare_forms import NO_CASH, CareCapReasonForm, DistributionForm, PresetForm, WelfareStandardForm
from members.access import get_for_union, require_perm, union_required
from members.downloads import attachment
from members.history import history_of, save_recorded
from members.models import CareVisit
from members.versioning import StaleEdit


@union_required
def welfare(request, year):
    """The year's standard (pick a preset, edit the amounts), its exceptions and the 帮扶 share."""
    check_year(year)
    require_perm(request, "funds.view_welfarestandard")
    standard = standard_for(request.union, year)
    may_edit = request.user.has_perm("funds.change_welfarestandard") and request.user.has_perm(
        "funds.add_welfarestandard"
    )
    instance = standard or WelfareStandard(union=request.union, year=year)
    preset_form, form = PresetForm(), WelfareStandardForm(instance=instance) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if "preset" in request.POST:
            preset_form = PresetForm(request.POST)
            if preset_form.is_valid():
                apply_preset(instance, preset_form.cleaned_data["preset"])
                applied = _("Preset applied: edit the amounts if yours differ.")
                return _save_standard(request, instance, None, year, applied)
        else:
            form = WelfareStandardForm(request.POST, instance=instance)
            if form.is_valid():
                saved = _save_standard(request, form.save(commit=False), form.cleaned_data.get("seen_version"), year,
                                       _("Welfare standard saved."), form)
                if saved:
                    return saved
    found = exceptions(request.union, *_year_span(year)) if standard else []
    poverty, total = poverty_share(request.union, year)
    return render(
        request,
        "funds/welfare.html",
        {
            "year": year,
            "tab": "welfare",
            "standard": standard,
            "caps": [(OCCASION_LABELS[n], getattr(standard, n)) for n in CAP_FIELDS] if standard else [],
            "national": NATIONAL_FESTIVALS,
            "form": form,
            "preset_form": preset_form if may_edit else None,
            "exceptions": found,
            "poverty": poverty,
            "poverty_total": total,
            "poverty_percent": (poverty * 100 / total).quantize(poverty) if total else None,
            "history": history_of(standard) if standard else [],
            "may_give_reasons": request.user.has_perm("funds.add_carecapreason"),
        },
    )


def _year_span(year):
    from datetime import date

    return date(year, 1, 1), date(year, 12, 31)


def _save_standard(request, instance, seen_version, year, message, form=None):
    try:
        save_recorded(instance, request.user, seen_version)
    except StaleEdit as error:
        if form is None:
            messages.error(request, str(error))
            return redirect("funds:welfare", year)
        form.add_error(None, str(error))
        return None
    messages.success(request, message)
    return redirect("funds:welfare", year)


@union_required
def distributions(request, year):
    check_year(year)
    require_perm(request, "funds.view_festivaldistribution")
    rows = (
        FestivalDistribution.objects.for_union(request.union)
        .filter(year=year)
        .annotate(
            people=Count("recipients"),
            signed=Count("recipients", filter=Q(recipients__signed_at__isnull=False)),
            total=Sum("recipients__amount"),
        )
        .order_by("-date", "-id")
    )
    return render(request, "funds/distributions.html", {"year": year, "tab": "welfare", "rows": rows})


@union_required
def distribution_add(request, year):
    check_year(year)
    require_perm(request, "funds.add_festivaldistribution", "funds.add_expense")
    standard = standard_for(request.union, year)
    if standard is None:
        messages.error(request, _("Choose the welfare standard for %(year)d first.") % {"year": year})
        return redirect("funds:welfare", year)
    instance = FestivalDistribution(union=request.union)
    form = DistributionForm(request.POST or None, instance=instance, union=request.union, standard=standard,
                            year=year, initial={"date": None})
    previewing = request.method == "POST" and "preview" in request.POST
    if request.method == "POST" and form.is_valid() and not previewing:
        distribution = form.save(commit=False)
        distribution.chosen_by = form.chosen_by()
        try:
            create_distribution(distribution, form.members, request.user, form.cleaned_data["category"])
        except (PeriodLocked, ValidationError) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Distribution saved: print the sign-for list."))
            return redirect("funds:distribution", distribution.pk)
    return render(
        request,
        "funds/distribution_form.html",
        {
            "year": year,
            "tab": "welfare",
            "form": form,
            "standard": standard,
            "members": form.members if request.method == "POST" else [],
            "over": form.over if request.method == "POST" else [],
            "previewing": request.method == "POST",
            "no_cash": NO_CASH,
        },
    )


def _distribution(request, pk, perm="funds.view_festivaldistribution"):
    return get_for_union(request, FestivalDistribution.objects.select_related("expense", "union"), perm, pk=pk)


@union_required
def distribution(request, pk):
    distribution = _distribution(request, pk)
    recipients = list(
        distribution.recipients.select_related("member__department").order_by(
            "member__name_pinyin", "member__employee_number", "member_id"
        )
    )
    return render(
        request,
        "funds/distribution.html",
        {
            "year": distribution.year,
            "tab": "welfare",
            "distribution": distribution,
            "recipients": recipients,
            "signed": sum(1 for r in recipients if r.signed_at),
            "total": sum((r.amount for r in recipients), 0),
            "may_tick": request.user.has_perm("funds.tick_festivaldistribution"),
            "lock": lock_of(distribution),
            "history": history_of(distribution),
        },
    )


@union_required
@require_POST
def distribution_sign(request, pk, recipient_id):
    """Tick (or untick) one member on the sign-for list; htmx swaps the row, a plain form reloads."""
    distribution = _distribution(request, pk, "funds.tick_festivaldistribution")
    recipient = get_for_union(
        request, DistributionRecipient.objects.select_related("member__department", "distribution"),
        distribution=distribution, pk=recipient_id,
    )
    tick(recipient, request.user, request.POST.get("signed") == "1")
    if request.htmx:
        counts = distribution.recipients.aggregate(
            total=Count("pk"), signed=Count("pk", filter=Q(signed_at__isnull=False))
        )
        return render(request, "funds/_distribution_row.html", {
            "r": recipient, "distribution": distribution, "may_tick": True, "n": request.POST.get("n", ""),
            "signed_count": counts,  # the heading's "n of m signed", swapped out of band
        })
    return redirect("funds:distribution", distribution.pk)


@union_required
def distribution_xlsx(request, pk):
    distribution = _distribution(request, pk)
    name = f"{distribution.festival}慰问签收表-{distribution.date:%Y%m%d}.xlsx"
    return attachment(sign_sheet_xlsx(distribution),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name)


@union_required
def distribution_pdf(request, pk):
    distribution = _distribution(request, pk)
    name = f"{distribution.festival}慰问签收表-{distribution.date:%Y%m%d}.pdf"
    return attachment(sign_sheet_pdf(distribution), "application/pdf", name)


@union_required
@require_POST
def visit_cap_reason(request, visit_id):
    """The reason a care visit's payment goes over the standard (the welfare page and the visit page)."""
    require_perm(request, "funds.add_carecapreason", "funds.change_carecapreason")
    visit = get_for_union(request, CareVisit.objects.select_related("member"), pk=visit_id)
    instance = CareCapReason.objects.filter(care_visit=visit).first() or CareCapReason(
        union=request.union, care_visit=visit
    )
    form = CareCapReasonForm(request.POST, instance=instance)
    back = _back(request, visit)
    if form.is_valid():
        try:
            save_recorded(form.save(commit=False), request.user, form.cleaned_data.get("seen_version"))
        except StaleEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Reason kept."))
    else:
        messages.error(request, form.errors["reason"][0])
    return redirect(back)


def _back(request, visit):
    from members.access import local_url

    return local_url(request, request.POST.get("next")) or reverse("funds:welfare", args=[visit.date.year])

