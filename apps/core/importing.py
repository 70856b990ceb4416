"""Checking and applying a CSV import: every row first, then all or nothing.

An `Importer` names its columns and says, for one row, what it would do (create,
update, leave unchanged) or what is wrong; `run()` checks the whole file and writes
only when no row has an error, inside one transaction.
"""

import contextlib
import datetime
import decimal
import functools
import io
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_change_reason_from_object, get_history_manager_for_model

from apps.audit import history
from apps.closing import locks

from .imports import read_table
from .text import fold


@dataclass
class RowResult:
    number: int
    action: str = "create"  # create | update | unchanged
    label: str = ""
    errors: list = field(default_factory=list)  # [(column header, message)]
    payload: dict = field(default_factory=dict)

    def add_error(self, header, message):
        self.errors.append((str(header), str(message)))


@dataclass
class ImportReport:
    rows: list
    ignored_headers: list
    applied: bool = False

    @property
    def errors(self):
        return [
            (row.number, header, message) for row in self.rows for header, message in row.errors
        ]

    @property
    def counts(self):
        totals = {"create": 0, "update": 0, "unchanged": 0}
        for row in self.rows:
            if not row.errors:
                totals[row.action] += 1
        return totals


def choice_lookup(choices, extra=()):
    """Folded label or code → value, for both languages' labels.

    Clerks write choices as they read them ('Chưa phát hiện vi phạm'), with or without
    diacritics, or as the code the export wrote; `extra` adds their own spellings.
    """
    lookup = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices:
                lookup[fold(str(label))] = value
                lookup[fold(value)] = value
    lookup.update({fold(text): value for text, value in extra})
    return lookup


ACTION_LABELS = {"create": _("New"), "update": _("Update"), "unchanged": _("Unchanged")}


class Importer:
    """Subclasses give `kind`, `columns`, `check_row()` and `apply_row()`."""

    kind = ""
    columns = []
    # The permissions a user's roles must carry to import (apps/accounts/roles.py).
    permissions: tuple[str, ...] = ()

    def __init__(self, user):
        self.user = user
        self.present = set()
        self.writing = None

    def required_permissions(self) -> list[str]:
        return list(self.permissions)

    def header(self, key):
        return next(column.header for column in self.columns if column.key == key)

    def prepare(self, rows):
        """Before the rows are checked: read in bulk what `check_row` looks up (the
        records the file's rows may already be), so a file of thousands of rows costs a
        few queries rather than a few per row."""

    def check_row(self, row) -> RowResult:
        raise NotImplementedError

    def check_file(self, results):
        """Checks across rows (duplicates within the file); rows get their errors."""

    def apply_row(self, result: RowResult):
        raise NotImplementedError

    def apply_rows(self, results, progress=None):
        """Write every checked row, in order, inside the run's transaction.

        `self.writing` is the row being written, whose error a ValidationError becomes.
        An importer may write many rows at once, setting `writing` to the row at fault.
        `progress`, if given, is called with the number of rows written so far.
        """
        for done, result in enumerate(results, start=1):
            self.writing = result
            if result.action != "unchanged":
                self.apply_row(result)
            if progress:
                progress(done)

    def refuse_if_closed(self, result: RowResult, instance, *, deleting=False, header="") -> bool:
        """For `check_row`: refuse the row already in the preview if writing `instance` (as
        the row would leave it, unsaved) touches a year whose results are approved."""
        message = locks.refusal(instance, deleting)
        if message:
            result.add_error(header, message)
        return bool(message)

    def run(self, data: bytes, *, commit: bool, progress=None) -> ImportReport:
        """Check every row; when `commit` and nothing is wrong, write them all at once.

        `progress`, if given, is called with (done, total) as rows are checked and written.
        A ValidationError while writing (a closed year, a model's own rule) becomes the
        error of the row being written, and nothing of the file is kept.
        """
        if not all(self.user.has_perm(p) for p in self.required_permissions()):
            raise ValidationError(_("Your roles do not allow importing these records."))
        # One look at the approvals for the whole run, however many rows it checks.
        # The changes are recorded in the history as an import by this user.
        with locks.cached_approvals(), history.acting(self.user, history.IMPORT):
            return self._run(data, commit=commit, progress=progress)

    def _run(self, data: bytes, *, commit: bool, progress=None) -> ImportReport:
        table = read_table(data, self.columns)
        # Columns the file has: an absent column must not blank a stored value.
        self.present = set(table.headers)
        total = len(table.rows)
        self.prepare(table.rows)
        results = []
        for done, row in enumerate(table.rows, start=1):
            try:
                results.append(self.check_row(row))
            except ValidationError as error:
                result = RowResult(number=row.number)
                for message in error.messages:
                    result.add_error("", message)
                results.append(result)
            if progress:
                progress(done, total * (2 if commit else 1))
        self.check_file(results)
        report = ImportReport(rows=results, ignored_headers=list(table.ignored_headers))
        if commit and not report.errors:
            written = (lambda done: progress(total + done, total * 2)) if progress else None
            try:
                with transaction.atomic():
                    self.apply_rows(results, written)
            except ValidationError as error:
                for message in error.messages:
                    self.writing.add_error("", message)
            else:
                report.applied = True
        return report


