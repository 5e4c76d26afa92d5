"""Recurrence rules (RFC 5545 RRULE, python-dateutil): the dates a series' rule gives, the rule in
words, and the rule for the shapes the series form offers.

Pure: imports no models, so activities.models can use it at module level (activities.series, which
creates the occurrences, imports the models).
"""

from datetime import datetime, time

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _

MAX_OCCURRENCES = 400

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = "一二三四五六日"
ORDINALS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"}


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
