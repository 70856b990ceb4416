"""Give every record a `uid` that names it in any database (CSV exchange)."""

from django.db import migrations

from apps.core.migration_operations import add_uid


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_cells_hold_members"),
    ]

    operations = add_uid("organizations", ["organizationsuccession"])
