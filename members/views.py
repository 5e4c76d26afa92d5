"""Member records: the roster, one member's page and forms, the Excel import/export, birthdays."""

import calendar
import json
from collections import Counter
from copy import copy
from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import history, roster_import
from members.access import get_for_union, id_or_none, local_url, require_perm, union_required
from members.birthdays import birthday_table_rows, celebrations, month_bounds, month_page
from members.care import record_visit, standard_for
from members.filters import MemberFilter, roster_row_values, roster_rows, roster_table_rows
from members.forms import ColumnsForm, ConfirmImportForm, MemberForm, OwnPhoneForm, RosterImportForm
from members.member_edits import note_status_dates, save_member
from members.middleware import SESSION_UNION_KEY
from members.models import CareReason, CareVisit, HistoryEntry, Member, Union
from members.roles import POSITION_REFUSED, may_change_position
from members.versioning import StaleEdit

ROSTER_PAGE_SIZE = 50
BIRTHDAY_PAGE_SIZE = 100  # a union of 20,000 has ~1,700 birthdays a month

# Other apps add a section to the member page by shipping one of these partials (rendered with
# `member` and `can_see_private` in the context). They reach their rows through reverse relations
# (e.g. member.signups, member.dues), so `members` imports none of them.
MEMBER_SECTION_TEMPLATES = [
    "members/_account_section.html",
    "activities/_member_section.html",
    "funds/_member_section.html",
]


class RosterPaginator(Paginator):
    """Pages that stay fast deep into a large roster: the page's ids are picked from the index alone
    (LIMIT/OFFSET in a subquery), and only those 50 rows are joined to their department and group,
    each knowing whether another member shares its name (Member.label). A page in the second half is
    picked from the end, in the reverse order (the last page of 20,000 skips 0 index entries, not
    19,950); the rows are then read in the list's order."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count - top:
            ids = self.object_list.reverse().values("pk")[self.count - top:self.count - bottom]
        else:
            ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(list(self.object_list.filter(pk__in=ids).with_namesakes()), number, self)


def _existing_templates(names):
    found = []
    for name in names:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        found.append(name)
    return found


def _roster_queryset(request):
    return Member.objects.for_union(request.union).select_related("department", "group", "user")


# -- roster ---------------------------------------------------------------------------------------


@union_required
def roster(request):
    if not request.user.has_perm("members.view_member"):
        if request.member is not None and request.member.led_groups.exists():
            return redirect("members:my-group")
        raise PermissionDenied
    members = MemberFilter(request.GET, queryset=_roster_queryset(request), request=request)
    return render(request, "members/roster.html", {
        "filter": members,
        **roster_listing(members.qs, request.GET.get("page"), searched=bool(request.GET.get("q", "").strip())),
        "filtered": bool(request.GET.get("q"))
        or any(request.GET.get(name) for name in ("department", "group", "status", "gender", "position")),
        "ordering": request.GET.get("o", ""),
        "can_see_private": request.user.has_perm("members.view_sensitive_member"),
    })


SEARCH_FOUND_AT_ONCE = 1000  # members a search lists by their ids and statuses alone (roster_listing)


def roster_listing(members, page_number, searched=False):
    """What the roster shows of the filtered `members`: the counts by status, one page of rows as plain
    values (members/_roster_rows.html), and the page."""
    found = list(members.values_list("pk", "status")[:SEARCH_FOUND_AT_ONCE + 1]) if searched else []
    if searched and len(found) <= SEARCH_FOUND_AT_ONCE:
        # A search reads the whole union to find its members (no index holds "contains"): reading it once
        # for every found member's id and status, in the list's order, gives the counts, the total and
        # the page's ids, where counting and then picking the page read it twice.
        by_status = Counter(status for _pk, status in found)
        page = Paginator([pk for pk, _status in found], ROSTER_PAGE_SIZE).get_page(page_number)
        page.object_list = roster_rows(page.object_list)
    else:
        # One grouped query gives both the counts by status and the paginator's total. COUNT(*), not
        # COUNT(id): the whole union's counts are then read from the (union, status) index alone.
        by_status = dict(members.order_by().values_list("status").annotate(n=Count("*")))
        paginator = RosterPaginator(roster_row_values(members), ROSTER_PAGE_SIZE)
        paginator.count = sum(by_status.values())
        page = paginator.get_page(page_number)
    return {
        "counts": [(label, by_status[value]) for value, label in Member.Status.choices if by_status.get(value)],
        "rows": roster_table_rows(page.object_list),
        "page": page,
    }


@union_required
@permission_required("members.view_member", raise_exception=True)
def export(request):
    """The roster as filtered, as .xlsx in the import's columns: export → import changes nothing."""
    require_perm(request, "members.view_sensitive_member")  # the file holds phones and birth dates
    members = MemberFilter(request.GET, queryset=_roster_queryset(request), request=request).qs
    response = HttpResponse(
        roster_import.roster_workbook(members), content_type=roster_import.XLSX_CONTENT_TYPE
    )
    filename = f"members-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@union_required
