"""The register and its side records as CSV kinds (see apps/exchange).

Rows are restored as they were stored, lifecycle fields included: a member's periods
in cells and timeline move as their own kinds (memberships, member_events).
"""

from apps.exchange.registry import CsvKind, register

from .forms import PERSONAL_FIELDS
from .models import (
    Badge,
    Candidate,
    Discipline,
    Exemption,
    MemberEvent,
    MemberRating,
    Membership,
    OrganizationRating,
    PartyMember,
    Position,
)

register(
    CsvKind(
        "members",
        PartyMember,
        order=200,
        personal=PERSONAL_FIELDS,
        personal_permission="members.view_personal_data",
    )
)
register(CsvKind("memberships", Membership, order=210))
register(CsvKind("member_events", MemberEvent, order=220))
register(CsvKind("exemptions", Exemption, order=230))
register(CsvKind("positions", Position, order=240))
register(CsvKind("member_ratings", MemberRating, order=250))
register(CsvKind("organization_ratings", OrganizationRating, order=260))
register(CsvKind("badges", Badge, order=270))
register(CsvKind("disciplines", Discipline, order=280))
register(CsvKind("candidates", Candidate, order=290))
