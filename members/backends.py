"""The login backend: Django's ModelBackend, reading what every request needs in fewer queries.

- `get_user` loads the user with their member record and its union in one query,
  so members.middleware.UnionMiddleware needs no query of its own, from SQL the ORM writes once per
  process (compiling its 59 columns and two joins cost as much as running it and building the rows);
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
from django.db.models.query import get_related_populators

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
    """The user with their member record and its union (select_related), or None: the rows made into
    instances as the ORM's own iterable does, from a query compiled once (_user_query)."""
    User = get_user_model()
    alias = router.db_for_read(User)
    sql, row_reader = _user_query(alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [User._meta.pk.get_prep_value(user_id)])
        row = cursor.fetchone()
    return None if row is None else row_reader(row, connection)


@cache
def _user_query(alias):
    """The SQL of the user with member and union, with the user's id as its one parameter, and a
    function making a row into the user (its member and union attached, as select_related does)."""
    User = get_user_model()
    # Sliced, not first(): ordering by the primary key it is filtered by cost a fifth of compiling it.
    users = User._default_manager.select_related(*MEMBER_FIELDS).filter(pk=ANY_USER_ID)[:1]
    compiler = users.query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    assert params == (ANY_USER_ID,), params
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    converters = list(compiler.get_converters([column[0] for column in select[:compiler.col_count]]).items())

    def row_reader(row, connection):
        row = list(row)
        for position, (functions, expression) in converters:  # e.g. the union's JSON roster columns
            for function in functions:
                row[position] = function(row[position], expression, connection)
        user = User.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, user)
        return user

    return sql, row_reader


@cache
def _permissions_sql(alias):
    """The SQL of a user's own and their groups' permissions, with the user's id twice as its
    parameters: written by the ORM once, not on every request (compiling it cost five times its
    running)."""
    permissions = _as_labels(Permission.objects.filter(Q(user=ANY_USER_ID) | Q(group__user=ANY_USER_ID)))
    sql, params = permissions.query.get_compiler(using=alias).as_sql()
    assert params == (ANY_USER_ID, ANY_USER_ID), params
    return sql
