"""Recurring series: a recurrence rule (activities.recurrence) turned into concrete activities.

Each occurrence remembers the date the rule gave it (`occurrence_date`), so that re-running the
series after an edit can tell its own occurrences apart, update the future ones nobody touched,
and leave alone the past and whatever the committee edited by hand.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from activities.models import Activity
from activities.recurrence import describe, occurrence_dates  # noqa: F401 (describe: where callers knew it)

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
