"""Attendance lists: who a session was for, and recording who came.

A list holds one row per member expected on the session's date, so the counts of a
session with a list are its rows (expected) and its present rows (member-visits).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from apps.audit import history
from apps.closing.locks import ensure_open, ensure_points_open
from apps.members.models import Exemption, Membership

from .models import Attendance, StudySession


def expected_memberships(organization, day):
    """The memberships behind a session's list: each expected member with their cell."""
    exempted = Exemption.objects.on(day).filter(member=OuterRef("member"))
    return (
        Membership.objects.on(day)
        .filter(organization__path__startswith=organization.path)
        .exclude(Exists(exempted))
        .select_related("member", "organization")
        .order_by("organization__path", "member__name_sort_key", "member__pk")
    )


@transaction.atomic
def record_attendance(session, present_ids, *, notes=None, attendee_visits=None):
    """Replace the session's list: every expected member, present if in `present_ids`.

    The session's member-visits and members expected then come from the list, and
    attendee-visits may be given with it (they also count guests who are not members).
    Everything is checked before anything is written.
    """
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    notes = notes or {}
    roster = list(expected_memberships(session.organizer, session.held_on))
    expected_ids = {membership.member_id for membership in roster}
    present_ids = set(present_ids)
    strangers = present_ids - expected_ids
    if strangers:
        raise ValidationError(
            _("%(count)d of the members marked present were not expected at this session.")
            % {"count": len(strangers)}
        )
    # bulk_create sends no signal: the session's and every row's cell are checked first.
    ensure_points_open(
        [(session.organizer.path, session.held_on)]
        + [(membership.organization.path, session.held_on) for membership in roster]
    )
    session.attendance.all().delete()
    history.bulk_create(
        Attendance,
        (
            Attendance(
                session=session,
                member_id=membership.member_id,
                organization_id=membership.organization_id,
                present=membership.member_id in present_ids,
                note=""
                if membership.member_id in present_ids
                else notes.get(membership.member_id, ""),
            )
            for membership in roster
        ),
    )
    session.has_attendance_list = True
    session.members_expected = session.members_counted = len(roster)
    session.member_visits = len(present_ids)
    if attendee_visits is not None:
        session.attendee_visits = attendee_visits
    session.full_clean()
    session.save()
    return session


def resync_attendance(session):
    """After a session's date or organizer changed: rebuild its list for the new roster.

    Members still expected keep their mark and note; others drop off the list.
    """
    if not session.has_attendance_list:
        return session
    kept = {row.member_id: row for row in session.attendance.all()}
    present = [member_id for member_id, row in kept.items() if row.present]
    roster_ids = set(
        expected_memberships(session.organizer, session.held_on).values_list("member_id", flat=True)
    )
    notes = {member_id: row.note for member_id, row in kept.items() if row.note}
    return record_attendance(session, [pk for pk in present if pk in roster_ids], notes=notes)


@transaction.atomic
def clear_attendance(session):
    """Drop the list; the session keeps the counts it had, which become typed counts."""
    ensure_open(session.organizer.path, session.held_on)
    session.attendance.all().delete()
    session.has_attendance_list = False
    session.save(update_fields=["has_attendance_list", "updated_at"])
    return session
