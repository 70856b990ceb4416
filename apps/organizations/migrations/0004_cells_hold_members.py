from django.db import migrations

from apps.organizations.defaults import MEMBER_HOLDING_KINDS


def mark_cells(apps, schema_editor):
    kind_model = apps.get_model("organizations", "OrganizationKind")
    kind_model.objects.filter(code__in=MEMBER_HOLDING_KINDS).update(holds_members=True)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0003_kind_holds_members")]

    operations = [migrations.RunPython(mark_cells, migrations.RunPython.noop)]
