"""The body of a django-tables2 table, rendered in one Python pass.

django-tables2's own template renders every cell through the template engine (a loop,
a condition and a filter per cell), which costs more than the rest of a list page; this
tag writes the same markup: each row's attributes, each cell's `<td>` attributes and its
value, escaped and localised as `{{ cell }}` would be.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def _cell_text(column, cell, context) -> str:
    """`{{ cell }}`, or `{{ cell|localize }}` / `{{ cell|unlocalize }}` as the column asks."""
    if column.localize is None:
        return render_value_in_context(cell, context)
    previous, context.use_l10n = context.use_l10n, column.localize
    try:
        return render_value_in_context(cell, context)
    finally:
        context.use_l10n = previous


@register.simple_tag(takes_context=True)
def table_body_rows(context, table):
    rows = []
    for row in table.paginated_rows:
        # Cells apart by a line break, as the library's template writes them: the row's
        # text then reads "Nguyễn Văn Cường", not "Nguyễn VănCường".
        cells = "\n".join(
            format_html(
                "<td {}>{}</td>", column.attrs["td"].as_html(), _cell_text(column, cell, context)
            )
            for column, cell in row.items()
        )
        rows.append(format_html("<tr {}>{}</tr>", row.attrs.as_html(), mark_safe(cells)))
    if not rows and table.empty_text:
        rows.append(
            format_html('<tr><td colspan="{}">{}</td></tr>', len(table.columns), table.empty_text)
        )
    return mark_safe("\n".join(rows))
