"""The /congress/ index: what concerns the reader, and for the committee a card per area with its counts."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from congress import notices, proposals, suggestions
from congress.models import Ballot, Notice, Proposal, Suggestion
from members.access import require_perm, union_required

NOTICES_SHOWN = 5
BALLOTS_SHOWN = 5


def committee_counts(union, today):
    """The committee's worklist, one query per table: what waits for review, for a reply, for votes."""
    proposal = Proposal.objects.for_union(union).aggregate(
        awaiting_review=Count("pk", filter=Q(status=Proposal.Status.SUBMITTED)),
        overdue=Count("pk", filter=Q(pk__in=Proposal.objects.overdue(today).values("pk"))),
        being_handled=Count("pk", filter=Q(status=Proposal.Status.REGISTERED)),
    )
    suggestion = Suggestion.objects.for_union(union).aggregate(
        unanswered=Count("pk", filter=Q(reply="")),
    )
    ballot = Ballot.objects.for_union(union).aggregate(
        open=Count("pk", filter=Q(status=Ballot.Status.OPEN)),
        drafts=Count("pk", filter=Q(status=Ballot.Status.DRAFT)),
    )
    current = Q(published_at__isnull=False, publicity_starts_on__lte=today) & (
        Q(publicity_ends_on__isnull=True) | Q(publicity_ends_on__gte=today))
    notice = Notice.objects.for_union(union).aggregate(
        in_period=Count("pk", filter=current),
        drafts=Count("pk", filter=Q(published_at__isnull=True)),
    )
    return {"proposals": proposal, "suggestions": suggestion, "ballots": ballot, "notices": notice}


def is_committee(user):
    return notices.can_manage(user) or user.has_perm("congress.review_proposal")


@union_required
def index(request):
    """What concerns the reader: their representatives, open ballots, notices, their suggestions; the
    committee also sees every area's counts."""
    require_perm(request, "congress.view_congress")
    today = timezone.localdate()
    member = request.member
    context = {"committee": is_committee(request.user), "today": today}
    if context["committee"]:
        context["counts"] = committee_counts(request.union, today)
    if member is not None:
        context.update(
            my_representatives=proposals.my_representatives(member, today),
            ballots=list(Ballot.objects.open_for(member)[:BALLOTS_SHOWN]),
            current_notices=list(notices.current_for(member, today, limit=NOTICES_SHOWN)),
            my_suggestions=list(suggestions.mine(member)),
        )
    return render(request, "congress/index.html", context)
