"""Dates and activity lines as a notice on the office door gives them, in the chat's language."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def day_text(day):
    """"2026年12月6日"."""
    return date_format(day, "DATE_FORMAT")


def short_day_text(day):
    """"6月30日" (the locale's format pads the month: "06月30日"); chat messages are always Chinese."""
    return f"{day.month}月{day.day}日"


def when_text(activity):
    """"2026年12月6日（星期六）14:00"."""
    text = f"{day_text(activity.start_date)}（{date_format(activity.start_date, 'l')}）"
    if activity.start_time:
        text += f" {activity.start_time:%H:%M}"
    return text


def moment_text(moment):
    local = timezone.localtime(moment)
    return f"{day_text(local.date())} {local:%H:%M}"


def activity_lines(activity):
    lines = [_("Time: %(when)s") % {"when": when_text(activity)}]
    if activity.location:
        lines.append(_("Place: %(place)s") % {"place": activity.location})
    return lines
