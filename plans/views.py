from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import id_or_none, require_perm, union_required
from members.history import record
from members.models import HistoryEntry
from members.versioning import StaleEdit, save_versioned
from members.versions import fragment, revalidated
from plans import editing, outline, paste, rollover, snapshots
from plans.forms import (
    ApproveForm,
    NewPlanForm,
    PasteForm,
    PlanTextsForm,
    ProgressForm,
    ReasonForm,
    ReturnForm,
    outline_formset,
)
from plans.large_posts import accepts_fields
from plans.models import AnnualPlan, PlanItem, PlanSnapshot, PlanStateError
from plans.starters import STARTERS, default_title

VIEW, CHANGE, ADD, APPROVE = (
    "plans.view_annualplan",
    "plans.change_annualplan",
    "plans.add_annualplan",
    "plans.approve_annualplan",
)
ROWS = "rows"  # the outline formset's prefix


def get_plan(request, year, perm=VIEW):
    """The union's plan for `year` if the user may see it (drafts only for the committee), else 404."""
    require_perm(request, perm)
    plans = AnnualPlan.objects.for_union(request.union).visible_to(request.user)
    return get_object_or_404(plans, year=year)


def plan_url(plan, anchor=""):
    return reverse("plans:detail", args=[plan.year]) + (f"#{anchor}" if anchor else "")


def progress_url(plan, pk, prefix=None):
    """plans:item-progress of item `pk`, from the plan's URL (`prefix`, when it is at hand): a
    reverse() a row (60 µs) cost the committee's page 15 ms."""
    return f"{prefix or plan_url(plan)}items/{pk}/progress/"


def document_rows(plan, rows, can_track):
    """The outline's rows as plans/_rows.html prints them; the committee's carry their progress URL."""
    if can_track:
        prefix = plan_url(plan)
        for row in rows:
            row["progress_url"] = progress_url(plan, row["pk"], prefix)
    return rows


@union_required
def plan_list(request):
    require_perm(request, VIEW)
    plans = list(AnnualPlan.objects.for_union(request.union).visible_to(request.user))
    progress = PlanItem.objects.progress_by_plan(plans, timezone.localdate())
    rows = [(plan, progress[plan.pk]) for plan in plans]
    context = {"rows": rows, "can_add": request.user.has_perm(ADD)}
    if context["can_add"]:
        years = {plan.year for plan in plans}
        this_year = timezone.localdate().year
        free = next(y for y in (this_year, this_year + 1, *range(this_year + 2, this_year + 50)) if y not in years)
        context["new_form"] = NewPlanForm(union=request.union, initial={"year": free})
        context["latest"] = next((p for p in plans if p.year + 1 not in years), None)
    return render(request, "plans/plan_list.html", context)


def plan_content(request, plan, printable, can_track, today):
    """The plan page's content as HTML: its state and actions, the document (foreword, fixed parts,
    numbered rows) and the progress."""
    # Plain values, not PlanItems: this page only reads them (a fifth of its CPU went on building instances).
    tree = outline.for_plan(plan, [outline.Line(PlanItem, plan, values) for values in plan.items.lines()], today)
    rows = document_rows(plan, tree.rows, can_track)
    return render_to_string("plans/_print.html" if printable else "plans/_detail.html", {
        "plan": plan,
        "outline": tree,
        "rows": rows,
        "fixed_parts": outline.fixed_parts(plan),
        "parts": [row for row in rows if row["is_part"] and row["progress"]],
        "printable": printable,
        "can_track": can_track,
        "can_change": request.user.has_perm(CHANGE),
        "can_approve": request.user.has_perm(APPROVE),
        "revising": plan.is_editable and plan.snapshots.exists(),  # a draft that was approved before
    }, request=request)


LAST_YEAR = 32767  # the year column's largest value (validators: 2000–2100)


