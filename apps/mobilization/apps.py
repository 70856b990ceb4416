from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilizationConfig(AppConfig):
    name = "apps.mobilization"
    label = "mobilization"
    verbose_name = _("Mass mobilization")

    def ready(self):
        from . import panels  # noqa: F401  (registers the organization panel)
