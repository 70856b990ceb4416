from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "apps.results"
    label = "results"
    verbose_name = _("Yearly results")

    def ready(self):
        from . import indicators  # noqa: F401  (registers the indicators)
        from .closing import register_locks

        register_locks()
