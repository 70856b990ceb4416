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
from contextlib import closing, contextmanager, nullcontext

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.db.models.sql.constants import MULTI
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django_tables2.rows import BoundRow
from django_tables2.utils import Accessor

from .models import in_one_order
from .tables import DateColumn

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# First characters after which `neutralise_formula()` may change a value (apostrophes
# included: "'=1" gets one more); any other text is exported as it is.
_MAYBE_FORMULA = frozenset("".join(FORMULA_TRIGGERS) + "'")
# A line starting with one of them, found in one pass over a column of lines.
_MAYBE_FORMULA_LINE = re.compile("\n[" + "".join(map(re.escape, sorted(_MAYBE_FORMULA))) + "]")
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
    """The header and then every row of a django-tables2 table, unpaginated.

    Only the columns the table shows are exported, so the file matches the page. When
    every column simply shows a model field (`_FieldRows`), rows are read as tuples of
    values rather than model instances: the same cells, without building a model and a
    django-tables2 row for each of a hundred thousand members. Nothing is read before
    the rows are iterated (or written by `csv_response()`).
    """
    return _TableRows(table)


class _TableRows:
    """`table_rows()`: an iterable of lists, which `csv_response()` may also ask for as
    CSV text a chunk of rows at a time (`csv_chunks()`), column by column."""

    def __init__(self, table):
        self.table = table

    def _plan(self):
        """(header, exported columns, the rows' data, their `_FieldRows` or None for
        the general path)."""
        columns = exported_columns(self.table)
        header = [neutralise_formula(force_str(column.header)) for column in columns]
        data = self.table.data.data
        field_rows = None
        if isinstance(data, QuerySet):
            data = in_one_order(data)
            field_rows = _FieldRows.plan(self.table, columns, data)
        return header, columns, data, field_rows

    def __iter__(self):
        header, columns, data, field_rows = self._plan()
        yield header
        if field_rows is not None:
            yield from field_rows
            return
        yield from self._general_rows(data, columns)

    def _general_rows(self, data, columns):
        if not isinstance(data, QuerySet):
            yield from self._rows_of(data, columns)
            return
        with reading_every_row(data.db), closing(data.iterator(chunk_size=CHUNK_SIZE)) as records:
            yield from self._rows_of(records, columns)

    def _rows_of(self, records, columns):
        for record in records:
            row = BoundRow(record, table=self.table)
            yield [export_value(row.get_cell_value(column.name)) for column in columns]

    def csv_chunks(self):
        """The CSV text of the header, then of the rows a chunk at a time."""
        header, columns, data, field_rows = self._plan()
        yield csv_lines([header])
        if field_rows is None:
            yield from _batched_csv(self._general_rows(data, columns))
            return
        for chunk in field_rows.column_chunks():
            yield csv_columns(chunk)


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

    One search over the whole column joined by line breaks finds whether any cell
    may be a formula (a line starting with a trigger); usually none is, and the column
    goes out as it is, without a function call per cell.
    """
    try:
        joined = "\n" + "\n".join(values)
    except TypeError:  # a NULL among them
        joined = None
    if joined is not None and not _MAYBE_FORMULA_LINE.search(joined):
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
        if queryset.query.combinator or not columns:
            return None
        paths, converters = [], []
        dates = _DateTexts()  # one for every date column: the same days recur
        for bound_column in columns:
            planned = _plan_column(table, bound_column, queryset, dates)
            if planned is None:
                return None
            paths.append(planned[0])
            converters.append(planned[1])
        return cls(queryset, paths, converters)

    def __iter__(self):
        for columns in self.column_chunks():
            yield from zip(*columns, strict=True)

    def column_chunks(self):
        """The exported texts, a chunk of rows at a time, as a list of columns: chunk by
        chunk, column by column, a call per column rather than per cell."""
        for chunk in self.chunks():
            yield [
                list(convert(values))
                for convert, values in zip(self.converters, zip(*chunk, strict=True), strict=True)
            ]

    def chunks(self):
        """The rows of values, CHUNK_SIZE at a time, as `.iterator()` reads them (a
        server-side cursor where the database has one), without a Python step per row."""
        values = self.queryset.values_list(*self.paths)
        server_side = not connections[values.db].settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
        with reading_every_row(values.db):
            compiler = values.query.get_compiler(values.db)
            fetched = compiler.execute_sql(MULTI, chunked_fetch=server_side, chunk_size=CHUNK_SIZE)
            # The cursor is closed before the transaction ends, also when the client
            # stops reading.
            with closing(fetched) if hasattr(fetched, "close") else nullcontext():
                for rows in fetched or ():
                    # The fields' own conversions from the database (dates on SQLite).
                    yield list(compiler.results_iter([rows], tuple_expected=True))


@contextmanager
def reading_every_row(using):
    """A block whose cursors read their queries to the end, on PostgreSQL planned so.

    PostgreSQL plans a cursor's query to return its first tenth of rows fast
    (cursor_tuple_fraction): for the member list, an index scan in name order that
    takes about twice as long over every row as reading the table and sorting it (the
    plan COPY gets). An export reads every row. The block is a transaction: there the
    setting is its own and set back afterwards (a failure rolls it back), and the
    cursor needs no WITH HOLD, which stores every row before the first is fetched.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.settings_dict.get(
        "DISABLE_SERVER_SIDE_CURSORS"
    ):
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('cursor_tuple_fraction')")
            (previous,) = cursor.fetchone()
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cursor_tuple_fraction', %s, true)", [previous])


