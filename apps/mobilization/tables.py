"""The model list: what a clerk checks at a glance, and what the CSV export carries."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from apps.core.tables import NumberColumn, RecordTable

from .models import MobilizationModel


class MobilizationModelTable(RecordTable):
    name = tables.Column(linkify=True, order_by=("name_sort_key",), attrs={"td": {"class": "wrap"}})
    runner = tables.Column(verbose_name=_("Running body"), order_by=("runner_kind", "runner_name"))
    organization = tables.Column(linkify=True, order_by=("organization__path",))
    field = tables.Column()
    holder = tables.Column()
    level = tables.Column()
    registered_year = tables.Column()
    renewal_years = tables.Column(
        verbose_name=_("Years renewed and improved"), accessor="renewals", orderable=False
    )
    status = tables.Column()
    recognition_count = NumberColumn(verbose_name=_("Recognitions"))

    class Meta(RecordTable.Meta):
        model = MobilizationModel
        fields = [
            "name", "runner", "organization", "field", "holder", "level", "registered_year",
            "renewal_years", "status", "recognition_count",
        ]  # fmt: skip
        sequence = fields

    def render_registered_year(self, value):
        return str(value)  # a year, not a quantity: no thousands separator

    def value_registered_year(self, value):
        return value

    def render_renewal_years(self, value):
        return ", ".join(str(renewal.year) for renewal in value.all())

    def value_renewal_years(self, value):
        return self.render_renewal_years(value)
