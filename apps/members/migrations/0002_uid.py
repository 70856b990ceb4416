"""Give every record a `uid` that names it in any database (CSV exchange)."""

from django.db import migrations

from apps.core.migration_operations import add_uid


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
    ]

    operations = add_uid(
        "members",
        [
            "partymember",
            "membership",
            "memberevent",
            "exemption",
            "position",
            "memberrating",
            "organizationrating",
            "badge",
            "discipline",
            "candidate",
        ],
    )
