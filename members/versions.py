"""Versions of a union's data, one per area, for the few cached fragments and conditional GETs.

Each union counts the changes to five areas of its data (`Union.members_version`,
`activities_version`, `plans_version`, `funds_version`, `signups_version`). An area's version moves
on once a transaction that saved or deleted one of its rows commits, wherever it ran (a view, the
admin, an import, the shell). Sign-ups and attendance are an area of their own, which no fragment is
keyed by: a sign-up leaves the calendar, the plan and the roster cached. A login, a logout or a
language switch moves nothing.

Saves and deletes are seen by signals; bulk_create() and update() (bulk_update() too) by
members.models.UnionQuerySet.

A fragment is cached by the view that renders it, with `fragment(name, vary_on, render)`: its key
names the versions of every area it shows and whatever else it depends on, e.g.

    fragment("activities.year", [union.pk, union.activities_version, union.members_version, year,
                                 audience, get_language()], lambda: year_schedule_html(request, year))

(Not with the template's {% cache %} tag: a fragment rendered inside the page's own render runs some
70 frames deeper, where CPython 3.11 allocates and frees a stack chunk on nearly every call —
python/cpython#142183 — and the fragment costs twice the CPU.) The reader's union and its versions
are loaded with the login at the start of the request (members.backends), and a version moves on only
after its write committed, so a fragment is never older than the last change its reader could have
seen. Fragments of older versions are never asked for again and age out. Fragments hold no POST
form and no CSRF token (htmx sends the token from `<body hx-headers>`); keys carry the release (settings.CACHES'
KEY_PREFIX).
"""

import hashlib
from functools import partial, wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

AREAS = ("members", "activities", "plans", "funds", "signups")
TIMEOUT = 60 * 60  # an hour: a fragment of a version that has moved on is dead weight

# The area of each app's rows (the year-end summary text is one of the year's documents).
AREA_OF_APP = {"members": "members", "activities": "activities", "plans": "plans", "funds": "funds",
               "unionplan": "plans"}

# Rows of an area of their own: sign-ups (no fragment shows them; a rush must not retire the calendar),
# and rows no fragment or page version shows at all, whose saving moves nothing.
AREA_OF_MODEL = {"activities.Signup": "signups", "members.HistoryEntry": None, "activities.FeedToken": None}


def area_of(model):
    label = model._meta.label
    return AREA_OF_MODEL[label] if label in AREA_OF_MODEL else AREA_OF_APP.get(model._meta.app_label)


def move_on(union_id, *areas):
    """Move the union's versions of `areas` on (all of them when none is named)."""
    fields = [f"{area}_version" for area in areas or AREAS]
    apps.get_model("members", "Union").objects.filter(pk=union_id).update(**{field: F(field) + 1 for field in fields})


def move_on_later(union_id, *areas):
    """Move the versions on once the current transaction commits: once, however many rows of the
    area it writes, and not at all if it rolls back."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(getattr(entry[1], "moves", None) == (union_id, areas)
                                          for entry in connection.run_on_commit):
        return
    callback = partial(move_on, union_id, *areas)
    callback.moves = (union_id, areas)
    transaction.on_commit(callback)


def row_changed(sender, instance, **kwargs):
    """post_save and post_delete of every union-owned model."""
    area = area_of(sender)
    if area is not None:
        move_on_later(instance.union_id, area)


def unions_written(queryset):
    """The unions whose rows an update() of `queryset` is about to write (none asked for rows that
    no fragment shows)."""
    if area_of(queryset.model) is None:
        return ()
    return set(queryset.order_by().values_list("union_id", flat=True).distinct())


def rows_written(model, union_ids):
    """bulk_create() and update() send no signal: UnionQuerySet calls this instead."""
    area = area_of(model)
    if area is not None:
        for union_id in union_ids:
            move_on_later(union_id, area)


def union_changed(sender, instance, created=False, **kwargs):
    """post_save of a union: its name heads the documents of every area."""
    if not created:
        move_on_later(instance.pk)


def page_etag(request, *areas):
    """An ETag for a page of the reader's that shows `areas` of their union: it changes with those
    versions, the release, the reader, the language and the day, and differs on a page that shows a
    message, so that the next visit does not bring the message back."""
    union = request.union
    if union is None or request.user.is_anonymous:
        return None
    shown = bool(len(get_messages(request)))
    versions = [getattr(union, f"{area}_version") for area in areas]
    key = repr((settings.CACHE_KEY_PREFIX, union.pk, versions, request.user.pk, get_language(),
                timezone.localdate(), shown))
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()


def revalidated(*areas):
    """A view whose page the browser may keep and ask again about (If-None-Match → 304 Not
    Modified) until `areas` of the union change. The page stays private to the reader."""
    def decorator(view):
        conditional = condition(etag_func=lambda request, *args, **kwargs: page_etag(request, *areas))(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.has_header("ETag"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        return wrapper
    return decorator


def fragment(name, vary_on, render):
    """The HTML `render()` returns, cached under `name` and `vary_on` (see above)."""
    key = make_template_fragment_key(name, vary_on)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html
