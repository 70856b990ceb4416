"""The rule that judges a result against its target, at its edges, and the registry."""

from decimal import Decimal

import pytest

from apps.results.registry import (
    Direction,
    Indicator,
    Section,
    Status,
    Unit,
    all_indicators,
    get_indicator,
    judge,
    register,
)

COUNT = Indicator("test.count", "Count", Unit.COUNT, Section.OTHER, "", compute=lambda f: None)
PERCENT = Indicator(
    "test.percent", "Percent", Unit.PERCENT, Section.OTHER, "", compute=lambda f: None
)
D = Decimal


@pytest.mark.parametrize(
    ("actual", "target", "status", "percent"),
    [
        (D(133), D(109), Status.EXCEEDED, D("122.0")),  # the article: "vượt gần 122%"
        (D(110), D(109), Status.EXCEEDED, D("100.9")),  # strictly above: exceeded
        (D(109), D(109), Status.MET, D("100.0")),  # equal: met
        (D(108), D(109), Status.NOT_MET, D("99.1")),  # below: not met
        (D(0), D(0), Status.MET, None),  # a zero target has no percentage
        (D(3), D(0), Status.EXCEEDED, None),
        (None, D(5), Status.NOT_MET, None),  # nothing to count: not met
    ],
)
def test_at_least(actual, target, status, percent):
    assert judge(COUNT, actual, target, Direction.AT_LEAST) == (status, percent)


@pytest.mark.parametrize(
    ("actual", "target", "status"),
    [
        (D(0), D(2), Status.EXCEEDED),  # fewer violations than allowed: better than target
        (D(2), D(2), Status.MET),
        (D(3), D(2), Status.NOT_MET),
    ],
)
def test_at_most(actual, target, status):
    assert judge(COUNT, actual, target, Direction.AT_MOST)[0] == status


def test_percentages_are_judged_as_shown_to_one_decimal():
    # 98.96% is shown as 99.0%, and meets a 99% target; 98.94% is shown 98.9%.
    assert judge(PERCENT, D("98.96"), D(99), Direction.AT_LEAST)[0] == Status.MET
    assert judge(PERCENT, D("98.94"), D(99), Direction.AT_LEAST)[0] == Status.NOT_MET
    assert judge(PERCENT, D("99.05"), D(99), Direction.AT_LEAST)[0] == Status.EXCEEDED


def test_counts_are_judged_as_whole_numbers():
    assert COUNT.quantize(D("108.5")) == D(109)
    assert judge(COUNT, D("108.5"), D(109), Direction.AT_LEAST)[0] == Status.MET


def test_no_target():
    assert judge(COUNT, D(5), None, Direction.AT_LEAST) == (Status.NO_TARGET, None)


def test_a_code_is_registered_once():
    existing = all_indicators()[0]
    with pytest.raises(ValueError, match="registered twice"):
        register(existing)


def test_an_indicator_needs_a_way_to_get_its_value():
    with pytest.raises(ValueError, match="no compute"):
        register(Indicator("test.none", "None", Unit.COUNT, Section.OTHER, "", compute=None))
    assert get_indicator("test.none") is None


def test_every_indicator_is_documented_and_in_report_order():
    indicators = all_indicators()
    assert len({item.code for item in indicators}) == len(indicators)
    sections = [item.section for item in indicators]
    assert sections == sorted(sections, key=list(Section.values).index)
    for item in indicators:
        assert item.code.count(".") == 1
        assert item.label
        assert item.description
        assert item.unit in Unit.values
    # The seed article's figures each have their indicator.
    for code in [
        "members.admitted",
        "studies.yearly_topic_rate",
        "studies.work_attendee_visits",
        "studies.orgs_inspected",
        "oversight.district_orgs_inspected",
        "oversight.base_members_inspected",
        "mobilization.models_renewed",
    ]:
        assert get_indicator(code) is not None
    assert any(item.manual for item in indicators)
