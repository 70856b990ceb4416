"""A first copy of every record that existed before the history began."""

from django.db import migrations

RECORD_APPS = [
    "organizations", "members", "oversight", "studies", "mobilization", "results", "closing",
]  # fmt: skip


def copy_existing_records(apps, schema_editor):
    from apps.audit.baseline import take_baseline

    pairs = []
    for app_label in RECORD_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                live = apps.get_model(app_label, model.__name__.removeprefix("Historical"))
                pairs.append((live, model))
    take_baseline(pairs, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("organizations", "0006_history"),
        ("members", "0003_history"),
        ("oversight", "0004_history"),
        ("studies", "0003_history"),
        ("mobilization", "0003_history"),
        ("results", "0002_history"),
        ("closing", "0002_history"),
    ]

    operations = [migrations.RunPython(copy_existing_records, migrations.RunPython.noop)]
