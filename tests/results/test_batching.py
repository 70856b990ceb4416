"""Figures of several years computed together equal each year computed alone.

The review asks for a year and the year before, its chart for five years: the sources
that can (`figures.batched`) compute every year of the family in one query. These tests
compare that with fresh one-year `Figures` on each hand-counted world, and check that
the chart's years cost a fixed number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.results.figures import Figures
from apps.results.registry import all_indicators, get_indicator
from apps.results.review import indicator_history, yearly_review

pytestmark = pytest.mark.django_db

YEARS = [2021, 2022, 2023]


def alone(user, organization, year):
    figures = Figures(user, organization, year)
    return {item.code: item.compute(figures) for item in all_indicators()}


def together(user, organization, years):
    first = Figures(user, organization, years[0])
    family = [first.for_year(year) for year in years]
    return {
        figures.year: {item.code: item.compute(figures) for item in all_indicators()}
        for figures in family
    }


@pytest.mark.parametrize(
    "world", ["members_world", "oversight_world", "study_world", "mobilization_world"]
)
@pytest.mark.parametrize("key", ["district", "vong_the"])
def test_a_family_of_years_gives_each_year_its_own_figures(request, root, tree, world, key):
    request.getfixturevalue(world)
    batched = together(root, tree[key], YEARS)
    for year in YEARS:
        assert batched[year] == alone(root, tree[key], year), year
    assert any(measure.value for measure in batched[2023].values())


def test_the_review_and_its_chart_share_the_figures(root, tree, members_world):
    review = yearly_review(root, tree["district"], 2023)
    indicator = get_indicator("members.admitted")
    years = range(2019, 2024)
    with CaptureQueriesContext(connection) as reused:
        history = indicator_history(
            root,
            tree["district"],
            indicator,
            years,
            known=[review.figures, review.previous_figures],
        )
    with CaptureQueriesContext(connection) as fresh:
        expected = indicator_history(root, tree["district"], indicator, years)
    assert [result.value for result in history] == [result.value for result in expected]
    assert [result.value for result in history][-2:] == [1, 3]  # Xuân in 2022; 2023's three
    # The resolutions (none: so no targets) and the three missing years' admissions in
    # one query; alone, the scope check and the five years' admissions in one query.
    assert len(reused) == 2
    assert len(fresh) == 3
