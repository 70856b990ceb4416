"""Give every record a `uid` that names it in any database (CSV exchange).

Existing rows each get their own uuid4: the column is added nullable, filled row by row,
then made unique and required, which works on SQLite and PostgreSQL alike.
"""

import uuid

from django.db import migrations, models

MODELS = [
    "mobilizationmodel",
    "modelrenewal",
    "modelrecognition",
]


def fill_uids(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("mobilization", model_name)
        rows = list(model.objects.filter(uid__isnull=True).only("pk"))
        for row in rows:
            row.uid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uid"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("mobilization", "0001_initial"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="uid",
                field=models.UUIDField(editable=False, null=True, verbose_name="identifier"),
            )
            for model_name in MODELS
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
            for model_name in MODELS
        ),
    ]
