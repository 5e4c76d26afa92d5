from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Union and members")

    def ready(self):
        from django.apps import apps

        from members import versions
        from members.accounts import end_login_of_leaver
        from members.models import UnionOwned
        from members.roles import sync_roles

        # Each app adds its permissions as its models arrive; keep the role groups in step.
        post_migrate.connect(sync_roles, dispatch_uid="members.sync_roles")
        # A member marked 离会 by any path (form, import, admin) loses the login at once.
        post_save.connect(end_login_of_leaver, sender="members.Member", dispatch_uid="members.end_login")
        # The few cached fragments are keyed by per-area versions: a row saved or deleted anywhere
        # moves its area's version on.
        post_save.connect(versions.union_changed, sender="members.Union", dispatch_uid="versions.union")
        for model in apps.get_models():
            if issubclass(model, UnionOwned):
                for signal in (post_save, post_delete):
                    signal.connect(versions.row_changed, sender=model, dispatch_uid=f"versions.{model._meta.label}")
