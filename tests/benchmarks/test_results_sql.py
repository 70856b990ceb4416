"""The hand-written SQL of the results benchmark counts exactly what the review counts.

`benchmarks/results_sql.py` is the yardstick the review's speed is judged against; the
comparison is fair only if it computes the same figures. Every hand-counted world of the
results tests is built at once (members, oversight, study, mobilization, a typed-in
figure), plus a committee board's check of a study topic, and each indicator is compared
for the district and a commune, in two years.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from apps.members.models import Grade, MemberRating, OrganizationRating
from apps.members.services import record_death, transfer_member
from apps.oversight.models import PerformingBody
from apps.results.figures import Figures
from apps.results.models import ManualValue
from apps.results.registry import all_indicators
from benchmarks.results_sql import COLUMNS, sql_figures
from tests.factories import UserFactory, member
from tests.mobilization.conftest import build_world as build_mobilization_world
from tests.oversight.conftest import build_world as build_oversight_world
from tests.oversight.conftest import inspection, subject
from tests.studies.conftest import build_study, with_giang

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark's SQL is written for PostgreSQL"
)

D = datetime.date
PRECISION = Decimal("1e-12")


@pytest.fixture
def world(tree, people):
    """All the results tests' worlds in one district, 2022 and 2023."""
    build_mobilization_world(tree)
    build_oversight_world(tree, people)
    study = build_study(tree, with_giang(people, tree))
    # A board's check of how the yearly topic was studied: a study figure, but not a
    # Quy định 22 inspection.
    check = inspection(
        tree["district"], D(2023, 10, 2), body=PerformingBody.BOARD, content="Kiểm tra học tập"
    )
    subject(check, organization=tree["vong_the"])
    subject(check, organization=tree["oc_eo"])
    study["yearly"].inspections.add(check)
    member(tree["vong_the_1"], given_name="Xuân", admitted_on="2022-05-01")
    member(tree["vong_the_1"], given_name="Hà", admitted_on="2023-03-01")
    khang = member(tree["vong_the_2"], given_name="Khang", admitted_on="2023-07-01")
    transfer_member(khang, to_cell=tree["oc_eo_1"], on=D(2023, 10, 1))
    record_death(people["cao"], on=D(2023, 11, 1))
    for person, year, grade in [
        (people["an"], 2023, Grade.GOOD),
        (people["bao"], 2023, Grade.EXCELLENT),
        (people["dung"], 2023, Grade.COMPLETED),
        (people["em"], 2023, Grade.NOT_COMPLETED),
        (people["cao"], 2023, Grade.GOOD),  # dead by 31/12: not counted
        (khang, 2023, Grade.GOOD),
        (people["an"], 2022, Grade.COMPLETED),
        (people["dung"], 2022, Grade.EXCELLENT),
    ]:
        MemberRating.objects.create(member=person, year=year, grade=grade)
    for organization, year, grade in [
        (tree["vong_the"], 2023, Grade.GOOD),
        (tree["vong_the_1"], 2023, Grade.EXCELLENT),
        (tree["vong_the_2"], 2023, Grade.COMPLETED),
        (tree["oc_eo"], 2023, Grade.COMPLETED),
        (tree["vong_the"], 2022, Grade.EXCELLENT),
    ]:
        OrganizationRating.objects.create(organization=organization, year=year, grade=grade)
    for organization, year, value in [
        (tree["district"], 2023, 26),
        (tree["vong_the"], 2022, 3),
    ]:
        ManualValue.objects.create(
            indicator_code="front.welfare_works", organization=organization, year=year, value=value
        )
    return tree


def app_values(user, organization, year) -> dict:
    figures = Figures(user, organization, year)
    return {item.code: item.compute(figures).value for item in all_indicators()}


def exact(value):
    return None if value is None else Decimal(value).quantize(PRECISION)


@pytest.mark.parametrize("key", ["district", "vong_the"])
@pytest.mark.parametrize("year", [2022, 2023])
def test_sql_figures_equal_the_review(world, key, year):
    root = UserFactory(is_superuser=True)
    organization = world[key]
    expected = app_values(root, organization, year)
    found = sql_figures(organization.path, year)

    computed = [item.code for item in all_indicators() if not item.manual]
    assert sorted(COLUMNS) == sorted(computed)  # the SQL covers every computed indicator
    for code in computed:
        assert exact(found[code]) == exact(expected[code]), code
    for item in all_indicators():
        if item.manual:
            assert found.get(item.code) == expected[item.code], item.code


def test_the_world_is_not_empty(world):
    """The comparison above means something only if the figures are not all zero."""
    figures = sql_figures(world["district"].path, 2023)
    nonzero = {code for code, value in figures.items() if value}
    assert len(nonzero) >= 18
    assert figures["members.admitted"] == 2
    assert figures["studies.orgs_inspected"] == 2
    assert figures["oversight.district_orgs_inspected"] == 2  # the board's check left out
    assert figures["front.welfare_works"] == 26
