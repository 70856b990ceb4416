"""The organization tree and its successions as CSV kinds (see apps/exchange).

Organizations keep their `code` as identity and name their parent, kind and commune
by code, so a tree moves to another database whatever its primary keys there.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.exchange.columns import CodesColumn
from apps.exchange.registry import CsvKind, ReferenceDataKind, register

from .models import Commune, OrganizationKind, OrganizationSuccession, PartyOrganization


class OrganizationCsvKind(CsvKind):
    """Parents come before their units in the file; dissolutions are written last.

    A restored unit would otherwise be refused under a parent that is already
    dissolved, though it existed before; dissolving after every row (units before their
    parent) checks the real rule, that no unit is still active on that date.
    """

    identity = "code"
    export_order = ("path",)

    def check_write_scope(self, instance, references):
        if references.paths is None:
            return
        if instance.pk:
            stored_parent = (
                PartyOrganization.objects.filter(pk=instance.pk)
                .values_list("parent_id", flat=True)
                .get()
            )
            if stored_parent == instance.parent_id:
                return  # the record itself was checked against the scope already
        parent = instance.parent
        if parent is None or not references.may_write(PartyOrganization, parent.path):
            raise ValidationError(
                {self.header_for("parent"): _("This is outside your organizations.")}
            )

    def save(self, instance, importer, result):
        stored = (
            PartyOrganization.objects.filter(pk=instance.pk)
            .values_list("dissolved_on", flat=True)
            .first()
            if instance.pk
            else None
        )
        dissolved_on = instance.dissolved_on
        if dissolved_on and dissolved_on != stored:
            instance.dissolved_on = stored
            importer.stage(result, lambda: self.dissolve(instance, dissolved_on, importer))
        importer.validate(instance)
        instance.save()

    def dissolve(self, instance, day, importer):
        instance.dissolved_on = day
        importer.validate(instance)
        instance.save()


# Reference data first: a new installation needs the kinds and communes the tree names.
register(
    ReferenceDataKind(
        "organization_kinds",
        OrganizationKind,
        order=80,
        columns={"allowed_parents": CodesColumn("allowed_parents", header="allowed_parent_codes")},
    )
)
register(ReferenceDataKind("communes", Commune, order=90))
register(OrganizationCsvKind("organizations", PartyOrganization, order=100))
register(
    CsvKind(
        "organization_successions",
        OrganizationSuccession,
        order=110,
        # A link widens the successor's scope to the predecessor's: both must be the user's.
        write_scope=("predecessor__path", "successor__path"),
    )
)