# --- writing new records fast --------------------------------------------------------

WRITE_BATCH = 1000


class _Unsupported(Exception):
    """A record `write_new` cannot copy as `bulk_create` would write it: fall back."""


# COPY's text format: a backslash, tab, newline or carriage return is escaped.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


# The Python type a kind of column holds once prepared (on PostgreSQL `get_db_prep_save`
# hands such a value over as it is): a value of that type is written as it is.
_PLAIN_TYPES = {
    **dict.fromkeys(
        ["AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
         "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
         "PositiveSmallIntegerField"], int),
    **dict.fromkeys(["CharField", "TextField", "SlugField", "EmailField"], str),
    "DateField": datetime.date,
    "DateTimeField": datetime.datetime,
    "UUIDField": uuid.UUID,
    "BooleanField": bool,
}  # fmt: skip
_HISTORY_FIELDS = ["history_date", "history_change_reason", "history_type", "history_user"]


def _copy_text(value) -> str:
    """A value `get_db_prep_save` prepared, in COPY's text format."""
    if value is None:
        return _NULL
    if isinstance(value, str):
        return str.translate(value, _COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | uuid.UUID | decimal.Decimal):
        return str(value)
    if type(value) is datetime.date:
        return value.isoformat()
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.isoformat()
    raise _Unsupported(type(value))


class _Column:
    """How one column's value is read from a record and written by COPY."""

    def __init__(self, field):
        if field.generated or field.has_db_default() or field.many_to_many:
            raise _Unsupported(field)
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type() if field.is_relation else type(field).__name__
        if kind not in _PLAIN_TYPES or type(target).__name__ not in _PLAIN_TYPES:
            raise _Unsupported(field)
        self.field, self.attname, self.kind = field, field.attname, kind
        self.plain = _PLAIN_TYPES[kind]
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        self.pre_save = type(field).pre_save is not models.Field.pre_save and (
            automatic or not isinstance(field, models.DateField)  # else it only reads
        )

    def text(self, value, connection) -> str:
        """The value's text as `bulk_create` would send it: the field's own preparation
        for anything but the plain type of the column."""
        if value is None:
            return _NULL
        if type(value) is self.plain:
            # Not a naive date and time: the field makes it aware (with a warning).
            with contextlib.suppress(_Unsupported):
                return _copy_text(value)
        return _copy_text(self.field.get_db_prep_save(value, connection))


@functools.cache
def _plan(model):
    """(the columns of `model`, its historical model, the columns of its history rows
    and where each takes its text: the index of the record's column it copies, or the
    name of a history field)."""
    if model._meta.parents:
        raise _Unsupported(model)
    columns = [_Column(own) for own in model._meta.concrete_fields]
    historical = get_history_manager_for_model(model).model
    meta = historical._meta
    tracked = {field.attname for field in historical.tracked_fields}
    fields = [own for own in meta.concrete_fields if own is not meta.pk]
    try:  # a user kept as a plain key (`user_id_field`) has no `history_user` field
        expected = {*tracked, *(meta.get_field(name).attname for name in _HISTORY_FIELDS)}
    except FieldDoesNotExist as error:
        raise _Unsupported(historical) from error
    if hasattr(historical, "history_relation") or {f.attname for f in fields} != expected:
        raise _Unsupported(historical)
    history_columns, sources = [], []
    by_attname = {column.attname: index for index, column in enumerate(columns)}
    for own in fields:
        column = _Column(own)
        if column.pre_save:
            raise _Unsupported(own)  # bulk_create would compute it in the history row
        history_columns.append(column)
        index = by_attname.get(own.attname) if own.attname in tracked else None
        # The record's text serves when both columns read the value alike.
        same = index is not None and (
            type(own) is type(columns[index].field) or column.kind == columns[index].kind
        )
        sources.append(index if same else own.name if index is None else own.attname)
    return columns, historical, history_columns, sources


