"""Optimistic locking for `Versioned` models: a save based on an old version is refused, never merged."""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """Someone else saved the record after this editor opened it."""

    message = _(
        "Someone else saved this record after you opened it. Your changes were not saved; "
        "reload the page to see the current version."
    )


def save_versioned(instance, seen_version, update_fields=None):
    """Save `instance` if nobody saved it since `seen_version` was read; raise StaleEdit otherwise.

    The version check and bump is one UPDATE, so two concurrent saves cannot both pass.
    """
    model = type(instance)
    try:
        seen_version = int(seen_version)
    except (TypeError, ValueError):  # a garbled version from a form can only be stale
        raise StaleEdit(str(StaleEdit.message)) from None
    with transaction.atomic():
        bumped = model.objects.filter(pk=instance.pk, version=seen_version).update(version=F("version") + 1)
        if not bumped:
            raise StaleEdit(str(StaleEdit.message))
        instance.version = seen_version + 1
        fields = None if update_fields is None else [*update_fields, "version"]
        instance.save(update_fields=fields)
    return instance
