"""Dashboard panels of democratic management: overdue proposal replies for the committee; current notices
and open ballots for whoever is a member. One query each."""

from django.db.models import Count, Window
from django.utils import timezone

from congress import notices
from congress.models import Ballot, Proposal
from members.dashboard import Panel

OVERDUE_SHOWN = 3
NOTICES_SHOWN = 4
BALLOTS_SHOWN = 3


def overdue_panel(request, today):
    """The count and the oldest few: the total rides along on every row (a window), so one query."""
    rows = list(
        Proposal.objects.for_union(request.union).overdue(today)
        .annotate(total=Window(Count("pk")))
        .order_by("reply_due_on", "number", "pk")
        .values("pk", "number", "title", "handler", "reply_due_on", "total")[:OVERDUE_SHOWN]
    )
    total = rows[0]["total"] if rows else 0
    return Panel("congress/_dashboard_overdue.html", order=30, context={
        "rows": rows, "count": total, "more": total - len(rows), "today": today,
    })


def member_panel(request, today):
    current = (notices.current_for(request.member, today)
               .values("pk", "title", "category", "publicity_ends_on", "asks_feedback")[:NOTICES_SHOWN])
    ballots = (Ballot.objects.open_for(request.member)
               .values("pk", "title", "closes_at")[:BALLOTS_SHOWN])
    return Panel("congress/_dashboard_congress.html", order=25, context={
        "notices": list(current), "ballots": list(ballots),
    })


def panels(request):
    if request.union is None:
        return []
    user, today = request.user, timezone.localdate()
    found = []
    if user.has_perm("congress.review_proposal"):
        found.append(overdue_panel(request, today))
    if request.member is not None and user.has_perm("congress.view_notice"):
        found.append(member_panel(request, today))
    return found


