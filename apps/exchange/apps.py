from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "apps.exchange"
    label = "exchange"
    verbose_name = _("CSV data exchange")

    def ready(self):
        # Each app declares its kinds in its own csv_kinds.py.
        autodiscover_modules("csv_kinds")
