"""Inspections, supervisions and their subjects as CSV kinds (see apps/exchange)."""

from apps.exchange.registry import CsvKind, register

from .models import Inspection, InspectionSubject, Supervision, SupervisionSubject


class SubjectCsvKind(CsvKind):
    """Subjects move with the snapshot they were given; only the performer's scope writes.

    A member subject's cell, committee level and key-cadre flag were taken once, as of
    the start date, where the subject was first recorded; later transfers and posts
    must not change them. A row that carries them (its organization code) is therefore
    validated as an existing subject, which keeps its snapshot, and the model still
    checks that the cell lies under the performer. A row without one takes the
    snapshot as the pages do.
    """

    lead = ("event",)
    extra = ("committee_level", "was_key_cadre")
    write_scope = ("event__performer__path",)

    def save(self, instance, importer, result):
        adding = instance._state.adding
        if adding and instance.member_id and instance.organization_id:
            instance._state.adding = False
        try:
            importer.validate(instance)
        finally:
            instance._state.adding = adding
        instance.save()


register(CsvKind("inspections", Inspection, order=300, lead=("kind",)))
register(SubjectCsvKind("inspection_subjects", InspectionSubject, order=310))
register(CsvKind("supervisions", Supervision, order=320, lead=("kind",)))
register(SubjectCsvKind("supervision_subjects", SupervisionSubject, order=330))
