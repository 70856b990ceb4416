from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    name = "apps.closing"
    label = "closing"
    verbose_name = _("Closed years")
