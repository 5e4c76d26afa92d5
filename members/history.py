"""The history of changes: `record` one change, `changes_between` two snapshots."""

from django.db import models

from members.models import HistoryEntry


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
