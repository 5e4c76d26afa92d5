"""Dashboard panels of the plans app: overdue items with their owners, and "my items"."""

from django.db.models import Count, Value, Window
from django.utils import dateformat, timezone

from members.combined import rows_of
from members.dashboard import Panel
from plans.models import AnnualPlan, PlanItem

SHOWN = 8
# What the panels show of an item (its plan's year, text, status, due day, owner's name), as plain values,
# then which panel the row is for and how many that panel has in all (a window over all of them).
ROW = ["pk", "plan__year", "title", "body", "status", "due_date", "due_month", "month", "owner__name", "part", "total"]


def panels(request):
    if not request.user.has_perm("plans.view_annualplan"):
        return []
    today = timezone.localdate()
    items = PlanItem.objects.for_union(request.union)
    if not request.user.has_perm("plans.change_annualplan"):
        items = items.filter(plan__status__in=AnnualPlan.READABLE_BY_MEMBERS)
    overdue = items.overdue(today).in_due_order()
    parts = [first_shown(overdue, "overdue")]
    if request.member is not None:
        mine = (
            items.owned_by(request.member)
            .open()
            .filter(plan__status__in=AnnualPlan.RUNNING)
            .in_due_order()
        )
        parts.append(first_shown(mine, "mine"))
    found = {"overdue": [], "mine": []}
    for row in rows_of(*parts):
        found[row[-2]].append(row)
    overdue, mine = found["overdue"], found["mine"]
    result = [
        Panel(
            "plans/_dashboard_overdue.html",
            order=20,
            context={
                "overdue": item_rows(overdue, today),
                "overdue_count": overdue[0][-1] if overdue else 0,
                "today": today,
            },
        )
    ]
    if mine:
        result.append(
            Panel(
                "plans/_dashboard_mine.html",
                order=21,
                context={"mine": item_rows(mine, today), "more": mine[0][-1] > SHOWN, "today": today},
            )
        )
    return result


def first_shown(items, part):
    """The first few of `items` as ROW, each with `part` and how many there are in all."""
    return items.annotate(part=Value(part), total=Window(Count("id"))).values_list(*ROW)[:SHOWN]


def item_rows(rows, today):
    """What plans/_dashboard_*.html show of each row of ROW: the status's name translated once a status
    and the due day ("n月j日"; "Y年n月j日" in another year, as next year's draft plan has in December; ""
    without one) written once a date, not once a row."""
    statuses = {value: str(label) for value, label in PlanItem.Status.choices}
    days = {}
    result = []
    for pk, year, title, body, status, due_date, due_month, month, owner, _part, _total in rows:
        due = due_date or PlanItem.last_day(year, due_month or month)  # as PlanItem.due_by
        if due not in days:
            days[due] = dateformat.format(due, "n月j日" if due.year == today.year else "Y年n月j日") if due else ""
        result.append({
            "pk": pk,
            "year": year,
            "text": title or body,  # as PlanItem.text
            "owner": owner or "",
            "due": days[due],
            "status": statuses[status],
            "overdue": bool(status in PlanItem.OPEN and due and due < today),  # as PlanItem.is_overdue
        })
    return result
