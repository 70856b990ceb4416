"""The "Lịch sử thay đổi" panel on the page of every record whose history is kept."""

from django.urls import reverse

from apps.core.panels import register_panel

from .changes import kind_key, latest_changes, tracked_models

# Rows on a record's page; the full, paginated history is one link away.
PANEL_ROWS = 10


def history_panel(record, request):
    changes, more = latest_changes(record, PANEL_ROWS, request.user)
    return {
        "changes": changes,
        "more": more,
        "url": reverse("audit:record", args=[kind_key(type(record)), record.pk]),
    }


def register_panels():
    for model in tracked_models():
        register_panel(model._meta.label, "audit/panels/history.html", history_panel, order=1000)
