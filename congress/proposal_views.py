"""Congress sessions, delegations, representatives and proposals: thin views over congress.proposals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congress import proposals as ops
from congress.models import Congress, Cosignature, Delegation, Proposal, ProposalReply, Representative
from congress.proposal_forms import (
    AssignForm,
    CongressForm,
    DeclineForm,
    DelegationForm,
    MergeForm,
    ProposalFilterForm,
    ProposalForm,
    RateForm,
    ReplyForm,
    RepresentativeForm,
)
from members import history
from members.access import get_for_union, id_or_none, require_perm, union_required
from members.versioning import StaleEdit

# -- congress sessions ----------------------------------------------------------------------------------


@union_required
def congress_list(request):
    require_perm(request, "congress.view_congress")
    congresses = Congress.objects.for_union(request.union).annotate(
        representative_count=Count("representatives", distinct=True),
        proposal_count=Count("proposals", distinct=True),
    )
    return render(request, "congress/congress_list.html", {"congresses": congresses})


@union_required
def congress_form(request, pk=None):
    if pk is None:
        require_perm(request, "congress.add_congress")
        congress = Congress(union=request.union, starts_on=timezone.localdate())
    else:
        congress = get_for_union(request, Congress, "congress.change_congress", pk=pk)
    form = CongressForm(request.POST or None, instance=congress, union=request.union)
    seen_version = request.POST.get("version", congress.version)
    if request.method == "POST" and form.is_valid():
        committee = form.cleaned_data["proposal_committee"]
        congress = form.save(commit=False)
        try:
            history.save_recorded(congress, request.user, seen_version, related={"proposal_committee": committee})
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("The congress was saved."))
            return redirect("congress:congress-detail", congress.pk)
    return render(request, "congress/congress_form.html", {
        "form": form, "congress": congress if pk else None, "version": seen_version if pk else None,
        "title": _("Edit congress") if pk else _("New congress"),
    }, status=400 if form.errors else 200)


@union_required
def congress_detail(request, pk):
    congress = get_for_union(request, Congress, "congress.view_congress", pk=pk)
    representatives = (
        Representative.objects.filter(congress=congress)
        .select_related("member__department", "delegation")
        .order_by("delegation__order", "delegation__name", "-is_leader", "member__name_pinyin", "id")
    )
    delegations = Delegation.objects.filter(congress=congress).prefetch_related("departments")
    by_status = dict(
        Proposal.objects.filter(congress=congress).exclude(status=Proposal.Status.DRAFT)
        .values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return render(request, "congress/congress_detail.html", {
        "congress": congress,
        "groups": _by_delegation(list(delegations), list(representatives)),
        "committee": congress.proposal_committee.order_by("name_pinyin", "employee_number", "id"),
        "by_status": [(value, label, by_status.get(value, 0)) for value, label in Proposal.Status.choices
                      if value != Proposal.Status.DRAFT],
        "can_edit": request.user.has_perm("congress.change_congress"),
        "can_export": ops.is_reviewer(request.user, congress),
        "can_write": ops.writable_congresses(request.member).filter(pk=congress.pk).exists(),
    })


def _by_delegation(delegations, representatives):
    """[(delegation, its representatives)] in the delegations' order, then those in none (delegation None)."""
    groups = [(d, [r for r in representatives if r.delegation_id == d.pk]) for d in delegations]
    loose = [r for r in representatives if r.delegation_id is None]
    return groups + ([(None, loose)] if loose else [])


# -- delegations and representatives ------------------------------------------------------------------


@union_required
def delegation_form(request, congress_pk=None, pk=None):
    if pk is None:
        congress = get_for_union(request, Congress, "congress.add_delegation", pk=congress_pk)
        delegation = Delegation(union=request.union, congress=congress)
    else:
        delegation = get_for_union(request, Delegation.objects.select_related("congress"),
                                   "congress.change_delegation", pk=pk)
        congress = delegation.congress
    form = DelegationForm(request.POST or None, instance=delegation, congress=congress)
    if request.method == "POST" and form.is_valid():
        departments = form.cleaned_data["departments"]
        history.save_recorded(form.save(commit=False), request.user, related={"departments": departments})
        messages.success(request, _("The delegation was saved."))
        return redirect("congress:congress-detail", congress.pk)
    return render(request, "congress/congress_form.html", {
        "form": form, "congress": congress,
        "title": _("Edit delegation") if pk else _("New delegation"),
    }, status=400 if form.errors else 200)


