"""Care work (committee): the hardship archive, the visit worklist, visits, occasions, standards."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import router, transaction
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.db.models.deletion import Collector
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import history
from members.access import get_for_union, require_perm, union_required
from members.care import (
    record_seasonal_visits,
    record_visit,
    standard_for,
    worklist,
)
from members.forms import (
    CareEventForm,
    CareSettingsForm,
    CareStandardForm,
    CareVisitForm,
    FestivalSettingsForm,
    HardshipRecordForm,
    SeasonalVisitForm,
)
from members.models import (
    CareEvent,
    CareReason,
    CareSettings,
    CareStandard,
    CareVisit,
    HardshipRecord,
    HistoryEntry,
    Member,
)
from members.versioning import StaleEdit

BAR_STEP = 34  # px from one reason of the visits chart to the next: its label and figures, its bar under them
VIEW_CARE = ("members.view_hardshiprecord", "members.view_carevisit", "members.view_sensitive_member")


@union_required
def index(request):
    """The hardship archive and the worklist of who is due a visit."""
    require_perm(request, *VIEW_CARE)
    today = timezone.localdate()
    work = worklist(request.union, today)
    gift, amount = standard_for(request.union, work.season.reason)
    due = {record.member_id for record in work.hardship}
    seasonal = SeasonalVisitForm(
        union=request.union,
        initial={
            "reason": work.season.reason,
            "date": today,
            "gift": gift,
            "amount": amount,
            "members": list(due),
        },
    )
    return render(
        request,
        "members/care.html",
        {
            "work": work,
            "hardship": work.current_hardship,
            "due": due,
            "seasonal": seasonal,
            "recent": CareVisit.objects.for_union(request.union).select_related("member")[:10],
            "settings": work.settings,
        },
    )


@union_required
@require_POST
def seasonal(request):
    """One action: a 送温暖 / 送清凉 visit for every selected member."""
    require_perm(request, "members.add_carevisit")
    form = SeasonalVisitForm(request.POST, union=request.union)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("members:care")
    data = form.cleaned_data
    count = record_seasonal_visits(
        request.union,
        list(data["members"]),
        reason=data["reason"],
        day=data["date"],
        gift=data["gift"],
        amount=data["amount"],
        visitors=[request.member] if request.member else [],
        actor=request.user,
    )
    messages.success(
        request,
        _("%(count)s visits recorded (%(reason)s).")
        % {"count": count, "reason": CareReason(data["reason"]).label},
    )
    return redirect("members:care")


# -- hardship records ------------------------------------------------------------------------------


@union_required
def hardship_form(request, pk=None):
    if pk is None:
        require_perm(request, "members.add_hardshiprecord")
        record = HardshipRecord(union=request.union, since=timezone.localdate())
    else:
        record = get_for_union(request, HardshipRecord, "members.change_hardshiprecord", pk=pk)
    if request.method == "GET" and pk is None and request.GET.get("member"):
        record.member = get_for_union(request, Member, pk=_int(request.GET["member"]))
    form = HardshipRecordForm(request.POST or None, union=request.union, instance=record)
    seen_version = request.POST.get("version", record.version)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        try:
            history.save_recorded(record, request.user, seen_version)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("The hardship record was saved."))
            return redirect("members:care")
    return render(
        request,
        "members/care_form.html",
        {
            "form": form,
            "version": seen_version if pk else None,
            "title": _("Edit hardship record") if pk else _("New hardship record"),
            "history": HistoryEntry.objects.for_union(request.union).for_object(record)[:20] if pk else None,
            "delete_url": reverse("members:hardship-delete", args=[pk])
            if pk and request.user.has_perm("members.delete_hardshiprecord") else "",
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


# -- visits --------------------------------------------------------------------------------------


@union_required
def visits(request):
    """The year's visits, with a chart of visits and amounts by reason."""
    require_perm(request, *VIEW_CARE)
    year = _int(request.GET.get("year", timezone.localdate().year))
    if not 1901 <= year <= 2099:
        raise Http404
    year_visits = CareVisit.objects.for_union(request.union).in_year(year)
    reason = request.GET.get("reason", "")
    listed = year_visits.filter(reason=reason) if reason in CareReason.values else year_visits
    page = Paginator(
        listed.select_related("member__department").prefetch_related(
            Prefetch("visitors", queryset=Member.objects.only("name"))
        ),
        50,
    ).get_page(request.GET.get("page"))
    by_reason = {
        row["reason"]: row
        for row in year_visits.order_by().values("reason").annotate(n=Count("id"), amount=Sum("amount"))
    }
    most = max([row["n"] for row in by_reason.values()] or [1])
    chart = [
        {
            "reason": value,
            "label": label,
            "n": by_reason.get(value, {}).get("n", 0),
            "amount": by_reason.get(value, {}).get("amount"),
            "percent": round(100 * by_reason.get(value, {}).get("n", 0) / most, 1),  # of the chart's width
        }
        for value, label in CareReason.choices
    ]
    for i, bar in enumerate(chart):
        bar["y"] = i * BAR_STEP
    totals = year_visits.aggregate(
        n=Count("id"), amount=Sum("amount"), reached=Count("member", distinct=True)
    )
    return render(
        request,
        "members/visits.html",
        {
            "page": page,
            "year": year,
            "chart": chart,
            "chart_height": len(chart) * BAR_STEP,
            "totals": totals,
            "reason": reason,
            "reasons": CareReason.choices,
        },
    )