def my_group(request):
    """A union-group leader's list of the group: names and departments, no contact data."""
    if request.member is None:
        raise PermissionDenied
    groups = list(request.member.led_groups.all())
    if not groups:
        raise PermissionDenied
    members = (
        Member.objects.for_union(request.union)
        .current()
        .filter(group__in=groups)
        .select_related("department", "group")
        .with_namesakes()
        .only("name", "employee_number", "department__name", "group__name", "status")
    )
    return render(request, "members/my_group.html", {"groups": groups, "members": members})


# -- one member -----------------------------------------------------------------------------------


def _get_member(request, pk):
    """The member, if the user may see the record: the committee, or the member themself."""
    member = get_for_union(request, _roster_queryset(request), pk=pk)
    if member != request.member and not request.user.has_perm("members.view_member"):
        raise PermissionDenied
    return member


@union_required
def detail(request, pk):
    member = _get_member(request, pk)
    own = member == request.member
    can_see_private = own or request.user.has_perm("members.view_sensitive_member")
    context = {
        "member": member,
        "own": own,
        "can_see_private": can_see_private,
        "member_sections": _existing_templates(MEMBER_SECTION_TEMPLATES),
        "today": timezone.localdate(),
    }
    if request.user.has_perm("members.view_carevisit"):
        context["visits"] = member.care_visits.for_union(request.union).prefetch_related(
            Prefetch("visitors", queryset=Member.objects.only("name"))
        )[:50]
    if request.user.has_perm("members.view_hardshiprecord"):
        context["hardship_records"] = member.hardship_records.for_union(request.union)
    if request.user.has_perm("members.view_historyentry"):
        context["history"] = HistoryEntry.objects.for_union(request.union).for_object(member)[:30]
    return render(request, "members/detail.html", context)


@union_required
@permission_required("members.add_member", raise_exception=True)
def create(request):
    form = MemberForm(
        request.POST or None, union=request.union, editor=request.user, instance=Member(union=request.union)
    )
    if request.method == "POST" and form.is_valid():
        member = form.save()
        history.record(
            member,
            request.user,
            HistoryEntry.Action.CREATE,
            history.snapshot(member, Member.history_fields()),
        )
        messages.success(request, _("%(name)s was added to the roster.") % {"name": member.name})
        return redirect(member)
    return render(request, "members/form.html", {"form": form})


@union_required
def edit(request, pk):
    """The committee edits the whole record; a member edits their own phone number."""
    member = _get_member(request, pk)
    if request.user.has_perm("members.change_member"):
        form = MemberForm(request.POST or None, union=request.union, editor=request.user, instance=member)
        fields = None
    elif member == request.member:
        form = OwnPhoneForm(request.POST or None, initial={"phone": member.phone})
        fields = ["phone"]
    else:
        raise PermissionDenied
    before = copy(member)  # as the editor opened it
    seen_version = request.POST.get("version", member.version)
    if request.method == "POST" and form.is_valid() and _position_allowed(request.user, form, before.position):
        if fields:
            member.phone = form.cleaned_data["phone"]
        else:
            member = form.save(commit=False)
            note_status_dates(member, before.status, timezone.localdate())
        try:
            save_member(member, request.user, seen_version, before=before, update_fields=fields)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("Saved."))
            return redirect(member)
    return render(request, "members/form.html", {"form": form, "member": member, "version": seen_version})


def _position_allowed(user, form, before_position):
    """A position grants a role (members/roles.py): nobody gives or takes away rights they lack."""
    if may_change_position(user, before_position, form.cleaned_data.get("position", before_position)):
        return True
    form.add_error("position", POSITION_REFUSED)
    return False


