"""Dashboard panels. Each app's `dashboard.panels(request)` returns a list of Panel; the
dashboard in `unionplan` shows them in `order`. A panel's template gets `panel` in its context."""

from dataclasses import dataclass, field

from django.utils import dateformat, timezone

BIRTHDAYS_SHOWN = 12


@dataclass
class Panel:
    template: str
    order: int = 50
    context: dict = field(default_factory=dict)


def panels(request):
    """This week's birthdays (committee) and the care worklist count (who may see care records)."""
    from members.birthdays import first_birthdays, week_bounds
    from members.care import worklist_counts
    from members.models import Member

    user, today = request.user, timezone.localdate()
    found = []
    if user.has_perm("members.view_member"):
        start, end = week_bounds(today)
        members = Member.objects.for_union(request.union).current()
        # A union of 20,000 has ~400 birthdays a week: the panel names the first few (ordered and sliced
        # in SQL) and counts the rest; the page has all.
        shown, count = first_birthdays(members, start, end, BIRTHDAYS_SHOWN)
        found.append(Panel("members/_dashboard_birthdays.html", order=20, context={
            "birthdays": birthday_rows(shown), "more": count - len(shown),
        }))
    if user.has_perm("members.view_carevisit") and user.has_perm("members.view_sensitive_member"):
        found.append(Panel("members/_dashboard_care.html", order=21,
                           context={"work": worklist_counts(request.union, today)}))
    return found


def birthday_rows(birthdays):
    """What members/_dashboard_birthdays.html shows of each Birthday (all on a known day), as plain
    values: a template reads a dict faster than a Birthday and its Celebrant, and the day ("n月j日 D")
    is written once a date, not once a row."""
    days = {}
    rows = []
    for b in birthdays:
        if b.date not in days:
            days[b.date] = dateformat.format(b.date, "n月j日 D")
        rows.append({
            "pk": b.member.pk,
            "day": days[b.date],
            "label": b.member.label,
            "department": b.member.department,
            "lunar": b.lunar_text,  # "闰四月十五"; "" for a solar birthday
            "greeted": b.greeted,
        })
    return rows
