from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Union and members")

    def ready(self):
        from members.roles import sync_roles

        # Each app adds its permissions as its models arrive; keep the role groups in step.
        post_migrate.connect(sync_roles, dispatch_uid="members.sync_roles")
