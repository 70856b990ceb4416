"""Each indicator against the hand-counted worlds (see conftest.py and the apps' own)."""

import datetime
from decimal import Decimal

import pytest

from apps.oversight.models import PerformingBody
from apps.results.models import ManualValue
from tests.oversight.conftest import inspection, subject

from .conftest import measures, values

pytestmark = pytest.mark.django_db
D = datetime.date


def percent(value):
    return Decimal(value)


def test_member_indicators(root, tree, members_world):
    district = values(root, tree["district"], 2023)
    assert district["members.admitted"] == 3
    assert district["members.at_year_end"] == 8
    assert district["members.admission_rate"] == pytest.approx(Decimal(50))  # 3 of 6
    assert district["members.rated_well"] == pytest.approx(Decimal(60))  # 3 of 5
    assert district["organizations.rated_well"] == pytest.approx(Decimal(50))  # 2 of 4

    vong_the = values(root, tree["vong_the"], 2023)
    # Khang counts where he was admitted, though he is in Óc Eo now.
    assert vong_the["members.admitted"] == 2
    assert vong_the["members.at_year_end"] == 5
    assert vong_the["members.admission_rate"] == pytest.approx(Decimal(40))  # 2 of 5
    assert vong_the["members.rated_well"] == pytest.approx(Decimal(200) / 3)  # 2 of 3
    assert vong_the["organizations.rated_well"] == pytest.approx(Decimal(200) / 3)

    oc_eo = values(root, tree["oc_eo"], 2023)
    assert (oc_eo["members.admitted"], oc_eo["members.at_year_end"]) == (1, 3)
    assert oc_eo["members.rated_well"] == pytest.approx(Decimal(50))

    last_year = values(root, tree["district"], 2022)
    assert (last_year["members.admitted"], last_year["members.at_year_end"]) == (1, 6)
    assert last_year["members.rated_well"] is None  # nobody rated: no share


def test_the_admitted_link_lists_exactly_the_members_counted(
    staff_client, root, tree, members_world
):
    link = measures(root, tree["vong_the"], 2023)["members.admitted"].url
    page = staff_client.get(link)
    assert page.status_code == 200
    names = {row.given_name for row in page.context["table"].data}
    assert names == {"Hà", "Khang"}


def test_the_rating_and_year_end_links(staff_client, root, tree, members_world):
    found = measures(root, tree["vong_the"], 2023)
    at_end = {
        row.given_name
        for row in staff_client.get(found["members.at_year_end"].url).context["table"].data
    }
    assert at_end == {"An", "Bảo", "Dung", "Xuân", "Hà"}
    rated = {
        row.given_name
        for row in staff_client.get(found["members.rated_well"].url).context["table"].data
    }
    assert rated == {"An", "Bảo"}
    organizations = staff_client.get(found["organizations.rated_well"].url).context["table"].data
    assert {row.organization.code for row in organizations} == {"TS-VTH", "TS-VTH-01"}


def test_oversight_indicators(root, tree, oversight_world):
    district = values(root, tree["district"], 2023)
    assert district["oversight.district_orgs_inspected"] == 2
    assert district["oversight.district_key_cadres_inspected"] == 1
    assert district["oversight.district_orgs_supervised"] == 0
    assert district["oversight.base_orgs_inspected"] == 2
    assert district["oversight.base_members_inspected"] == 3
    assert district["oversight.base_committee_members_inspected"] == 1
    assert district["oversight.base_orgs_supervised"] == 1
    assert district["oversight.base_members_supervised"] == 1
    assert district["oversight.base_committee_members_supervised"] == 0
    assert district["oversight.violations"] == 1  # An
    oc_eo = values(root, tree["oc_eo"], 2023)
    assert oc_eo["oversight.district_orgs_inspected"] == 1
    assert oc_eo["oversight.violations"] == 0
    assert values(root, tree["district"], 2022)["oversight.base_members_inspected"] == 1


def test_study_indicators(root, tree, study_world):
    district = values(root, tree["district"], 2023)
    assert district["studies.yearly_topic_sessions"] == 2
    assert district["studies.yearly_topic_member_visits"] == 4
    assert district["studies.yearly_topic_rate"] == pytest.approx(Decimal(400) / 6)  # 4 of 6
    assert district["studies.work_sessions"] == 1
    assert district["studies.work_attendee_visits"] == 10
    assert district["studies.resolution_sessions"] == 0
    assert district["studies.orgs_inspected"] == 0
    vong_the = values(root, tree["vong_the"], 2023)
    assert vong_the["studies.yearly_topic_rate"] == pytest.approx(Decimal(75))  # 3 of 4
    assert vong_the["studies.work_sessions"] == 0
    # 2022: Vọng Thê studied the book.
    assert values(root, tree["district"], 2022)["studies.work_attendee_visits"] == 6


def test_organizations_inspected_on_study(root, tree, study_world):
    check = inspection(
        tree["district"], D(2023, 10, 2), body=PerformingBody.BOARD, content="Kiểm tra học tập"
    )
    subject(check, organization=tree["vong_the"])
    subject(check, organization=tree["oc_eo"])
    study_world["yearly"].inspections.add(check)
    found = measures(root, tree["district"], 2023)
    assert found["studies.orgs_inspected"].value == 2
    # A board's check is not a Quy định 22 inspection.
    assert found["oversight.district_orgs_inspected"].value == 0
    assert values(root, tree["vong_the"], 2023)["studies.orgs_inspected"] == 1


def test_mobilization_indicators(root, tree, mobilization_world):
    district = values(root, tree["district"], 2023)
    assert district["mobilization.models_renewed"] == 4
    assert district["mobilization.models_active"] == 5
    assert district["mobilization.models_registered"] == 1
    assert district["mobilization.models_recognised"] == 2
    vong_the = values(root, tree["vong_the"], 2023)
    assert (vong_the["mobilization.models_active"], vong_the["mobilization.models_renewed"]) == (
        3,
        2,
    )


def test_manual_indicators_read_the_value_of_that_organization_and_year(root, tree):
    ManualValue.objects.create(
        indicator_code="front.welfare_works", organization=tree["district"], year=2023, value=26
    )
    assert values(root, tree["district"], 2023)["front.welfare_works"] == 26
    # Not summed from elsewhere: another year or organization has no value.
    assert values(root, tree["district"], 2022)["front.welfare_works"] is None
    assert values(root, tree["vong_the"], 2023)["front.welfare_works"] is None


def test_an_empty_year_gives_zeros_and_no_shares(root, tree):
    found = values(root, tree["district"], 2023)
    assert found["members.admitted"] == 0
    assert found["mobilization.models_renewed"] == 0
    assert found["studies.yearly_topic_rate"] is None
    assert found["members.admission_rate"] is None


def test_figures_refuse_an_organization_out_of_scope(vong_the_clerk, tree):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        values(vong_the_clerk, tree["oc_eo"], 2023)
