"""Yearly figures by field against the hand-counted models in conftest.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.mobilization.statistics import (
    latest_year,
    mobilization_statistics,
    statistics_csv_rows,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KEYS = ["active", "individuals", "registered", "renewed", "recognised"]
ZERO = [0, 0, 0, 0, 0]


def figures(user, year, within=None):
    return {
        row.field or "total": [cell.value for cell in row.cells]
        for row in mobilization_statistics(user, year, within)
    }


@pytest.fixture
def root(db):
    return UserFactory(is_superuser=True)


def test_2023_by_field(world, root, tree):
    assert figures(root, 2023, tree["district"]) == {
        "economy": [1, 0, 0, 1, 1],  # eels: recognised twice, one model
        "culture_society": [1, 1, 1, 0, 0],  # dung; flowers stopped in 2022
        "defence_security": [1, 0, 0, 1, 0],  # security
        "political_system": [2, 1, 0, 2, 1],  # dialogue and tam (an individual)
        "total": [5, 2, 1, 4, 2],
    }


def test_2022_counts_the_model_discontinued_that_year(world, root):
    assert figures(root, 2022) == {
        "economy": [1, 0, 0, 1, 0],
        "culture_society": [1, 0, 0, 1, 0],  # flowers, in its last year
        "defence_security": [1, 0, 0, 1, 1],
        "political_system": [2, 1, 1, 0, 0],
        "total": [5, 1, 1, 3, 1],
    }


def test_a_subtree_and_a_clerk_see_their_own(world, root, tree, vong_the_clerk):
    vong_the = {
        "economy": [1, 0, 0, 1, 1],
        "culture_society": [1, 1, 1, 0, 0],
        "defence_security": [1, 0, 0, 1, 0],
        "political_system": ZERO,
        "total": [3, 1, 1, 2, 1],
    }
    assert figures(root, 2023, tree["vong_the"]) == vong_the
    assert figures(vong_the_clerk, 2023) == vong_the
    assert figures(vong_the_clerk, 2023, tree["vong_the_1"])["total"] == [1, 0, 0, 1, 1]
    assert figures(root, 2023, tree["oc_eo"])["total"] == [1, 0, 0, 1, 1]


def test_every_field_is_shown_even_without_models(root, tree):
    table = figures(root, 2023)
    assert list(table) == [
        "economy", "culture_society", "defence_security", "political_system", "total"
    ]  # fmt: skip
    assert all(values == ZERO for values in table.values())
    assert latest_year(root) >= 2024  # no records: this year


def test_one_query_for_the_whole_table(world, root, tree):
    with CaptureQueriesContext(connection) as captured:
        mobilization_statistics(root, 2023, tree["district"])
    assert len(captured) == 1


def test_latest_year_with_records(world, root, vong_the_clerk, tree):
    assert latest_year(root) == 2023
    world["tam"].renewals.create(year=2024)
    assert latest_year(root) == 2024
    assert latest_year(vong_the_clerk) == 2023


def test_csv_rows_follow_the_table(world, root):
    rows = list(statistics_csv_rows(mobilization_statistics(root, 2023)))
    assert len(rows) == 1 + 5
    assert len(rows[0]) == 1 + len(KEYS)
    assert rows[-1][1:] == [5, 2, 1, 4, 2]
    assert rows[4][1:] == [2, 1, 0, 2, 1]
