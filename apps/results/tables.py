"""Lists of resolutions and of the figures typed in by hand."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, RecordTable

from .models import ManualValue, Resolution


class ResolutionTable(RecordTable):
    title = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    number = tables.Column()
    kind = tables.Column()
    organization = tables.Column(linkify=True, order_by=("organization__path",))
    adopted_on = DateColumn()
    years = tables.Column(verbose_name=_("Years"), order_by=("first_year", "last_year"))
    target_count = tables.Column(verbose_name=_("Targets"))

    class Meta(RecordTable.Meta):
        model = Resolution
        fields = ["title", "number", "kind", "organization", "adopted_on", "years", "target_count"]
        sequence = fields

    def render_years(self, record):
        return f"{record.first_year}–{record.last_year}"

    def value_years(self, record):
        return self.render_years(record)


class ManualValueTable(RecordTable):
    indicator_code = tables.Column(verbose_name=_("Code"), linkify=True)
    indicator = tables.Column(
        verbose_name=_("Indicator"), accessor="indicator__label", orderable=False
    )
    organization = tables.Column(linkify=True, order_by=("organization__path",))
    year = tables.Column()
    value = tables.Column()
    source = tables.Column(attrs={"td": {"class": "wrap"}})
    entered_by = tables.Column()
    entered_at = tables.DateTimeColumn(format="SHORT_DATETIME_FORMAT")

    class Meta(RecordTable.Meta):
        model = ManualValue
        fields = [
            "indicator_code", "indicator", "organization", "year", "value", "source",
            "entered_by", "entered_at",
        ]  # fmt: skip
        sequence = fields

    def render_year(self, value):
        return str(value)

    def value_year(self, value):
        return value
