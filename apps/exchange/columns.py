"""How one model field is written to a CSV cell and read back, for every field type.

A column writes exactly what it reads, so an exported file imports back unchanged:
dates as dd/mm/yyyy, integers and decimals as digits, booleans as `1`/`0`, choices as
their code, organizations by their `code`, other records by their `uid`, users by
username, many-to-many links as uids separated by `;`. References are looked up
through a `References` object, which knows what the importing user may point at.
"""

import datetime
import decimal
import re
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.imports import parse_date
from apps.core.text import fold
from apps.organizations.models import PartyOrganization

MANY_SEPARATOR = ";"
_DATETIME = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?"
)


class Keep:
    """A blank cell for a required field that has a default: leave the field as it is."""

    def __repr__(self):
        return "KEEP"


KEEP = Keep()


class Pending:
    """A reference to a record that an earlier row of the same file creates."""

    def __init__(self, key, row):
        self.key, self.row = key, row

    def __repr__(self):
        return f"Pending({self.key!r}, row {self.row})"


def parse_uid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not an identifier (uid)."), params={"value": text}
        ) from None


class Column:
    """One column of a kind: a model field, its header, and how its cells read and write.

    `export()` gives a record's cell; `parse()` turns a cell into the value that
    `assign()` puts on a record (raising ValidationError with a message for the clerk);
    `same()` says whether a record already holds that value, so that an unchanged row
    writes nothing.
    """

    suffix = ""
    many = False
    select_related = None

    def __init__(self, field_name: str, *, header: str | None = None):
        self.field_name = field_name
        self.header = header
        self.field = None
        self.personal = False

    def bind(self, model, *, personal=False):
        """A copy of this column attached to `model`'s field."""
        column = object.__new__(type(self))
        column.__dict__.update(self.__dict__)
        column.field = model._meta.get_field(self.field_name)
        column.header = self.header or f"{self.field_name}{self.suffix}"
        column.personal = personal
        return column

    def __repr__(self):
        return f"<{type(self).__name__} {self.header}>"

    # --- writing -------------------------------------------------------------------

    def value(self, obj):
        return getattr(obj, self.field.attname)

    def export(self, obj, references) -> str:
        return self.write(self.value(obj))

    def write(self, value) -> str:
        return "" if value is None else str(value)

    # --- reading -------------------------------------------------------------------

    def parse(self, text: str, references):
        if not text:
            return self.blank()
        return self.read(text, references)

    def blank(self):
        """The value of an empty cell: empty if the field allows it, else its default."""
        field = self.field
        if field.null:
            return None
        if isinstance(field, models.CharField | models.TextField) and field.blank:
            return ""
        if field.has_default():
            return KEEP
        return "" if isinstance(field, models.CharField | models.TextField) else None

    def read(self, text: str, references):
        return text

    def same(self, obj, value, references) -> bool:
        return self.value(obj) == value

    def assign(self, obj, value):
        setattr(obj, self.field.attname, value)


class TextColumn(Column):
    def same(self, obj, value, references) -> bool:
        # Cells are read stripped: surrounding spaces are not a change.
        return (self.value(obj) or "").strip() == value


class ChoiceColumn(Column):
    """A choice, written as its code; its label (either language) is read too."""

    def read(self, text, references):
        lookup = references.choices(self.field)
        value = lookup.get(fold(text))
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(codes)s."),
                params={
                    "value": text,
                    "codes": ", ".join(str(code) for code, _label in self.field.flatchoices),
                },
            )
        return value


class IntegerColumn(Column):
    def read(self, text, references):
        try:
            return int(text)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a whole number."), params={"value": text}
            ) from None


class DecimalColumn(Column):
    def read(self, text, references):
        try:
            return decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation:
            raise ValidationError(
                _("“%(value)s” is not a number."), params={"value": text}
            ) from None


class BooleanColumn(Column):
    _values = {"1": True, "0": False, "true": True, "false": False}

    def write(self, value):
        return "1" if value else "0"

    def read(self, text, references):
        value = self._values.get(text.lower())
        if value is None:
            raise ValidationError(
                _("Write 1 (yes) or 0 (no), not “%(value)s”."), params={"value": text}
            )
        return value


class DateColumn(Column):
    def write(self, value):
        return "" if value is None else value.strftime("%d/%m/%Y")

    def read(self, text, references):
        return parse_date(text)


class DateTimeColumn(Column):
    """Local time, to the microsecond when there is one, so nothing is rounded away."""

    def write(self, value):
        if value is None:
            return ""
        value = timezone.localtime(value)
        text = value.strftime("%d/%m/%Y %H:%M:%S")
        return f"{text}.{value.microsecond:06d}" if value.microsecond else text

    def read(self, text, references):
        match = _DATETIME.fullmatch(text)
        try:
            if match is None:
                parsed = datetime.datetime.fromisoformat(text)
            else:
                day, month, year, hour, minute, second, fraction = match.groups()
                parsed = datetime.datetime(
                    int(year),
                    int(month),
                    int(day),
                    int(hour or 0),
                    int(minute or 0),
                    int(second or 0),
                    int((fraction or "0").ljust(6, "0")),
                )
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            # Stored in UTC: the first hours of year 1 in local time do not exist there.
            parsed.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise ValidationError(
                _("“%(value)s” is not a time in dd/mm/yyyy hh:mm:ss form."), params={"value": text}
            ) from None
        return parsed


