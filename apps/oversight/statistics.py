"""Yearly inspection and supervision figures, computed from the subjects, never stored.

For a year and an organization subtree, subjects are grouped by the kind of work
(inspection, supervision) and the performing level (the district committee and its
bodies, base committees and theirs, cells); each figure counts distinct
organizations or members, so a member inspected twice in the year counts once, and
uses the snapshot taken on the event's start date, so a committee member who later
lost the post still counts as one. Every figure carries the query string of the
subject (or event) list that shows the rows behind it.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from apps.core.models import in_years

from .models import InspectionSubject, Level, SupervisionSubject

ORGS = Q(member__isnull=True)
MEMBERS = Q(member__isnull=False)


@dataclass(frozen=True)
class Figure:
    """One column of the table: how to count it and which list rows prove it."""

    key: str
    label: str
    counted: str  # "event" | "organization" | "member"
    condition: Q = field(default_factory=Q)
    params: dict = field(default_factory=dict)  # subject-list filters behind it
    needs_discipline: bool = False


FIGURES = [
    Figure("events", _("Events"), "event"),
    Figure("organizations", _("Organizations"), "organization", ORGS),
    Figure(
        "organization_violations",
        _("Organizations with violations"),
        "organization",
        ORGS,
        {"violation": "true"},
    ),
    Figure(
        "organizations_disciplined",
        _("Organizations disciplined"),
        "organization",
        ORGS,
        {"disciplined": "true"},
        needs_discipline=True,
    ),
    Figure("members", _("Party members"), "member", MEMBERS),
    Figure(
        "district_committee_members",
        _("of whom district committee members"),
        "member",
        Q(committee_level=Level.SUPERIOR),
        {"committee_level": Level.SUPERIOR},
    ),
    Figure(
        "base_committee_members",
        _("of whom base committee members"),
        "member",
        Q(committee_level=Level.BASE),
        {"committee_level": Level.BASE},
    ),
    Figure(
        "key_cadres",
        _("of whom key cadres"),
        "member",
        Q(was_key_cadre=True),
        {"key_cadre": "true"},
    ),
    Figure(
        "member_violations",
        _("Members with violations"),
        "member",
        MEMBERS,
        {"violation": "true"},
    ),
    Figure(
        "members_disciplined",
        _("Members disciplined"),
        "member",
        MEMBERS,
        {"disciplined": "true"},
        needs_discipline=True,
    ),
]

# (subject model, its URL prefix, label) in the order the table shows them.
WORK = [
    (InspectionSubject, "inspection", _("Inspection")),
    (SupervisionSubject, "supervision", _("Supervision")),
]


@dataclass
class Cell:
    key: str
    value: int | None  # None: the figure does not apply (discipline after supervision)
    url: str = ""


@dataclass
class Row:
    work: str
    work_label: str
    level: str
    level_label: str
    cells: list  # one Cell per figure, in the order of FIGURES

    def value(self, key):
        return next(cell.value for cell in self.cells if cell.key == key)

    def url(self, key):
        return next(cell.url for cell in self.cells if cell.key == key)


def _aggregates(subject_model, figures):
    violation = Q(conclusion=subject_model.event_model().violation_conclusion)
    disciplined = Q(discipline__isnull=False) | ~Q(organization_discipline="")
    aggregates = {}
    for figure in figures:
        if figure.needs_discipline and not subject_model.leads_to_discipline:
            continue
        condition = figure.condition
        if figure.params.get("violation"):
            condition &= violation
        if figure.params.get("disciplined"):
            condition &= disciplined
        aggregates[figure.key] = Count(figure.counted, distinct=True, filter=condition or None)
    return aggregates


def _link(prefix, figure, filters, level):
    if figure.counted == "event":
        name, params = f"oversight:{prefix}-list", {**filters, "level": level}
    else:
        subject_type = figure.counted
        name = f"oversight:{prefix}-subject-list"
        params = {**filters, "level": level, "subject_type": subject_type, **figure.params}
        params["once"] = "true"
    return f"{reverse(name)}?{urlencode(params)}"


def oversight_statistics(user, year: int, within=None, keys=None) -> list[Row]:
    """The table for `year` within `within` (or everything the user sees): one query per kind
    of work, one row per performing level, every level shown.

    `keys` keeps only those figures (columns): each distinct count is a sort in the
    database, so a reader that needs a few of them (the yearly results) asks for those.
    """
    return oversight_statistics_by_year(user, [year], within, keys)[year]


def oversight_statistics_by_year(user, years, within=None, keys=None) -> dict[int, list[Row]]:
    """{year: the table of `oversight_statistics`} for several years, still one query per
    kind of work (the yearly results show a year and the one before)."""
    figures = FIGURES if keys is None else [figure for figure in FIGURES if figure.key in keys]
    tables = {year: [] for year in years}
    for subject_model, prefix, label in WORK:
        started = in_years("event__started_on", years)
        subjects = subject_model.objects.visible_to(user).filter(started)
        subjects = subjects.under_regulation_22()
        if within is not None:
            subjects = subjects.filter(organization__path__startswith=within.path)
        by_year_and_level = {
            (values.pop("year"), values.pop("event__performing_level")): values
            for values in subjects.annotate(year=ExtractYear("event__started_on"))
            .values("year", "event__performing_level")
            .order_by()
            .annotate(**_aggregates(subject_model, figures))
        }
        for year in years:
            filters = {"year": year, "regulation_22": "true"}
            if within is not None:
                filters["within"] = within.pk
            for level, level_label in Level.choices:
                counts = by_year_and_level.get((year, level), {})
                cells = []
                for figure in figures:
                    if figure.needs_discipline and not subject_model.leads_to_discipline:
                        cells.append(Cell(figure.key, None))
                        continue
                    value = counts.get(figure.key, 0)
                    url = _link(prefix, figure, filters, level) if value else ""
                    cells.append(Cell(figure.key, value, url))
                tables[year].append(Row(prefix, label, level, level_label, cells))
    return tables


def statistics_csv_rows(rows):
    """Header and rows of the statistics table, as the CSV export writes them."""
    yield [str(_("Work")), str(_("Performing level")), *(str(f.label) for f in FIGURES)]
    for row in rows:
        yield [
            str(row.work_label),
            str(row.level_label),
            *("" if cell.value is None else cell.value for cell in row.cells),
        ]
