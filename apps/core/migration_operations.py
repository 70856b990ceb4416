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
