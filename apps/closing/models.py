"""Approvals of a year's results: once approved, that year's records are read-only.

An approval is never deleted. Reopening a year fills the reopening fields of the
current approval (who, when, why), and approving the year again makes a new row, so
the table is the full history of who closed and reopened which year.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.audit.history import History
from apps.core.models import (
    FIRST_RECORD_YEAR,
    LAST_RECORD_YEAR,
    ScopedQuerySet,
    ancestor_paths,
    outermost_paths,
    paths_condition,
)
from apps.organizations.models import OrganizationKind, PartyOrganization

FIRST_YEAR = FIRST_RECORD_YEAR


def is_approvable(organization: PartyOrganization) -> bool:
    """Results are approved for the top of the tree (the district) or a base organization.

    Cells below the base level report through their base committee and are closed by
    its approval; organizations above the base level (the district, or a province an
    administrator adds above it) approve for their whole subtree.
    """
    level = organization.kind.level
    return organization.parent_id is None or level in {
        OrganizationKind.Level.SUPERIOR,
        OrganizationKind.Level.BASE,
    }


def approvable_organizations(queryset=None):
    """The organizations whose results can be approved, as one queryset."""
    queryset = PartyOrganization.objects.all() if queryset is None else queryset
    return queryset.filter(
        Q(parent__isnull=True)
        | Q(kind__level__in=[OrganizationKind.Level.SUPERIOR, OrganizationKind.Level.BASE])
    )


class YearApprovalQuerySet(ScopedQuerySet):
    """Approvals are seen in the organization's subtree and below it.

    A commune's clerk sees their commune's approvals and those of the organizations
    above it (the district's approval closes their records too), never another
    commune's.
    """

    scope_path = "organization__path"

    def under_paths(self, paths):
        paths = outermost_paths(paths)
        if not paths:
            return self.none()
        return self.filter(
            paths_condition("organization__path", paths)
            | Q(organization__path__in=ancestor_paths(paths))
        )

    def current(self):
        """Approvals in force: not reopened."""
        return self.filter(reopened_at__isnull=True)

    def closing(self, organization, year: int):
        """Current approvals that close `organization`'s records of `year`: its own and
        those of the organizations above it."""
        paths = [organization.path, *ancestor_paths([organization.path])]
        return self.current().filter(year=year, organization__path__in=paths)


class YearApproval(models.Model):
    """A leader's approval of an organization's results for one year, and its reopening."""

    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="year_approvals",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_RECORD_YEAR)]
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reopened by"),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = YearApprovalQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-year", "organization__path", "-approved_at", "-pk"]
        verbose_name = _("year approval")
        verbose_name_plural = _("year approvals")
        permissions = [
            ("approve_year", _("Can approve a year's results")),
            ("reopen_year", _("Can reopen an approved year")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(reopened_at__isnull=True),
                name="year_approval_one_current",
                violation_error_message=_("This year is already approved for this organization."),
            ),
            # A reopening is whole: who, when and why, or nothing yet.
            models.CheckConstraint(
                condition=(
                    Q(reopened_at__isnull=True, reopened_by__isnull=True, reopen_reason="")
                    | (
                        Q(reopened_at__isnull=False, reopened_by__isnull=False)
                        & ~Q(reopen_reason="")
                    )
                ),
                name="year_approval_reopening_complete",
            ),
        ]
        indexes = [models.Index(fields=["year", "reopened_at"])]

    def __str__(self):
        return f"{self.organization} — {self.year}"

    @property
    def is_current(self) -> bool:
        return self.reopened_at is None

    @property
    def approver_name(self) -> str:
        return self.approved_by.display_name

    @property
    def reopener_name(self) -> str:
        return self.reopened_by.display_name if self.reopened_by_id else ""


def current_approval(organization: PartyOrganization, year: int) -> YearApproval | None:
    """The approval in force that closes `organization`'s records of `year`, if any.

    Its own approval first, else the nearest organization above it that was approved
    (the district's approval closes every commune).
    """
    approvals = (
        YearApproval.objects.closing(organization, year)
        .select_related("organization", "approved_by")
        .order_by()
    )
    return max(approvals, key=lambda approval: len(approval.organization.path), default=None)
