"""Parts of pages cached per union, and the stamp that retires them.

`Union.stamp` moves on after every request that may have written the union's data (any POST, PUT,
PATCH or DELETE: members.middleware.UnionMiddleware), and once a transaction that saved or deleted a
row of the union commits, wherever it ran (the shell, a management command: `touch_later`, connected
in members.apps). A cached part is keyed by the stamp read with the user at the start of the request
(members.backends), so it never predates the last change the reader could have seen: a write commits
before its stamp moves on, and a reader that sees the new stamp reads the new data. Parts of older
stamps are never asked for again and age out of the cache.

The key of a part names everything else it depends on (year, month, today, the reader's audience,
permissions and own sign-ups, the query string); views check access on every request before they
read a part.
"""

import hashlib
from functools import partial

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from members.models import Union

TIMEOUT = 60 * 60  # an hour: entries of a stamp that has moved on are dead weight

# A cached part with forms renders {% csrf_token %} with this in its place (pass it as the context's
# `csrf_token`); `with_csrf` puts the reader's own token there. Escaped text never holds a "<".
CSRF_SLOT = mark_safe("<csrf-token>")


def touch(union):
    """Retire every cached part of `union` (a Union or its id)."""
    Union.objects.filter(pk=getattr(union, "pk", union)).update(stamp=F("stamp") + 1)


def touch_later(union_id):
    """Move the union's stamp on once the current transaction commits: once, however many of its rows
    the transaction writes (and not at all if it rolls back)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(getattr(entry[1], "stamp_of", None) == union_id
                                          for entry in connection.run_on_commit):
        return
    callback = partial(touch, union_id)
    callback.stamp_of = union_id
    transaction.on_commit(callback)


def touch_row(sender, instance, **kwargs):
    """post_save and post_delete of every union-owned model, and post_save of a union (its name)."""
    touch_later(instance.pk if isinstance(instance, Union) else instance.union_id)


def touch_login(sender, instance, update_fields=None, **kwargs):
    """post_save of a login: its username and state show on the union's pages (the roster's login
    column). Logging in saves `last_login` alone, which no page shows."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    member = getattr(instance, "member", None)
    if member is not None:
        touch_later(member.union_id)


def touch_all():
    """Retire every union's cached parts (a role's permissions changed: it may be anyone's)."""
    Union.objects.update(stamp=F("stamp") + 1)


def touch_on_access_change(sender, instance, action, **kwargs):
    """A login's groups or permissions changed outside a request of its union (admin, shell, the
    role sync after migrate): retire the permissions members.backends cached for it."""
    if not action.startswith("post_"):
        return
    member = getattr(instance, "member", None) if isinstance(instance, get_user_model()) else None
    if member is not None:
        touch(member.union_id)
    elif not isinstance(instance, get_user_model()):  # a group's or a permission's side: anyone's
        touch_all()


def cached(request, name, build, *vary):
    """`build()`, cached for the request's union until its data changes; `vary`: whatever else the
    result depends on (plain values: their repr() goes into the key)."""
    return cached_for(request.union, name, build, *vary)


def cached_for(union, name, build, *vary):
    varies = hashlib.md5(repr(vary).encode(), usedforsecurity=False).hexdigest()
    key = f"part:{name}:{union.pk}:{union.stamp}:{get_language()}:{varies}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def permissions_key(request):
    """The reader's permissions, for a key: what a part shows by permission is alike for all who
    hold the same ones (members of one role share it)."""
    return sorted(request.user.get_all_permissions())


def with_csrf(request, html):
    """A cached part's HTML with the reader's CSRF token in its forms (see CSRF_SLOT)."""
    return mark_safe(html.replace(CSRF_SLOT, get_token(request)))
