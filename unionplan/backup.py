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

from members.models import Member, Transfer, Union

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
    payload += _cut_outside_links(union, payload)
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


def _cut_outside_links(union, payload):
    """Rows of the union can point outside it once a member has moved to a sister union (会籍接转): the
    old union's dues, sign-ups and transfer trace at the member, now the other union's, and at the
    receiving union; the moved history at the old union's users. A link that may be empty is emptied;
    a member is kept as a stub that left the union (name, card number, gender, dates: what its own rows
    already said of them, no login); a union as a stub with its name. Returns the stubs."""
    User = get_user_model()
    included = {}
    for row in payload:
        included.setdefault(row["model"], set()).add(row["pk"])
    usernames = {row["fields"]["username"] for row in payload if row["model"] == User._meta.label_lower}
    stubs = {}
    for row in payload:
        model = apps.get_model(row["model"])
        for field in model._meta.concrete_fields:
            if not field.many_to_one or field.name not in row["fields"] or row["fields"][field.name] is None:
                continue
            value, target = row["fields"][field.name], field.related_model
            if target is not User and union_lookup(target) is None:
                continue  # a table every union shares (content types, groups, ...): not in any backup
            if target is User:
                outside = value[0] not in usernames  # its natural key: (username,)
            else:
                outside = value not in included.get(target._meta.label_lower, ())
            if not outside:
                continue
            if target is Member:
                stubs.setdefault(("member", value), None)
            elif target is Union:
                stubs.setdefault(("union", value), None)
            elif field.null:
                row["fields"][field.name] = None
    return _stubs(union, list(stubs))


def _stubs(union, keys):
    members = Member.objects.in_bulk([pk for kind, pk in keys if kind == "member"])
    left_on = dict(Transfer.objects.filter(union=union, status=Transfer.Status.ACCEPTED).values_list(
        "member_id", "decided_on"))
    objects = [
        Member(pk=m.pk, union_id=union.pk, name=m.name, gender=m.gender, card_number=m.card_number,
               joined_on=m.joined_on, status=Member.Status.LEFT, left_on=left_on.get(m.pk) or timezone.localdate(),
               created_at=m.created_at, updated_at=m.updated_at)
        for m in members.values()
    ]
    unions = Union.objects.in_bulk([pk for kind, pk in keys if kind == "union"])
    objects += [Union(pk=u.pk, name=u.name, kind=u.kind, created_at=u.created_at) for u in unions.values()]
    return serializers.serialize("python", objects, use_natural_foreign_keys=True)


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