@union_required
def visit(request, pk):
    require_perm(request, *VIEW_CARE)
    care_visit = get_for_union(
        request,
        CareVisit.objects.select_related("member__department", "event").prefetch_related("visitors"),
        pk=pk,
    )
    return render(
        request,
        "members/visit.html",
        {
            "visit": care_visit,
            "history": HistoryEntry.objects.for_union(request.union).for_object(care_visit)[:20],
        },
    )


@union_required
@require_POST
def visit_delete(request, pk):
    """Delete a visit recorded by mistake; its history keeps what it said."""
    care_visit = get_for_union(request, CareVisit, "members.delete_carevisit", pk=pk)
    if not _delete_with_history(request, care_visit):
        return redirect(care_visit)
    messages.success(request, _("The visit was deleted; its history keeps what it said."))
    return redirect("members:visits")


@union_required
@require_POST
def hardship_delete(request, pk):
    """Delete a hardship record entered by mistake; its history keeps what it said."""
    record = get_for_union(request, HardshipRecord, "members.delete_hardshiprecord", pk=pk)
    if not _delete_with_history(request, record):
        return redirect("members:hardship-edit", pk=pk)
    messages.success(request, _("The hardship record was deleted; its history keeps what it said."))
    return redirect("members:care")


def _delete_with_history(request, record):
    """Delete `record` with a history entry of what it held, unless other records point at it (an
    expense booked for a visit): those would lose the link, even in a reviewed period."""
    if _referred_to(record):
        messages.error(request, _("Other records refer to this one (such as an expense booked for it); it was kept."))
        return False
    history.record(record, request.user, HistoryEntry.Action.DELETE, history.snapshot(record))
    record.delete()
    return True


def _referred_to(record):
    """Whether deleting `record` would delete or change other rows (Django's own delete collector)."""
    collector = Collector(using=router.db_for_write(type(record)))
    collector.collect([record])
    changed = [rows for batches in collector.field_updates.values() for rows in batches]
    return len(collector.data) > 1 or any(rows.exists() if isinstance(rows, QuerySet) else rows for rows in changed)


