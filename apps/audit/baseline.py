"""A first copy of every record that has no history yet, in one statement per table.

Records written before the history began (an existing database when this app is
installed, or the demo, loaded without history) would otherwise show their first
change without the values it replaced. The copy is marked with the reason
`changes.BASELINE`, made by nobody.
"""

from django.db import connection as default_connection
from django.utils import timezone

from .changes import BASELINE, history_model, tracked_models


def baseline_statement(live_model, copy_model, connection):
    """INSERT … SELECT of every `live_model` row without a `copy_model` row, and its
    parameters. Works on the migration state's models as on the app's."""
    quote = connection.ops.quote_name
    columns = [
        field.column
        for field in copy_model._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    history = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    sql = (
        f"INSERT INTO {quote(copy_model._meta.db_table)} "
        f"({', '.join(quote(column) for column in columns + history)}) "
        f"SELECT {', '.join('r.' + quote(column) for column in columns)}, %s, %s, %s, NULL "
        f"FROM {quote(live_model._meta.db_table)} r "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(copy_model._meta.db_table)} h "
        f"WHERE h.{quote('id')} = r.{quote('id')})"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    return sql, [now, BASELINE, "+"]


def take_baseline(pairs=None, connection=None) -> int:
    """Copy every record without history; `pairs` are (live model, history model)."""
    connection = connection or default_connection
    if pairs is None:
        pairs = [(model, history_model(model)) for model in tracked_models()]
    copied = 0
    with connection.cursor() as cursor:
        for live_model, copy_model in pairs:
            sql, params = baseline_statement(live_model, copy_model, connection)
            cursor.execute(sql, params)
            copied += max(cursor.rowcount, 0)
    return copied
