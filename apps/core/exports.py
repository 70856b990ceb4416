"""CSV export of what a list page shows: same rows, same order, same columns.

Files are UTF-8 with a byte-order mark so that Excel opens Vietnamese correctly, cells
that a spreadsheet would run as a formula are neutralised, and rows are streamed from
the database in chunks so memory stays flat however long the list is.
"""

import csv
import datetime
import functools
import io
import itertools
import re

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor

from .tables import DateColumn

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# First characters after which `neutralise_formula()` may change a value (apostrophes
# included: "'=1" gets one more); any other text is exported as it is.
_MAYBE_FORMULA = frozenset("".join(FORMULA_TRIGGERS) + "'")
# What makes csv.writer quote a cell (QUOTE_MINIMAL, "," and CRLF).
_NEEDS_QUOTING = (",", '"', "\r", "\n")
CHUNK_SIZE = 2000
# Rows are written to the CSV in batches, and sent in pieces of about this many
# characters rather than one write per row.
WRITE_BATCH = 500
STREAM_BUFFER = 64 * 1024
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


def exported_columns(table) -> list:
    """The bound columns of `table` that its export writes, in the order shown."""
    return [column for column in table.columns if not column.column.exclude_from_export]


def table_rows(table):
    """Yield the header and then every row of a django-tables2 table, unpaginated.

    Only the columns the table shows are exported, so the file matches the page. When
    every column simply shows a model field (`_FieldRows`), rows are read as tuples of
    values rather than model instances: the same cells, without building a model and a
    django-tables2 row for each of a hundred thousand members.
    """
    columns = exported_columns(table)
    yield [neutralise_formula(force_str(column.header)) for column in columns]
    data = table.data.data
    if isinstance(data, QuerySet):
        field_rows = _FieldRows.plan(table, columns, data)
        if field_rows is not None:
            yield from field_rows
            return
        records = data.iterator(chunk_size=CHUNK_SIZE)
    else:
        records = data
    for record in records:
        row = BoundRow(record, table=table)
        yield [export_value(row.get_cell_value(column.name)) for column in columns]


def _export_text(value) -> str:
    """`export_value()` of a non-empty string, with the common case kept cheap."""
    return neutralise_formula(value) if value[0] in _MAYBE_FORMULA else value


# "dd/mm/" of every day of the year: with the year appended, a date as strftime()
# writes it with "%d/%m/%Y", in a fifth of the time (a million dates in a province).
_DAY_MONTH = {
    (month, day): f"{day:02d}/{month:02d}/" for month in range(1, 13) for day in range(1, 32)
}


def _export_date(value) -> str:
    if value.year < 1000:  # strftime's %Y is not padded everywhere
        return value.strftime("%d/%m/%Y")
    return _DAY_MONTH[value.month, value.day] + str(value.year)


def _text_column(values):
    """The exported texts of one text column of a chunk of rows.

    A few searches over the whole column joined by line breaks find whether any cell
    may be a formula (a line starting with a trigger); usually none is, and the column
    goes out as it is, without a function call per cell.
    """
    try:
        joined = "\n" + "\n".join(values)
    except TypeError:  # a NULL among them
        joined = None
    if joined is not None and not any("\n" + first in joined for first in _MAYBE_FORMULA):
        return values
    return [_export_text(value) if value else "" for value in values]


def _each(convert):
    """A column converter applying `convert` to every cell."""
    return functools.partial(map, convert)


class _Lookup(dict):
    """Stored value → exported text, computing (and not keeping) what it was not given."""

    def __init__(self, known, fallback):
        super().__init__(known)
        self.fallback = fallback

    def __missing__(self, value):
        return self.fallback(value)


