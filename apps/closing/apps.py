from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    name = "apps.closing"
    label = "closing"
    verbose_name = _("Closed years")

    def ready(self):
        # Every app's record models are governed from one place (see registrations.py).
        from . import registrations  # noqa: F401
