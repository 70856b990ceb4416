"""Hand-counted worlds for the indicators.

`members_world` (2023, counted by hand):
- before: An, Bảo, Cao (Vọng Thê 01), Dung (Vọng Thê 02), Em (Óc Eo 01), and Xuân,
  admitted by Vọng Thê 01 on 1/5/2022: 6 members on 31/12/2022 (Vọng Thê 5);
- admitted in 2023: Hà by Vọng Thê 01 (1/3), Khang by Vọng Thê 02 (1/7), who moves to
  Óc Eo 01 on 1/10, and Lan by Óc Eo 01 (11/11): 3 (Vọng Thê 2, Óc Eo 1);
- Cao dies on 1/6/2023: 8 members on 31/12/2023 (Vọng Thê 5: An, Bảo, Dung, Xuân, Hà;
  Óc Eo 3: Em, Khang, Lan);
- member ratings 2023: An well, Bảo excellent, Dung completed, Em not completed, Khang
  well: 3 of 5 well or better (Vọng Thê 2 of 3, Óc Eo 1 of 2);
- organization ratings 2023: Vọng Thê well, its cell 01 excellent, cell 02 completed,
  Óc Eo completed: 2 of 4 (Vọng Thê 2 of 3).
The other apps' hand-counted worlds are reused from their own test folders.
"""

import datetime

import pytest

from apps.members.models import Grade, MemberRating, OrganizationRating
from apps.members.services import record_death, transfer_member
from apps.results.figures import Figures
from apps.results.registry import all_indicators
from tests.factories import UserFactory, member
from tests.mobilization.conftest import build_world as build_mobilization_world
from tests.oversight.conftest import build_world as build_oversight_world
from tests.studies.conftest import build_study, with_giang

D = datetime.date


def values(user, organization, year):
    """{indicator code: value} as the review computes them."""
    figures = Figures(user, organization, year)
    return {item.code: item.compute(figures).value for item in all_indicators()}


def measures(user, organization, year):
    figures = Figures(user, organization, year)
    return {item.code: item.compute(figures) for item in all_indicators()}


@pytest.fixture
def root(db):
    return UserFactory(is_superuser=True)


@pytest.fixture
def members_world(tree, people):
    xuan = member(tree["vong_the_1"], given_name="Xuân", admitted_on="2022-05-01")
    ha = member(tree["vong_the_1"], given_name="Hà", admitted_on="2023-03-01")
    khang = member(tree["vong_the_2"], given_name="Khang", admitted_on="2023-07-01")
    transfer_member(khang, to_cell=tree["oc_eo_1"], on=D(2023, 10, 1))
    lan = member(tree["oc_eo_1"], given_name="Lan", admitted_on="2023-11-11")
    record_death(people["cao"], on=D(2023, 6, 1))
    for person, grade in [
        (people["an"], Grade.GOOD),
        (people["bao"], Grade.EXCELLENT),
        (people["dung"], Grade.COMPLETED),
        (people["em"], Grade.NOT_COMPLETED),
        (khang, Grade.GOOD),
    ]:
        MemberRating.objects.create(member=person, year=2023, grade=grade)
    for organization, grade in [
        (tree["vong_the"], Grade.GOOD),
        (tree["vong_the_1"], Grade.EXCELLENT),
        (tree["vong_the_2"], Grade.COMPLETED),
        (tree["oc_eo"], Grade.COMPLETED),
    ]:
        OrganizationRating.objects.create(organization=organization, year=2023, grade=grade)
    return {**people, "xuan": xuan, "ha": ha, "khang": khang, "lan": lan}


@pytest.fixture
def oversight_world(tree, people):
    return build_oversight_world(tree, people)


@pytest.fixture
def study_world(tree, people):
    return build_study(tree, with_giang(people, tree))


@pytest.fixture
def mobilization_world(tree):
    return build_mobilization_world(tree)
