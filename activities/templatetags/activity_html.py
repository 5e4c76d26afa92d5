"""The two pieces of HTML a calendar repeats hundreds of times, built in Python with plain string
escaping: a month with 500 activities renders several times faster than through template tags.
Every value that comes from the database goes through `esc`."""

from functools import lru_cache
from html import escape

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.models import Audience

register = template.Library()
SEPARATOR = '<span class="sep">·</span>'


def esc(value):
    return escape(str(value), quote=True)


@lru_cache(maxsize=8)
def _index(script_prefix):
    return reverse("activities:index")


def detail_url(activity):
    """`activity.get_absolute_url()` without a reverse() per row."""
    return f"{_index(get_script_prefix())}{activity.pk}/"


def short_date(day, day_format):
    """`day` in the translated month/day format ("n/j" → "3月8日"): only n and j, so no dateformat per row."""
    return day_format.replace("n", str(day.month)).replace("j", str(day.day))


@register.simple_tag
def calendar_item(activity, day, signed_up_ids, anchors=False):
    """One activity in a day of the month grid (and of the phone list). `anchors`: link to the
    activity's line on the same page (the public calendar has no activity pages) instead."""
    classes = f"cal-item cat-{esc(activity.category.colour)}" + (" cancelled" if activity.is_cancelled else "")
    title = f"{activity.title} · {activity.location}" if activity.location else activity.title
    mine = f'<span class="mine" aria-label="{esc(_("signed up"))}">✓</span> ' if activity.pk in signed_up_ids else ""
    time = ""
    if activity.start_time and activity.start_date == day:
        time = f'<span class="time">{activity.start_time:%H:%M}</span>'
    href = f"#activity-{activity.pk}" if anchors else detail_url(activity)
    return mark_safe(
        f'<li><a class="{classes}" href="{href}" title="{esc(title)}">{mine}{time}'
        f"{esc(activity.title)}</a></li>"
    )


def _official_text(day):
    return _("day off") if day.is_day_off else _("make-up working day")


@register.simple_tag
def calendar_day(day, signed_up_ids, add_url="", anchors=False):
    """One day of the month grid, which on a phone is one row of the list (see activities.css):
    the date, weekday, lunar day or festival, the 休/班 mark, festivals and activities."""
    classes = ["cal-day"]
    if not day.in_month:
        classes.append("out")
    if day.is_today:
        classes.append("today")
    if day.is_rest_day:
        classes.append("rest")
    if not day.has_news:
        classes.append("quiet")
    iso = day.date.isoformat()
    current = ' aria-current="date"' if day.is_today else ""
    parts = [
        f'<li data-date="{iso}" class="{" ".join(classes)}"{current}>',
        f'<div class="cal-date"><span class="cal-num">{day.date.day}</span>'
        f'<span class="cal-wdname">{esc(day.weekday_name)}</span>',
    ]
    if day.festivals:
        parts.append(f'<span class="cal-lunar festive">{esc(day.festivals[0].name)}</span>')
    else:
        parts.append(f'<span class="cal-lunar">{esc(day.lunar)}</span>')
    if day.official is not None:
        kind, mark = ("off", _("off")) if day.is_day_off else ("workday", _("work"))
        parts.append(f'<span class="cal-mark {kind}" title="{esc(day.official.name)}">{esc(mark)}</span>')
    parts.append('</div><div class="cal-body">')
    for index, festival in enumerate(day.festivals):
        official = ""
        if index == 0 and day.official is not None:
            official = f'<span class="cal-official"> · {esc(_official_text(day))}</span>'
        parts.append(f'<div class="cal-fest{" first" if index == 0 else ""}">{esc(festival.name)}{official}</div>')
    if not day.festivals and day.official is not None and day.in_month:
        parts.append(
            f'<div class="cal-fest cal-official text-body-secondary">{esc(day.official.name)} '
            f"{esc(_official_text(day))}</div>"
        )
    if day.activities:
        parts.append('<ul class="cal-acts">')
        parts.extend(calendar_item(activity, day.date, signed_up_ids, anchors) for activity in day.activities)
        parts.append("</ul>")
        if day.hidden_count:
            more = ngettext("%(n)s more", "%(n)s more", day.hidden_count) % {"n": day.hidden_count}
            parts.append(f'<button type="button" class="cal-more" data-open-day>{esc(more)}</button>')
    parts.append("</div>")
    if add_url and day.in_month:
        label = esc(_("New activity on this day"))
        parts.append(f'<a class="cal-add" href="{esc(add_url)}?date={iso}" aria-label="{label}">＋</a>')
    parts.append("</li>")
    return mark_safe("".join(parts))


def _when(entry, day_format):
    activity = entry.activity
    time = f" {activity.start_time:%H:%M}" if activity.start_time else ""
    if entry.is_series:
        return f"{entry.series_text}：{entry.days_text}{time}"
    if not activity.is_dated:
        return _("date to be set")
    text = short_date(activity.start_date, day_format)
    if activity.is_multi_day:
        text += "–" + short_date(activity.end_date, day_format)
    return text + time


@register.simple_tag
def schedule_entry(entry, number):
    """One numbered line of the year schedule: 1、title, then when · where · for whom, and the category."""
    activity = entry.activity
    status = ""
    if activity.status == activity.Status.DONE:
        status = f'<span class="text-success" title="{esc(_("done"))}">✓</span> '
    elif activity.is_cancelled:
        status = f'<span class="badge text-bg-secondary">{esc(_("Cancelled"))}</span> '
    meta = [_when(entry, _("n/j"))]
    if activity.location:
        meta.append(activity.location)
    if activity.audience != Audience.EVERYONE:
        meta.append(activity.audience_label)
    category = activity.category
    meta_html = SEPARATOR.join(esc(m) for m in meta)
    return mark_safe(
        f'<li class="{"cancelled" if activity.is_cancelled else ""}"><span class="schedule-no">{number}、</span>'
        f'<div class="schedule-main"><a class="schedule-title" href="{detail_url(activity)}">{esc(activity.title)}</a>'
        f'<div class="schedule-meta">{status}{meta_html}</div></div>'
        f'<span class="cat-badge cat-{esc(category.colour)}">{esc(category.name)}</span></li>'
    )
