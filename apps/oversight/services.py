"""Adding subjects in bulk and keeping member snapshots in step with the event's date."""

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from apps.members.models import Membership, PartyMember
from apps.organizations.models import PartyOrganization

from .models import member_snapshots


def add_members(event, member_ids, conclusion=None) -> dict:
    """Add the members as subjects of `event`, each with a snapshot as of its start date.

    Members already on the list are left as they are; members who were not active
    under the performer on the start date are refused. Returns the counts.
    """
    member_ids = set(member_ids)
    snapshots = member_snapshots(member_ids, event.started_on)
    paths = dict(
        PartyOrganization.objects.filter(
            pk__in={cell_id for cell_id, _level, _cadre in snapshots.values()}
        ).values_list("pk", "path")
    )
    refused = [
        member_id
        for member_id in member_ids
        if member_id not in snapshots
        or not paths[snapshots[member_id][0]].startswith(event.performer.path)
    ]
    if refused:
        names = ", ".join(str(m) for m in PartyMember.objects.filter(pk__in=refused[:5]))
        raise ValidationError(
            _("Not active under %(performer)s on %(date)s: %(names)s%(more)s.")
            % {
                "performer": event.performer,
                "date": formats.date_format(event.started_on, "SHORT_DATE_FORMAT"),
                "names": names,
                "more": "…" if len(refused) > 5 else "",
            }
        )
    subject_model = event.subject_model()
    on_list = event.subjects.filter(member_id__in=member_ids)
    existing = set(on_list.values_list("member_id", flat=True))
    conclusion = conclusion or subject_model._meta.get_field("conclusion").default
    new = [
        subject_model(
            event=event,
            member_id=member_id,
            organization_id=snapshots[member_id][0],
            committee_level=snapshots[member_id][1],
            was_key_cadre=snapshots[member_id][2],
            conclusion=conclusion,
        )
        for member_id in sorted(member_ids - existing)
    ]
    subject_model.objects.bulk_create(new, batch_size=500)
    return {"added": len(new), "already": len(existing)}


def add_cell_members(event, cell, conclusion=None) -> dict:
    """Add everyone who was active in `cell` on the event's start date."""
    member_ids = (
        Membership.objects.on(event.started_on)
        .filter(organization=cell)
        .values_list("member_id", flat=True)
    )
    return add_members(event, list(member_ids), conclusion)


def refresh_member_snapshots(event):
    """Retake every member subject's snapshot after the start date changed.

    Refuses (ValidationError) if a member on the list was not active on the new date.
    """
    subjects = list(event.subjects.filter(member__isnull=False).select_related("member"))
    snapshots = member_snapshots([subject.member_id for subject in subjects], event.started_on)
    missing = [str(subject.member) for subject in subjects if subject.member_id not in snapshots]
    if missing:
        raise ValidationError(
            _("On %(date)s these subjects were not active members: %(names)s.")
            % {
                "date": formats.date_format(event.started_on, "SHORT_DATE_FORMAT"),
                "names": ", ".join(missing[:10]) + ("…" if len(missing) > 10 else ""),
            }
        )
    for subject in subjects:
        subject.organization_id, subject.committee_level, subject.was_key_cadre = snapshots[
            subject.member_id
        ]
    type(event).subject_model().objects.bulk_update(
        subjects, ["organization", "committee_level", "was_key_cadre"], batch_size=500
    )
