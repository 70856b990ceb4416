"""Dissolution, merger and split: records outlive the structure."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.organizations import services
from apps.organizations.models import OrganizationSuccession, PartyOrganization
from tests.factories import UserFactory, base_committee, cell

pytestmark = pytest.mark.django_db
JULY_2025 = datetime.date(2025, 7, 1)


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_dissolve_sets_the_date(tree):
    services.dissolve_organization(tree["vong_the_1"], on=JULY_2025, note="Sáp nhập ấp")
    first = PartyOrganization.objects.get(code="TS-VTH-01")
    assert first.dissolved_on == JULY_2025
    assert "Sáp nhập ấp" in first.notes
    assert not first.is_active


def test_dissolve_refuses_while_units_are_active(tree):
    with pytest.raises(ValidationError, match="Chi bộ Ấp Tây Bình"):
        services.dissolve_organization(tree["vong_the"], on=JULY_2025)
    assert PartyOrganization.objects.get(code="TS-VTH").dissolved_on is None


def test_dissolve_twice_is_refused(tree):
    services.dissolve_organization(tree["vong_the_1"], on=JULY_2025)
    with pytest.raises(ValidationError, match="01/07/2025"):
        services.dissolve_organization(tree["vong_the_1"], on=JULY_2025)


def test_merge_dissolves_and_links_each_predecessor(tree):
    successor = cell(tree["vong_the"], code="TS-VTH-03", name="Chi bộ Ấp Tây Trung")
    services.merge_organizations(
        [tree["vong_the_1"], tree["vong_the_2"]], successor, on=JULY_2025, decision="12-QĐ/ĐU"
    )
    links = OrganizationSuccession.objects.filter(successor=successor)
    assert codes(PartyOrganization.objects.filter(successor_links__in=links)) == {
        "TS-VTH-01",
        "TS-VTH-02",
    }
    assert {link.kind for link in links} == {"merger"}
    assert {link.decision for link in links} == {"12-QĐ/ĐU"}
    assert not PartyOrganization.objects.active_on(JULY_2025).filter(code="TS-VTH-01").exists()


def test_merge_is_all_or_nothing(tree):
    successor = cell(tree["vong_the"], code="TS-VTH-03")
    with pytest.raises(ValidationError):
        # The second predecessor still has active units: nothing at all may change.
        services.merge_organizations([tree["vong_the_1"], tree["oc_eo"]], successor, on=JULY_2025)
    assert PartyOrganization.objects.get(code="TS-VTH-01").dissolved_on is None
    assert not OrganizationSuccession.objects.exists()


def test_merge_into_own_unit_is_refused(tree):
    with pytest.raises(ValidationError):
        services.merge_organizations([tree["vong_the"]], tree["vong_the_1"], on=JULY_2025)


def test_split_needs_two_successors(tree):
    one = cell(tree["oc_eo"], code="TS-OE-03")
    with pytest.raises(ValidationError):
        services.split_organization(tree["vong_the_1"], [one], on=JULY_2025)


def test_split_links_every_successor(tree):
    a = cell(tree["vong_the"], code="TS-VTH-03")
    b = cell(tree["vong_the"], code="TS-VTH-04")
    services.split_organization(tree["vong_the_1"], [a, b], on=JULY_2025)
    assert codes(
        PartyOrganization.objects.filter(predecessor_links__predecessor=tree["vong_the_1"])
    ) == {"TS-VTH-03", "TS-VTH-04"}


def test_a_successor_rolls_up_its_predecessors(tree):
    """After 1 July 2025 the new commune's figures for 2023 include the old communes'."""
    new_commune = base_committee(tree["district"], code="TS-NEW", name="Đảng bộ xã Óc Eo (mới)")
    for old in ("vong_the", "oc_eo"):
        for child in PartyOrganization.objects.filter(parent=tree[old]):
            services.dissolve_organization(child, on=JULY_2025)
    services.merge_organizations([tree["vong_the"], tree["oc_eo"]], new_commune, on=JULY_2025)

    plain = PartyOrganization.objects.subtree(new_commune)
    assert codes(plain) == {"TS-NEW"}
    rolled_up = PartyOrganization.objects.subtree(new_commune, with_predecessors=True)
    assert codes(rolled_up) == {
        "TS-NEW",
        "TS-VTH",
        "TS-VTH-01",
        "TS-VTH-02",
        "TS-OE",
        "TS-OE-01",
        "TS-OE-02",
    }
    # The 2023 structure stays as it was: the old cells are still under the old communes.
    assert codes(PartyOrganization.objects.subtree(tree["vong_the"])) == {
        "TS-VTH",
        "TS-VTH-01",
        "TS-VTH-02",
    }
    # And the clerk of the new commune sees the records of its predecessors.
    clerk = UserFactory(home_organization=new_commune)
    assert codes(PartyOrganization.objects.visible_to(clerk)) == codes(rolled_up)


def test_lineage_follows_chains_of_successions(tree):
    middle = cell(tree["vong_the"], code="MID")
    last = cell(tree["vong_the"], code="LAST")
    services.merge_organizations([tree["vong_the_1"]], middle, on=datetime.date(2024, 1, 1))
    services.merge_organizations([middle], last, on=JULY_2025)
    assert codes(PartyOrganization.objects.subtree(last, with_predecessors=True)) == {
        "LAST",
        "MID",
        "TS-VTH-01",
    }