@union_required
def representative_form(request, congress_pk=None, pk=None):
    if pk is None:
        congress = get_for_union(request, Congress, "congress.add_representative", pk=congress_pk)
        representative = Representative(union=request.union, congress=congress, term_starts_on=congress.starts_on)
    else:
        representative = get_for_union(request, Representative.objects.select_related("congress__union"),
                                       "congress.change_representative", pk=pk)
        congress = representative.congress
    form = RepresentativeForm(request.POST or None, instance=representative, congress=congress)
    if request.method == "POST" and form.is_valid():
        history.save_recorded(form.save(commit=False), request.user)
        messages.success(request, _("The representative was saved."))
        return redirect("congress:congress-detail", congress.pk)
    return render(request, "congress/congress_form.html", {
        "form": form, "congress": congress,
        "title": _("Edit representative") if pk else _("Add a representative"),
    }, status=400 if form.errors else 200)


@union_required
@require_POST
def representative_remove(request, pk):
    representative = get_for_union(request, Representative.objects.select_related("member"),
                                   "congress.delete_representative", pk=pk)
    try:
        ops.remove_representative(representative, request.user)
    except ops.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("%(name)s is no longer a representative of this congress.")
                         % {"name": representative.member.name})
    return redirect("congress:congress-detail", representative.congress_id)


@union_required
def representative_list(request):
    """Every representative of the union's congresses, by congress and delegation, names in pinyin order."""
    require_perm(request, "congress.view_representative")
    representatives = (
        Representative.objects.for_union(request.union)
        .select_related("member__department", "delegation", "congress")
        .order_by("-congress__term", "-congress__session", "congress_id", "delegation__order", "delegation__name",
                  "-is_leader", "member__name_pinyin", "id")
    )
    mine = ops.my_representatives(request.member)
    return render(request, "congress/representative_list.html", {
        "representatives": representatives, "my_representatives": mine,
    })


# -- proposals ----------------------------------------------------------------------------------------------


def _list_rows(queryset):
    return queryset.select_related("congress", "proposer__member").annotate(
        cosigner_count=Count("cosignatures", distinct=True))


@union_required
def proposal_list(request):
    require_perm(request, "congress.view_congress")
    proposals = Proposal.objects.for_union(request.union).visible_to(request.user, request.member)
    filters = ProposalFilterForm(request.GET or None, union=request.union)
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            proposals = proposals.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["congress"]:
            proposals = proposals.filter(congress=filters.cleaned_data["congress"])
        if filters.cleaned_data["overdue"]:
            proposals = proposals.overdue()
    return render(request, "congress/proposal_list.html", {
        "proposals": _list_rows(proposals), "filters": filters, "mine": False, "today": timezone.localdate(),
        "can_write": ops.writable_congresses(request.member).exists(),
    })


@union_required
def proposal_mine(request):
    """The proposals the reader wrote or co-signed (a representative's own list)."""
    require_perm(request, "congress.view_congress")
    proposals = Proposal.objects.for_union(request.union).by_member(request.member)
    return render(request, "congress/proposal_list.html", {
        "proposals": _list_rows(proposals), "mine": True, "today": timezone.localdate(),
        "can_write": ops.writable_congresses(request.member).exists(),
    })


def _get_proposal(request, pk, queryset=None):
    """The proposal of the reader's union (else 404) that the reader may see (else 403)."""
    proposal = get_for_union(request, queryset or Proposal.objects.select_related("congress", "proposer__member"),
                             "congress.view_congress", pk=pk)
    if not Proposal.objects.filter(pk=proposal.pk).visible_to(request.user, request.member).exists():
        raise PermissionDenied
    return proposal


