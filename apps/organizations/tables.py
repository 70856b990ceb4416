"""Tables for organization lists."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, RecordTable

from .models import PartyOrganization


class OrganizationTable(RecordTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True, order_by=("name_sort_key", "code"))
    kind = tables.Column(order_by=("kind__position", "kind__name"))
    parent = tables.Column(linkify=True, order_by=("parent__name_sort_key",))
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