class UidColumn(Column):
    """The record's own identity: blank for a new record, else the uid it keeps."""

    def read(self, text, references):
        return parse_uid(text)


class ReferenceColumn(Column):
    """A foreign key written as something stable: a code, a uid, a username."""

    def value(self, obj):
        return getattr(obj, self.field.name)

    def export(self, obj, references):
        related = self.value(obj)
        return "" if related is None else self.key_of(related)

    def key_of(self, related) -> str:
        raise NotImplementedError

    def blank(self):
        return None

    def same(self, obj, value, references):
        if isinstance(value, Pending):
            return False
        return getattr(obj, self.field.attname) == (value.pk if value is not None else None)

    def assign(self, obj, value):
        setattr(obj, self.field.name, value)

    @property
    def select_related(self):
        return self.field.name


class OrganizationColumn(ReferenceColumn):
    """A party organization by its code."""

    suffix = "_code"

    def key_of(self, related):
        return related.code

    def read(self, text, references):
        return references.organization(text)


class NamedColumn(ReferenceColumn):
    """Reference data (organization kinds, communes) by code, or by a unique name."""

    suffix = "_code"

    def key_of(self, related):
        return related.code

    def read(self, text, references):
        return references.named(self.field.related_model, text)


class UserColumn(ReferenceColumn):
    """A user by username; users do not move with the records, they must exist."""

    suffix = "_username"

    def key_of(self, related):
        return related.get_username()

    def read(self, text, references):
        return references.user_named(text)


class RecordColumn(ReferenceColumn):
    """Another record by its uid, among those the user may see."""

    suffix = "_uid"

    def key_of(self, related):
        return str(related.uid)

    def read(self, text, references):
        return references.record(self.field.related_model, parse_uid(text))


class RecordsColumn(Column):
    """Many-to-many links as uids separated by `;`.

    Only links to records the user may see are written and replaced; links to records
    outside their scope are kept as they are.
    """

    suffix = "_uids"
    many = True
    prefetch_fields = ("uid",)

    def visible(self, obj, references):
        shown = references.visible_pks(self.field.related_model)
        return [related for related in getattr(obj, self.field.name).all() if related.pk in shown]

    def export(self, obj, references):
        return MANY_SEPARATOR.join(
            sorted(str(related.uid) for related in self.visible(obj, references))
        )

    def blank(self):
        return []

    def read(self, text, references):
        model = self.field.related_model
        found = []
        for part in text.split(MANY_SEPARATOR):
            if part.strip():
                found.append(references.record(model, parse_uid(part.strip())))
        return found

    def same(self, obj, value, references):
        current = {related.pk for related in self.visible(obj, references)}
        return current == {related.pk for related in value}

    def assign_many(self, obj, value, references):
        shown = references.visible_pks(self.field.related_model)
        manager = getattr(obj, self.field.name)
        hidden = [pk for pk in manager.values_list("pk", flat=True) if pk not in shown]
        manager.set([related.pk for related in value] + hidden)


class CodesColumn(Column):
    """Many-to-many links to reference data (kinds) as codes separated by `;`."""

    suffix = "_codes"
    many = True
    prefetch_fields = ("code",)

    def export(self, obj, references):
        return MANY_SEPARATOR.join(
            sorted(related.code for related in getattr(obj, self.field.name).all())
        )

    def blank(self):
        return []

    def read(self, text, references):
        codes = []
        for part in text.split(MANY_SEPARATOR):
            code = part.strip()
            if not code:
                continue
            model = self.field.related_model
            if references.pending_row(model, code) is None:
                code = references.named(model, code).code
            codes.append(code)
        return codes

    def same(self, obj, value, references):
        return {related.code for related in getattr(obj, self.field.name).all()} == set(value)

    def assign_many(self, obj, value, references):
        model = self.field.related_model
        getattr(obj, self.field.name).set(model._default_manager.filter(code__in=value))


def column_for(field) -> Column:
    """The column a model field gets when a kind does not declare one."""
    name = field.name
    if field.many_to_many:
        if any(f.name == "uid" for f in field.related_model._meta.fields):
            return RecordsColumn(name)
        return CodesColumn(name)
    if field.is_relation:
        target = field.related_model
        if target is PartyOrganization:
            return OrganizationColumn(name)
        if target is get_user_model():
            return UserColumn(name)
        if any(f.name == "uid" for f in target._meta.fields):
            return RecordColumn(name)
        if any(f.name == "code" for f in target._meta.fields):
            return NamedColumn(name)
        raise TypeError(f"Declare a column for {field!r}: its target has no uid or code.")
    if name == "uid":
        return UidColumn(name)
    if field.choices and isinstance(field, models.CharField):
        return ChoiceColumn(name)
    if isinstance(field, models.BooleanField):
        return BooleanColumn(name)
    if isinstance(field, models.DateTimeField):
        return DateTimeColumn(name)
    if isinstance(field, models.DateField):
        return DateColumn(name)
    if isinstance(field, models.DecimalField):
        return DecimalColumn(name)
    if isinstance(field, models.IntegerField):
        return IntegerColumn(name)
    if isinstance(field, models.CharField | models.TextField):
        return TextColumn(name)
    raise TypeError(f"Declare a column for {field!r}: no default for its type.")
