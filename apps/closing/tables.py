"""The history of approvals, as a list and as its CSV export."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import RecordTable

from .models import YearApproval


class DateTimeColumn(tables.Column):
    """A moment shown and exported as dd/mm/yyyy HH:MM, local time, whatever the language."""

    def render(self, value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")

    def value(self, value, **kwargs):
        return self.render(value) if value else ""


class ApprovalTable(RecordTable):
    year = tables.Column(localize=False)
    organization = tables.Column(order_by=("organization__path",))
    approved_by = tables.Column(accessor="approver_name", order_by=("approved_by__username",))
    # The id breaks ties: an approval and the one that replaced it may share a minute.
    approved_at = DateTimeColumn(order_by=("approved_at", "pk"))
    note = tables.Column(attrs={"td": {"class": "wrap"}})
    status = tables.Column(
        verbose_name=_("Status"),
        accessor="reopened_at",
        order_by=("reopened_at",),
        empty_values=(),
    )
    reopened_by = tables.Column(accessor="reopener_name", order_by=("reopened_by__username",))
    reopened_at = DateTimeColumn()
    reopen_reason = tables.Column(attrs={"td": {"class": "wrap"}})
    reopen = tables.Column(
        verbose_name="", accessor="pk", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta(RecordTable.Meta):
        model = YearApproval
        fields = [
            "year", "organization", "approved_by", "approved_at", "note", "status",
            "reopened_by", "reopened_at", "reopen_reason", "reopen",
        ]  # fmt: skip

    def __init__(self, *args, reopen_paths=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Where the user may reopen approvals (`services.reopen_paths`).
        self.reopen_paths = tuple(reopen_paths)

    def may_reopen(self, record) -> bool:
        return record.is_current and record.organization.path.startswith(self.reopen_paths)

    def render_status(self, record):
        return _("Reopened") if record.reopened_at else _("Approved, read-only")

    def value_status(self, record):
        return self.render_status(record)

    def render_reopen(self, record):
        if not self.may_reopen(record):
            return ""
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("closing:reopen", args=[record.pk]),
            _("Reopen the year"),
        )
