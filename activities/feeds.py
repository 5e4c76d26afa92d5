"""iCalendar (RFC 5545) feeds from the icalendar library: Chinese summaries, Asia/Shanghai times."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from activities.models import Activity

STATUS = {
    Activity.Status.PLANNED: "TENTATIVE",
    Activity.Status.CONFIRMED: "CONFIRMED",
    Activity.Status.DONE: "CONFIRMED",
    Activity.Status.CANCELLED: "CANCELLED",
}


def event_for(activity, base_url, *, public=False):
    """One VEVENT; `public` (the union's shared calendar) leaves out the description, which may name
    people, and the link to the activity's page, which needs a login."""
    zone = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"activity-{activity.pk}@unionplan")
    event.add("summary", ("【已取消】" if activity.is_cancelled else "") + activity.title)
    if activity.all_day:
        # All-day events are DATE values; DTEND is exclusive, the day after the last day.
        event.add("dtstart", activity.start_date)
        event.add("dtend", (activity.end_date or activity.start_date) + timedelta(days=1))
    else:
        event.add("dtstart", datetime.combine(activity.start_date, activity.start_time, tzinfo=zone))
        event.add("dtend", activity.ends().astimezone(zone))
    event.add("dtstamp", activity.updated_at)
    event.add("sequence", activity.version)
    event.add("status", STATUS[activity.status])
    event.add("categories", [activity.category.name])
    if activity.location:
        event.add("location", activity.location)
    if public:
        return event
    if activity.description:
        event.add("description", activity.description)
    event.add("url", base_url.rstrip("/") + reverse("activities:detail", args=[activity.pk]))
    return event


def calendar_for(union, activities, base_url, *, public=False):
    """The feed's bytes for `activities` (dated ones), named after the union; `public`: see event_for."""
    cal = Calendar()
    cal.add("prodid", "-//unionplan//工会活动日历//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{union.name}活动")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for activity in activities:
        cal.add_component(event_for(activity, base_url, public=public))
    # Describe Asia/Shanghai only as far as a calendar app needs it (China has had no DST since 1991).
    today = timezone.localdate()
    cal.add_missing_timezones(first_date=date(today.year - 2, 1, 1), last_date=date(today.year + 3, 1, 1))
    return cal.to_ical()
