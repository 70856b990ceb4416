"""A year's “Dân vận khéo” figures by field, computed from the models, never stored.

For a year and an organization subtree: models active, of which exemplary
individuals, newly registered, renewed and improved, and recognised in the year, one
row per field and a total row. One grouped query gives every field's figures (the
total is their sum, since a model has one field), and every figure carries the query
string of the model list that shows exactly the rows behind it. A later "yearly
results" app reuses `mobilization_statistics` for its indicators.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import (
    Holder,
    MobilizationModel,
    WorkField,
    active_in_condition,
    recognised_in_condition,
    registered_in_condition,
    renewed_in_condition,
)


@dataclass(frozen=True)
class Figure:
    """One column: its condition on a model in `year`, and the list filters that match it."""

    key: str
    label: str
    condition: Callable  # year -> Q or boolean expression
    params: Callable  # year -> model-list query parameters


FIGURES = [
    Figure("active", _("Models active"), active_in_condition, lambda y: {"active_in": y}),
    Figure(
        "individuals",
        _("of which exemplary individuals"),
        lambda y: active_in_condition(y) & Q(holder=Holder.INDIVIDUAL),
        lambda y: {"active_in": y, "holder": Holder.INDIVIDUAL},
    ),
    Figure(
        "registered",
        _("Newly registered"),
        registered_in_condition,
        lambda y: {"registered_in": y},
    ),
    Figure(
        "renewed",
        _("Renewed and improved"),
        renewed_in_condition,
        lambda y: {"renewed_in": y},
    ),
    Figure(
        "recognised",
        _("Recognised in the year"),
        recognised_in_condition,
        lambda y: {"recognised_in": y},
    ),
]


@dataclass
class Cell:
    key: str
    value: int
    url: str = ""


@dataclass
class Row:
    field: str  # "" for the total row
    label: str
    cells: list  # one Cell per figure, in the order of FIGURES

    @property
    def is_total(self) -> bool:
        return not self.field

    def value(self, key):
        return next(cell.value for cell in self.cells if cell.key == key)

    def url(self, key):
        return next(cell.url for cell in self.cells if cell.key == key)


def _link(figure, year, field, within) -> str:
    params = figure.params(year)
    if field:
        params["field"] = field
    if within is not None:
        params["within"] = within.pk
    return f"{reverse('mobilization:model-list')}?{urlencode(params)}"


def _row(field, label, counts, year, within) -> Row:
    cells = []
    for figure in FIGURES:
        value = counts.get(figure.key, 0)
        url = _link(figure, year, field, within) if value else ""
        cells.append(Cell(figure.key, value, url))
    return Row(field, label, cells)


def mobilization_statistics(user, year: int, within=None) -> list[Row]:
    """The table for `year` within `within` (or everything `user` sees): one row per
    field, every field shown, then the total; one query."""
    models = MobilizationModel.objects.visible_to(user)
    if within is not None:
        models = models.filter(organization__path__startswith=within.path)
    aggregates = {figure.key: Count("pk", filter=figure.condition(year)) for figure in FIGURES}
    by_field = {
        values.pop("field"): values
        for values in models.order_by().values("field").annotate(**aggregates)
    }
    rows = [
        _row(field, label, by_field.get(field, {}), year, within)
        for field, label in WorkField.choices
    ]
    totals = {
        figure.key: sum(counts.get(figure.key, 0) for counts in by_field.values())
        for figure in FIGURES
    }
    rows.append(_row("", _("Total"), totals, year, within))
    return rows


def latest_year(user, within=None) -> int:
    """The latest year in which a model the user sees (within `within`) was registered or
    renewed, else this year: the year a page opens on."""
    models = MobilizationModel.objects.visible_to(user)
    if within is not None:
        models = models.filter(organization__path__startswith=within.path)
    found = models.aggregate(registered=Max("registered_year"), renewed=Max("renewals__year"))
    years = [year for year in found.values() if year]
    return max(years) if years else timezone.localdate().year


def statistics_csv_rows(rows):
    """Header and rows of the statistics table, as the CSV export writes them."""
    yield [str(_("Field")), *(str(figure.label) for figure in FIGURES)]
    for row in rows:
        yield [str(row.label), *(cell.value for cell in row.cells)]