@union_required
@revalidated("plans", "members")
def plan_detail(request, year, printable=False):
    require_perm(request, VIEW)
    # A year past the column's range is no plan's (the ORM would say so; a database driver raises).
    plans = AnnualPlan.objects.filter(union=request.union, year=year).select_related("approved_by")
    plan = plans.first() if year < LAST_YEAR else None
    if plan is None:
        raise Http404
    if not plan.is_visible_to(request.user):
        # While the committee revises an approved plan, members read the version last approved.
        latest = plan.snapshots.order_by("-number").first()
        if latest is None:
            raise Http404
        return redirect("plans:version", year=year, number=latest.number)
    today = timezone.localdate() if plan.is_trackable else None
    can_track = request.user.has_perm(CHANGE) and plan.is_trackable and not printable
    render_content = lambda: plan_content(request, plan, printable, can_track, today)  # noqa: E731
    if can_track or request.user.has_perm(CHANGE) or request.user.has_perm(APPROVE):
        content = render_content()  # forms: never cached
    else:  # a reader's page, until the plan or the members change
        union = request.union
        content = fragment(
            "plans.detail",
            [plan.pk, union.plans_version, union.members_version, printable, today, get_language()],
            render_content,
        )
    return render(request, "plans/print.html" if printable else "plans/plan_detail.html",
                  {"plan": plan, "content": content})


@union_required
def plan_print(request, year):
    return plan_detail(request, year, printable=True)


@accepts_fields(editing.POST_FIELDS)  # the whole outline is one form: more fields than the global limit
@union_required
def plan_edit(request, year):
    plan = get_plan(request, year, CHANGE)
    if not plan.is_editable:
        messages.info(request, _("Only a draft is edited. To change an approved plan, revise it first."))
        return redirect(plan_url(plan))
    try:
        scope = editing.Scope.of(plan, request.GET.get("part"))
    except LookupError:
        raise Http404 from None
    editor = Editor(request, plan, scope)
    if request.method != "POST":
        return editor.render(PlanTextsForm(instance=plan, initial={"version": plan.version}), scope.rows())
    texts = PlanTextsForm(request.POST, instance=plan)
    formset = editor.formset(request.POST)
    rows = editing.posted_rows(request.POST, ROWS, formset.total_form_count())
    op, _sep, index = request.POST.get("op", "").partition(":")
    if op:  # a row's button: rearrange, show again, save nothing
        focus = editing.apply_op(rows, op, -1 if (i := id_or_none(index)) is None else i)
        return editor.render(texts, rows, focus=focus, data=editing.rows_as_data(request.POST, rows, ROWS))
    if not (texts.is_valid() and formset.is_valid()):
        return editor.render(texts, rows, formset=formset, status=400)
    kept, removed = formset.rows()
    try:
        editing.save_outline(
            plan,
            texts.cleaned_data,
            kept,
            removed,
            request.user,
            texts.cleaned_data["version"],
            scope_ids=scope.ids,
        )
    except StaleEdit:
        messages.error(
            request,
            _(
                "Someone else saved this plan after you opened it. Your changes were "
                "not saved and nothing was overwritten."
            ),
        )
        return editor.render(texts, rows, formset=formset, stale=True, status=409)
    messages.success(request, _("The plan was saved."))
    return redirect(plan_url(plan))


class Editor:
    """Renders the outline editor for a plan (or one part of it) from rows as they stand."""

    def __init__(self, request, plan, scope):
        self.request, self.plan, self.scope = request, plan, scope
        self.FormSet = outline_formset(plan)

    def formset(self, data):
        return self.FormSet(data, prefix=ROWS, plan=self.plan, existing_ids=self.scope.ids)

    def render(self, texts, rows, formset=None, data=None, focus=None, stale=False, status=200):
        formset = formset or self.formset(data or editing.rows_as_data({}, rows, ROWS))
        owners = {str(pk): name for pk, name in self.FormSet.owners}
        numbers = editing.working_outline(self.plan, rows, self.scope.first_part)
        summaries = [editing.row_summary(row, owners) for row in rows]
        context = {
            "plan": self.plan,
            "texts": texts,
            "formset": formset,
            "stale": stale,
            "focus": focus,
            "show_errors": status != 200,
            "scope": self.scope,
            "fixed_parts": outline.fixed_parts(self.plan),
            "rows": list(zip(formset.forms, numbers, rows, summaries, strict=True)),
        }
        return render(self.request, "plans/plan_edit.html", context, status=status)


