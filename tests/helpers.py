"""Helpers shared by the page tests."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.exports import BOM


def count_queries(client, url, data=None) -> int:
    """SQL queries one GET makes, streamed bodies (CSV exports) read to the end."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def read_csv(response) -> list[list[str]]:
    """The rows of a streamed CSV export, checking the byte-order mark Excel needs."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :])))


def table_rows(response) -> list:
    """The records on the shown page of a list view's table."""
    assert response.status_code == 200
    return [row.record for row in response.context["table"].page.object_list]


def post_form(client, url, data=None, **kwargs):
    """POST `data` to the form at `url` as a browser would: open the page first, so that
    the post carries the form's fingerprint of the record (apps/core/concurrency.py)."""
    opened = client.get(url)
    context = opened.context if opened.status_code == 200 and opened.context else {}
    form = context.get("form") or getattr(context.get("adminform"), "form", None)
    data = dict(data or {})
    fingerprint = getattr(form, "fingerprint", None)
    if fingerprint:
        data.setdefault("record_fingerprint", fingerprint)
    return client.post(url, data, **kwargs)
