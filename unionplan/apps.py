from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionplanConfig(AppConfig):
    name = "unionplan"
    verbose_name = _("Year-end summary")
