"""Back up the demo union, restore it into an empty database, and find every row identical."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from members.history import record
from members.models import HistoryEntry, Member, Union
from members.versions import AREAS
from tests.conftest import DEMO_TODAY
from unionplan.backup import APPS, BackupError, dump_union, load_union, union_lookup

pytestmark = pytest.mark.django_db(transaction=True)


def everything(union):
    """Every row of every model of ours that belongs to `union`, as comparable data (the demo's
    federation and its other schools are not in the school's backup)."""
    from django.apps import apps
    from django.core import serializers

    rows = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            path = union_lookup(model)
            if path is None:  # not a union's rows (members.Attempt): not in a backup
                continue
            rows[model._meta.label] = serializers.serialize(
                "python", model._default_manager.filter(**{path: union.pk}).order_by("pk").distinct(),
                use_natural_foreign_keys=True,
            )
    for row in rows["members.Union"]:
        del row["fields"]["parent"]  # its higher-level union is not in the backup
        for area in AREAS:  # not data: they move on after a restore, retiring cached fragments
            del row["fields"][f"{area}_version"]
    users = get_user_model().objects.filter(member__union=union).order_by("username")
    rows["auth.User"] = serializers.serialize("python", users, use_natural_foreign_keys=True)
    return rows


def test_backup_and_restore_the_demo_union(settings, tmp_path):
    settings.DEBUG = True
    call_command("seed_demo", year=2026, today=DEMO_TODAY)
    union = get_user_model().objects.get(username="chair").member.union  # the school, not its federation
    member = Member.objects.for_union(union).first()
    record(member, None, HistoryEntry.Action.CHANGE, {"手机": ["1", "2"]})
    before = everything(union)
    path = tmp_path / "backup.json"
    call_command("backup_union", str(union.pk), str(path))

    call_command("flush", "--noinput")  # an empty database: roles and content types come back by migrate
    assert Member.objects.count() == 0 and HistoryEntry.objects.count() == 0

    call_command("restore_union", str(path))
    restored = Union.objects.get()
    assert everything(restored) == before
    assert restored.parent is None
    # fragments a running server cached of the union are retired
    assert all(getattr(restored, f"{a}_version") > getattr(union, f"{a}_version") for a in AREAS)
    # New rows get fresh ids after a restore (sequences were moved past the restored ones).
    assert Union.objects.create(name="新工会").pk > union.pk


def test_a_file_that_is_not_a_backup_is_refused(db):
    with pytest.raises(BackupError):
        load_union("{}")
    with pytest.raises(BackupError):
        load_union("not json")


def test_backup_holds_only_that_union(union, other_union, chair_user, chair_of_other_union):
    data = json.loads(dump_union(union))
    names = {o["fields"].get("name") for o in data["objects"] if o["model"] == "members.member"}
    assert names == {"王主席"}
    assert {o["fields"]["username"] for o in data["objects"] if o["model"] == "auth.user"} == {
        chair_user.username
    }

