from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "apps.oversight"
    label = "oversight"
    verbose_name = _("Inspection and supervision")

    def ready(self):
        from . import panels  # noqa: F401  (registers the subject panels on detail pages)
