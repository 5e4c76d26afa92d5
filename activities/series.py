"""Recurring series: a recurrence rule (python-dateutil) turned into concrete activities.

Each occurrence remembers the date the rule gave it (`occurrence_date`), so that re-running the
series after an edit can tell its own occurrences apart, update the future ones nobody touched,
and leave alone the past and whatever the committee edited by hand.
"""

from datetime import datetime, time

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity

MAX_OCCURRENCES = 400

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = "一二三四五六日"
ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}

# Fields a series hands down to its occurrences.
COPIED_FIELDS = [
    "title",
    "category_id",
    "start_time",
    "end_time",
    "location",
    "organiser_id",
    "description",
    "capacity",
    "signup_open",
    "audience",
    "audience_group_id",
]


class RuleError(ValueError):
    pass


def occurrence_dates(series):
    """The dates the series' rule gives between its first and last date."""
    rule_text = series.rule.strip()
    if rule_text.upper().startswith("RRULE:"):
        rule_text = rule_text[6:]
    if "\n" in rule_text or "DTSTART" in rule_text.upper() or "UNTIL" in rule_text.upper():
        raise RuleError(_("Give only the rule itself; the dates come from the fields 'from' and 'until'."))
    try:
        rule = rrulestr(rule_text, dtstart=datetime.combine(series.first_date, time.min))
        found = []
        for moment in rule:
            if moment.date() > series.last_date:
                break
            found.append(moment.date())
            if len(found) > MAX_OCCURRENCES:
                raise RuleError(_("This rule gives more than %(n)d dates.") % {"n": MAX_OCCURRENCES})
    except (ValueError, TypeError, KeyError, IndexError) as error:
        if isinstance(error, RuleError):
            raise
        raise RuleError(_("This is not a valid recurrence rule.")) from error
    return found


def describe(rule_text):
    """The rule in words, for the common shapes the series form offers; the rule itself otherwise."""
    parts = dict(p.split("=", 1) for p in rule_text.upper().removeprefix("RRULE:").split(";") if "=" in p)
    freq, interval = parts.get("FREQ"), int(parts.get("INTERVAL", "1") or 1)
    byday = parts.get("BYDAY", "")
    if freq == "WEEKLY" and byday:
        days = "、".join("周" + WEEKDAY_NAMES[WEEKDAYS.index(d[-2:])] for d in byday.split(",") if d[-2:] in WEEKDAYS)
        return (f"每{interval}周的" if interval > 1 else "每") + days
    if freq == "MONTHLY" and byday and byday[-2:] in WEEKDAYS:
        try:
            nth = int(byday[:-2] or "1")
        except ValueError:
            return rule_text
        text = f"每月{ORDINALS.get(nth, f'第{nth}个')}星期{WEEKDAY_NAMES[WEEKDAYS.index(byday[-2:])]}"
        if parts.get("BYMONTH"):
            text += f"（{parts['BYMONTH'].replace(',', '、')}月）"
        return text
    if freq == "MONTHLY" and parts.get("BYMONTHDAY"):
        return f"每月{parts['BYMONTHDAY']}日"
    if freq == "DAILY":
        return "每天" if interval == 1 else f"每{interval}天"
    return rule_text


def rule_from_choices(frequency, weekday, ordinal=None, interval=1, month_day=None, months=None):
    """The RRULE for the shapes the form offers: weekly on a weekday, monthly on the n-th weekday or a day."""
    parts = [f"FREQ={frequency}"]
    if interval and int(interval) > 1:
        parts.append(f"INTERVAL={int(interval)}")
    if frequency == "WEEKLY":
        parts.append(f"BYDAY={weekday}")
    elif month_day:
        parts.append(f"BYMONTHDAY={int(month_day)}")
    else:
        parts.append(f"BYDAY={int(ordinal)}{weekday}")
    if months:
        parts.append("BYMONTH=" + ",".join(str(m) for m in sorted(months)))
    return ";".join(parts)


def _deleted(activity, by):
    """Delete an occurrence (as user `by`), unless its deletion is refused (money spent for it in a period that a
    fund review locked keeps its activity): then it is cancelled instead."""
    activity.deleted_by = by  # for the history of what the deletion changes elsewhere (funds/links.py)
    try:
        with transaction.atomic():
            activity.delete()
    except ValidationError:
        return False
    return True


@transaction.atomic
def sync_occurrences(series, today=None, by=None):
    """Bring the series' activities in line with it (as user `by`); return (created, updated, removed).

    Future occurrences not edited by hand take the series' fields; dates the rule no longer gives are
    removed (cancelled instead when members have signed up, or when money spent for one lies in a
    period a fund review locked). Past occurrences and those edited by
    hand stay as they are.
    """
    today = today or timezone.localdate()
    wanted = set(occurrence_dates(series))
    existing = {a.occurrence_date: a for a in series.occurrences.with_signup_count()}
    values = {field: getattr(series, field) for field in COPIED_FIELDS}
    created = updated = removed = 0
    for day in sorted(wanted - existing.keys()):
        if day < today:
            continue
        Activity.objects.create(
            union_id=series.union_id,
            series=series,
            occurrence_date=day,
            start_date=day,
            status=Activity.Status.PLANNED,
            **values,
        )
        created += 1
    for day, activity in existing.items():
        if day is None or day < today or activity.edited_by_hand:
            continue
        if activity.status == Activity.Status.DONE:
            continue
        if day not in wanted:
            if activity.signup_count or not _deleted(activity, by):
                if activity.status != Activity.Status.CANCELLED:
                    activity.status = Activity.Status.CANCELLED
                    activity.save(update_fields=["status", "updated_at"])
                    removed += 1
            else:
                removed += 1
            continue
        changed = [f for f, v in values.items() if getattr(activity, f) != v]
        if activity.start_date != day:
            activity.start_date = activity.end_date = day
            changed += ["start_date", "end_date"]
        if changed:
            for field in changed:
                if field in values:
                    setattr(activity, field, values[field])
            activity.save(update_fields=[*{f.removesuffix("_id") for f in changed}, "updated_at", "year", "month"])
            updated += 1
    return created, updated, removed


def generate(series):
    """Create every occurrence of a new series, the past ones included (a series entered late in the
    year still shows what already happened)."""
    return sync_occurrences(series, today=series.first_date)