@union_required
@require_http_methods(["GET", "POST"])
def item_progress(request, year, pk):
    plan = get_plan(request, year, CHANGE)
    item = get_object_or_404(PlanItem.objects.for_union(request.union), plan=plan, pk=pk)
    if not plan.is_trackable:
        return HttpResponseBadRequest(_("A closed plan is no longer tracked."))
    if request.method == "GET":
        # The form, fetched into the row when its 更新进度 is opened; without JavaScript, a page of its own.
        template = "plans/_progress_form.html" if request.htmx else "plans/item_progress.html"
        context = {"plan": plan, "item": item, "plan_url": plan_url(plan), "progress_url": progress_url(plan, item.pk),
                   "in_row": bool(request.htmx)}
        return render(request, template, context)
    before = {"status": item.get_status_display(), "note": item.progress_note, "outcome": item.outcome}
    form = ProgressForm(request.POST, instance=item)
    error = None
    if form.is_valid():
        if item.status == PlanItem.Status.DONE and not item.done_on:
            item.done_on = timezone.localdate()
        elif item.status != PlanItem.Status.DONE:
            item.done_on = None
        try:
            save_versioned(
                item,
                form.cleaned_data["version"],
                update_fields=["status", "progress_note", "outcome", "done_on", "updated_at"],
            )
        except StaleEdit as stale:
            error = str(stale)
        else:
            _record_progress(plan, item, before, request.user)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.htmx:
        item.refresh_from_db()
        tree = outline.for_plan(plan, today=timezone.localdate())
        entry = next(e for e in tree.entries if e.item.pk == item.pk)
        return render(
            request,
            "plans/_rows.html",
            {
                "rows": document_rows(plan, [entry.row], can_track=True),
                "plan": plan,
                "can_track": True,
                "answer": {"error": error},
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Progress saved."))
    return redirect(plan_url(plan, f"item-{item.pk}"))


def _record_progress(plan, item, before, user):
    after = {"status": item.get_status_display(), "note": item.progress_note, "outcome": item.outcome}
    labels = {"status": _("status"), "note": _("progress note"), "outcome": _("what came of it")}
    changes = {
        f"{item.text[:40]} · {labels[key]}": [str(before[key]), str(after[key])]
        for key in labels
        if str(before[key]) != str(after[key])
    }
    if changes:
        record(plan, user, "change", changes, note=_("Progress update"))


# The workflow


def _workflow(request, year, perm, action, form_class=None, template=None, **call):
    plan = get_plan(request, year, perm)
    if not plan.can(action):
        messages.error(request, _("The plan is no longer in a state that allows this."))
        return redirect(plan_url(plan))
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            call["run"](plan, form.cleaned_data if form else {})
        except PlanStateError as error:
            messages.error(request, str(error))
        return redirect(plan_url(plan))
    if form is None:
        return redirect(plan_url(plan))
    return render(
        request,
        template,
        {"plan": plan, "form": form, "action": action},
        status=400 if request.method == "POST" else 200,
    )


@union_required
@require_POST
def plan_submit(request, year):
    def run(plan, data):
        plan.submit(request.user)
        messages.success(request, _("The plan was submitted for approval."))

    return _workflow(request, year, CHANGE, "submit", run=run)


@union_required
def plan_approve(request, year):
    def run(plan, data):
        plan.approve(request.user, request.member, data["body"], data["note"])
        messages.success(request, _("The plan was approved."))

    return _workflow(request, year, APPROVE, "approve", ApproveForm, "plans/plan_action.html", run=run)


@union_required
def plan_return(request, year):
    def run(plan, data):
        plan.return_to_draft(request.user, data["note"])
        messages.success(request, _("The plan was returned to the committee as a draft."))

    return _workflow(request, year, APPROVE, "return_to_draft", ReturnForm, "plans/plan_action.html", run=run)


@union_required
def plan_revise(request, year):
    def run(plan, data):
        plan.revise(request.user, data["reason"])
        messages.success(request, _("The plan is open for revision. The approved version stays readable."))

    return _workflow(request, year, CHANGE, "revise", ReasonForm, "plans/plan_action.html", run=run)


@union_required
@require_POST
def plan_close(request, year):
    def run(plan, data):
        plan.close(request.user)
        messages.success(request, _("The plan was closed."))

    return _workflow(request, year, APPROVE, "close", run=run)


@union_required
@require_POST
def plan_reopen(request, year):
    def run(plan, data):
        plan.reopen(request.user)
        messages.success(request, _("The plan was reopened."))

    return _workflow(request, year, APPROVE, "reopen", run=run)


# Starting a plan


@union_required
def plan_new(request):
    require_perm(request, ADD)
    form = NewPlanForm(request.POST or None, union=request.union)
    if request.method == "POST" and form.is_valid():
        year, start = form.cleaned_data["year"], form.cleaned_data["start"]
        if start.startswith("starter:") and start[8:] in STARTERS:
            starter = STARTERS[start[8:]]
            plan = editing.build_plan(
                request.union,
                year,
                paste.parse(starter.text),
                request.user,
                note=_("Started from the template “%(name)s”") % {"name": starter.label},
            )
        else:
            plan = editing.build_plan(request.union, year, paste.ParsedPlan(), request.user)
        messages.success(request, _("The %(year)s plan was started as a draft.") % {"year": year})
        return redirect("plans:edit", year=plan.year)
    return render(request, "plans/plan_new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@union_required
@require_POST
def plan_rollover(request, year):
    require_perm(request, ADD)
    plan = get_plan(request, year, CHANGE)
    if AnnualPlan.objects.for_union(request.union).filter(year=plan.year + 1).exists():
        messages.error(request, _("There is already a plan for %(year)s.") % {"year": plan.year + 1})
        return redirect(plan_url(plan))
    new = rollover.roll_over(plan, request.user)
    messages.success(request, _("The %(year)s plan was started from this one as a draft.") % {"year": new.year})
    return redirect("plans:edit", year=new.year)


@union_required
def plan_paste(request):
    require_perm(request, ADD, CHANGE)
    initial = {"year": request.GET.get("year") or timezone.localdate().year}
    data = request.POST or None
    if data and "fix_title_year" in data and data.get("year", "").isdigit():
        # The preview's one-click fix: the title names another year than the plan's.
        data = data.copy()
        text, title = paste.with_title_year(data.get("text", ""), data.get("title", ""), int(data["year"]))
        data["text"], data["title"] = text, title
    form = PasteForm(data, union=request.union, initial=initial)
    parsed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parsed = paste.parse(data["text"], title=data["title"])
        if "save" in request.POST:
            title = parsed.title or default_title(request.union, data["year"])
            note = _("Pasted from Word")
            if form.existing:
                parsed.title = title
                plan = editing.replace_outline(form.existing, parsed, request.user, note=note)
            else:
                plan = editing.build_plan(request.union, data["year"], parsed, request.user, title=title, note=note)
            messages.success(request, _("The pasted plan was saved as a draft. Check it and fix what needs fixing."))
            return redirect("plans:edit", year=plan.year)
    preview = None
    if parsed is not None:
        plan = AnnualPlan(
            year=form.cleaned_data["year"],
            title=parsed.title,
            guiding_ideology=parsed.guiding_ideology,
            goals=parsed.goals,
            foreword=parsed.foreword,
        )
        items = [PlanItem(level=r.level, title=r.title, body=r.body) for r in parsed.rows]
        tree = outline.build(items, first_part=len(outline.fixed_parts(plan)) + 1)
        preview = {
            "plan": plan,
            "outline": tree,
            "rows": tree.rows,
            "fixed_parts": outline.fixed_parts(plan),
            "parsed": parsed,
            "title_years": paste.title_years(parsed.title),
            "title_for_year": paste.title_for_year(parsed.title, plan.year),
        }
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "plans/plan_paste.html", {"form": form, "preview": preview}, status=status)


# History and approved versions


@union_required
def plan_history(request, year):
    plan = get_plan(request, year, CHANGE)
    entries = HistoryEntry.objects.for_object(plan)[:300]
    versions = plan.snapshots.select_related("approved_by").order_by("-number")
    return render(request, "plans/plan_history.html", {"plan": plan, "entries": entries, "versions": versions})


@union_required
def plan_version(request, year, number):
    require_perm(request, VIEW)
    version = get_object_or_404(
        PlanSnapshot.objects.for_union(request.union).select_related("plan", "approved_by"),
        plan__year=year,
        number=number,
    )
    previous = PlanSnapshot.objects.filter(plan=version.plan, number=number - 1).first()
    context = {
        "plan": version.plan,
        "version": version,
        "content": version.content,
        "previous": previous,
        "diff": snapshots.diff(previous.content, version.content) if previous else None,
        "fixed_parts": snapshots.fixed_parts_of(version.content),
        "later": PlanSnapshot.objects.filter(plan=version.plan, number__gt=number).exists(),
    }
    return render(request, "plans/plan_version.html", context)