@union_required
def visit_form(request, pk=None):
    if pk is None:
        require_perm(request, "members.add_carevisit")
        care_visit = CareVisit(union=request.union, date=timezone.localdate())
        initial = _visit_initial(request)
    else:
        care_visit = get_for_union(request, CareVisit, "members.change_carevisit", pk=pk)
        initial = {}
    form = CareVisitForm(request.POST or None, union=request.union, instance=care_visit, initial=initial)
    before = history.snapshot(care_visit) if pk else {}
    if request.method == "POST" and form.is_valid():
        care_visit = form.save(commit=False)
        if pk is None:
            if initial.get("event"):
                care_visit.event = initial["event"]
            record_visit(care_visit, request.user, visitors=form.cleaned_data["visitors"])
        else:
            care_visit.save()
            form.save_m2m()
            history.record(
                care_visit,
                request.user,
                HistoryEntry.Action.CHANGE,
                history.changes_between(before, history.snapshot(care_visit)),
            )
        messages.success(request, _("The visit was saved."))
        return redirect(care_visit)
    return render(
        request,
        "members/care_form.html",
        {
            "form": form,
            "title": _("Edit visit") if pk else _("Record a visit"),
            "standards": {
                s.reason: (s.gift, s.amount) for s in CareStandard.objects.for_union(request.union)
            },
        },
    )


def _visit_initial(request):
    """Prefill from the worklist link (?member=&reason=&event=) and the union's standard amount."""
    initial = {"visitors": [request.member.pk] if request.member else []}
    if request.GET.get("event"):
        event = get_for_union(request, CareEvent, pk=_int(request.GET["event"]))
        initial.update(member=event.member_id, reason=event.reason, event=event)
    if request.GET.get("member"):
        initial["member"] = get_for_union(request, Member, pk=_int(request.GET["member"])).pk
    reason = request.GET.get("reason") or initial.get("reason")
    if reason in CareReason.values:
        initial["reason"] = reason
        initial["gift"], initial["amount"] = standard_for(request.union, reason)
    return initial


@union_required
def event_form(request):
    """Record an occasion (hospital stay, birth, wedding, bereavement) so it stays on the worklist."""
    require_perm(request, "members.add_careevent")
    event = CareEvent(union=request.union, occurred_on=timezone.localdate())
    form = CareEventForm(request.POST or None, union=request.union, instance=event)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        history.record(event, request.user, HistoryEntry.Action.CREATE, history.snapshot(event))
        messages.success(request, _("The occasion was recorded; it stays on the worklist until a visit."))
        return redirect("members:care")
    return render(request, "members/care_form.html", {"form": form, "title": _("Record an occasion")})


# -- the union's standards -------------------------------------------------------------------------


@union_required
def care_settings(request):
    """Retirement ages, the union's 小年, and the standard gift and amount for each reason."""
    require_perm(
        request, "members.change_caresettings", "members.change_carestandard", "members.add_carestandard"
    )
    for reason in CareReason.values:  # one row per reason, so every reason can be given a standard
        CareStandard.objects.get_or_create(union=request.union, reason=reason)
    settings = CareSettings.of(request.union)
    ages = CareSettingsForm(request.POST or None, instance=settings, prefix="ages")
    festivals = FestivalSettingsForm(request.POST or None, instance=settings, prefix="festivals")
    # One row per reason and no more: a row posted beyond them is refused (validate_max), never saved
    # as a standard of no union (edit_only).
    rows = CareStandard.objects.for_union(request.union).order_by("id")
    Standards = modelformset_factory(
        CareStandard, form=CareStandardForm, extra=0, edit_only=True, max_num=rows.count(), validate_max=True,
    )
    standards = Standards(request.POST or None, queryset=rows, prefix="std")
    if request.method == "POST" and ages.is_valid() and festivals.is_valid() and standards.is_valid():
        with transaction.atomic():
            ages.save()  # the settings' one row, with the 小年 chosen (the two forms share the instance)
            standards.save()
        messages.success(request, _("The care settings were saved."))
        return redirect("members:care")
    return render(request, "members/care_settings.html", {"ages": ages, "festivals": festivals, "standards": standards})
