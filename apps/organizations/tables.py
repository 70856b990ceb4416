"""Tables for organization lists."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, RecordTable

from .models import PartyOrganization


class OrganizationTable(RecordTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True, order_by=("name_sort_key", "code"))
    kind = tables.Column(order_by=("kind__position", "kind__name"))
    parent = tables.Column(order_by=("parent__name_sort_key",))
    commune = tables.Column(order_by=("commune__name_sort_key",))
    unit_count = tables.Column(verbose_name=_("Units"), attrs={"td": {"class": "number"}})
    founded_on = DateColumn()
    dissolved_on = DateColumn()

    class Meta(RecordTable.Meta):
        model = PartyOrganization
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "commune",
            "unit_count",
            "founded_on",
            "dissolved_on",
        ]
        order_by = ("code",)

    def render_parent(self, value):
        """The parent, linked only where the user may open it: a commune's clerk sees
        their commune, whose parent (the district) would answer "not found"."""
        user = self.request.user if getattr(self, "request", None) else None
        if user and (user.is_superuser or any(value.path.startswith(p) for p in user.scope_paths)):
            return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
        return str(value)
