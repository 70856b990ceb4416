"""The README's list of kinds and columns, generated from the registry so it cannot drift."""

from django.utils import translation

from .registry import kinds


def kind_line(kind) -> str:
    """One kind as the README lists it: name, model, and its columns in file order."""
    columns = ", ".join(column.header for column in kind.all_columns)
    return f"- `{kind.name}` ({kind.model._meta.verbose_name_plural}): `{columns}`"


def describe_kinds() -> str:
    """Every kind in dependency order, one line each, ready for README.md (in English)."""
    with translation.override("en"):
        return "\n".join(kind_line(kind) for kind in kinds())