# -- Excel import ---------------------------------------------------------------------------------


def _can_import(request):
    require_perm(request, "members.add_member", "members.change_member", "members.view_sensitive_member")


@union_required
def import_roster(request):
    """Upload → preview with every problem, or with whom it adds and changes; nothing is saved here.
    The preview's column-mapping step posts back here with the kept file's token."""
    _can_import(request)
    if request.method == "POST" and "token" in request.POST:
        return _check_again(request)
    form = RosterImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        create_missing = form.cleaned_data["create_missing"]
        try:
            preview = roster_import.check_roster(
                request.union, upload, create_missing=create_missing, actor=request.user
            )
        except roster_import.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = roster_import.stash_upload(request, upload)
            context = _import_preview(request, preview, token, create_missing)
    status = 400 if request.method == "POST" and "preview" not in context and form.errors else 200
    return _import_page(request, context, status)


def _check_again(request):
    """The kept file read again with the sheet and columns the committee chose on the preview."""
    form = ColumnsForm(request.POST)
    upload = form.is_valid() and roster_import.take_stash(request, form.cleaned_data["token"])
    if not upload:
        messages.error(request, _("That import has expired. Please upload the file again."))
        return redirect("members:import")
    create_missing = form.cleaned_data["create_missing"]
    check = partial(
        roster_import.check_roster, request.union, upload, create_missing=create_missing, actor=request.user
    )
    try:
        preview = check(sheet=form.cleaned_data["sheet"], chosen=form.chosen())
    except roster_import.ImportFileError as error:
        messages.error(request, str(error))
        try:  # another sheet that holds no list: the file stays, read as it was
            preview = check(sheet=form.cleaned_data["shown_sheet"])
        except roster_import.ImportFileError:
            return redirect("members:import")
    token = roster_import.stash_upload(request, upload)
    return _import_page(request, _import_preview(request, preview, token, create_missing))


