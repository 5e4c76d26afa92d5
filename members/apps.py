from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Union and members")

    def ready(self):
        from django.apps import apps
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from members import stamps
        from members.accounts import end_login_of_leaver
        from members.models import UnionOwned
        from members.roles import sync_roles

        # Each app adds its permissions as its models arrive; keep the role groups in step.
        post_migrate.connect(sync_roles, dispatch_uid="members.sync_roles")
        # A member marked 离会 by any path (form, import, admin) loses the login at once.
        post_save.connect(end_login_of_leaver, sender="members.Member", dispatch_uid="members.end_login")
        # Permissions are cached under the union's stamp (members.backends): changes to who holds what
        # move it on, wherever they come from.
        User = get_user_model()
        post_save.connect(stamps.touch_login, sender=User, dispatch_uid="stamps.login")
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(stamps.touch_on_access_change, sender=through, dispatch_uid=f"stamps.{through}")
        post_delete.connect(lambda **kwargs: stamps.touch_all(), sender=Group, weak=False,
                            dispatch_uid="stamps.group_deleted")
        # Pages are cached under the union's stamp: a row saved or deleted anywhere moves it on.
        post_save.connect(stamps.touch_row, sender="members.Union", dispatch_uid="stamps.union")
        for model in apps.get_models():
            if issubclass(model, UnionOwned):
                for signal in (post_save, post_delete):
                    signal.connect(stamps.touch_row, sender=model, dispatch_uid=f"stamps.{model._meta.label}")
