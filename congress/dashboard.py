"""Dashboard panels of democratic management: overdue proposal replies for the committee; current notices
and open ballots for whoever is a member. One query each."""

from django.db.models import Count, DateField, DateTimeField, Value, Window
from django.utils import timezone

from congress.models import Ballot, Notice, Proposal
from members.dashboard import Panel

OVERDUE_SHOWN = 3
ITEMS_SHOWN = 6


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
    """Ballots waiting for the reader's vote first, then the current notices of their audience: one query
    (a UNION ALL of the two), so the dashboard keeps its budget."""
    member = request.member
    no_date, no_time = Value(None, output_field=DateField()), Value(None, output_field=DateTimeField())
    ballots = (Ballot.objects.open_for(member).order_by()
               .annotate(item=Value("ballot"), ends_on=no_date, feedback=Value(False))
               .values_list("item", "pk", "title", "ends_on", "closes_at", "feedback"))
    current = (Notice.objects.for_union(member.union_id).for_audience(member, today).current(today).order_by()
               .annotate(item=Value("notice"), closes=no_time)
               .values_list("item", "pk", "title", "publicity_ends_on", "closes", "asks_feedback"))
    rows = ballots.union(current, all=True).order_by("item", "-pk")[:ITEMS_SHOWN]
    items = [dict(zip(("item", "pk", "title", "ends_on", "closes_at", "feedback"), row, strict=True)) for row in rows]
    return Panel("congress/_dashboard_congress.html", order=25, context={
        "ballots": [i for i in items if i["item"] == "ballot"],
        "notices": [i for i in items if i["item"] == "notice"],
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


