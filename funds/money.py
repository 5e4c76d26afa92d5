"""Saving and deleting one money record: the period lock, optimistic locking and the history, together.

Every change a person makes to dues, wage bases, income, budget lines, expenses or a fund review
goes through `save_money` / `delete_money`, so each leaves a history entry (who, when, old → new).
The period lock itself lives in the models (`MoneyRecord.save`), so nothing bypasses it.
"""

from django.db import transaction

from members.history import changes_between, record, snapshot
from members.models import HistoryEntry
from members.versioning import save_versioned


def _stored(instance):
    if instance._state.adding or instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


@transaction.atomic
def save_money(instance, by, seen_version=None, note=""):
    """Create or change `instance` as user `by`; `seen_version` is the version the editor opened.

    Raises PeriodLocked (a ValidationError) for a locked period and StaleEdit when someone else
    saved the record in between.
    """
    old = _stored(instance)
    if old is None:
        instance.save()
        record(instance, by, HistoryEntry.Action.CREATE, changes_between({}, snapshot(instance)), note)
        return instance
    if hasattr(instance, "version"):  # the settings have none
        save_versioned(instance, old.version if seen_version is None else seen_version)
    else:
        instance.save()
    changes = changes_between(snapshot(old), snapshot(instance))
    if changes or note:
        record(instance, by, HistoryEntry.Action.CHANGE, changes, note)
    return instance


@transaction.atomic
def delete_money(instance, by, note=""):
    """Delete `instance`, keeping its last values in the history. Raises PeriodLocked when locked."""
    before = snapshot(instance)
    record(
        instance,
        by,
        HistoryEntry.Action.DELETE,
        {label: [value, ""] for label, value in before.items()},
        note,
    )
    instance.delete()


def history_of(instance):
    """The history entries of one record, newest first, with their actors."""
    return HistoryEntry.objects.for_union(instance.union_id).for_object(instance).select_related("actor__member")
