"""Approving a year's results and reopening it: who may, and the record of each."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit import history
from apps.audit.history import recorded
from apps.core.models import outermost_paths
from apps.organizations.models import PartyOrganization

from .models import FIRST_YEAR, YearApproval, approvable_organizations, is_approvable


def in_scope(user, organization, permission: str | None = None) -> bool:
    """Whether `organization` lies where the user's roles carry `permission` (any role if
    None): a leader held at a commune approves that commune, not the district."""
    organizations = PartyOrganization.objects.visible_to(user)
    if permission is not None:
        organizations = organizations.allowing(user, permission)
    return organizations.filter(pk=organization.pk).exists()


def reopen_paths(user) -> list[str]:
    """The tree paths under which the user may reopen approvals (`in_scope` for a list of
    them, decided per row without a query): none without the permission, every path
    (the empty prefix) for a superuser."""
    if not user.has_perm("closing.reopen_year"):
        return []
    if user.is_superuser:
        return [""]
    return outermost_paths(user.paths_with("closing.reopen_year"))


def organizations_to_approve(user):
    """The organizations `user` may approve: approvable ones in their scope, if permitted."""
    if not user.has_perm("closing.approve_year"):
        return PartyOrganization.objects.none()
    return approvable_organizations(
        PartyOrganization.objects.visible_to(user).allowing(user, "closing.approve_year")
    )


def may_approve(user, organization) -> bool:
    return (
        user.has_perm("closing.approve_year")
        and is_approvable(organization)
        and in_scope(user, organization, "closing.approve_year")
    )


def may_reopen(user, approval: YearApproval) -> bool:
    return (
        approval.is_current
        and user.has_perm("closing.reopen_year")
        and in_scope(user, approval.organization, "closing.reopen_year")
    )


def check_year(year: int):
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Choose a year between %(first)s and %(last)s: a year is approved once it has begun.")
            % {"first": FIRST_YEAR, "last": this_year}
        )


@transaction.atomic
@recorded(history.APPROVAL)
def approve_year(organization, year: int, *, by, note: str = "") -> YearApproval:
    """Approve `organization`'s results of `year`: its subtree's records of that year close."""
    if not may_approve(by, organization):
        raise PermissionDenied
    check_year(year)
    try:
        with transaction.atomic():
            return YearApproval.objects.create(
                organization=organization,
                year=year,
                approved_by=by,
                approved_at=timezone.now(),
                note=note.strip(),
            )
    except IntegrityError as error:
        # Two leaders approving at once: the database keeps one current approval.
        raise ValidationError(
            _("The results of %(year)s of %(organization)s are already approved.")
            % {"year": year, "organization": organization.name}
        ) from error


@transaction.atomic
@recorded(history.REOPENING)
def reopen_year(approval: YearApproval, *, by, reason: str) -> YearApproval:
    """Reopen an approved year: the approval stays, with who reopened it, when and why."""
    approval = (
        YearApproval.objects.select_for_update().select_related("organization").get(pk=approval.pk)
    )
    if not may_reopen(by, approval):
        if not approval.is_current:
            raise ValidationError(_("This approval was already reopened."))
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the year."))
    approval.reopened_by = by
    approval.reopened_at = timezone.now()
    approval.reopen_reason = reason
    approval.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    return approval
