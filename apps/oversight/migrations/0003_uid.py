"""Give every record a `uid` that names it in any database (CSV exchange)."""

from django.db import migrations

from apps.core.migration_operations import add_uid


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_alter_inspection_body_alter_supervision_body"),
    ]

    operations = add_uid(
        "oversight", ["inspection", "inspectionsubject", "supervision", "supervisionsubject"]
    )
