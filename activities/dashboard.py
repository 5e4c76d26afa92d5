"""Dashboard panels: this week's and next week's activities; for a member, "my sign-ups"."""

from datetime import timedelta

from django.db.models import F, Value
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext, ngettext

from activities.models import Activity, Signup
from members.combined import rows_of
from members.dashboard import Panel

# What the panels show of an activity, as plain values: which panel the row is for first (the week's
# activities, or the reader's sign-ups), then the activity's; a sign-up's row has no count or colour.
ROW = ["part", "pk", "title", "status", "start_date", "signup_open", "signup_count", "colour"]
WEEKS_SHOWN, SIGNUPS_SHOWN = 40, 8


def weeks_part(request, monday):
    """This week's and next week's activities with their sign-ups counted, as ROW."""
    activities = Activity.objects.for_union(request.union)
    if request.member is not None and not request.user.has_perm("activities.change_activity"):
        activities = activities.visible_to(request.member)
    return (
        activities.between(monday, monday + timedelta(days=13)).with_signup_count().calendar_order()
        .annotate(part=Value("weeks"), colour=F("category__colour")).values_list(*ROW)[:WEEKS_SHOWN]
    )


def weeks_panel(rows, monday):
    rows = week_rows(rows)
    next_monday = monday + timedelta(days=7)
    return Panel(
        "activities/_dashboard_weeks.html",
        order=20,
        context={
            "this_week": [a for a in rows if a["start_date"] < next_monday],
            "next_week": [a for a in rows if a["start_date"] >= next_monday],
            "monday": monday,
            "next_monday": next_monday,
        },
    )


def week_rows(rows):
    """What activities/_dashboard_rows.html shows of each activity (rows of ROW), as plain values (a
    template reads a dict faster than a model instance), with the sign-ups said ("12人报名") in Python: a
    {% blocktranslate count %} cost ~25 µs a row, a third of the panel's markup."""
    rows = day_rows(dict(zip(ROW, row, strict=True)) for row in rows)
    for row in rows:
        n = row["signup_count"]
        row["signed_up"] = ngettext("%(n)s signed up", "%(n)s signed up", n) % {"n": n}
    return rows


def day_rows(rows):
    """`rows` (dicts with an activity's start_date and status) with what a row shows of its day: the day as
    "n/j" in the reader's language and the weekday's name (the date filter's "D"), each worked out once a
    day, not once a row; and whether the activity is cancelled."""
    rows = list(rows)
    day_format, weekdays = gettext("n/j"), [str(name) for name in WEEKDAYS_ABBR.values()]
    days = {day: format_date(day, day_format) for day in {row["start_date"] for row in rows}}
    return [
        {
            **row,
            "day": days[row["start_date"]],
            "weekday": weekdays[row["start_date"].weekday()],
            "cancelled": row["status"] == Activity.Status.CANCELLED,
        }
        for row in rows
    ]


def signups_part(request, today):
    """The reader's sign-ups for activities not yet over, soonest first, as ROW."""
    return (
        Signup.objects.for_union(request.union).filter(member=request.member, activity__end_date__gte=today)
        .order_by("activity__start_date", "activity__start_time")
        .values_list(Value("signups"), "activity_id", "activity__title", "activity__status", "activity__start_date",
                     Value(False), Value(0), Value(""))[:SIGNUPS_SHOWN]
    )


def signups_panel(rows):
    signups = day_rows(dict(zip(ROW, row, strict=True)) for row in rows)
    return Panel("activities/_dashboard_signups.html", order=21, context={"signups": signups})


def panels(request):
    if request.union is None or not request.user.has_perm("activities.view_activity"):
        return []
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    if request.member is None:
        return [weeks_panel(weeks_part(request, monday), monday)]
    rows = rows_of(weeks_part(request, monday), signups_part(request, today))  # one query (PostgreSQL)
    return [
        weeks_panel([row for row in rows if row[0] == "weeks"], monday),
        signups_panel([row for row in rows if row[0] == "signups"]),
    ]
