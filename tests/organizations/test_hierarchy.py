"""The rules of the organization tree, checked on the model."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.organizations.models import OrganizationKind, PartyOrganization
from tests.factories import OrganizationFactory, base_committee, cell, district, kind

pytestmark = pytest.mark.django_db


def test_paths_follow_the_tree(tree):
    root, vong_the, first = tree["district"], tree["vong_the"], tree["vong_the_1"]
    assert root.depth == 0
    assert vong_the.path.startswith(root.path)
    assert first.path.startswith(vong_the.path)
    assert first.depth == 2


def test_subtree_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = set(
            PartyOrganization.objects.subtree(tree["vong_the"]).values_list("code", flat=True)
        )
    assert codes == {"TS-VTH", "TS-VTH-01", "TS-VTH-02"}


def test_ancestors_run_from_the_top(tree):
    names = [o.code for o in tree["vong_the_1"].ancestors()]
    assert names == ["TS", "TS-VTH"]


def test_moving_an_organization_moves_its_whole_subtree(tree):
    other_district = district(code="OTHER")
    vong_the = tree["vong_the"]
    vong_the.parent = other_district
    vong_the.save()
    moved = PartyOrganization.objects.get(code="TS-VTH-01")
    assert moved.path.startswith(other_district.path + str(vong_the.pk).zfill(8))
    assert moved.depth == 2
    assert set(
        PartyOrganization.objects.subtree(other_district).values_list("code", flat=True)
    ) == {"OTHER", "TS-VTH", "TS-VTH-01", "TS-VTH-02"}
    assert not PartyOrganization.objects.subtree(tree["district"]).filter(code="TS-VTH-01").exists()


def test_a_cell_cannot_sit_under_the_district(tree):
    wrong = PartyOrganization(
        code="X", name="Chi bộ lạc chỗ", kind=kind("cell"), parent=tree["district"]
    )
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "parent" in error.value.message_dict
    assert "Đảng bộ cơ sở" in " ".join(error.value.message_dict["parent"])


def test_a_base_committee_needs_a_parent():
    orphan = PartyOrganization(code="X", name="Đảng bộ mồ côi", kind=kind("base-committee"))
    with pytest.raises(ValidationError) as error:
        orphan.full_clean()
    assert "parent" in error.value.message_dict


def test_a_subordinate_cell_may_sit_under_a_partial_committee(tree):
    partial = OrganizationFactory(kind=kind("partial-committee"), parent=tree["vong_the"])
    nested = PartyOrganization(code="X", name="Chi bộ", kind=kind("cell"), parent=partial)
    nested.full_clean()  # no error


def test_no_cycles(tree):
    vong_the = PartyOrganization.objects.get(code="TS-VTH")
    vong_the.parent = tree["vong_the_1"]
    with pytest.raises(ValidationError) as error:
        vong_the.full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(ValueError, match="own subtree"):
        vong_the.save()


def test_nothing_new_under_a_dissolved_organization(tree):
    vong_the = tree["vong_the"]
    PartyOrganization.objects.filter(parent=vong_the).update(dissolved_on=datetime.date(2025, 7, 1))
    vong_the.dissolved_on = datetime.date(2025, 7, 1)
    vong_the.save()
    newcomer = PartyOrganization(code="NEW", name="Chi bộ mới", kind=kind("cell"), parent=vong_the)
    with pytest.raises(ValidationError) as error:
        newcomer.full_clean()
    assert "01/07/2025" in " ".join(error.value.message_dict["parent"])


def test_dissolved_organizations_refuse_new_records(tree):
    first = tree["vong_the_1"]
    first.dissolved_on = datetime.date(2025, 7, 1)
    first.save()
    first.ensure_accepts_records_on(datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError, match="01/07/2025"):
        first.ensure_accepts_records_on(datetime.date(2025, 7, 1))


def test_cannot_dissolve_while_units_are_active(tree):
    vong_the = tree["vong_the"]
    vong_the.dissolved_on = datetime.date(2025, 7, 1)
    with pytest.raises(ValidationError) as error:
        vong_the.full_clean()
    assert "Chi bộ Ấp Tây Bình" in " ".join(error.value.message_dict["dissolved_on"])


def test_changing_a_kind_must_still_fit_its_units(tree):
    vong_the = tree["vong_the"]
    vong_the.kind = kind("base-cell")
    with pytest.raises(ValidationError) as error:
        vong_the.full_clean()
    assert "kind" in error.value.message_dict


def test_dissolution_must_come_after_founding():
    org = district(founded_on=datetime.date(2000, 1, 1))
    org.dissolved_on = datetime.date(1999, 1, 1)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "dissolved_on" in error.value.message_dict


def test_a_unit_is_not_founded_before_its_parent():
    root = district(founded_on=datetime.date(2000, 1, 1))
    early = PartyOrganization(
        code="EARLY",
        name="Sớm",
        kind=kind("base-committee"),
        parent=root,
        founded_on=datetime.date(1990, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        early.full_clean()
    assert "founded_on" in error.value.message_dict


def test_kinds_are_data_a_province_can_be_added_on_top(tree):
    province = OrganizationKind.objects.create(
        code="province",
        name="Đảng bộ tỉnh",
        name_en="Provincial party committee",
        level=OrganizationKind.Level.SUPERIOR,
        may_be_root=True,
    )
    kind("district").allowed_parents.add(province)
    an_giang = OrganizationFactory(code="AG", name="Đảng bộ tỉnh An Giang", kind=province)
    root = tree["district"]
    root.parent = an_giang
    root.full_clean()
    root.save()
    assert PartyOrganization.objects.subtree(an_giang).count() == 8


def test_active_on_a_date(tree):
    first = tree["vong_the_1"]
    first.founded_on = datetime.date(2020, 1, 1)
    first.dissolved_on = datetime.date(2025, 7, 1)
    first.save()
    active_2023 = PartyOrganization.objects.active_on(datetime.date(2023, 6, 1))
    active_2026 = PartyOrganization.objects.active_on(datetime.date(2026, 1, 1))
    assert active_2023.filter(pk=first.pk).exists()
    assert not active_2026.filter(pk=first.pk).exists()
    assert (
        not PartyOrganization.objects.active_on(datetime.date(2019, 1, 1))
        .filter(pk=first.pk)
        .exists()
    )


def test_search_is_accent_insensitive(tree):
    found = PartyOrganization.objects.search("vong the")
    assert set(found.values_list("code", flat=True)) == {"TS-VTH"}
    assert PartyOrganization.objects.search("VỌNG THÊ").get().code == "TS-VTH"
    assert PartyOrganization.objects.search("ts-oe-01").get().code == "TS-OE-01"


def test_the_database_refuses_a_dissolution_before_founding():
    from django.db import IntegrityError, transaction

    org = district(founded_on=datetime.date(2000, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyOrganization.objects.filter(pk=org.pk).update(dissolved_on=datetime.date(1990, 1, 1))


def test_base_and_cell_helpers_build_a_valid_tree():
    root = district()
    committee = base_committee(root)
    unit = cell(committee)
    for organization in (root, committee, unit):
        organization.full_clean()
