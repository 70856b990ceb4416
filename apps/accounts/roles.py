"""The named roles an administrator assigns, and the permissions each one carries.

This module is the one place that says who may do what. A role is held at a party
organization, which fixes where it applies: its subtree (and what that subtree took
over in mergers). The roles translate into ordinary Django permissions
(`members.change_partymember`, `closing.approve_year` …) through `RoleBackend`, so the
pages, the admin, exports, imports and commands all ask the same `has_perm`, and
`ScopedQuerySet.writable_by` narrows a change to the organizations where a role
granting it is held.

Rights are given by *area*: a group of record models kept by one board. Every role
reads every area within its organizations; a role writes the areas it lists. Members'
personal data (date of birth, origin, ethnicity, religion) is the organization board's
and the leaders'; an administrator may grant it to another user directly.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

# The models of each area, as "app_label.ModelName". Reading any of them is open to
# every role within its organizations; writing is given area by area.
AREAS: dict[str, tuple[str, ...]] = {
    "organizations": (
        "organizations.PartyOrganization",
        "organizations.OrganizationSuccession",
    ),
    "members": (
        "members.PartyMember",
        "members.Membership",
        "members.MemberEvent",
        "members.Exemption",
        "members.Position",
        "members.MemberRating",
        "members.OrganizationRating",
        "members.Badge",
        "members.Candidate",
    ),
    "discipline": ("members.Discipline",),
    "oversight": (
        "oversight.Inspection",
        "oversight.InspectionSubject",
        "oversight.Supervision",
        "oversight.SupervisionSubject",
    ),
    "studies": ("studies.StudyTopic", "studies.StudySession", "studies.Attendance"),
    "mobilization": (
        "mobilization.MobilizationModel",
        "mobilization.ModelRenewal",
        "mobilization.ModelRecognition",
    ),
    "results": ("results.Resolution", "results.Target", "results.ManualValue"),
    # Lists every organization shares; only the district administrator changes them.
    "reference": ("organizations.OrganizationKind", "organizations.Commune"),
    "users": ("accounts.User", "accounts.RoleAssignment"),
}

AREA_LABELS = {
    "organizations": _("organization tree"),
    "members": _("party members and party development"),
    "discipline": _("discipline"),
    "oversight": _("inspection and supervision"),
    "studies": _("political study"),
    "mobilization": _("mass mobilization"),
    "results": _("resolutions, targets and typed-in figures"),
    "reference": _("organization kinds and communes"),
    "users": _("users and roles"),
}

# Areas every role may read (users and roles are the administrator's).
READABLE = ("organizations", "members", "discipline", "oversight", "studies",
            "mobilization", "results", "reference")  # fmt: skip
RECORD_AREAS = ("organizations", "members", "discipline", "oversight", "studies",
                "mobilization", "results")  # fmt: skip

APPROVE_YEAR = "closing.approve_year"
REOPEN_YEAR = "closing.reopen_year"
PERSONAL_DATA = "members.view_personal_data"
ALL_CHANGES = "audit.view_all_changes"

SPECIAL_LABELS = {
    APPROVE_YEAR: _("approve a year's results"),
    REOPEN_YEAR: _("reopen an approved year"),
    PERSONAL_DATA: _("see members' personal data"),
    ALL_CHANGES: _("see every change by any user"),
}


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    ORGANIZATION_BOARD = "organization_board", _("Organization board")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")
    PROPAGANDA_BOARD = "propaganda_board", _("Propaganda board")
    MOBILIZATION_BOARD = "mobilization_board", _("Mass mobilization board")
    OFFICE = "office", _("Office")
    LEADER = "leader", _("Leader")
    BASE_CLERK = "base_clerk", _("Base committee clerk")
    VIEWER = "viewer", _("Read-only viewer")


@dataclass(frozen=True)
class Rights:
    """What a role may do wherever it is held."""

    writes: tuple[str, ...] = ()
    special: tuple[str, ...] = ()
    reads: tuple[str, ...] = READABLE
    extra_reads: tuple[str, ...] = field(default=())

    @property
    def readable(self) -> tuple[str, ...]:
        return (*self.reads, *self.extra_reads)


RIGHTS: dict[str, Rights] = {
    Role.DISTRICT_ADMIN: Rights(
        writes=("organizations", "reference", "users"),
        special=(REOPEN_YEAR, ALL_CHANGES),
        extra_reads=("users",),
    ),
    Role.ORGANIZATION_BOARD: Rights(writes=("members",), special=(PERSONAL_DATA,)),
    Role.INSPECTION_COMMISSION: Rights(writes=("oversight", "discipline")),
    Role.PROPAGANDA_BOARD: Rights(writes=("studies",)),
    Role.MOBILIZATION_BOARD: Rights(writes=("mobilization",)),
    Role.OFFICE: Rights(writes=RECORD_AREAS),
    Role.LEADER: Rights(special=(APPROVE_YEAR, PERSONAL_DATA)),
    Role.BASE_CLERK: Rights(writes=RECORD_AREAS),
    Role.VIEWER: Rights(),
}

ROLE_DESCRIPTIONS = {
    Role.DISTRICT_ADMIN: _(
        "Users and roles, the organization tree and its lists, reopening a year, every "
        "change by any user."
    ),
    Role.ORGANIZATION_BOARD: _("Members and party development (Ban Tổ chức)."),
    Role.INSPECTION_COMMISSION: _("Inspections, supervision and discipline (Ủy ban Kiểm tra)."),
    Role.PROPAGANDA_BOARD: _("Political study (Ban Tuyên giáo)."),
    Role.MOBILIZATION_BOARD: _("“Dân vận khéo” models (Ban Dân vận)."),
    Role.OFFICE: _("Every record, read and write (Văn phòng)."),
    Role.LEADER: _("Reads everything and approves the year's results."),
    Role.BASE_CLERK: _("Reads and writes every record of their commune."),
    Role.VIEWER: _("Reads, changes nothing."),
}


def area_of(model) -> str | None:
    """The area a model belongs to, or None for models no role writes."""
    label = model._meta.concrete_model._meta.label
    return next((area for area, labels in AREAS.items() if label in labels), None)


def _model_permissions(area: str, actions) -> set[str]:
    found = set()
    for label in AREAS[area]:
        try:
            model = apps.get_model(label)
        except LookupError:  # an app left out of INSTALLED_APPS
            continue
        meta = model._meta
        found.update(f"{meta.app_label}.{action}_{meta.model_name}" for action in actions)
    return found


def permissions_of(role: str) -> frozenset[str]:
    """The Django permissions a role carries (codenames with their app label)."""
    rights = RIGHTS[role]
    granted = set(rights.special)
    for area in rights.readable:
        granted |= _model_permissions(area, ["view"])
    for area in rights.writes:
        granted |= _model_permissions(area, ["view", "add", "change", "delete"])
    granted.add("closing.view_yearapproval")
    return frozenset(granted)


def roles_with(permission: str) -> list[str]:
    """The roles that carry a permission, in the order of `Role`."""
    return [role for role in Role.values if permission in permissions_of(role)]


def rights_table() -> list[tuple[str, str, str, str]]:
    """(role, writes, may also, description) rows for the README and the admin."""
    rows = []
    for role in Role:
        rights = RIGHTS[role]
        writes = ", ".join(str(AREA_LABELS[area]) for area in rights.writes) or "—"
        special = ", ".join(str(SPECIAL_LABELS[perm]) for perm in rights.special) or "—"
        rows.append((str(role.label), writes, special, str(ROLE_DESCRIPTIONS[role])))
    return rows


def rights_markdown() -> str:
    """The README's table of who may do what, made from RIGHTS so the two cannot drift."""
    lines = [
        "| role | writes | may also | in short |",
        "|---|---|---|---|",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rights_table()]
    return "\n".join(lines)
