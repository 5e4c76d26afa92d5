"""Ballots (民主测评 / 问卷 / 投票): the committee prepares, opens and closes them; members vote once.

Results are shown to nobody while a ballot is open, administrators included: the committee sees only
how many have voted. The vote view records nothing about the voter but the voter row (congress.ballots).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from congress import ballots
from congress.ballot_forms import BallotForm, PaperForm, QuestionForm
from congress.models import Ballot, BallotVoter, Choice, Question
from members import history
from members.access import get_for_union, require_perm, union_required
from members.downloads import XLSX, attachment
from members.spreadsheets import xlsx_bytes
from members.versioning import StaleEdit

MANAGE = "congress.manage_ballot"


def _manages(request):
    return request.user.has_perm(MANAGE)


def _ballot(request, pk, perm=None):
    """The union's ballot, closed if its time has come; a draft only for the committee, any other
    ballot for the committee or its audience."""
    ballot = get_for_union(request, Ballot.objects.select_related("department", "congress"), perm, pk=pk)
    ballots.close_if_due(ballot)
    if _manages(request):
        return ballot
    if ballot.status == Ballot.Status.DRAFT:
        raise Http404
    if not Ballot.objects.filter(pk=ballot.pk).for_audience(request.member).exists():
        raise PermissionDenied
    return ballot


@union_required
def ballot_list(request):
    """The committee: every ballot with its turnout. A member: the ballots put to them."""
    if _manages(request):
        found = Ballot.objects.for_union(request.union)
    else:
        found = Ballot.objects.for_union(request.union).for_audience(request.member).exclude(
            status=Ballot.Status.DRAFT)
    now = timezone.now()
    found = list(found.annotate(voted=Count("voters")).order_by("-created_at", "-id"))
    for ballot in found:  # closed by time: shown closed; the next read of the ballot stores it
        if ballot.status == Ballot.Status.OPEN and ballot.closes_at and ballot.closes_at <= now:
            ballot.status = Ballot.Status.CLOSED
    to_vote = set(Ballot.objects.open_for(request.member).values_list("pk", flat=True)) if request.member else set()
    return render(request, "congress/ballot_list.html", {
        "ballots": found, "to_vote": to_vote, "manages": _manages(request),
        "can_add": request.user.has_perm("congress.add_ballot"),
    })


@union_required
def ballot_form(request, pk=None):
    if pk is None:
        require_perm(request, "congress.add_ballot")
        ballot = Ballot(union=request.union)
    else:
        ballot = get_for_union(request, Ballot, "congress.change_ballot", pk=pk)
        if ballot.status != Ballot.Status.DRAFT:
            messages.error(request, _("Only a draft ballot can be changed."))
            return redirect("congress:ballot-detail", pk=ballot.pk)
    form = BallotForm(request.POST or None, instance=ballot, union=request.union)
    if request.method == "POST" and form.is_valid():
        ballot = form.save(commit=False)
        try:
            history.save_recorded(ballot, request.user, form.cleaned_data.get("version") or None)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("Ballot saved. Add its questions, then open it."))
            return redirect("congress:ballot-detail", pk=ballot.pk)
    title = _("New ballot") if pk is None else _("Edit ballot")
    return render(request, "congress/ballot_form.html", {"form": form, "ballot": ballot, "title": title})


@union_required
def ballot_detail(request, pk):
    """A member's ballot paper (or that they have voted); the committee's questions, turnout and steps."""
    ballot = _ballot(request, pk)
    questions = list(ballot.questions.prefetch_related(Prefetch("choices", Choice.objects.order_by("order", "id"))))
    member = request.member
    voted = ballots.has_voted(ballot, member)
    may_vote = (ballot.status == Ballot.Status.OPEN and not voted and ballots.is_eligible(ballot, member))
    context = {
        "ballot": ballot, "questions": questions, "voted": voted, "may_vote": may_vote,
        "paper": PaperForm(questions=questions) if may_vote else None,
        "manages": _manages(request), "can_change": request.user.has_perm("congress.change_ballot"),
    }
    if _manages(request):
        context["turnout"] = BallotVoter.objects.filter(ballot=ballot).count()
        if ballot.status == Ballot.Status.DRAFT and request.user.has_perm("congress.change_ballot"):
            context["question_form"] = QuestionForm()
    return render(request, "congress/ballot_detail.html", context)


@union_required
@require_POST
def ballot_vote(request, pk):
    ballot = _ballot(request, pk)
    questions = list(ballot.questions.prefetch_related(Prefetch("choices", Choice.objects.order_by("order", "id"))))
    paper = PaperForm(request.POST, questions=questions)
    if not paper.is_valid():
        voted = ballots.has_voted(ballot, request.member)
        return render(request, "congress/ballot_detail.html", {
            "ballot": ballot, "questions": questions, "voted": voted,
            "may_vote": not voted and ballot.status == Ballot.Status.OPEN, "paper": paper,
            "manages": _manages(request),
        }, status=400)
    try:
        ballots.vote(ballot, request.member, paper.answers())
    except ballots.BallotRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Thank you: your vote has been counted."))
    return redirect("congress:ballot-detail", pk=ballot.pk)


@union_required
@require_POST
def question_add(request, pk):
    ballot = get_for_union(request, Ballot, "congress.change_ballot", pk=pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("congress:ballot-detail", pk=ballot.pk)
    data = form.cleaned_data
    try:
        made = ballots.add_questions(ballot, data["kind"], data["text"], data.get("choices", ""))
    except ballots.BallotRefused as refused:
        messages.error(request, str(refused))
    else:
        history.record(ballot, request.user, "change", {}, _("%(count)s questions added") % {"count": len(made)})
        messages.success(request, _("%(count)s questions added.") % {"count": len(made)})
    return redirect("congress:ballot-detail", pk=ballot.pk)


@union_required
@require_POST
def question_delete(request, pk, question_pk):
    ballot = get_for_union(request, Ballot, "congress.change_ballot", pk=pk)
    question = get_for_union(request, Question.objects.filter(ballot=ballot), pk=question_pk)
    try:
        ballots.remove_question(question)
    except ballots.BallotRefused as refused:
        messages.error(request, str(refused))
    else:
        history.record(ballot, request.user, "change", {}, _("Question removed: %(text)s") % {"text": question.text})
        messages.success(request, _("Question removed."))
    return redirect("congress:ballot-detail", pk=ballot.pk)


@union_required
@require_POST
def ballot_open(request, pk):
    ballot = get_for_union(request, Ballot, MANAGE, pk=pk)
    try:
        ballots.open_ballot(ballot, request.user)
    except (ballots.BallotRefused, StaleEdit) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request,
                         _("The ballot is open: %(count)s members may vote.") % {"count": ballot.eligible_count})
    return redirect("congress:ballot-detail", pk=ballot.pk)


@union_required
@require_POST
def ballot_close(request, pk):
    ballot = get_for_union(request, Ballot, MANAGE, pk=pk)
    if ballots.close_if_due(ballot).status == Ballot.Status.CLOSED:  # its closing time came first
        return redirect("congress:ballot-results", pk=ballot.pk)
    try:
        ballots.close_ballot(ballot, request.user)
    except (ballots.BallotRefused, StaleEdit) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The ballot is closed; its results are shown below."))
        return redirect("congress:ballot-results", pk=ballot.pk)
    return redirect("congress:ballot-detail", pk=ballot.pk)


@union_required
def ballot_results(request, pk):
    """Counts, shares and a chart per question, once the ballot is closed; a named poll's names for
    the committee."""
    ballot = _ballot(request, pk)
    if ballot.status != Ballot.Status.CLOSED:
        messages.info(request, _("The results are shown once the ballot is closed."))
        return redirect("congress:ballot-detail", pk=ballot.pk)
    found = ballots.results(ballot)
    charts = [(result, ballots.chart(result)) for result in found.questions]
    names = ballots.named_answers(ballot) if _manages(request) else []
    return render(request, "congress/ballot_results.html", {
        "ballot": ballot, "results": found, "charts": charts, "names": names, "manages": _manages(request),
    })


@union_required
def ballot_results_xlsx(request, pk):
    ballot = get_for_union(request, Ballot, MANAGE, pk=pk)
    ballots.close_if_due(ballot)
    if ballot.status != Ballot.Status.CLOSED:
        raise Http404
    return attachment(results_workbook(ballot), XLSX, f"{ballot.title}.xlsx")


def results_workbook(ballot):
    """统计表: per question its choices with counts and shares; the 民主测评 summary per leader; the free
    texts sorted by their words; a named poll's names. Never a list of papers."""
    found = ballots.results(ballot)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    sheet.append([ballot.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Voted %(voted)s of %(eligible)s eligible (%(turnout)s%%)") % {
        "voted": found.voted, "eligible": ballot.eligible_count, "turnout": found.turnout}])
    if found.ratings:
        sheet.append([])
        sheet.append([_("Leader"), *[str(g) for g in ballots.GRADES], _("Papers"), _("Excellent rate"),
                      _("Competent or better rate")])
        header = sheet.max_row
        for result in found.ratings:
            sheet.append([result.question.text, *[c.count for c in result.choices], result.papers,
                          f"{result.excellent_rate}%", f"{result.competent_rate}%"])
        for cell in sheet[header]:
            cell.font = Font(bold=True)
    for result in found.questions:
        if result.is_rating or result.question.kind == Question.Kind.TEXT:
            continue
        sheet.append([])
        sheet.append([result.question.text, _("Votes"), _("Share")])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for choice in result.choices:
            sheet.append([choice.text, choice.count, f"{choice.percent}%"])
    sheet.column_dimensions["A"].width = 30
    for letter in "BCDEFGH":
        sheet.column_dimensions[letter].width = 12
    texts = [r for r in found.questions if r.question.kind == Question.Kind.TEXT]
    if texts:
        free = book.create_sheet(_("Free text")[:31])
        free.append([_("Question"), _("Answer")])
        for result in texts:
            for text in result.texts:  # sorted by the words, not in the order papers came in
                free.append([result.question.text, text])
        free.column_dimensions["A"].width = 30
        free.column_dimensions["B"].width = 60
        for cell in free[1]:
            cell.alignment = Alignment(wrap_text=True)
    names = ballots.named_answers(ballot)
    if names:
        named = book.create_sheet(_("Who chose what")[:31])
        named.append([_("Member"), _("Question"), _("Answer")])
        for member, question, answer in names:
            named.append([member.name, question.text, answer])
        named.column_dimensions["A"].width = 12
        named.column_dimensions["B"].width = 30
        named.column_dimensions["C"].width = 30
    return xlsx_bytes(book)
