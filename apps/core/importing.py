"""Checking and applying a CSV import: every row first, then all or nothing.

An `Importer` names its columns and says, for one row, what it would do (create,
update, leave unchanged) or what is wrong; `run()` checks the whole file and writes
only when no row has an error, inside one transaction.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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
