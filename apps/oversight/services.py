"""Adding subjects in bulk and keeping member snapshots in step with the event's date."""

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from apps.audit import history
from apps.closing.locks import ensure_points_open
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
    # bulk_create sends no signal: the event and each new subject's cell are checked here.
    ensure_points_open(
        [(event.performer.path, event.started_on)]
        + [(paths[subject.organization_id], event.started_on) for subject in new]
    )
    history.bulk_create(subject_model, new, batch_size=500)
    return {"added": len(new), "already": len(existing)}


def add_cell_members(event, cell, conclusion=None) -> dict:
    """Add everyone who was active in `cell` on the event's start date."""
    member_ids = (
        Membership.objects.on(event.started_on)
        .filter(organization=cell)
        .values_list("member_id", flat=True)
    )
    return add_members(event, list(member_ids), conclusion)


def _names(items, shown=10) -> str:
    items = [str(item) for item in items]
    return ", ".join(items[:shown]) + ("…" if len(items) > shown else "")


def check_subjects_fit(event, performer, day):
    """Refuse a performer or start date that the event's subjects no longer fit.

    Every subject must lie under `performer` (an organization strictly below it) and
    every member must have been active on `day`; the ValidationError names the field
    ("performer", "started_on") and the subjects at fault.
    """
    subjects = list(event.subjects.select_related("organization", "member"))
    outside = [
        subject
        for subject in subjects
        if not subject.organization.path.startswith(performer.path)
        or (not subject.is_member and subject.organization_id == performer.pk)
    ]
    member_ids = [subject.member_id for subject in subjects if subject.is_member]
    snapshots = member_snapshots(member_ids, day)
    inactive = [s.member for s in subjects if s.is_member and s.member_id not in snapshots]
    errors = {}
    if outside:
        errors["performer"] = _("Some subjects are not under this organization: %s.") % _names(
            outside
        )
    if inactive:
        errors["started_on"] = _(
            "On %(date)s these subjects were not active members: %(names)s."
        ) % {"date": formats.date_format(day, "SHORT_DATE_FORMAT"), "names": _names(inactive)}
    if errors:
        raise ValidationError(errors)


def refresh_member_snapshots(event):
    """Retake every member subject's snapshot after the start date changed.

    Refuses (ValidationError) if a member on the list was not active on the new date.
    """
    check_subjects_fit(event, event.performer, event.started_on)
    subjects = list(event.subjects.filter(member__isnull=False))
    snapshots = member_snapshots([subject.member_id for subject in subjects], event.started_on)
    for subject in subjects:
        subject.organization_id, subject.committee_level, subject.was_key_cadre = snapshots[
            subject.member_id
        ]
    # bulk_update sends no signal: the cells the snapshots now name are checked here.
    new_cells = {subject.organization_id for subject in subjects}
    ensure_points_open(
        (path, event.started_on)
        for path in PartyOrganization.objects.filter(pk__in=new_cells).values_list(
            "path", flat=True
        )
    )
    history.bulk_update(
        type(event).subject_model(),
        subjects,
        ["organization", "committee_level", "was_key_cadre"],
        batch_size=500,
    )
