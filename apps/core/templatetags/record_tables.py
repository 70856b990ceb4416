"""The body of a django-tables2 table, rendered in one Python pass.

django-tables2's own template renders every cell through the template engine (a loop,
a condition and a filter per cell), and its rows look up each render method's signature
and each cell's attributes again for every cell: together they cost more than the rest
of a list page. This tag writes the same markup (`tests/core/test_table_rows.py` holds
it to the library's template for every table of the app), with everything that does not
change from one row to the next worked out once per column.
"""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django_tables2 import A
from django_tables2.columns import ManyToManyColumn
from django_tables2.columns.base import LinkTransform
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.utils import AttributeDict, signature

register = template.Library()

# The arguments django-tables2 may pass to a column's `render` (BoundRow._call_render).
CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")


def _has_callable(attrs) -> bool:
    """Whether attributes (nested dicts) compute any value from the record."""
    if callable(attrs):
        return True
    if isinstance(attrs, dict):
        return any(_has_callable(value) for value in attrs.values())
    return False


class ColumnPlan:
    """What one column does to every cell, looked up once per table instead of per cell."""

    def __init__(self, table, bound_column):
        self.table = table
        self.bound_column = bound_column
        self.column = bound_column.column
        self.accessor = A(bound_column.accessor)
        self.render = bound_column.render
        self.arguments, self.takes_any = signature(self.render)
        self.link = bound_column.link
        self.fixed_link = self._fixed_link(bound_column)
        self.hrefs = {}  # address of each linked record, by (model, pk)
        self.default = bound_column.default
        self.many_to_many = isinstance(self.column, ManyToManyColumn)
        self.link_text_fallback = (
            isinstance(self.column, BaseLinkColumn) and self.column.text is not None
        )
        self.use_display = None  # whether get_FOO_display() gives the value; per model
        self.per_cell_attrs = _has_callable(self.column.attrs) or _has_callable(table.attrs)
        self.td_html = None if self.per_cell_attrs else bound_column.attrs["td"].as_html()

    def _fixed_link(self, bound_column):
        """(attributes, accessor) of a `linkify=True` link whose <a> attributes are fixed,
        else None: such a link is written here, with each linked record's address looked
        up once (a page names the same cell or commune row after row)."""
        link = self.link
        if type(link) is not LinkTransform or _has_callable(link.attrs) or link.url:
            return None
        if link.reverse_args.get("viewname") is not None:
            return None
        accessor = A(link.accessor if link.accessor is not None else bound_column.name)
        return dict(link.attrs or {}), accessor

    def _linked(self, content, given):
        """`LinkTransform.__call__` for a fixed link, as the library writes it."""
        attributes, accessor = self.fixed_link
        record = given["record"]
        target = accessor.resolve(record)
        if not hasattr(target, "get_absolute_url"):
            if not hasattr(record, "get_absolute_url"):
                return self.link(content, **given)  # the library's own error
            target = record
        if isinstance(target, models.Model) and target.pk is not None:
            key = (type(target), target.pk)
            if key not in self.hrefs:
                self.hrefs[key] = target.get_absolute_url()
            href = self.hrefs[key]
        else:
            href = target.get_absolute_url()
        if href is None:
            return content
        attrs = AttributeDict(attributes)
        attrs["href"] = href
        return format_html("<a {}>{}</a>", attrs.as_html(), content)

    def _display_function(self, record, penultimate, remainder):
        """`get_FOO_display` when the field has choices, as django-tables2 prefers it."""
        if self.use_display is None:
            try:
                field = self.accessor.get_field(record)
            except FieldDoesNotExist:
                field = None
            self.use_display = bool(getattr(field, "choices", ())) and hasattr(
                penultimate, f"get_{remainder}_display"
            )
        return getattr(penultimate, f"get_{remainder}_display") if self.use_display else None

    def content(self, row):
        """The cell's rendered content, as BoundRow.get_cell gives it."""
        record = row.record
        value = None
        penultimate, remainder = self.accessor.penultimate(record)
        if isinstance(penultimate, models.Model):
            display = self._display_function(record, penultimate, remainder)
            if display is not None:
                value, remainder = display(), None
        if remainder:
            try:
                value = self.accessor.resolve(record)
            except Exception:
                # A link column without a field still shows its text (as the library does).
                if self.link_text_fallback:
                    return self._call(row, None)
        if value in self.column.empty_values or (self.many_to_many and not value.exists()):
            return self.default
        return self._call(row, value)

    def _call(self, row, value):
        given = {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        if self.takes_any:
            content = self.render(**given)
        elif any(name not in given for name in self.arguments):
            content = None
        else:
            content = self.render(**{name: given[name] for name in self.arguments})
        if self.fixed_link is not None:
            return self._linked(content, given)
        return self.link(content, **given) if self.link else content

    def td(self, row, content) -> str:
        if self.td_html is not None:
            return self.td_html
        self.bound_column.current_value = content
        self.bound_column.current_record = row.record
        return self.bound_column.attrs["td"].as_html()

    def text(self, content, context) -> str:
        """`{{ cell }}`, or `{{ cell|localize }}` / `{{ cell|unlocalize }}` as the column asks."""
        if self.column.localize is None:
            return render_value_in_context(content, context)
        previous, context.use_l10n = context.use_l10n, self.column.localize
        try:
            return render_value_in_context(content, context)
        finally:
            context.use_l10n = previous


@register.simple_tag(takes_context=True)
def table_body_rows(context, table):
    plans = [ColumnPlan(table, bound_column) for bound_column in table.columns]
    rows = []
    for row in table.paginated_rows:
        cells = []
        for plan in plans:
            content = plan.content(row)
            # Both parts are escaped already (the attributes by `as_html`, the text as
            # `{{ cell }}` escapes it): joined as they are, not escaped a second time by
            # format_html, whose checks cost more than the rest of a cell.
            text = plan.text(content, context)
            if not isinstance(text, SafeData):  # with autoescape off, as format_html would
                text = conditional_escape(text)
            cells.append(f"<td {plan.td(row, content)}>{text}</td>")
        # Cells apart by a line break, as the library's template writes them: the row's
        # text then reads "Nguyễn Văn Cường", not "Nguyễn VănCường".
        cells = "\n".join(cells)
        rows.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
    if not rows and table.empty_text:
        rows.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    return mark_safe("\n".join(rows))