# Distinct dates kept by a `_DateTexts` at most: 55 years of days, about 2.5 MB.
DATE_CACHE = 20_000


class _DateTexts(dict):
    """Date (or None) → its exported text, remembered: an export reads the same days
    over and over (admissions of a year), and a dictionary lookup per cell, done in C by
    `map()`, costs a fraction of formatting each date again. Emptied when it holds
    `DATE_CACHE` dates, so memory stays bounded whatever the rows."""

    def __init__(self):
        super().__init__({None: ""})

    def __missing__(self, day):
        if len(self) >= DATE_CACHE:
            self.clear()
            self[None] = ""
        text = self[day] = _export_date(day)
        return text


def _date_column(dates: _DateTexts):
    """A converter of a date column, writing dates as `export_value()` does."""
    return _each(dates.__getitem__)


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


def _plan_column(table, bound_column, queryset, dates):
    """(values_list path, converter of the stored value to the exported text) for one
    column, or None when the column needs the general path."""
    name = bound_column.name
    if hasattr(table, f"value_{name}") or hasattr(table, f"render_{name}"):
        return None
    column = bound_column.column
    column_value = _column_value(column)
    # A table may name the field that holds what a column shows (`export_accessors`).
    accessor = getattr(table, "export_accessors", {}).get(name, bound_column.accessor)
    bits = Accessor(accessor).bits
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
            return path, _date_column(dates)
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


def csv_columns(columns) -> str:
    """Rows given as columns of texts (`_FieldRows.column_chunks()`), written as
    csv.writer writes them.

    The rows are joined by C loops (`map()`, `str.join()`); the cells needed no quoting
    exactly when the text holds no quotation mark and only the commas and line breaks
    the joins put there. Otherwise, or for rows of one cell, the writer writes them.
    """
    count = len(columns[0]) if columns else 0
    if len(columns) > 1 and count:
        try:
            text = "\r\n".join(map(",".join, zip(*columns, strict=True)))
        except TypeError:  # a cell that is not text
            text = None
        if (
            text is not None
            and '"' not in text
            and text.count(",") == count * (len(columns) - 1)
            and text.count("\n") == count - 1
            and text.count("\r") == count - 1
        ):
            return text + "\r\n"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(zip(*columns, strict=True))
    return buffer.getvalue()


def _batched_csv(rows):
    """The CSV text of `rows`, `WRITE_BATCH` rows at a time."""
    remaining = iter(rows)
    while batch := list(itertools.islice(remaining, WRITE_BATCH)):
        yield csv_lines(batch)


def csv_response(rows, filename: str) -> StreamingHttpResponse:
    """Stream `rows` (an iterable of lists) as a UTF-8-with-BOM CSV attachment.

    Rows are written a batch at a time (the rows of `table_rows()` a chunk at a time,
    column by column) and go out in pieces of about `STREAM_BUFFER` characters: a write
    to the client per row would cost more than the row itself, and memory stays flat
    all the same.
    """
    language = translation.get_language()

    def generate():
        # The body is produced after the view returns: keep the request's language.
        with translation.override(language):
            texts = rows.csv_chunks() if isinstance(rows, _TableRows) else _batched_csv(rows)
            pieces, size = [BOM], 0
            for text in texts:
                pieces.append(text)
                size += len(text)
                if size >= STREAM_BUFFER:
                    yield "".join(pieces)
                    pieces, size = [], 0
            yield "".join(pieces)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
