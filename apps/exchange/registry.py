"""The registry of CSV kinds: which records move as CSV, with which columns, in what order.

Each app declares its kinds in its own `csv_kinds.py`, which the exchange app imports
when Django starts (`autodiscover_modules`). A declaration names the kind, the model and
its place in the dependency order; the columns follow from the model's fields
(`columns.column_for`), so a kind is usually one line:

    register(CsvKind("badges", Badge, order=270))

Exports and imports of every kind then share one format, one scope and one order.
"""

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from apps.core.exports import CHUNK_SIZE, neutralise_formula
from apps.core.models import model_permission, paths_condition

from .columns import Column, column_for
from .references import References


class CsvKind:
    """One record type that moves as CSV.

    Options (keywords, or attributes of a subclass that also overrides hooks):

    - `identity`: the field that names a record in any database, `uid` by default;
    - `exclude`: editable fields that do not move; `extra`: non-editable fields that
      do (snapshots and counts that save() does not recompute);
    - `personal` and `personal_permission`: fields exchanged only with users who have
      that permission;
    - `columns`: {field name: Column} where the derived column does not fit (a
      header that reads badly, a different format);
    - `write_scope`: lookups from a record to organization paths that must all lie in
      the user's scope for them to write it; by default the queryset's `scope_path`;
    - `lead`: fields whose columns come right after the identity (the model's order
      follows), where that reads better;
    - `export_order`: how rows are ordered in a file.
    """

    identity = "uid"
    exclude = ()
    extra = ()
    personal = ()
    personal_permission = ""
    columns = {}
    write_scope = None
    lead = ()
    export_order = ("pk",)

    def __init__(self, name: str, model, *, order: int, **options):
        for option, value in options.items():
            if not hasattr(type(self), option) or option.startswith("_"):
                raise TypeError(f"CsvKind {name!r}: unknown option {option!r}.")
            setattr(self, option, value)
        self.name, self.model, self.order = name, model, order
        self._columns = None

    def __repr__(self):
        return f"<CsvKind {self.name}>"

    @property
    def label(self):
        return capfirst(self.model._meta.verbose_name_plural)

    # --- columns -----------------------------------------------------------------

    @property
    def all_columns(self) -> list[Column]:
        """Every column in file order: the identity first, then the model's fields."""
        if self._columns is None:
            meta = self.model._meta
            names = [self.identity, *self.lead]
            for field in [*meta.fields, *meta.many_to_many]:
                if field.primary_key or field.name in names:
                    continue
                if field.name in self.exclude:
                    continue
                if field.editable or field.name in self.extra:
                    names.append(field.name)
            self._columns = [
                (self.columns.get(name) or column_for(meta.get_field(name))).bind(
                    self.model, personal=name in self.personal
                )
                for name in names
            ]
        return self._columns

    def columns_for(self, user) -> list[Column]:
        """The columns `user` exchanges: personal ones only with the permission."""
        if not self.personal or (user is not None and user.has_perm(self.personal_permission)):
            return list(self.all_columns)
        return [column for column in self.all_columns if not column.personal]

    @property
    def identity_column(self) -> Column:
        return self.all_columns[0]

    def header_for(self, field_name: str) -> str:
        """The header of the column that writes a field ("" if none does)."""
        return next((c.header for c in self.all_columns if c.field_name == field_name), "")

    # --- reading the database ----------------------------------------------------

    def queryset(self, user, organization=None):
        """The records `user` may export, optionally only those within `organization`."""
        queryset = self.model._default_manager.all().visible_to(user)
        if organization is not None:
            queryset = queryset.under_paths([organization.path])
        return queryset

    def with_related(self, queryset, columns):
        related = [column.select_related for column in columns if column.select_related]
        many = [
            Prefetch(
                column.field.name,
                queryset=column.field.related_model._base_manager.only(*column.prefetch_fields),
            )
            for column in columns
            if column.many
        ]
        return queryset.select_related(*related).prefetch_related(*many)

    def rows(self, user, organization=None):
        """The header and then every record's cells, as written to the file."""
        references = References(user)
        columns = self.columns_for(user)
        yield [column.header for column in columns]
        queryset = self.with_related(self.queryset(user, organization), columns)
        for obj in queryset.order_by(*self.export_order).iterator(chunk_size=CHUNK_SIZE):
            yield [neutralise_formula(column.export(obj, references)) for column in columns]

    # --- scope of writing --------------------------------------------------------

    def import_permissions(self) -> tuple[str, ...]:
        """What a user's roles must carry to import this kind (where: `editable`)."""
        return (model_permission(self.model, "add"), model_permission(self.model, "change"))

    def may_import(self, user) -> bool:
        return all(user.has_perm(permission) for permission in self.import_permissions())

    def scope_lookups(self) -> list[str]:
        if self.write_scope is not None:
            return list(self.write_scope)
        return [self.model._default_manager.all().scope_path]

    def editable(self, references):
        """The records the user may change: where their roles allow changing this kind."""
        queryset = self.model._default_manager.all()
        paths = references.write_paths(self.model)
        if paths is None:
            return queryset
        if not paths:
            return queryset.none()
        for lookup in self.scope_lookups():
            queryset = queryset.filter(paths_condition(lookup, paths))
        return queryset

    def check_write_scope(self, instance, references):
        """Refuse a record that would lie outside the user's organizations."""
        if references.paths is None:
            return
        for lookup in self.scope_lookups():
            first, *rest = lookup.split("__")
            value = instance
            for part in (first, *rest):
                value = getattr(value, part, None) if value is not None else None
            if not value or not references.may_write(self.model, value):
                raise ValidationError(
                    {self.header_for(first): _("This is outside your organizations.")}
                )

    # --- writing -----------------------------------------------------------------

    def save(self, instance, importer, result):
        """Write one validated record; kinds that stage part of a change override it."""
        importer.validate(instance)
        instance.save()


class ReferenceDataKind(CsvKind):
    """Lists every user reads and only a superuser changes (organization kinds, communes).

    They have no organization: every user exports all of them, and an import by anyone
    but a superuser (or the command line) may only leave them unchanged.
    """

    identity = "code"
    export_order = ("code",)

    def queryset(self, user, organization=None):
        queryset = self.model._default_manager.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        return queryset

    def editable(self, references):
        queryset = self.model._default_manager.all()
        return queryset if references.paths is None else queryset.none()

    def import_permissions(self):
        # Anyone may import the lists unchanged (a whole export of their commune).
        return (model_permission(self.model, "view"),)

    def check_write_scope(self, instance, references):
        if references.paths is not None:
            raise ValidationError({self.identity: _("Only an administrator changes this list.")})


_kinds: dict[str, CsvKind] = {}


def register(kind: CsvKind) -> CsvKind:
    if kind.name in _kinds:
        raise ImproperlyConfigured(f"The CSV kind {kind.name!r} is registered twice.")
    _kinds[kind.name] = kind
    return kind


def kinds() -> list[CsvKind]:
    """Every registered kind in dependency order (what others refer to comes first)."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def get_kind(name: str) -> CsvKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(name) from None
