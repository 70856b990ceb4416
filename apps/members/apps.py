from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "apps.members"
    label = "members"
    verbose_name = _("Party members")

    def ready(self):
        from apps.audit.changes import restrict

        from .forms import PERSONAL_FIELDS
        from .models import PartyMember

        # The change history shows personal data to those the member's page shows it to.
        restrict(PartyMember, PERSONAL_FIELDS, "members.view_personal_data")
