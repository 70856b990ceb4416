"""Migration operations shared by several apps' migrations.

Historical migrations import this module: change what it does only by adding a new
function, never by editing one that a migration already uses.
"""

import uuid

from django.db import migrations, models


def add_uid(app_label: str, model_names: list[str]) -> list:
    """Add a unique `uid` to models that already have rows (see StableIdentityModel).

    The column is added nullable, each existing row gets its own uuid4, then the column
    becomes unique and required: a unique column with a default cannot be added in one
    step to a filled table (every row would get the same value). Works on SQLite and
    PostgreSQL alike.
    """

    def fill_uids(apps, schema_editor):
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            rows = list(model.objects.filter(uid__isnull=True).only("pk"))
            for row in rows:
                row.uid = uuid.uuid4()
            model.objects.bulk_update(rows, ["uid"], batch_size=500)

    return [
        *(
            migrations.AddField(
                model_name=model_name,
                name="uid",
                field=models.UUIDField(editable=False, null=True, verbose_name="identifier"),
            )
            for model_name in model_names
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=model_name,
                name="uid",
                field=models.UUIDField(
                    default=uuid.uuid4, editable=False, unique=True, verbose_name="identifier"
                ),
            )
            for model_name in model_names
        ),
    ]


def trigram_search_indexes(app_label: str, model_names: list[str]) -> list:
    """GIN trigram indexes on `search_text` (PostgreSQL only), for `contains` searches.

    Searches filter `search_text LIKE '%term%'`, which no B-tree index serves: on a
    province's 100,000 members every search read the whole table. pg_trgm is a trusted
    extension (PostgreSQL 13+), so the database's owner may create it. SQLite, used for
    development and the demo, gets nothing: its tables are small.
    """

    def index_name(model) -> str:
        return f"{model._meta.db_table[:40]}_search_trgm"

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for model_name in model_names:
            model = apps.get_model(app_label, model_name)
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(model)} "
                f"ON {model._meta.db_table} USING gin (search_text gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for model_name in model_names:
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {index_name(apps.get_model(app_label, model_name))}"
            )

    return [migrations.RunPython(create, drop, elidable=False)]
