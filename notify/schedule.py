"""Reminders that come with time, written to the outbox by each delivery pass.

Nothing happens at the moment a reminder is due, so the delivery pass (notify.delivery) looks at the
clock and writes what is due; each message's key (robot, dedup_key) is unique, so a pass every minute,
two passes at once or a pass run again by hand never write one twice:

- the day before an activity: "tomorrow:<activity>:<date>" (a moved activity is reminded again);
- a sign-up deadline within 24 hours: "signup-closing:<activity>:<deadline>";
- this week's birthdays (committee chats): "birthdays:<ISO year>-W<week>";
- plan items overdue or due within 7 days (committee chats), once a week: "plan-items:<ISO year>-W<week>".

Nothing is posted to a chat before REMINDER_HOUR in the morning (Asia/Shanghai).
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, Audience
from members.birthdays import birthdays_between, week_bounds
from members.models import Member
from notify.models import Event, Robot
from notify.outbox import enqueue
from notify.texts import activity_lines, moment_text, short_day_text
from plans.models import AnnualPlan, PlanItem

REMINDER_HOUR = 8
LISTED = 12  # names or items a list message shows before "… and n more"
DUE_SOON = timedelta(days=7)


def enqueue_scheduled(now=None):
    """Write every reminder that is due now and not yet written; returns how many robots got one."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < REMINDER_HOUR:
        return 0
    by_union = {}
    for robot in Robot.objects.active().order_by("union_id", "pk"):
        by_union.setdefault(robot.union_id, []).append(robot)
    return sum(remind_union(union_id, robots, now) for union_id, robots in by_union.items())


def remind_union(union_id, robots, now):
    today = timezone.localtime(now).date()
    written = 0
    if any(r.posts(Event.ACTIVITY_TOMORROW) for r in robots):
        written += activities_tomorrow(union_id, robots, today, now)
    if any(r.posts(Event.SIGNUP_CLOSING) for r in robots):
        written += signups_closing(union_id, robots, now)
    if any(r.posts(Event.BIRTHDAYS) for r in robots):
        written += birthdays_this_week(union_id, robots, today, now)
    if any(r.posts(Event.PLAN_ITEMS) for r in robots):
        written += plan_items_this_week(union_id, robots, today, now)
    return written


def for_activity(robots, event, activity):
    """The robots that post `event` about `activity`: a members' chat hears only of activities for
    everyone (not of the women's committee's, the retirees' or one group's)."""
    return [
        r for r in robots
        if r.posts(event) and (r.committee_chat or activity.audience == Audience.EVERYONE)
    ]


def week_key(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# -- activities ------------------------------------------------------------------------------------


def activities_tomorrow(union_id, robots, today, now):
    tomorrow = today + timedelta(days=1)
    written = 0
    for activity in Activity.objects.for_union(union_id).not_cancelled().filter(start_date=tomorrow):
        def compose(activity=activity):
            return _("Tomorrow: %(title)s") % {"title": activity.title}, activity_lines(activity), \
                activity.get_absolute_url()

        written += enqueue(
            for_activity(robots, Event.ACTIVITY_TOMORROW, activity), Event.ACTIVITY_TOMORROW,
            f"tomorrow:{activity.pk}:{tomorrow.isoformat()}", compose, now,
        )
    return written


def signups_closing(union_id, robots, now):
    closing = Activity.objects.for_union(union_id).filter(
        signup_open=True,
        status__in=[Activity.Status.PLANNED, Activity.Status.CONFIRMED],
        signup_deadline__gt=now,
        signup_deadline__lte=now + timedelta(days=1),
    )
    written = 0
    for activity in closing:
        def compose(activity=activity):
            lines = [_("Sign-up closes %(when)s") % {"when": moment_text(activity.signup_deadline)}]
            return _("Sign-up closing: %(title)s") % {"title": activity.title}, lines + activity_lines(activity), \
                activity.get_absolute_url()

        written += enqueue(
            for_activity(robots, Event.SIGNUP_CLOSING, activity), Event.SIGNUP_CLOSING,
            f"signup-closing:{activity.pk}:{activity.signup_deadline.timestamp():.0f}", compose, now,
        )
    return written


# -- the committee's lists -------------------------------------------------------------------------


def birthdays_this_week(union_id, robots, today, now):
    start, end = week_bounds(today)
    robots = [r for r in robots if r.posts(Event.BIRTHDAYS)]

    def compose():
        found = birthdays_between(Member.objects.for_union(union_id).current(), start, end)
        if not found:
            return None
        lines = [f"{short_day_text(b.date)} {b.member.label}" + (f"（{b.lunar_text}）" if b.is_lunar else "")
                 for b in found[:LISTED]]
        if len(found) > LISTED:
            lines.append(_("… and %(count)s more") % {"count": len(found) - LISTED})
        title = _("Birthdays this week (%(start)s–%(end)s)") % {
            "start": short_day_text(start), "end": short_day_text(end)}
        return title, lines, reverse("members:birthdays")

    return enqueue(robots, Event.BIRTHDAYS, f"birthdays:{week_key(today)}", compose, now)


def plan_items_this_week(union_id, robots, today, now):
    robots = [r for r in robots if r.posts(Event.PLAN_ITEMS)]

    def compose():
        items = PlanItem.objects.for_union(union_id).select_related("plan", "owner")
        overdue = list(items.overdue(today).order_by("due_date", "plan", "position")[:LISTED + 1])
        soon = list(
            items.open().filter(
                Q(due_date__gte=today, due_date__lte=today + DUE_SOON), plan__status__in=AnnualPlan.RUNNING
            ).order_by("due_date", "position")[:LISTED + 1]
        )
        if not overdue and not soon:
            return None
        lines = []
        for heading, rows in ((_("Overdue:"), overdue), (_("Due within a week:"), soon)):
            if rows:
                lines.append(heading)
                lines += [item_line(item) for item in rows[:LISTED]]
                if len(rows) > LISTED:
                    lines.append(_("… and more on the plan's page"))
        year = (overdue or soon)[0].plan.year
        return _("Plan items to follow up"), lines, reverse("plans:detail", args=[year])

    return enqueue(robots, Event.PLAN_ITEMS, f"plan-items:{week_key(today)}", compose, now)


def item_line(item):
    due = item.due_by
    words = item.text.strip()
    text = f"· {words[:30]}…" if len(words) > 30 else f"· {words}"
    if due:
        text += f"（{short_day_text(due)}）"
    if item.owner_id:
        text += f" {item.owner.name}"
    return text