def _import_page(request, context, status=200):
    limits = {"max_rows": f"{roster_import.MAX_ROWS:,}", "max_mb": roster_import.MAX_UPLOAD_BYTES // (1024 * 1024)}
    return render(request, "members/import.html", {**context, **limits}, status=status)


def _import_preview(request, preview, token, create_missing):
    """The import page's context for a checked file: how it was read (sheet, header row, columns, with
    the form that maps them), its problems, or who is added and changed and the form that confirms
    exactly that; the upload form stays on the page for the next file."""
    table = preview.table
    context = {
        "form": RosterImportForm(initial={"create_missing": create_missing}),
        "preview": preview,
        "file_format": roster_import.FORMAT_NAMES.get(table.book.format, table.book.format),
        "sheet_name": table.book.sheet_names[table.sheet] if table.sheet < len(table.book.sheet_names) else "",
        "columns_form": ColumnsForm(
            columns=preview.columns, sheets=table.book.sheet_names, auto_id="columns_%s",
            initial={
                "token": token, "create_missing": create_missing, "sheet": table.sheet, "shown_sheet": table.sheet,
            },
        ),
    }
    if preview.ok:
        private = request.user.has_perm("members.view_sensitive_member")
        context["listing"] = roster_import.listing(preview, private=private)
        context["confirm"] = ConfirmImportForm(
            auto_id=False,  # hidden fields only, beside two other forms on the page
            initial={
                "token": token, "create_missing": create_missing, "digest": preview.digest(),
                "sheet": table.sheet, "columns": json.dumps(preview.chosen),
            }
        )
    return context


@union_required
@require_POST
def confirm_import(request):
    """Apply a clean preview: read the kept file again, check again, and save all rows or none, only
    if that is still what the preview showed. The kept file is used up either way; when the roster
    changed in between, the new preview keeps it again under a new token."""
    _can_import(request)
    form = ConfirmImportForm(request.POST)
    upload = form.is_valid() and roster_import.take_stash(request, form.cleaned_data["token"])
    if not upload:
        messages.error(request, _("That import has expired. Please upload the file again."))
        return redirect("members:import")
    create_missing = form.cleaned_data["create_missing"]
    try:
        preview = roster_import.check_roster(
            request.union, upload, create_missing=create_missing, actor=request.user,
            sheet=form.cleaned_data["sheet"], chosen=form.cleaned_data["columns"],
        )
    except roster_import.ImportFileError as error:  # e.g. a limit lowered since the preview
        messages.error(request, str(error))
        return redirect("members:import")
    if not preview.ok or preview.digest() != form.cleaned_data["digest"]:  # the roster changed since
        token = roster_import.stash_upload(request, upload)
        context = _import_preview(request, preview, token, create_missing)
        context["changed_since"] = True
        return _import_page(request, context, status=409)
    created, updated = roster_import.apply_roster(request.union, preview, request.user)
    messages.success(
        request,
        _("Import finished: %(created)s members added, %(updated)s updated.")
        % {"created": created, "updated": updated},
    )
    return redirect("members:roster")


@union_required
def import_template(request):
    _can_import(request)
    response = HttpResponse(roster_import.template_workbook(), content_type=roster_import.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="member-roster-template.xlsx"'
    return response


# -- birthdays ------------------------------------------------------------------------------------


def _year_month(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
    except ValueError as error:
        raise Http404 from error
    if not (1901 <= year <= 2099 and 1 <= month <= 12):
        raise Http404
    return year, month


@union_required
@permission_required("members.view_member", raise_exception=True)
def birthdays(request):
    year, month = _year_month(request)
    start, end = month_bounds(year, month)
    shown = {
        "today": timezone.localdate(),
        "next": request.get_full_path(),
        "can_greet": request.user.has_perm("members.add_carevisit"),
        "can_see_private": request.user.has_perm("members.view_sensitive_member"),
        "can_edit": request.user.has_perm("members.change_member"),  # completes a date known only to the month
    }
    page_number = request.GET.get("page")
    listing = birthday_listing(request.union, start, end, page_number, shown["today"])
    previous = date(year, month, 1).replace(day=1) - date.resolution
    following = end + date.resolution
    return render(
        request,
        "members/birthdays.html",
        {
            **listing,
            "year": year,
            "month": month,
            "month_start": start,
            "previous": previous,
            "following": following,
            **shown,
            "month_choices": range(1, 13),
            "calendar_month": calendar.monthrange(year, month)[1],
        },
    )


def birthday_listing(union, start, end, page_number, today):
    """The month's birthdays as the page shows them: one page of rows, the page (over a range), how
    many there are, how many were greeted and how many have no day (born in the month, the day not
    known: listed after the days)."""
    # Ordered, sliced and counted in SQL (members.birthdays): one query, whatever the union's size.
    page, counts = month_page(
        Member.objects.for_union(union).current(), start.year, start.month, page_number, BIRTHDAY_PAGE_SIZE
    )
    return {
        "rows": birthday_table_rows(
            celebrations(page.object_list, start.year), today, reverse("members:roster"), reverse("members:birthdays")
        ),
        "page": page,
        **counts,
    }


@union_required
@require_POST
@permission_required("members.add_carevisit", raise_exception=True)
def greet(request, pk):
    """Mark a birthday greeted: a care visit of reason birthday, on today's date."""
    member = get_for_union(request, Member, pk=pk)
    today = timezone.localdate()
    greeted = CareVisit.objects.for_union(request.union).filter(member=member, reason=CareReason.BIRTHDAY)
    if greeted.filter(date__year=today.year).exists():
        messages.info(request, _("%(name)s was already greeted this year.") % {"name": member.name})
    else:
        gift, amount = standard_for(request.union, CareReason.BIRTHDAY)
        visit = CareVisit(
            union=request.union,
            member=member,
            date=today,
            reason=CareReason.BIRTHDAY,
            gift=gift,
            amount=amount,
        )
        record_visit(visit, request.user, visitors=[request.member] if request.member else ())
        messages.success(request, _("Birthday greetings to %(name)s recorded.") % {"name": member.name})
    return redirect(local_url(request, request.POST.get("next", "")) or "members:birthdays")


def choose_union(request):
    """A superuser without a member record picks the union to work in."""
    if not request.user.is_superuser:
        raise PermissionDenied
    next_url = local_url(request, request.POST.get("next") or request.GET.get("next")) or "/"
    if request.method == "POST":
        union_id = request.POST.get("union", "")
        union = Union.objects.filter(pk=pk).first() if (pk := id_or_none(union_id)) else None
        if union:
            request.session[SESSION_UNION_KEY] = union.pk
            return redirect(next_url)
    return render(request, "members/choose_union.html", {"unions": Union.objects.all(), "next": next_url})
