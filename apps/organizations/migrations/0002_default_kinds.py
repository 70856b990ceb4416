from django.db import migrations

from apps.organizations.defaults import ensure_default_kinds


def create_default_kinds(apps, schema_editor):
    ensure_default_kinds(apps.get_model("organizations", "OrganizationKind"))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(create_default_kinds, migrations.RunPython.noop)]
