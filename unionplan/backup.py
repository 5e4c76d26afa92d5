"""Back up one union to a portable JSON file, and restore it into an empty database.

What belongs to a union: every row of our apps whose foreign keys lead to it (directly through
`union`, or through a parent row that has one), plus the logins of its members. A new model is
included as soon as it hangs off the union; no list to keep up to date.
"""

import datetime
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from members.models import Member, Union

FORMAT = "unionplan-union-backup"
VERSION = 1
APPS = ["members", "plans", "activities", "funds", "congress", "notify", "federation", "unionplan"]


def union_lookup(model, seen=frozenset()):
    """The ORM path from `model` to its union ("union", "activity__union", ...), or None."""
    if model is Union:
        return "pk"
    foreign_keys = [f for f in model._meta.concrete_fields if (f.many_to_one or f.one_to_one) and f.related_model]
    for field in foreign_keys:
        if field.related_model is Union and field.name != "parent":
            return field.name
    for field in sorted(foreign_keys, key=lambda f: f.null):  # required parents first
        if field.related_model in seen or field.related_model is model:
            continue
        path = union_lookup(field.related_model, seen | {model})
        if path and path != "pk":
            return f"{field.name}__{path}"
    return None


def union_objects(union):
    """Every row of the union, users first, models in an order that loads without forward references."""
    models = [m for label in APPS for m in apps.get_app_config(label).get_models()]
    models = serializers.sort_dependencies([(apps.get_app_config(m._meta.app_label), [m]) for m in models],
                                           allow_cycles=True)
    objects = list(get_user_model().objects.filter(member__union=union).order_by("pk"))
    for model in models:
        path = union_lookup(model)
        if path:
            objects.extend(model._default_manager.filter(**{path: union.pk}).order_by("pk").distinct())
    return objects


class _Encoder(serializers.json.DjangoJSONEncoder):
    """Keeps microseconds (Django's encoder rounds them to milliseconds), so a restore is exact."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def dump_union(union):
    """The union's backup as a JSON string."""
    objects = union_objects(union)
    payload = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False
    )
    for row in payload:  # one union: its higher-level union is not in the file, nor restored with it
        if row["model"] == "members.union":
            row["fields"]["parent"] = None
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "union": union.name,
            "created_at": timezone.now().isoformat(),
            "objects": payload,
        },
        cls=_Encoder,
        ensure_ascii=False,
        indent=1,
    )


class BackupError(Exception):
    pass


def load_union(text):
    """Restore a backup made by `dump_union`; all or nothing. Returns the number of rows."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BackupError(f"not a JSON file: {exc}") from exc
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise BackupError("not a unionplan union backup (wrong format or version)")
    objects = list(serializers.deserialize("python", data["objects"], handle_forward_references=True))
    models = {obj.object.__class__ for obj in objects}
    with transaction.atomic(), connection.constraint_checks_disabled():
        for obj in objects:
            if isinstance(obj.object, Member):  # a raw save skips Member.save(): keep the sort key in step
                obj.object.fill_derived()
            obj.save()
        for obj in objects:
            if obj.deferred_fields:
                obj.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return len(objects)