def write_new(model, objs, *, batch_size=WRITE_BATCH) -> list:
    """`history.bulk_create(model, objs)`: the records and their "created" history rows,
    through PostgreSQL's COPY where it can, which writes the same rows several times
    faster than INSERT and needs no model instance for a history row.

    Each record is prepared as `bulk_create` prepares it (keys of related records,
    automatic dates, values as `get_db_prep_save` gives them) and takes its key from the
    table's sequence; its history row is the one `bulk_history_create` builds (the
    time, the acting user, the reason). Anything else falls back to `bulk_create`.
    """
    objs = list(objs)
    if not objs:
        return objs
    connection = connections[router.db_for_write(model)]
    start = 0
    if _copying(connection) and not any(obj._is_pk_set() for obj in objs):
        with contextlib.suppress(_Unsupported):  # nothing of that batch written
            for start in range(0, len(objs), batch_size):
                _copy_new(connection, model, objs[start : start + batch_size])
            return objs
    history.bulk_create(model, objs[start:], batch_size=batch_size)
    return objs


def _copying(connection) -> bool:
    """PostgreSQL through psycopg2, whose `copy_expert` reads a file (psycopg 3 has no
    such method), while history is recorded as `history.bulk_create` records it."""
    if connection.vendor != "postgresql" or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return False
    if not history.recording():
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return not is_psycopg3


def _copy_new(connection, model, objs):
    columns, historical, history_columns, sources = _plan(model)
    pk = model._meta.pk.attname
    reason = history._reason.get()  # what `history.bulk_create` gives as the default
    default_user = historical.get_default_history_user
    user_key = historical._meta.get_field("history_user").target_field.attname
    rows, history_rows = [], []
    keys = _next_keys(connection, model, len(objs))
    try:
        for obj, key in zip(objs, keys, strict=True):
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            setattr(obj, pk, key)
            texts = [
                column.text(
                    column.field.pre_save(obj, True)
                    if column.pre_save
                    else getattr(obj, column.attname),
                    connection,
                )
                for column in columns
            ]
            rows.append("\t".join(texts))
            # As `bulk_history_create` builds the row, from the record as written.
            user = getattr(obj, "_history_user", default_user(obj))
            if user is not None and user.pk is None:
                raise _Unsupported(user)  # bulk_create refuses it: let it say so
            own = {
                "history_date": getattr(obj, "_history_date", timezone.now()),
                "history_change_reason": get_change_reason_from_object(obj) or reason,
                "history_type": "+",
                "history_user": None if user is None else getattr(user, user_key),
            }
            history_rows.append(
                "\t".join(
                    texts[source]
                    if type(source) is int
                    else column.text(
                        own[source] if source in own else getattr(obj, source), connection
                    )
                    for column, source in zip(history_columns, sources, strict=True)
                )
            )
    except BaseException:
        for obj in objs:
            setattr(obj, pk, None)
        raise
    with transaction.atomic(using=connection.alias, savepoint=False):  # both or neither
        _copy(connection, model, columns, rows)
        _copy(connection, historical, history_columns, history_rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def _next_keys(connection, model, count) -> list:
    """`count` keys from the sequence of `model`'s primary key, in ascending order, as
    an INSERT of as many rows would take them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return sorted(key for (key,) in cursor.fetchall())


def _copy(connection, model, columns, rows):
    """COPY `rows` (lines of text) into `model`'s table, logged as a query is."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(column.field.column) for column in columns)
    )
    data = io.StringIO("\n".join(rows) + "\n")
    with connection.cursor() as cursor:
        debug = getattr(cursor, "debug_sql", None)  # while queries are logged
        # Django's errors (IntegrityError …), as an INSERT through the cursor raises them.
        with connection.wrap_database_errors, debug(sql) if debug else contextlib.nullcontext():
            cursor.cursor.copy_expert(sql, data)
