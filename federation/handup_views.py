"""Handing up (上报): the union's own page (/federation/handup/) and the higher-level union's pages
(/federation/submissions/). A federation user reads only the documents handed up, never a person's
record; a submission of a union not below theirs is a 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from federation import handup
from federation.models import Kind, Submission
from federation.views import FIRST_YEAR, LAST_YEAR, federation_tree, year_of
from members.access import id_or_none, require_perm, union_required
from members.downloads import DOCX, attachment

SUBMIT, REVIEW = "federation.add_submission", "federation.review_submission"
ZIP = "application/zip"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), widget=forms.RadioSelect,
        choices=[("accept", gettext_lazy("Accept")), ("return", gettext_lazy("Send back"))],
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=gettext_lazy("Required when you send the document back: the union reads it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why the document is sent back: the union reads your comment."))
        return data


class DeadlineForm(forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Kind.choices, widget=forms.HiddenInput)
    due_on = forms.DateField(label=gettext_lazy("Deadline"), widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d",
    ))


def kind_of(request):
    kind = request.GET.get("kind", "")
    return kind if kind in Kind.values else Kind.PLAN


def _kind_or_404(kind):
    if kind not in Kind.values:
        raise Http404
    return kind


# -- the union that hands up ---------------------------------------------------------------------


@union_required
@require_GET
def mine(request):
    require_perm(request, SUBMIT)
    year = year_of(request)
    submissions = handup.own_submissions(request.union, year)
    latest = handup.latest_of(submissions)
    parent = request.union.parent
    deadlines, today = handup.deadlines_above(request.union, year), timezone.localdate()
    documents = []
    for value, label in Kind.choices:
        own = latest.get((request.union.pk, value))
        documents.append({
            "kind": value, "label": label, "latest": own, "deadlines": deadlines[value],
            "overdue": any(handup.is_overdue(own, deadline, today) for deadline in deadlines[value]),
            "history": [s for s in submissions if s.kind == value][1:],
        })
    return render(request, "federation/handup_mine.html", {
        "year": year, "years": range(year - 2, year + 2), "parent": parent, "documents": documents, "today": today,
    })


@union_required
@require_POST
def submit(request, year, kind):
    require_perm(request, SUBMIT)
    _kind_or_404(kind)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    try:
        submission = handup.submit(request.union, year, kind, request.user)
    except handup.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(title)s was handed up to %(parent)s.") % {
            "title": submission.title, "parent": request.union.parent.name,
        })
    return redirect(f"{reverse('federation:handup')}?year={year}")


@union_required
@require_GET
def own_file(request, pk):
    require_perm(request, SUBMIT)
    submission = get_object_or_404(Submission.objects.for_union(request.union), pk=pk)
    name = handup.file_name(request.union.name, submission.year, submission.kind)
    return attachment(bytes(submission.docx), DOCX, name)


# -- the higher-level union ----------------------------------------------------------------------


def _tree(request):
    require_perm(request, REVIEW)
    return federation_tree(request)


def _below(request, pk):
    """A submission of a union below the user's, or 404; with the tree."""
    tree = _tree(request)
    submission_id = id_or_none(str(pk))
    submission = Submission.objects.select_related("union").defer("docx").filter(pk=submission_id).first()
    if submission is None or not tree.is_below(submission.union_id, request.union.pk):
        raise Http404
    return tree, submission


@union_required
@require_GET
def submissions(request):
    tree = _tree(request)
    year, kind = year_of(request), kind_of(request)
    lines, deadline = handup.status_lines(tree, request.union.pk, year, kind, timezone.localdate())
    counts = {status: sum(1 for line in lines if line.status == status) for status in Submission.Status.values}
    return render(request, "federation/handup_list.html", {
        "year": year, "years": range(year - 2, year + 2), "kind": kind, "kinds": Kind.choices,
        "kind_label": Kind(kind).label, "lines": lines, "deadline": deadline, "counts": counts,
        "missing": sum(1 for line in lines if line.submission is None),
        "overdue": sum(1 for line in lines if line.overdue),
        "deadline_form": DeadlineForm(initial={"year": year, "kind": kind, "due_on": deadline and deadline.due_on}),
    })


@union_required
@require_http_methods(["GET", "POST"])
def submission(request, pk):
    tree, submission = _below(request, pk)
    form = ReviewForm(request.POST or None)
    latest = handup.is_latest(submission)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            handup.review(submission, request.user, data["decision"] == "accept", data["comment"])
        except handup.Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Your decision on %(title)s is saved.") % {"title": submission.title})
            return redirect(f"{reverse('federation:submissions')}?year={submission.year}&kind={submission.kind}")
    return render(request, "federation/handup_detail.html", {
        "submission": submission, "form": form, "latest": latest,
        "earlier": Submission.objects.for_union(submission.union_id).filter(
            year=submission.year, kind=submission.kind, submitted_at__lte=submission.submitted_at,
        ).exclude(pk=submission.pk).only(*handup.LISTED)[:20],
    }, status=400 if form.errors else 200)


@union_required
@require_GET
def submission_file(request, pk):
    _tree_, submission = _below(request, pk)
    content = Submission.objects.filter(pk=submission.pk).values_list("docx", flat=True).get()
    name = handup.file_name(submission.union.name, submission.year, submission.kind)
    return attachment(bytes(content), DOCX, name)


@union_required
@require_POST
def deadline(request):
    _tree(request)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the deadline as a date, for example 2026-03-31."))
        return redirect(reverse("federation:submissions"))
    data = form.cleaned_data
    handup.set_deadline(request.union, data["year"], data["kind"], data["due_on"], request.user)
    messages.success(request, _("The deadline is set."))
    return redirect(f"{reverse('federation:submissions')}?year={data['year']}&kind={data['kind']}")


@union_required
@require_GET
def submissions_zip(request, year, kind):
    tree = _tree(request)
    _kind_or_404(kind)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    lines, _deadline = handup.status_lines(tree, request.union.pk, year, kind, timezone.localdate())
    label = Kind(kind).label
    name = _("%(union)s %(year)d %(kind)s handed up") % {"union": request.union.name, "year": year, "kind": label}
    return attachment(handup.zip_of(tree, lines, year, kind), ZIP, f"{name}.zip")