def _refuse(request, reason):
    """403 with the reason in words: a member who is no representative learns why, not only that."""
    return render(request, "congress/proposal_refused.html", {"reason": reason}, status=403)


def _own_proposal(request, pk):
    proposal = _get_proposal(request, pk)
    if proposal.proposer.member_id != getattr(request.member, "pk", None):
        raise PermissionDenied
    return proposal


def _reviewing(request, pk):
    proposal = _get_proposal(request, pk)
    if not ops.is_reviewer(request.user, proposal.congress):
        raise PermissionDenied
    return proposal


@union_required
def proposal_form(request, pk=None):
    require_perm(request, "congress.add_proposal")
    if pk is None:
        congresses = ops.writable_congresses(request.member)
        if not congresses.exists():
            return _refuse(request, _("Only representatives of a congress that accepts proposals can write one."))
        proposal = Proposal(union=request.union)
    else:
        proposal = _own_proposal(request, pk)
        congresses = Congress.objects.filter(pk=proposal.congress_id)
        if proposal.status != Proposal.Status.DRAFT:
            messages.error(request, _("Only a draft can be edited."))
            return redirect("congress:proposal-detail", pk)
    initial = {"congress": id_or_none(request.GET.get("congress", ""))} if pk is None else None
    form = ProposalForm(request.POST or None, instance=proposal, congresses=congresses, initial=initial)
    seen_version = request.POST.get("version", proposal.version)
    if request.method == "POST" and form.is_valid():
        proposal = form.save(commit=False)
        if pk is None:
            proposal.proposer = ops.representative_of(request.member, proposal.congress)
        try:
            history.save_recorded(proposal, request.user, seen_version if pk else None)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, _("The draft was saved. Submit it when it is ready."))
            return redirect("congress:proposal-detail", proposal.pk)
    return render(request, "congress/proposal_form.html", {
        "form": form, "proposal": proposal if pk else None, "version": seen_version if pk else None,
        "title": _("Edit proposal") if pk else _("New proposal"),
    }, status=400 if form.errors else 200)


@union_required
def proposal_detail(request, pk, forms=None, status=200):
    proposal = _get_proposal(request, pk, Proposal.objects.select_related(
        "congress", "proposer__member__department", "proposer__delegation", "merged_into",
    ).prefetch_related(
        Prefetch("cosignatures", Cosignature.objects.select_related("representative__member")),
        Prefetch("replies", ProposalReply.objects.order_by("round")),
        Prefetch("merged", Proposal.objects.order_by("id")),
    ))
    member_id = getattr(request.member, "pk", None)
    reviewer = ops.is_reviewer(request.user, proposal.congress)
    mine = proposal.proposer.member_id == member_id
    representative = ops.representative_of(request.member, proposal.congress) if not mine else proposal.proposer
    signed = any(c.representative.member_id == member_id for c in proposal.cosignatures.all())
    S = Proposal.Status
    forms = forms or {}
    context = {
        "proposal": proposal,
        "replies": list(proposal.replies.all()),
        "today": timezone.localdate(),
        "timeline": ops.timeline(proposal),
        "mine": mine,
        "reviewer": reviewer,
        "can_cosign": proposal.status == S.SUBMITTED and representative is not None and not mine and not signed
        and request.user.has_perm("congress.add_cosignature"),
        "signed": signed,
        "cosigners_missing": max(proposal.congress.cosigners_required - len(proposal.cosignatures.all()), 0),
    }
    if reviewer and proposal.status == S.SUBMITTED:
        context["merge_form"] = forms.get("merge") or MergeForm(proposal=proposal)
        context["decline_form"] = forms.get("decline") or DeclineForm()
    if reviewer and proposal.status == S.REGISTERED:
        context["assign_form"] = forms.get("assign") or AssignForm(
            initial={"handler": proposal.handler, "reply_due_on": proposal.reply_due_on})
        if proposal.handler:
            context["reply_form"] = forms.get("reply") or ReplyForm(initial={
                "replied_by": proposal.handler, "replied_on": timezone.localdate()})
    if mine and proposal.status == S.REPLIED:
        context["rate_form"] = forms.get("rate") or RateForm()
        if len(context["replies"]) > 1:  # at most one second reply
            del context["rate_form"].fields["ask_second"]
    return render(request, "congress/proposal_detail.html", context, status=status)


