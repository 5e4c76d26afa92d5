"""Dashboard panels of the plans app: overdue items with their owners, and "my items"."""

from django.db.models import Count, F, Window
from django.utils import dateformat, timezone

from members.dashboard import Panel
from plans.models import AnnualPlan, PlanItem

SHOWN = 8
# What the panels show of an item (its text, status, due day, plan's year, owner's name): not the ~60
# columns of an item, its plan and its owner.
SHOWN_FIELDS = ["title", "body", "status", "due_date", "due_month", "month", "plan__year", "owner__name"]


def panels(request):
    if not request.user.has_perm("plans.view_annualplan"):
        return []
    today = timezone.localdate()
    items = PlanItem.objects.for_union(request.union).select_related("plan", "owner").only(*SHOWN_FIELDS)
    if not request.user.has_perm("plans.change_annualplan"):
        items = items.filter(plan__status__in=AnnualPlan.READABLE_BY_MEMBERS)
    overdue = items.overdue(today).order_by(F("due_date").asc(nulls_last=True), "effective_month", "position")
    # The first few and how many there are, in one query (the count is a window over all of them).
    shown = list(overdue.annotate(overdue_total=Window(Count("id")))[:SHOWN])
    result = [
        Panel(
            "plans/_dashboard_overdue.html",
            order=20,
            context={
                "overdue": item_rows(shown, today),
                "overdue_count": shown[0].overdue_total if shown else 0,
                "today": today,
            },
        )
    ]
    if request.member is not None:
        mine = (
            items.owned_by(request.member)
            .open()
            .filter(plan__status__in=AnnualPlan.RUNNING)
            .order_by(F("due_date").asc(nulls_last=True), "due_month", "month", "position")
        )
        mine = list(mine[: SHOWN + 1])
        if mine:
            result.append(
                Panel(
                    "plans/_dashboard_mine.html",
                    order=21,
                    context={
                        "mine": item_rows(mine[:SHOWN], today),
                        "more": len(mine) > SHOWN,
                        "today": today,
                    },
                )
            )
    return result


def item_rows(items, today):
    """What plans/_dashboard_*.html show of each PlanItem, as plain values (a template reads a dict
    faster than an item and its plan and owner): the status's name translated once a status and the
    due day ("n月j日", "" without one) written once a date, not once a row."""
    statuses = {value: str(label) for value, label in PlanItem.Status.choices}
    days = {}
    rows = []
    for item in items:
        due = item.due_by
        if due not in days:
            days[due] = dateformat.format(due, "n月j日") if due else ""
        rows.append({
            "pk": item.pk,
            "year": item.plan.year,
            "text": item.text,
            "owner": item.owner.name if item.owner else "",
            "due": days[due],
            "status": statuses[item.status],
            "overdue": item.is_overdue(today),
        })
    return rows
