"""Helpers shared by the page tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, data=None) -> int:
    """SQL queries one GET makes, streamed bodies (CSV exports) read to the end."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)
