"""The registered indicators: one declaration each.

To add an indicator, declare it here with `register(Indicator(...))`: a code (the
app, a dot, the figure), an English label (translated like every string), the unit,
the section of the report it belongs to, a description of how it is computed, and
either `compute` (a function of `Figures` returning a `Measure`, usually one value of a
source in `figures.py`) or `manual=True` for a figure typed in each year. Nothing else
needs to change: the review page, the CSV, `yearly_results`, the target form and the
summary pick it up.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from apps.oversight.models import Level
from apps.studies.models import TopicKind

from .figures import (
    MEMBER_MEASURES,
    Figures,
    list_url,
    manual_figures,
    mobilization_figures,
    oversight_figures,
    study_figures,
)
from .registry import Indicator, Measure, Section, Unit, register


def _member(key):
    return MEMBER_MEASURES[key]


def _oversight(work, level, key):
    return lambda figures: figures.get(oversight_figures)[(work, level, key)]


def _study(kind, key):
    return lambda figures: figures.get(study_figures)[(kind, key)]


def _mobilization(key):
    return lambda figures: figures.get(mobilization_figures)[key]


def _manual(code):
    def compute(figures):
        return figures.get(manual_figures).get(code, Measure(None))

    return compute


def _violations(figures: Figures) -> Measure:
    table = figures.get(oversight_figures)
    total = sum(
        measure.value or 0
        for (work, _level, key), measure in table.items()
        if work == "inspection" and key in ("organization_violations", "member_violations")
    )
    url = list_url(
        "oversight:inspection-subject-list",
        year=figures.year,
        within=figures.organization.pk,
        violation="true",
        regulation_22="true",
    )
    return Measure(Decimal(total), url)


# --- organization and party members ---------------------------------------------------

register(
    Indicator(
        code="members.admitted",
        label=_("New party members admitted"),
        unit=Unit.COUNT,
        section=Section.PARTY_BUILDING,
        description=_(
            "Members whose admission ceremony is dated in the year, counted at the cell "
            "that admitted them."
        ),
        compute=_member("admitted"),
    )
)
register(
    Indicator(
        code="members.admission_rate",
        label=_("Admissions as a share of members at the start of the year"),
        unit=Unit.PERCENT,
        section=Section.PARTY_BUILDING,
        description=_(
            "New members admitted in the year / members active in the subtree on 31/12 of "
            "the year before."
        ),
        compute=_member("admission_rate"),
    )
)
register(
    Indicator(
        code="members.at_year_end",
        label=_("Party members at the end of the year"),
        unit=Unit.COUNT,
        section=Section.PARTY_BUILDING,
        description=_("Members whose membership in a cell of the subtree runs on 31/12."),
        compute=_member("at_end"),
    )
)
register(
    Indicator(
        code="members.rated_well",
        label=_("Members rated 'well completed' or better"),
        unit=Unit.PERCENT,
        section=Section.PARTY_BUILDING,
        description=_(
            "Members rated 'excellently' or 'well completed' for the year / members rated, "
            "counted at their cell on 31/12."
        ),
        compute=_member("members_rated_well"),
    )
)
register(
    Indicator(
        code="organizations.rated_well",
        label=_("Organizations rated 'well completed' or better"),
        unit=Unit.PERCENT,
        section=Section.PARTY_BUILDING,
        description=_(
            "Organizations of the subtree rated 'excellently' or 'well completed' for the "
            "year / organizations rated."
        ),
        compute=_member("organizations_rated_well"),
    )
)

# --- inspection and supervision (Quy định 22) -----------------------------------------

_OVERSIGHT = [
    # (code, work, level, figure, label)
    (
        "oversight.district_orgs_inspected",
        "inspection",
        Level.SUPERIOR,
        "organizations",
        _("Organizations inspected by the district committee"),
    ),
    (
        "oversight.district_key_cadres_inspected",
        "inspection",
        Level.SUPERIOR,
        "key_cadres",
        _("Key cadres inspected by the district committee"),
    ),
    (
        "oversight.district_orgs_supervised",
        "supervision",
        Level.SUPERIOR,
        "organizations",
        _("Organizations supervised by the district committee"),
    ),
    (
        "oversight.district_members_supervised",
        "supervision",
        Level.SUPERIOR,
        "members",
        _("Cadres and members supervised by the district committee"),
    ),
    (
        "oversight.base_orgs_inspected",
        "inspection",
        Level.BASE,
        "organizations",
        _("Cells inspected by base committees"),
    ),
    (
        "oversight.base_members_inspected",
        "inspection",
        Level.BASE,
        "members",
        _("Members inspected by base committees"),
    ),
    (
        "oversight.base_committee_members_inspected",
        "inspection",
        Level.BASE,
        "base_committee_members",
        _("of whom base committee members"),
    ),
    (
        "oversight.base_orgs_supervised",
        "supervision",
        Level.BASE,
        "organizations",
        _("Cells supervised by base committees"),
    ),
    (
        "oversight.base_members_supervised",
        "supervision",
        Level.BASE,
        "members",
        _("Members supervised by base committees"),
    ),
    (
        "oversight.base_committee_members_supervised",
        "supervision",
        Level.BASE,
        "base_committee_members",
        _("of whom base committee members (supervised)"),
    ),
]
for code, work, level, key, label in _OVERSIGHT:
    register(
        Indicator(
            code=code,
            label=label,
            unit=Unit.COUNT,
            section=Section.OVERSIGHT,
            description=_(
                "Distinct organizations or members of the subtree that were subjects of the "
                "year's events of this kind and performing level (Quy định 22; checks by a "
                "committee's boards are left out)."
            ),
            compute=_oversight(work, level, key),
        )
    )
register(
    Indicator(
        code="oversight.violations",
        label=_("Organizations and members found in violation"),
        unit=Unit.COUNT,
        section=Section.OVERSIGHT,
        description=_(
            "Distinct organizations plus distinct members of the subtree whose inspection in "
            "the year concluded with a violation, at every performing level."
        ),
        compute=_violations,
    )
)

# --- political study ------------------------------------------------------------------

_STUDY = [
    # (code, topic kind, figure, unit, label)
    (
        "studies.yearly_topic_sessions",
        TopicKind.YEARLY_TOPIC,
        "sessions",
        Unit.COUNT,
        _("Sessions deploying the yearly topic"),
    ),
    (
        "studies.yearly_topic_member_visits",
        TopicKind.YEARLY_TOPIC,
        "member_visits",
        Unit.COUNT,
        _("Member-visits studying the yearly topic"),
    ),
    (
        "studies.yearly_topic_rate",
        TopicKind.YEARLY_TOPIC,
        "rate",
        Unit.PERCENT,
        _("Members who studied the yearly topic"),
    ),
    (
        "studies.work_sessions",
        TopicKind.WORK,
        "sessions",
        Unit.COUNT,
        _("Political study sessions on works and books"),
    ),
    (
        "studies.work_attendee_visits",
        TopicKind.WORK,
        "attendee_visits",
        Unit.COUNT,
        _("Attendee-visits at sessions on works and books"),
    ),
    (
        "studies.resolution_sessions",
        TopicKind.CENTRAL_RESOLUTION,
        "sessions",
        Unit.COUNT,
        _("Sessions studying Central Committee resolutions"),
    ),
    (
        "studies.resolution_attendee_visits",
        TopicKind.CENTRAL_RESOLUTION,
        "attendee_visits",
        Unit.COUNT,
        _("Attendee-visits studying Central Committee resolutions"),
    ),
]
for code, kind, key, unit, label in _STUDY:
    register(
        Indicator(
            code=code,
            label=label,
            unit=unit,
            section=Section.STUDY,
            description=_(
                "Summed over the year's sessions on topics of this kind organized in the "
                "subtree; the rate is member-visits / members expected."
            ),
            compute=_study(kind, key),
        )
    )
register(
    Indicator(
        code="studies.orgs_inspected",
        label=_("Organizations inspected on how they studied"),
        unit=Unit.COUNT,
        section=Section.STUDY,
        description=_(
            "Distinct organizations of the subtree subject to an inspection in the year that "
            "is linked to a study topic."
        ),
        compute=lambda figures: figures.get(study_figures)["inspected"],
    )
)

# --- mass mobilization ----------------------------------------------------------------

for code, key, label in [
    ("mobilization.models_renewed", "renewed", _("“Dân vận khéo” models renewed and improved")),
    ("mobilization.models_active", "active", _("“Dân vận khéo” models active")),
    ("mobilization.models_registered", "registered", _("“Dân vận khéo” models registered")),
    ("mobilization.models_recognised", "recognised", _("“Dân vận khéo” models awarded")),
]:
    register(
        Indicator(
            code=code,
            label=label,
            unit=Unit.COUNT,
            section=Section.MOBILIZATION,
            description=_("Models recorded under organizations of the subtree, for the year."),
            compute=_mobilization(key),
        )
    )

# --- typed in by hand -----------------------------------------------------------------

for code, label in [
    ("front.welfare_works", _("Social welfare works mobilized by the Fatherland Front")),
    ("front.great_unity_houses", _("“Great unity” houses built or repaired")),
]:
    register(
        Indicator(
            code=code,
            label=label,
            unit=Unit.COUNT,
            section=Section.OTHER,
            description=_("Reported by the Fatherland Front; entered by hand for each year."),
            compute=_manual(code),
            manual=True,
        )
    )
