"""One way to reach a union's objects: check the permission, root the lookup in `request.union`."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme


def union_required(view):
    """The view needs a union: a superuser without a member record is sent to pick one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.union is None:
            if request.user.is_superuser:
                return redirect(f"/members/choose-union/?next={request.get_full_path()}")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def require_perm(request, *perms):
    if not all(request.user.has_perm(p) for p in perms):
        raise PermissionDenied


def get_for_union(request, queryset, perm=None, **lookup):
    """`queryset.for_union(request.union).get(**lookup)`, or 404; PermissionDenied without `perm`."""
    if perm:
        require_perm(request, perm)
    if request.union is None:
        raise Http404
    if not hasattr(queryset, "for_union"):
        queryset = queryset.objects.all()
    return get_object_or_404(queryset.for_union(request.union), **lookup)


def local_url(request, url):
    """`url` if it is a path on this site (a safe ?next=), else "".

    Only a path: `redirect()` would take any other string for the name of a view and fail on it.
    """
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


MAX_ID = 2**63 - 1  # the largest id a database stores (SQLite's and PostgreSQL's bigint)


def id_or_none(value):
    """The id (or other whole number) a URL's query or a form sent as text, or None.

    Only ASCII digits: str.isdigit() passes "²", which int() refuses, and "١٢", which int() reads as
    12. Only what a database can store: a 30-digit id makes SQLite's driver raise OverflowError.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None
