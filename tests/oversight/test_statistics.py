"""Yearly figures against the hand-counted year in conftest.py."""

import pytest

from apps.oversight.statistics import oversight_statistics, statistics_csv_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ZERO = {
    "events": 0, "organizations": 0, "organization_violations": 0,
    "organizations_disciplined": 0, "members": 0, "district_committee_members": 0,
    "base_committee_members": 0, "key_cadres": 0, "member_violations": 0,
    "members_disciplined": 0,
}  # fmt: skip


def figures(user, year, within=None):
    return {
        (row.work, row.level): {cell.key: cell.value for cell in row.cells}
        for row in oversight_statistics(user, year, within)
    }


def expected(**counts):
    return {**ZERO, **counts}


def supervision_expected(**counts):
    return {**expected(**counts), "organizations_disciplined": None, "members_disciplined": None}


@pytest.fixture
def root(db):
    return UserFactory(is_superuser=True)


def test_2023_by_performing_level(world, root, tree):
    table = figures(root, 2023, tree["district"])

    assert table[("inspection", "superior")] == expected(
        events=1, organizations=2, members=1, key_cadres=1
    )
    # An and Bảo were inspected twice, cell 01 twice: each counts once. Bảo counts as a
    # base committee member (he was one in May) though he lost the post in June. The
    # dissolved cell still counts for the year it was inspected in.
    assert table[("inspection", "base")] == expected(
        events=2,
        organizations=2,
        members=3,
        base_committee_members=1,
        member_violations=1,
        members_disciplined=1,
    )
    assert table[("supervision", "base")] == supervision_expected(
        events=1, organizations=1, members=1
    )
    for key in [("inspection", "below_base"), ("supervision", "superior")]:
        assert set(table[key].values()) <= {0, None}


def test_other_years_count_apart(world, root, tree):
    table = figures(root, 2022, tree["district"])
    assert table[("inspection", "base")] == expected(events=1, members=1)
    assert table[("supervision", "base")] == supervision_expected()


def test_a_subtree_counts_the_subjects_inside_it(world, root, tree):
    vong_the = figures(root, 2023, tree["vong_the"])
    # The district's inspection reached Vọng Thê's committee and Cao, a member there.
    assert vong_the[("inspection", "superior")] == expected(
        events=1, organizations=1, members=1, key_cadres=1
    )
    assert vong_the[("inspection", "base")]["members"] == 3
    assert vong_the[("supervision", "base")]["members"] == 0

    oc_eo = figures(root, 2023, tree["oc_eo"])
    assert oc_eo[("inspection", "superior")] == expected(events=1, organizations=1)
    assert oc_eo[("supervision", "base")] == supervision_expected(
        events=1, organizations=1, members=1
    )


def test_a_base_clerk_gets_the_figures_of_their_commune(world, vong_the_clerk, root, tree):
    assert figures(vong_the_clerk, 2023) == figures(root, 2023, tree["vong_the"])


def test_a_post_lost_later_does_not_change_the_figures(world, root, tree, people):
    before = figures(root, 2023, tree["district"])
    people["bao"].positions.all().delete()
    people["cao"].positions.all().delete()
    assert figures(root, 2023, tree["district"]) == before


def test_csv_rows_follow_the_table(world, root, tree):
    rows = list(statistics_csv_rows(oversight_statistics(root, 2023, tree["district"])))
    assert len(rows) == 1 + 6
    header, base_inspection = rows[0], rows[2]
    assert len(header) == len(base_inspection) == 12
    assert base_inspection[2:] == [2, 2, 0, 0, 3, 0, 1, 0, 1, 1]
    assert rows[5][2:] == [1, 1, 0, "", 1, 0, 0, 0, 0, ""]
