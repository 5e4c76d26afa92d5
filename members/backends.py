"""The login backend: Django's ModelBackend, reading what every request needs in fewer queries.

- `get_user` loads the user with their member record and its union in one query,
  so members.middleware.UnionMiddleware needs no query of its own;
- `get_all_permissions` reads the user's own and their groups' permissions in one query, not two,
  and keeps them in the cache under their union's stamp (members.stamps): a role changed in the app
  moves the stamp on with the request that changed it, and one changed elsewhere (admin, shell, the
  role sync after migrate) by a signal (members.stamps.touch_on_access_change).

Every page paid for both; at federation scale they were a third of a page's database round trips.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from members.stamps import cached_for

MEMBER_FIELDS = ["member__union"]  # not the department and group: few pages show the reader's own


class UnionBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related(*MEMBER_FIELDS)
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            union = _union_loaded_with(user_obj)
            if union is None:
                user_obj._perm_cache = _permissions(user_obj)
            else:
                build = lambda: _permissions(user_obj)  # noqa: E731
                user_obj._perm_cache = cached_for(union, "permissions", build, user_obj.pk, user_obj.is_superuser)
        return user_obj._perm_cache


def _permissions(user):
    permissions = Permission.objects.all()
    if not user.is_superuser:
        permissions = permissions.filter(Q(user=user) | Q(group__user=user))
    rows = permissions.order_by().values_list("content_type__app_label", "codename").distinct()
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def _union_loaded_with(user):
    """The user's union if `get_user` loaded it (no query here), else None."""
    if not get_user_model().member.related.is_cached(user):
        return None
    member = getattr(user, "member", None)  # None cached when the user has no member record
    return member.union if member is not None else None