def _step(request, proposal, action, *args):
    """Run one step of the proposal's path; a refusal or a stale page is a message, nothing changed."""
    try:
        action(proposal, *args, request.user, request.POST.get("version"))
    except (ops.Refused, StaleEdit) as refused:
        messages.error(request, str(refused))
        return False
    return True


def _back(proposal):
    return redirect(reverse("congress:proposal-detail", args=[proposal.pk]))


@union_required
@require_POST
def proposal_submit(request, pk):
    proposal = _own_proposal(request, pk)
    if _step(request, proposal, ops.submit):
        messages.success(request, _("The proposal was submitted. Other representatives can now co-sign it."))
    return _back(proposal)


@union_required
@require_POST
def proposal_cosign(request, pk):
    require_perm(request, "congress.add_cosignature")
    # No visibility check first: a member who is no representative is told why; one who is sees the proposal.
    proposal = get_for_union(request, Proposal.objects.select_related("congress", "proposer__member"), pk=pk)
    representative = ops.representative_of(request.member, proposal.congress)
    if representative is None:
        return _refuse(request, _("Only representatives of this congress can co-sign its proposals."))
    try:
        ops.cosign(proposal, representative, request.user)
    except ops.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("You co-signed the proposal."))
    return _back(proposal)


@union_required
@require_POST
def proposal_register(request, pk):
    proposal = _reviewing(request, pk)
    if _step(request, proposal, ops.register):
        messages.success(request, _("Registered as No. %(number)s.") % {"number": proposal.number})
    return _back(proposal)


def _review_form(request, pk, name, form_class, **form_kwargs):
    """A review step that posts a form: shown again on the proposal's page when it is not valid."""
    proposal = _reviewing(request, pk) if name != "rate" else _own_proposal(request, pk)
    form = form_class(request.POST, **{k: (proposal if v is None else v) for k, v in form_kwargs.items()})
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return proposal, None, proposal_detail(request, pk, forms={name: form}, status=400)
    return proposal, form.cleaned_data, None


@union_required
@require_POST
def proposal_merge(request, pk):
    proposal, data, invalid = _review_form(request, pk, "merge", MergeForm, proposal=None)
    if invalid:
        return invalid
    if _step(request, proposal, ops.merge, data["into"], data["reason"]):
        messages.success(request, _("The proposal was merged."))
    return _back(proposal)


@union_required
@require_POST
def proposal_decline(request, pk):
    proposal, data, invalid = _review_form(request, pk, "decline", DeclineForm)
    if invalid:
        return invalid
    if _step(request, proposal, ops.decline, data["outcome"], data["reason"]):
        messages.success(request, _("The decision was recorded."))
    return _back(proposal)


@union_required
@require_POST
def proposal_assign(request, pk):
    proposal, data, invalid = _review_form(request, pk, "assign", AssignForm)
    if invalid:
        return invalid
    if _step(request, proposal, ops.assign, data["handler"], data["reply_due_on"]):
        messages.success(request, _("The handler and deadline were saved."))
    return _back(proposal)


@union_required
@require_POST
def proposal_reply(request, pk):
    proposal, data, invalid = _review_form(request, pk, "reply", ReplyForm)
    if invalid:
        return invalid
    if _step(request, proposal, ops.record_reply, data["text"], data["replied_by"], data["replied_on"]):
        messages.success(request, _("The reply was recorded. The proposer can now rate it."))
    return _back(proposal)


@union_required
@require_POST
def proposal_rate(request, pk):
    proposal, data, invalid = _review_form(request, pk, "rate", RateForm)
    if invalid:
        return invalid
    if _step(request, proposal, ops.rate, data["rating"], data["comment"], data["ask_second"]):
        messages.success(request, _("Thank you: your rating was recorded."))
    return _back(proposal)
