from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "apps.audit"
    verbose_name = _("Change history")

    def ready(self):
        from .panels import register_panels

        # Every app's models are loaded by now, so every kept history is known.
        register_panels()
