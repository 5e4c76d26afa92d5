from django.apps import AppConfig
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Funds")

    def ready(self):
        from funds import links

        # Deleting what money was spent for never changes a locked expense (funds/links.py).
        for model in links.LINKS:
            pre_delete.connect(links.unlink_expenses, sender=model, dispatch_uid=f"funds.links.{model._meta.label}")
