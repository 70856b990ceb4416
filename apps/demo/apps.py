from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Sits above every domain app and loads their demo data in order."""

    name = "apps.demo"
    label = "demo"
    verbose_name = _("Demo data")
