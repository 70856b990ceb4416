"""The member lifecycle as actions: each is atomic, checks its rules, and is recorded.

Views, imports and commands call these; none of them changes a member's status, cell
or lifecycle dates any other way.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from apps.audit import history
from apps.audit.history import recorded
from apps.closing.locks import ensure_open
from apps.organizations.models import PartyOrganization

from .models import (
    Discipline,
    Exemption,
    MemberEvent,
    Membership,
    MemberStatus,
    PartyMember,
)

MINIMUM_AGE = 18  # Điều lệ Đảng, art. 1: at least 18 at the cell's vote.


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _ensure_cell(cell: PartyOrganization, day: datetime.date):
    if not cell.kind.holds_members:
        raise ValidationError(
            _("Members belong to cells; “%(name)s” is a %(kind)s."),
            params={"name": cell.name, "kind": cell.kind},
        )
    cell.ensure_accepts_records_on(day)


def _lock(member: PartyMember) -> PartyMember:
    """Re-read the member under a row lock: two clerks cannot act on one member at once."""
    return PartyMember.objects.select_for_update().select_related("cell").get(pk=member.pk)


def _ensure_active(member: PartyMember):
    if not member.is_active:
        raise ValidationError(
            _("%(name)s is no longer a member (%(status)s on %(date)s); no action is possible."),
            params={
                "name": member.full_name,
                "status": member.get_status_display().lower(),
                "date": _date(member.left_on) if member.left_on else "—",
            },
        )


def _ensure_after_last_event(member: PartyMember, day: datetime.date):
    last = member.events.order_by("-happened_on").values_list("happened_on", flat=True).first()
    if last and day < last:
        raise ValidationError(
            _("The date must not be before the member's last recorded step (%(date)s)."),
            params={"date": _date(last)},
        )


def _record(member, kind, day, by, **fields):
    return MemberEvent.objects.create(
        member=member, kind=kind, happened_on=day, recorded_by=by, **fields
    )


def _end_periods(periods, day: datetime.date):
    """End open periods on `day`, in bulk (no signal) but with their change history."""
    rows = list(periods)
    for row in rows:
        row.ended_on = day
    history.bulk_update(periods.model, rows, ["ended_on"])


def _close_membership(member: PartyMember, day: datetime.date):
    # An update sends no signal: the closed-year check is made here.
    ensure_open(member.cell.path, day)
    _end_periods(Membership.objects.filter(member=member, ended_on__isnull=True), day)


@transaction.atomic
@recorded("admission")
def admit_member(*, cell, admitted_on, by=None, decision="", note="", **profile) -> PartyMember:
    """Admit a new, probationary member into `cell` (kết nạp)."""
    _ensure_cell(cell, admitted_on)
    decided_on = profile.get("admission_decided_on")
    if decided_on and decided_on > admitted_on:
        raise ValidationError(_("The admission decision cannot come after the ceremony."))
    birth_date = profile.get("birth_date")
    if birth_date and age_on(birth_date, admitted_on) < MINIMUM_AGE:
        raise ValidationError(
            _("A member must be at least %(age)d years old when admitted."),
            params={"age": MINIMUM_AGE},
        )
    member = PartyMember(
        cell=cell, admitted_on=admitted_on, status=MemberStatus.PROBATIONARY, **profile
    )
    member.full_clean()
    member.save()
    Membership.objects.create(member=member, organization=cell, started_on=admitted_on)
    _record(
        member,
        MemberEvent.Kind.ADMISSION,
        admitted_on,
        by,
        organization=cell,
        decision=decision,
        note=note,
    )
    return member


@transaction.atomic
@recorded("recognition")
def recognise_official(member, *, on, by=None, decision="", note="") -> PartyMember:
    """Recognise a probationary member as official, once 12 months of probation are over."""
    member = _lock(member)
    _ensure_active(member)
    if member.status != MemberStatus.PROBATIONARY:
        raise ValidationError(
            _("%(name)s is already an official member since %(date)s."),
            params={"name": member.full_name, "date": _date(member.official_on)},
        )
    if on < member.probation_ends_on:
        raise ValidationError(
            _(
                "Probation lasts 12 months from the admission on %(admitted)s: "
                "%(name)s can be recognised as official from %(earliest)s."
            ),
            params={
                "admitted": _date(member.admitted_on),
                "name": member.full_name,
                "earliest": _date(member.probation_ends_on),
            },
        )
    _ensure_after_last_event(member, on)
    member.status = MemberStatus.OFFICIAL
    member.official_on = on
    member.save(update_fields=["status", "official_on", "updated_at"])
    _record(
        member,
        MemberEvent.Kind.RECOGNITION,
        on,
        by,
        organization=member.cell,
        decision=decision,
        note=note,
    )
    return member


@transaction.atomic
@recorded("transfer")
def transfer_member(member, *, to_cell, on, by=None, decision="", note="") -> PartyMember:
    """Move a member to another cell: one membership closes, the next opens the same day."""
    member = _lock(member)
    _ensure_active(member)
    if to_cell.pk == member.cell_id:
        raise ValidationError(_("The member is already active in that cell."))
    _ensure_cell(to_cell, on)
    _ensure_after_last_event(member, on)
    _close_membership(member, on)
    Membership.objects.create(member=member, organization=to_cell, started_on=on)
    from_cell = member.cell
    member.cell = to_cell
    member.save(update_fields=["cell", "updated_at"])
    _record(
        member,
        MemberEvent.Kind.TRANSFER,
        on,
        by,
        organization=to_cell,
        destination=from_cell.name,
        decision=decision,
        note=note,
    )
    return member


def _leave(member, *, status, kind, on, by, decision="", note="", destination=""):
    member = _lock(member)
    _ensure_active(member)
    _ensure_after_last_event(member, on)
    _close_membership(member, on)
    # Checked with the membership above: same cell, same day.
    _end_periods(Exemption.objects.filter(member=member, ended_on__isnull=True), on)
    member.status = status
    member.left_on = on
    member.save(update_fields=["status", "left_on", "updated_at"])
    _record(
        member,
        kind,
        on,
        by,
        organization=member.cell,
        decision=decision,
        note=note,
        destination=destination,
    )
    return member


@transaction.atomic
@recorded("transfer_out")
def transfer_out(member, *, on, destination, by=None, decision="", note=""):
    """The member moves to an organization outside the district (chuyển đi)."""
    return _leave(
        member,
        status=MemberStatus.TRANSFERRED_OUT,
        kind=MemberEvent.Kind.TRANSFER_OUT,
        on=on,
        by=by,
        decision=decision,
        note=note,
        destination=destination,
    )


@transaction.atomic
@recorded("death")
def record_death(member, *, on, by=None, note=""):
    return _leave(
        member, status=MemberStatus.DECEASED, kind=MemberEvent.Kind.DEATH, on=on, by=by, note=note
    )


@transaction.atomic
@recorded("removal")
def remove_from_rolls(member, *, on, by=None, decision="", note=""):
    return _leave(
        member,
        status=MemberStatus.REMOVED,
        kind=MemberEvent.Kind.REMOVAL,
        on=on,
        by=by,
        decision=decision,
        note=note,
    )


@transaction.atomic
@recorded("expulsion")
def expel(member, *, on, deciding_body, by=None, decision="", note=""):
    """Expulsion is both a discipline and the end of membership."""
    member = _leave(
        member,
        status=MemberStatus.EXPELLED,
        kind=MemberEvent.Kind.EXPULSION,
        on=on,
        by=by,
        decision=decision,
        note=note,
    )
    Discipline.objects.create(
        member=member,
        form=Discipline.Form.EXPULSION,
        decided_on=on,
        deciding_body=deciding_body,
        decision=decision,
        reason=note,
    )
    return member


@transaction.atomic
@recorded("exemption")
def exempt(member, *, start, end=None, reason="", by=None):
    """Exempt a member from duties and activities (miễn công tác và sinh hoạt đảng)."""
    member = _lock(member)
    _ensure_active(member)
    if end and end <= start:
        raise ValidationError(_("The exemption must end after it starts."))
    if Exemption.objects.filter(member=member, ended_on__isnull=True).exists():
        raise ValidationError(_("The member is already exempted; end that exemption first."))
    _ensure_after_last_event(member, start)
    exemption = Exemption.objects.create(
        member=member, started_on=start, ended_on=end, reason=reason
    )
    _record(member, MemberEvent.Kind.EXEMPTION, start, by, note=reason)
    return exemption


@transaction.atomic
@recorded("exemption_end")
def end_exemption(member, *, on, by=None):
    member = _lock(member)
    _ensure_active(member)
    exemption = Exemption.objects.filter(member=member, ended_on__isnull=True).first()
    if exemption is None:
        raise ValidationError(_("The member has no open exemption."))
    if on <= exemption.started_on:
        raise ValidationError(_("The exemption must end after it starts."))
    exemption.ended_on = on
    exemption.save(update_fields=["ended_on"])
    _record(member, MemberEvent.Kind.EXEMPTION_END, on, by)
    return exemption
