"""CSV export of what a list page shows: same rows, same order, same columns.

Files are UTF-8 with a byte-order mark so that Excel opens Vietnamese correctly, cells
that a spreadsheet would run as a formula are neutralised, and rows are streamed from
the database in chunks so memory stays flat however long the list is.
"""

import csv
import datetime
import re

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django_tables2.rows import BoundRow

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
_PLAIN_NUMBER = re.compile(r"-?\d+([.,]\d+)?%?")


def neutralise_formula(value: str) -> str:
    """Prefix a would-be formula with an apostrophe, which spreadsheets show as text.

    A value already starting with apostrophes before a trigger ("'=1") gets one more, so
    that the import, which takes one away, gives it back unchanged.
    """
    if value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def inert_rows(rows):
    """`rows` of labels and figures, safe to open in a spreadsheet: text that would run
    as a formula is neutralised, plain numbers (negative ones too) stay numbers."""
    for row in rows:
        yield [
            cell
            if not isinstance(cell, str) or _PLAIN_NUMBER.fullmatch(cell)
            else neutralise_formula(cell)
            for cell in row
        ]


def export_value(value) -> str:
    """Render one cell as the clerks' registers write it (dates as dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    return neutralise_formula(force_str(value))


def table_rows(table):
    """Yield the header and then every row of a django-tables2 table, unpaginated.

    Only the columns the table shows are exported, so the file matches the page.
    """
    columns = [column for column in table.columns if not column.column.exclude_from_export]
    yield [neutralise_formula(force_str(column.header)) for column in columns]
    data = table.data.data
    records = data.iterator(chunk_size=CHUNK_SIZE) if isinstance(data, QuerySet) else data
    for record in records:
        row = BoundRow(record, table=table)
        yield [export_value(row.get_cell_value(column.name)) for column in columns]


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Stream `rows` (an iterable of lists) as a UTF-8-with-BOM CSV attachment."""
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def generate():
        # The body is produced after the view returns: keep the request's language.
        with translation.override(language):
            yield BOM
            for row in rows:
                yield writer.writerow(row)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