class _FieldRows:
    """The rows of a table whose exported columns all show model fields, read with
    `values_list()`: each cell is what `BoundRow.get_cell_value()` and `export_value()`
    make of the stored value, byte for byte.

    A column qualifies when the table has no `render_<name>`/`value_<name>` for it, it
    is a plain `Column` or a `DateColumn`, and its accessor names a field, following
    foreign keys. Choices are written as their labels in the current language; a
    foreign key at the end of the path as the related object's `str()`, read once per
    related object. Anything else (properties, other column classes, `.values()` data,
    DISTINCT) keeps the general path.
    """

    def __init__(self, queryset, paths, converters):
        self.queryset = queryset
        self.paths = paths
        # One per column: the stored values of a chunk of rows → their exported texts.
        self.converters = converters

    @classmethod
    def plan(cls, table, columns, queryset):
        if queryset._iterable_class is not ModelIterable or queryset.query.distinct:
            return None
        if queryset.query.combinator:
            return None
        paths, converters = [], []
        for bound_column in columns:
            planned = _plan_column(table, bound_column, queryset)
            if planned is None:
                return None
            paths.append(planned[0])
            converters.append(planned[1])
        return cls(queryset, paths, converters)

    def __iter__(self):
        # Chunk by chunk, column by column: a call per column, not per cell.
        for chunk in self.chunks():
            columns = [
                convert(values)
                for convert, values in zip(self.converters, zip(*chunk, strict=True), strict=True)
            ]
            yield from zip(*columns, strict=True)

    def chunks(self):
        """The rows of values, CHUNK_SIZE at a time, as `.iterator()` reads them (a
        server-side cursor where the database has one), without a Python step per row."""
        values = self.queryset.values_list(*self.paths)
        compiler = values.query.get_compiler(values.db)
        server_side = not connections[values.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
        fetched = compiler.execute_sql(MULTI, chunked_fetch=server_side, chunk_size=CHUNK_SIZE)
        for rows in fetched or ():
            # The fields' own conversions from the database (dates on SQLite).
            yield list(compiler.results_iter([rows], tuple_expected=True))


def _date_column(values):
    """The dates of a column as `export_value()` writes them."""
    return ["" if day is None else _export_date(day) for day in values]


def _date_column_value(value):
    return _export_date(value) if isinstance(value, datetime.date) else ""


def _identity(value):
    return value


def _column_value(column):
    """What the column makes of a non-empty value for export (`DateColumn.value()`,
    `Column.value()`), or None if that is not a plain function of the value: a column of
    another class, or with its own `render()`."""
    kind = type(column)
    if kind.value is DateColumn.value:
        return _date_column_value
    if kind.value is tables.Column.value and kind.render is tables.Column.render:
        return _identity
    return None


def _field_of(model, bits):
    """The model field an accessor's bits name, following forward foreign keys, or None."""
    field = None
    for position, bit in enumerate(bits):
        try:
            field = model._meta.get_field(bit)
        except FieldDoesNotExist:
            return None
        if not field.concrete:
            return None
        if field.is_relation:
            # Only forward foreign keys and one-to-one fields: one value per row.
            if not (field.many_to_one or field.one_to_one):
                return None
            model = field.related_model
        elif position < len(bits) - 1:
            return None
    return field


_TEXT_FIELDS = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


def _plan_column(table, bound_column, queryset):
    """(values_list path, converter of the stored value to the exported text) for one
    column, or None when the column needs the general path."""
    name = bound_column.name
    if hasattr(table, f"value_{name}") or hasattr(table, f"render_{name}"):
        return None
    column = bound_column.column
    column_value = _column_value(column)
    bits = Accessor(bound_column.accessor).bits
    field = _field_of(queryset.model, bits) if bits and column_value else None
    if field is None:
        return None
    path = "__".join(bits)
    empty_values = column.empty_values

    def export(value):
        """BoundRow.get_cell_value() then export_value(), for a displayed value."""
        if value in empty_values:
            return ""
        return export_value(column_value(value))

    if field.is_relation:
        # The cell shows the related object itself: its str().
        if column_value is not _identity or field.choices:
            return None
        names = _related_names(queryset, path, field, export)
        return path, _each(names.__getitem__)
    if field.choices:
        labels = {
            key: force_str(label, strings_only=True)
            for key, label in dict(field.flatchoices).items()
        }
        # Across a relation, None is also an empty link, which shows no label.
        if len(bits) > 1 and None in labels:
            return None
        known = {key: export(label) for key, label in labels.items()}
        return path, _each(_Lookup(known, export).__getitem__)
    # The common columns, without a call of export() per cell: the same text, as
    # None and "" are exported as "" whether or not the column counts them as empty.
    if set(empty_values) <= {None, ""}:
        internal = field.get_internal_type()
        if internal in _TEXT_FIELDS and column_value is _identity:
            return path, _text_column
        if internal == "DateField":
            return path, _date_column
    return path, _each(export)


def _related_names(queryset, path, field, export) -> _Lookup:
    """Key → exported `str()` of every object the rows' foreign key `path` names.

    One query for the whole export, whatever its length: the rows name at most as many
    objects as there are (for members: cells, a few thousand in a province). An object
    linked after that query (a row written meanwhile) is read when its row comes.
    """
    target = field.target_field
    manager = field.related_model._base_manager
    linked = manager.filter(**{f"{target.name}__in": queryset.order_by().values(path)})
    known = {
        getattr(instance, target.attname): export(instance)
        for instance in linked.iterator(chunk_size=CHUNK_SIZE)
    }
    known[None] = export(None)
    return _Lookup(known, lambda key: export(manager.get(**{target.attname: key})))


def csv_lines(rows) -> str:
    """`rows` written as csv.writer writes them (minimal quoting, CRLF line ends).

    A batch of text cells none of which needs quoting (no comma, quotation mark or line
    break; not a row of one empty cell) is joined directly, without the writer's work
    per cell; anything else goes through the writer.
    """
    try:
        cells = "\x00".join(itertools.chain.from_iterable(rows))
    except TypeError:  # a cell that is not text
        cells = None
    plain = cells is not None and not any(special in cells for special in _NEEDS_QUOTING)
    if plain and all(len(row) > 1 for row in rows):
        return "".join([",".join(row) + "\r\n" for row in rows])
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Stream `rows` (an iterable of lists) as a UTF-8-with-BOM CSV attachment.

    Rows are written a batch at a time and go out in pieces of about `STREAM_BUFFER`
    characters: a write to the client per row would cost more than the row itself, and
    memory stays flat all the same.
    """
    language = translation.get_language()

    def generate():
        # The body is produced after the view returns: keep the request's language.
        with translation.override(language):
            pieces, size = [BOM], 0
            remaining = iter(rows)
            while batch := list(itertools.islice(remaining, WRITE_BATCH)):
                text = csv_lines(batch)
                pieces.append(text)
                size += len(text)
                if size >= STREAM_BUFFER:
                    yield "".join(pieces)
                    pieces, size = [], 0
            yield "".join(pieces)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
