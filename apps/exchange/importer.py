"""Importing one CSV kind: rows matched by uid, checked completely, then written all at once.

A row whose uid (for organizations: code) names a record updates it when a cell
differs, and is "unchanged" otherwise; an unknown uid creates the record with that uid;
a blank one creates a new record. Checking has two steps. `check_row` reads every cell,
resolves references within the user's scope and decides the action. `check_file` then
writes every row inside one transaction, so that each row meets every rule the records
obey (model validation, database constraints, signals that refuse closed years,
uniqueness across the rows of the file) before anything is kept. For a preview, or when
any row fails, that transaction is rolled back; when the file is being imported and
every row passed, it is kept, and there is nothing left for `apply_row` to do.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router, transaction
from django.utils.translation import gettext as _

from apps.core.importing import Importer, RowResult
from apps.core.imports import ImportColumn

from .columns import KEEP, Pending
from .references import References


class KindImporter(Importer):
    """The importer of one registered kind; `for_kind()` makes its class."""

    csv_kind = None

    @classmethod
    def for_kind(cls, csv_kind):
        return type(
            f"{csv_kind.name.title().replace('_', '')}Importer",
            (cls,),
            {
                "csv_kind": csv_kind,
                "kind": f"exchange:{csv_kind.name}",
                "permissions": csv_kind.import_permissions(),
            },
        )

    def __init__(self, user):
        super().__init__(user)
        self.references = References(user)
        self.exchanged = self.csv_kind.columns_for(user)
        self.columns = [ImportColumn(column.header, column.header) for column in self.exchanged]
        self.seen: dict[str, int] = {}
        self.created = {}
        self.staged = []
        self.committing = False
        self.written = False
        self.trial_progress = None
        self._visible = None
        self._stored_keys = None
        self._editable = None

    def existing(self, key):
        """(record, whether one exists at all) for an identity; None when not visible.

        Every record the user sees is read in one query, on the first row: a file of
        thousands of rows then costs no query per row to compare.
        """
        kind = self.csv_kind
        if self._visible is None:
            visible = kind.with_related(kind.queryset(self.user), kind.all_columns)
            self._visible = {
                getattr(obj, kind.identity): obj for obj in visible.iterator(chunk_size=2000)
            }
            stored = kind.model._default_manager.values_list(kind.identity, flat=True)
            self._stored_keys = set(stored)
        return self._visible.get(key), key in self._stored_keys

    def may_change(self, record) -> bool:
        if self._editable is None:
            editable = self.csv_kind.editable(self.references)
            self._editable = set(editable.values_list("pk", flat=True))
        return record.pk in self._editable

    # --- checking one row ------------------------------------------------------

    def check_row(self, row) -> RowResult:
        kind = self.csv_kind
        result = RowResult(number=row.number)
        identity = kind.identity_column
        key = None
        text = row.values.get(identity.header, "")
        if text:
            try:
                key = identity.parse(text, self.references)
            except ValidationError as error:
                result.add_error(identity.header, " ".join(error.messages))
                return result
        elif kind.identity != "uid":
            # Organizations are named by their code: a row without one names nothing.
            result.add_error(identity.header, _("This column must not be empty."))
            return result
        if key is not None:
            if str(key) in self.seen:
                result.add_error(
                    identity.header, _("The same value is on row %d.") % self.seen[str(key)]
                )
                return result
            self.seen[str(key)] = row.number
        existing, stored = self.existing(key) if key is not None else (None, False)
        if existing is None and stored:
            result.add_error(identity.header, _("This record belongs outside your organizations."))
            return result

        changes = []
        for column in self.exchanged[1:]:
            if column.header not in self.present:
                continue
            cell = row.values.get(column.header, "")
            if existing is not None and cell == column.export(existing, self.references).strip():
                continue
            try:
                value = column.parse(cell, self.references)
            except ValidationError as error:
                result.add_error(column.header, " ".join(error.messages))
                continue
            if value is KEEP or (
                existing is not None and column.same(existing, value, self.references)
            ):
                continue
            changes.append((column, value))
        result.label = self.describe(row, existing)
        if result.errors:
            return result
        if existing is None:
            result.action = "create"
            if kind.identity != "uid":
                self.references.mark_pending(kind.model, key, row.number)
        elif changes:
            result.action = "update"
            if not self.may_change(existing):
                result.add_error(
                    identity.header,
                    _("You may see this record but not change it: another organization keeps it."),
                )
                return result
        else:
            result.action = "unchanged"
        if kind.identity != "uid" and existing is None:
            changes.insert(0, (identity, key))
        result.payload = {
            "pk": existing.pk if existing is not None else None,
            "key": key,
            "changes": changes,
        }
        return result

    def describe(self, row, existing) -> str:
        if existing is not None:
            return str(existing)
        cells = [row.values.get(column.header, "") for column in self.exchanged[1:]]
        return " · ".join(cell for cell in cells if cell)[:120]

    # --- checking the whole file -------------------------------------------------

    def run(self, data: bytes, *, commit: bool, progress=None):
        self.committing = commit
        self.written = False
        self.trial_progress = None
        if progress is not None:
            progress = self.phased(progress, commit)
        return super().run(data, commit=commit, progress=progress)

    def phased(self, progress, commit):
        """Report reading, the trial writes, and (importing) the rest as thirds or halves.

        The base reports rows read (0..N) and rows written (N..2N); the writes that
        check the file happen between the two and take most of the time.
        """
        steps = 3 if commit else 2

        def report(done, total):
            rows = total // 2 if commit else total
            if done <= rows:
                progress(done, rows * steps)
            else:
                progress(rows * 2 + done - rows, rows * steps)
            self.trial_progress = lambda checked: progress(rows + checked, rows * steps)

        return report

    def check_file(self, results):
        """Write every row inside a transaction, collecting what fails; keep it only when
        the file is being imported and nothing failed."""
        pending = [
            result for result in results if not result.errors and result.action != "unchanged"
        ]
        if not pending:
            return
        using = router.db_for_write(self.csv_kind.model)
        with transaction.atomic(using=using):
            for checked, result in enumerate(pending, start=1):
                self.trial(result, self.write, result)
                if self.trial_progress:
                    self.trial_progress(checked * len(results) // len(pending))
            for staged_result, action in reversed(self.staged):
                self.trial(staged_result, action)
            self.staged.clear()
            if self.committing and not any(result.errors for result in results):
                self.written = True
            else:
                transaction.set_rollback(True, using=using)
        self.created.clear()

    def trial(self, result, action, *args):
        using = router.db_for_write(self.csv_kind.model)
        try:
            with transaction.atomic(using=using):
                action(*args)
        except ValidationError as error:
            self.report(result, error)
        except IntegrityError as error:
            result.add_error("", _("The database refused this row: %s") % error)

    def report(self, result, error: ValidationError):
        if hasattr(error, "error_dict"):
            for header, messages in error.message_dict.items():
                for message in messages:
                    result.add_error("" if header == NON_FIELD_ERRORS else header, message)
        else:
            for message in error.messages:
                result.add_error("", message)

    # --- writing -----------------------------------------------------------------

    def apply_row(self, result):
        """Nothing: `check_file` kept the rows it wrote (see the module's docstring)."""
        if not self.written:
            raise RuntimeError("KindImporter writes while checking; run() must check first.")

    def stage(self, result, action):
        """Run `action` once every row is written, the last staged first (so a unit's
        dissolution comes before its parent's, which requires the units gone)."""
        self.staged.append((result, action))

    def resolve(self, value):
        """A record an earlier row of the file created, in place of its `Pending` mark."""
        if isinstance(value, Pending):
            created = self.created.get(value.key)
            if created is None:
                raise ValidationError(
                    _("Row %(row)d, which creates “%(key)s”, has errors."),
                    params={"row": value.row, "key": value.key},
                )
            return created
        return value

    def write(self, result):
        """Build the row's record from the stored one (or a new one), check it, save it."""
        kind = self.csv_kind
        data = result.payload
        model = kind.model
        if data["pk"] is not None:
            instance = model._default_manager.get(pk=data["pk"])
        else:
            instance = model()
            if kind.identity == "uid" and data["key"] is not None:
                instance.uid = data["key"]
        many = []
        for column, value in data["changes"]:
            try:
                value = self.resolve(value)
            except ValidationError as error:
                raise ValidationError({column.header: error.messages}) from None
            if column.many:
                many.append((column, value))
            else:
                column.assign(instance, value)
        kind.check_write_scope(instance, self.references)
        kind.save(instance, self, result)
        for column, value in many:
            column.assign_many(instance, value, self.references)
        if data["key"] is not None:
            self.created[data["key"]] = instance
        return instance

    def validate(self, instance):
        """full_clean(), with each message under the header of the column at fault."""
        kind = self.csv_kind
        errors: dict[str, list] = {}
        # A new record's uid was checked against the table and the file already.
        exclude = {"uid"} if instance._state.adding and kind.identity == "uid" else set()
        try:
            instance.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                header = kind.header_for(field_name) if field_name != NON_FIELD_ERRORS else ""
                errors.setdefault(header or NON_FIELD_ERRORS, []).extend(messages)
        if not errors:
            # One constraint at a time, so that each message names its own columns.
            using = router.db_for_write(type(instance), instance=instance)
            for model_class, constraints in instance.get_constraints():
                for constraint in constraints:
                    try:
                        constraint.validate(model_class, instance, using=using)
                    except ValidationError as error:
                        header = ", ".join(
                            header
                            for header in map(kind.header_for, constraint_fields(constraint))
                            if header
                        )
                        errors.setdefault(header or NON_FIELD_ERRORS, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)


def constraint_fields(constraint) -> list[str]:
    """The fields a unique or check constraint is about, in a stable order."""
    fields = list(getattr(constraint, "fields", ()) or ())
    condition = getattr(constraint, "condition", None)
    if condition is not None and not fields:
        fields = sorted(condition.referenced_base_fields)
    return fields
