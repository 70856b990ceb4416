"""Indicators: what a yearly result is, how it is judged against a target.

An indicator is a named figure for one year and one organization subtree. It is
declared once, in `apps/results/indicators.py`, with `register(Indicator(...))`; the
review page, the CSV, the command line, the target forms and the written summary all
read this registry, so a new indicator is one declaration and nothing else.

Judging a result against a target (documented in the README, tested at the edges):

- values are compared at the precision they are shown with: counts as whole numbers,
  percentages rounded half up to one decimal (98.96% is shown, and judged, as 99.0%);
- a target "at least T" is **exceeded** when the result is strictly above T, **met**
  when it equals T, **not met** below T; a target "at most T" is exceeded when the
  result is strictly below T, met when equal, not met above;
- a target without a result (no records to compute it from) is not met;
- the percentage of the target is result / target * 100, one decimal; it is empty when
  the target is 0 or there is no result.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("percent")


class Section(models.TextChoices):
    """The parts of a district's yearly report, in the order the report runs."""

    PARTY_BUILDING = "party_building", _("Organization and party members")
    OVERSIGHT = "oversight", _("Inspection and supervision")
    STUDY = "study", _("Political study")
    MOBILIZATION = "mobilization", _("Mass mobilization")
    OTHER = "other", _("Figures reported by other bodies")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Status(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NO_TARGET = "no_target", _("No target")


@dataclass(frozen=True)
class Measure:
    """A computed value and the address of the list that shows the records behind it."""

    value: Decimal | None
    url: str = ""


@dataclass(frozen=True)
class Indicator:
    """One figure of the yearly results.

    `compute(figures)` returns a `Measure` from an `apps.results.figures.Figures`, which
    hands out each app's figures for the year and subtree, computed once per page. A
    `manual` indicator has no records behind it: its value is typed in for each year
    and organization (`ManualValue`), with who typed it, and `compute` reads that.
    """

    code: str
    label: str
    unit: str
    section: str
    description: str
    compute: Callable
    manual: bool = False

    @property
    def unit_label(self):
        return Unit(self.unit).label

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT

    def quantize(self, value):
        """The value as it is shown and judged: whole counts, percentages to 0.1."""
        if value is None:
            return None
        step = Decimal("0.1") if self.is_percent else Decimal("1")
        return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY:
        raise ValueError(f"Indicator {indicator.code} is registered twice.")
    if indicator.compute is None:
        raise ValueError(f"Indicator {indicator.code} has no compute function.")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get_indicator(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators() -> list[Indicator]:
    """Every indicator, in report order: by section, then as declared."""
    sections = list(Section.values)
    return sorted(_REGISTRY.values(), key=lambda item: sections.index(item.section))


def indicator_choices():
    return [(item.code, f"{item.code} — {item.label}") for item in all_indicators()]


def judge(indicator: Indicator, actual, target, direction) -> tuple[str, Decimal | None]:
    """(status, percentage of the target) under the rule in the module docstring."""
    if target is None:
        return Status.NO_TARGET, None
    target = indicator.quantize(target)
    actual = indicator.quantize(actual)
    if actual is None:
        return Status.NOT_MET, None
    percent = None
    if target:
        percent = (actual * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if actual == target:
        return Status.MET, percent
    better = actual > target if direction == Direction.AT_LEAST else actual < target
    return (Status.EXCEEDED if better else Status.NOT_MET), percent
