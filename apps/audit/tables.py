"""The all-changes table: when, who, what was done to which record, and how it changed."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.tables import RecordTable

from .changes import record_label, record_url


def change_text(change) -> str:
    """The change as one line of text, for the CSV export."""
    return "; ".join(
        f"{item.label}: {item.before} → {item.after}"
        if item.before
        else f"{item.label}: {item.after}"
        for item in change.changes
    )


class ChangeTable(RecordTable):
    when = tables.Column(
        verbose_name=_("When"), accessor="history_date", order_by=("history_date",)
    )
    user = tables.Column(verbose_name=_("By"), accessor="change", orderable=False)
    action = tables.Column(verbose_name=_("Type of change"), accessor="change", orderable=False)
    kind = tables.Column(verbose_name=_("Kind of record"), accessor="change", orderable=False)
    record = tables.Column(verbose_name=_("Record"), accessor="change", orderable=False)
    reason = tables.Column(verbose_name=_("Reason"), accessor="change", orderable=False)
    changes = tables.Column(
        verbose_name=_("Changes"),
        accessor="change",
        orderable=False,
        attrs={"td": {"class": "wrap"}},
    )

    class Meta(RecordTable.Meta):
        empty_text = _("No changes match.")

    def render_when(self, value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")

    def value_when(self, value):
        return self.render_when(value)

    def value_user(self, value):
        return str(value.user) if value and value.user else ""

    def render_user(self, value):
        return self.value_user(value) or "—"

    def value_action(self, value):
        return str(capfirst(value.action_label)) if value else ""

    def render_action(self, value):
        return self.value_action(value)

    def value_kind(self, value):
        return str(value.kind_label) if value else ""

    def render_kind(self, value):
        return self.value_kind(value)

    def value_record(self, value):
        return record_label(value) if value else ""

    def render_record(self, value):
        url = record_url(value) if value else None
        if url:
            return format_html('<a href="{}">{}</a>', url, record_label(value))
        return self.value_record(value)

    def value_reason(self, value):
        return str(value.reason_label) if value else ""

    def render_reason(self, value):
        return self.value_reason(value) or "—"

    def value_changes(self, value):
        return change_text(value) if value else ""

    def render_changes(self, value):
        if not value or not value.changes:
            return "—"
        items = format_html(
            "<ul class='changes'>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {}{}</li>",
                (
                    (item.label, f"{item.before} → " if item.before else "", item.after)
                    for item in value.changes
                ),
            ),
        )
        if value.action == "+" or value.earlier_unknown:
            # A whole record's values: folded, so that the list stays a list of changes.
            return format_html("<details><summary>{}</summary>{}</details>", _("Values"), items)
        return items
