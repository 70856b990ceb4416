from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "apps.organizations"
    label = "organizations"
    verbose_name = _("Party organizations")

    def ready(self):
        from .choices import end_request_sizes, start_request_sizes

        request_started.connect(start_request_sizes, dispatch_uid="organization_list_sizes")
        request_finished.connect(end_request_sizes, dispatch_uid="organization_list_sizes")
