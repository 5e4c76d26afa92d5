"""The history of changes, and the one way to save a recorded change.

Every change a person makes to a record goes through `save_recorded` / `delete_recorded`: the stored
values, the save (versioned, so a stale editor is refused: members.versioning) and a history entry
(who, when, old → new), in one transaction. `record` keeps one entry; `changes_between` compares two
snapshots. A money record's period lock lives in its model's save(), so nothing bypasses it.
"""

from django.db import models, transaction

from members.models import HistoryEntry
from members.versioning import save_versioned


@transaction.atomic
def save_recorded(instance, by, seen_version=None, *, note="", fields=None, update_fields=None, related=None):
    """Create or change `instance` as user `by` and record what changed; returns the instance.

    `seen_version` is the version the editor opened (None: the stored one); `fields` are the fields
    the history shows (None: all); `update_fields` narrows the UPDATE; `related` ({many-to-many field
    name: objects}) is set after the save and before the history entry, so its change is in it. Raises
    StaleEdit when someone else saved the record in between, and whatever the model's save() refuses
    (PeriodLocked)."""
    stored = _stored(instance)
    if stored is None:
        instance.save()
        _set_related(instance, related)
        record(instance, by, HistoryEntry.Action.CREATE, changes_between({}, snapshot(instance, fields)), note)
        return instance
    before = snapshot(stored, fields)
    if hasattr(instance, "version"):  # settings have none
        save_versioned(instance, stored.version if seen_version is None else seen_version, update_fields)
    else:
        instance.save(update_fields=update_fields)
    _set_related(instance, related)
    changes = changes_between(before, snapshot(instance, fields))
    if changes or note:
        record(instance, by, HistoryEntry.Action.CHANGE, changes, note)
    return instance


def _set_related(instance, related):
    for name, objects in (related or {}).items():
        getattr(instance, name).set(objects)


@transaction.atomic
def delete_recorded(instance, by, note=""):
    """Delete `instance`, keeping its last values in the history."""
    before = snapshot(instance)
    record(instance, by, HistoryEntry.Action.DELETE, {label: [value, ""] for label, value in before.items()}, note)
    instance.delete()


def history_of(instance):
    """The history entries of one record, newest first, with their actors."""
    return HistoryEntry.objects.for_union(instance.union_id).for_object(instance).select_related("actor__member")


def _stored(instance):
    if instance._state.adding or instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def snapshot(instance, fields=None):
    """The instance's field values as plain, JSON-ready text, for a later `changes_between`."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.name in {"union", "version", "created_at", "updated_at"}:
            continue
        if fields is not None and field.name not in fields:
            continue
        value = getattr(instance, field.name)
        if isinstance(field, models.ForeignKey):
            value = str(value) if value is not None else ""
        elif field.choices:
            value = str(getattr(instance, f"get_{field.name}_display")())
        values[str(field.verbose_name)] = "" if value is None else str(value)
    if instance.pk is not None:  # who took part (a visit's visitors, a review's reviewers) is history too
        for field in instance._meta.many_to_many:
            if fields is None or field.name in fields:
                others = sorted(getattr(instance, field.name).all(), key=_in_order)
                values[str(field.verbose_name)] = "、".join(str(o) for o in others)
    return values


def _in_order(related):
    """People in the order of names (pinyin, employee number), anything else by its text."""
    return (getattr(related, "name_pinyin", ""), getattr(related, "employee_number", ""), str(related))


def changes_between(before, after):
    """{label: [old, new]} for every value that differs."""
    return {
        label: [before.get(label, ""), value]
        for label, value in after.items()
        if before.get(label, "") != value
    }


def record(instance, actor, action, changes=None, note="", union=None):
    """Keep one history entry for `instance`; `actor` is the user who did it (or None for the system)."""
    kept = entry(instance, actor, action, changes, note, union)
    kept.save(force_insert=True)
    return kept


def entry(instance, actor, action, changes=None, note="", union=None):
    """The history entry `record` keeps, unsaved (for a bulk_create of many)."""
    from django.contrib.contenttypes.models import ContentType

    return HistoryEntry(
        union=union or instance.union,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes=changes or {},
        note=note[:500],
    )
