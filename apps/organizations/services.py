"""Changes to the organization tree that span several rows: dissolution, merger, split.

Organizations are never deleted once records point at them; they are dissolved, and a
merger or split links each predecessor to its successors with the date, so that earlier
years stay reportable under the old structure and can be rolled up under the new one.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from apps.audit import history
from apps.audit.history import recorded
from apps.closing.locks import ensure_points_open

from .models import OrganizationSuccession, PartyOrganization


def _check_can_dissolve(organization: PartyOrganization, on: datetime.date):
    if organization.dissolved_on:
        raise ValidationError(
            _("%(name)s was already dissolved on %(date)s."),
            params={
                "name": organization.name,
                "date": formats.date_format(organization.dissolved_on),
            },
        )
    if organization.founded_on and on <= organization.founded_on:
        raise ValidationError(
            _("%(name)s cannot be dissolved on or before its founding date (%(date)s)."),
            params={
                "name": organization.name,
                "date": formats.date_format(organization.founded_on),
            },
        )
    active_children = list(organization.children.active_on(on).values_list("name", flat=True)[:5])
    if active_children:
        raise ValidationError(
            _(
                "%(name)s still has active units on that date; dissolve or merge them "
                "first: %(names)s."
            ),
            params={"name": organization.name, "names": ", ".join(active_children)},
        )


def _dissolve(organization: PartyOrganization, on: datetime.date, note: str = ""):
    _check_can_dissolve(organization, on)
    organization.dissolved_on = on
    if note:
        organization.notes = "\n".join(filter(None, [organization.notes, note]))
    organization.save(update_fields=["dissolved_on", "notes", "updated_at"])


def _lock(organizations):
    """Re-read the rows under a lock so two clerks cannot act on one organization at once."""
    ids = [organization.pk for organization in organizations]
    return list(PartyOrganization.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


@transaction.atomic
@recorded("dissolution")
def dissolve_organization(organization: PartyOrganization, *, on: datetime.date, note: str = ""):
    """Dissolve an organization that has no active units left on `on`."""
    (locked,) = _lock([organization])
    _dissolve(locked, on, note)
    return locked


@transaction.atomic
@recorded("merger")
def merge_organizations(
    predecessors,
    successor: PartyOrganization,
    *,
    on: datetime.date,
    decision: str = "",
    note: str = "",
):
    """Merge `predecessors` into `successor` on `on`: each is dissolved and linked."""
    predecessors = list(predecessors)
    if not predecessors:
        raise ValidationError(_("Choose at least one organization to merge."))
    locked = _lock([*predecessors, successor])
    by_pk = {organization.pk: organization for organization in locked}
    successor = by_pk[successor.pk]
    if not successor.is_active_on(on):
        raise ValidationError(
            _("The successor %(name)s does not exist on %(date)s."),
            params={"name": successor.name, "date": formats.date_format(on)},
        )
    links = []
    for predecessor in (by_pk[p.pk] for p in predecessors):
        if predecessor.pk == successor.pk:
            raise ValidationError(_("An organization cannot be merged into itself."))
        if successor.is_within(predecessor):
            raise ValidationError(
                _("%(successor)s lies inside %(predecessor)s and would be dissolved with it."),
                params={"successor": successor.name, "predecessor": predecessor.name},
            )
        _dissolve(predecessor, on)
        links.append(
            OrganizationSuccession(
                predecessor=predecessor,
                successor=successor,
                kind=OrganizationSuccession.Kind.MERGER,
                effective_on=on,
                decision=decision,
                note=note,
            )
        )
    # bulk_create sends no signal: the successor's side of each link is checked here
    # (each predecessor's side was, when it was dissolved).
    ensure_points_open([(successor.path, on)])
    history.bulk_create(OrganizationSuccession, links)
    return links


@transaction.atomic
@recorded("split")
def split_organization(
    predecessor: PartyOrganization,
    successors,
    *,
    on: datetime.date,
    decision: str = "",
    note: str = "",
):
    """Split `predecessor` into two or more existing `successors` on `on`."""
    successors = list(successors)
    if len({s.pk for s in successors}) < 2:
        raise ValidationError(_("A split needs at least two successor organizations."))
    locked = _lock([predecessor, *successors])
    by_pk = {organization.pk: organization for organization in locked}
    predecessor = by_pk[predecessor.pk]
    links = []
    for successor in (by_pk[s.pk] for s in successors):
        if successor.pk == predecessor.pk or successor.is_within(predecessor):
            raise ValidationError(
                _("%(successor)s lies inside %(predecessor)s and would be dissolved with it."),
                params={"successor": successor.name, "predecessor": predecessor.name},
            )
        if not successor.is_active_on(on):
            raise ValidationError(
                _("The successor %(name)s does not exist on %(date)s."),
                params={"name": successor.name, "date": formats.date_format(on)},
            )
        links.append(
            OrganizationSuccession(
                predecessor=predecessor,
                successor=successor,
                kind=OrganizationSuccession.Kind.SPLIT,
                effective_on=on,
                decision=decision,
                note=note,
            )
        )
    _dissolve(predecessor, on)
    ensure_points_open((link.successor.path, on) for link in links)
    history.bulk_create(OrganizationSuccession, links)
    return links
