"""`manage.py demo` loads the members behind the district's 2023 figures, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.members.demo import ACTIVE_AT_END_OF_REPORT_YEAR, ADMISSIONS
from apps.members.models import (
    Badge,
    Candidate,
    MemberEvent,
    MemberRating,
    Membership,
    OrganizationRating,
    PartyMember,
    Position,
)
from apps.organizations.models import PartyOrganization

pytestmark = pytest.mark.django_db

END_OF_2023 = datetime.date(2023, 12, 31)
MODELS = [
    PartyMember,
    Membership,
    MemberEvent,
    Position,
    MemberRating,
    OrganizationRating,
    Badge,
    Candidate,
]


def run_demo():
    call_command("demo", "--no-migrate", stdout=StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_members_match_the_2023_figures():
    run_demo()
    district = PartyOrganization.objects.get(code="TS")
    members = PartyMember.objects.in_subtree(district)

    assert members.admitted_in(2023).count() == 133 == ADMISSIONS[2023]
    for year in range(2015, 2026):
        assert 80 <= members.admitted_in(year).count() <= 140

    active = Membership.objects.on(END_OF_2023)
    active_members = active.values("member").distinct().count()
    assert active.count() == active_members  # one running period per member
    assert 4400 <= active_members <= 4700
    assert active_members == ACTIVE_AT_END_OF_REPORT_YEAR
    assert 200 <= members.filter(left_on__lt=datetime.date(2023, 1, 1)).count() <= 500

    per_cell = dict(active.values_list("organization").annotate(count=Count("member")))
    cells = PartyOrganization.objects.filter(kind__holds_members=True)
    assert cells.count() == 297
    assert all(per_cell.get(cell_id, 0) >= 3 for cell_id in cells.values_list("pk", flat=True))

    for committee in PartyOrganization.objects.filter(kind__code="base-committee"):
        held = Position.objects.on(END_OF_2023).filter(organization=committee)
        assert held.filter(role=Position.Role.SECRETARY).count() == 1, committee.code
    assert Position.objects.filter(ended_on__isnull=False).exists()

    cards = list(members.exclude(card_number="").values_list("card_number", flat=True))
    assert len(cards) == len(set(cards))
    assert all(len(card) == 8 and card.isdigit() for card in cards)
    assert any(card.startswith("0") for card in cards)
    assert not members.filter(status="probationary").exclude(card_number="").exists()

    rated = set(MemberRating.objects.filter(year=2023).values_list("member", flat=True))
    assert set(active.values_list("member", flat=True)) <= rated
    assert OrganizationRating.objects.filter(year=2023).count() == 62


def test_a_second_run_changes_no_counts():
    run_demo()
    before = counts()
    assert before["PartyMember"] > ACTIVE_AT_END_OF_REPORT_YEAR
    run_demo()
    assert counts() == before
