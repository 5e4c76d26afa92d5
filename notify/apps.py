from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "notify"
    verbose_name = _("Group robots")

    def ready(self):
        from notify import events

        events.connect()
