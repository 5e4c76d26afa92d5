"""The login backend: Django's ModelBackend, reading what every request needs in fewer queries.

- `get_user` loads the user with their member record and its union in one query,
  so members.middleware.UnionMiddleware needs no query of its own;
- `get_all_permissions` reads the user's own and their groups' permissions in one query, not two,
  once per request (kept on the user object, which lives as long as the request), from SQL the ORM
  writes once per process: compiling that query cost five times running it.

Every page paid for both; at federation scale they were a third of a page's database round trips.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connections, router
from django.db.models import Q

MEMBER_FIELDS = ["member__union"]  # not the department and group: few pages show the reader's own


class UnionBackend(ModelBackend):
    def get_user(self, user_id):
        user = _user_with_member(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "union_permissions"):
            user_obj.union_permissions = _permissions(user_obj)
        return user_obj.union_permissions


def _permissions(user):
    if user.is_superuser:
        rows = _as_labels(Permission.objects.all())
    else:
        alias = router.db_for_read(Permission)
        with connections[alias].cursor() as cursor:
            cursor.execute(_permissions_sql(alias), [user.pk, user.pk])
            rows = cursor.fetchall()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def _as_labels(permissions):
    return permissions.order_by().values_list("content_type__app_label", "codename").distinct()


ANY_USER_ID = -1  # stands for the user's id while the ORM writes the SQL


def _user_with_member(user_id):
    """The user with their member record and its union (select_related), or None."""
    users = get_user_model()._default_manager.select_related(*MEMBER_FIELDS)
    # Sliced, not first(): ordering by the primary key it is filtered by cost a fifth of compiling it.
    return next(iter(users.filter(pk=user_id)[:1]), None)


@cache
def _permissions_sql(alias):
    """The SQL of a user's own and their groups' permissions, with the user's id twice as its
    parameters: written by the ORM once, not on every request (compiling it cost five times its
    running)."""
    permissions = _as_labels(Permission.objects.filter(Q(user=ANY_USER_ID) | Q(group__user=ANY_USER_ID)))
    sql, params = permissions.query.get_compiler(using=alias).as_sql()
    assert params == (ANY_USER_ID, ANY_USER_ID), params
    return sql
