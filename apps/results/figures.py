"""The records' figures for one year and one organization subtree, each source once.

Indicators read their numbers from here. A source is a function of `Figures` that
computes a group of related numbers in a few queries (all the oversight figures come
from one statistics table, say); `Figures.get(source)` runs it at most once, so a page
of twenty indicators costs a fixed number of queries whatever the size of the records.
A `batched` source computes several years of the same subtree in one query (the review
shows two years, its chart five).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.http import urlencode

from apps.core.models import in_years, running_on
from apps.members.models import Grade, MemberEvent, MemberRating, Membership, OrganizationRating
from apps.mobilization.statistics import mobilization_statistics
from apps.organizations.models import PartyOrganization
from apps.oversight.models import InspectionSubject
from apps.oversight.statistics import oversight_statistics_by_year
from apps.studies.models import StudySession, TopicKind
from apps.studies.statistics import study_statistics

from .registry import Measure

WELL = [Grade.EXCELLENT, Grade.GOOD]


def list_url(name, **params) -> str:
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{reverse(name)}?{urlencode(params)}"


def share(part, whole) -> Decimal | None:
    """part / whole as a percentage, or None when there is nothing to divide by."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


class Figures:
    """What the indicators of `year` for the subtree of `organization` are computed from.

    Figures of the same subtree for other years are made with `for_year()` and share a
    family: a source that can compute several years at once (`batched`) then does so for
    every year of the family that needs it, in one query instead of one per year. The
    review asks for this year and the year before, the chart for five years.
    """

    def __init__(self, user, organization: PartyOrganization, year: int, *, _family=None):
        if _family is None and not (
            PartyOrganization.objects.visible_to(user).filter(pk=organization.pk).exists()
        ):
            raise PermissionDenied
        self.user = user
        self.organization = organization
        self.year = year
        self._cache = {}
        self._family = {} if _family is None else _family
        self._family[year] = self

    def for_year(self, year: int) -> "Figures":
        """The same subtree's figures for another year; the scope is not checked again."""
        if year not in self._family:
            Figures(self.user, self.organization, year, _family=self._family)
        return self._family[year]

    @property
    def path(self) -> str:
        return self.organization.path

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def get(self, source):
        if source not in self._cache:
            for_years = getattr(source, "for_years", None)
            if for_years is None:
                self._cache[source] = source(self)
            else:
                years = sorted(
                    year for year, member in self._family.items() if source not in member._cache
                )
                for year, value in for_years(self, years).items():
                    self._family[year]._cache[source] = value
        return self._cache[source]


def batched(for_years):
    """A source computed for several years of one subtree in one query.

    `for_years(figures, years)` returns {year: value} for each of `years` (the subtree
    and the user are `figures`'); the source still works for one year alone.
    """

    def source(figures):
        return for_years(figures, [figures.year])[figures.year]

    source.for_years = for_years
    source.__name__ = for_years.__name__
    source.__doc__ = for_years.__doc__
    return source


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


@batched
def admission_figures(figures: Figures, years) -> dict:
    """Members admitted in each year, counted at the cell that admitted them."""
    found = dict(
        MemberEvent.objects.filter(
            in_years("happened_on", years),
            kind=MemberEvent.Kind.ADMISSION,
            organization__path__startswith=figures.path,
        )
        .annotate(year=ExtractYear("happened_on"))
        .order_by()
        .values_list("year")
        .annotate(admitted=Count("member", distinct=True))
    )
    return {year: {"admitted": found.get(year, 0)} for year in years}


@batched
def membership_figures(figures: Figures, years) -> dict:
    """Members active in the subtree on 31/12 of the year before and of the year.

    One count per day: the end of a year is the start of the next, so two years take
    three counts.
    """
    days = sorted({year_end(year - 1) for year in years} | {year_end(year) for year in years})
    counts = (
        Membership.objects.filter(organization__path__startswith=figures.path)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=days[0]), started_on__lte=days[-1])
        .aggregate(
            **{
                day.isoformat(): Count(
                    "member",
                    distinct=True,
                    filter=running_on(day),
                )
                for day in days
            }
        )
    )
    return {
        year: {
            "at_start": counts[year_end(year - 1).isoformat()],
            "at_end": counts[year_end(year).isoformat()],
        }
        for year in years
    }


def member_rating_figures(figures: Figures) -> dict:
    """The year's ratings of the members active in the subtree on 31/12.

    One year at a time on purpose: PostgreSQL then looks up each member's rating by
    (member, year), while the several years in one statement made it read the ratings
    of every year of the whole province.
    """
    in_subtree_at_end = Membership.objects.on(figures.year_end).filter(
        organization__path__startswith=figures.path
    )
    return MemberRating.objects.filter(
        year=figures.year, member__in=in_subtree_at_end.values("member")
    ).aggregate(rated=Count("grade"), well=Count("grade", filter=Q(grade__in=WELL)))


@batched
def organization_rating_figures(figures: Figures, years) -> dict:
    """Each year's ratings of the subtree's organizations."""
    found = {
        row.pop("year"): row
        for row in OrganizationRating.objects.filter(
            year__in=years, organization__path__startswith=figures.path
        )
        .order_by()
        .values("year")
        .annotate(rated=Count("pk"), well=Count("pk", filter=Q(grade__in=WELL)))
    }
    return {year: found.get(year, {"rated": 0, "well": 0}) for year in years}


def _admitted(figures: Figures) -> Measure:
    admitted = figures.get(admission_figures)["admitted"]
    url = list_url(
        "members:list", admitted_year=figures.year, admitted_under=figures.organization.pk
    )
    return Measure(Decimal(admitted), url)


def _admission_rate(figures: Figures) -> Measure:
    admitted = _admitted(figures)
    at_start = figures.get(membership_figures)["at_start"]
    return Measure(share(admitted.value, at_start), admitted.url)


def _at_end(figures: Figures) -> Measure:
    at_end = figures.get(membership_figures)["at_end"]
    end = figures.year_end.isoformat()
    url = list_url("members:list", on=end, within=figures.organization.pk)
    return Measure(Decimal(at_end), url)


def _members_rated_well(figures: Figures) -> Measure:
    ratings = figures.get(member_rating_figures)
    url = list_url(
        "members:list",
        on=figures.year_end.isoformat(),
        within=figures.organization.pk,
        rated_year=figures.year,
        rating="good_or_better",
    )
    return Measure(share(ratings["well"], ratings["rated"]), url)


def _organizations_rated_well(figures: Figures) -> Measure:
    ratings = figures.get(organization_rating_figures)
    url = list_url(
        "members:organization-rating-list",
        year=figures.year,
        within=figures.organization.pk,
        grade="good_or_better",
    )
    return Measure(share(ratings["well"], ratings["rated"]), url)


# Each member figure reads only the sources it needs: the five-year chart of one
# indicator then costs one or two queries a year, not the whole group's.
MEMBER_MEASURES = {
    "admitted": _admitted,
    "admission_rate": _admission_rate,
    "at_end": _at_end,
    "members_rated_well": _members_rated_well,
    "organizations_rated_well": _organizations_rated_well,
}


def member_figures(figures: Figures) -> dict:
    """Admissions, members at both ends of the year, and the quality ratings."""
    return {key: measure(figures) for key, measure in MEMBER_MEASURES.items()}


# The oversight statistics' figures that indicators read (each costs a sort).
OVERSIGHT_KEYS = [
    "organizations",
    "members",
    "base_committee_members",
    "key_cadres",
    "organization_violations",
    "member_violations",
]


@batched
def oversight_figures(figures: Figures, years) -> dict:
    """The Quy định 22 statistics table, keyed by (work, performing level, figure)."""
    by_year = oversight_statistics_by_year(
        figures.user, years, figures.organization, keys=OVERSIGHT_KEYS
    )
    tables = {}
    for year, rows in by_year.items():
        table = tables[year] = {}
        for row in rows:
            for cell in row.cells:
                value = None if cell.value is None else Decimal(cell.value)
                table[(row.work, row.level, cell.key)] = Measure(value, cell.url)
    return tables


@batched
def study_figures(figures: Figures, years) -> dict:
    """Study figures summed by kind of topic, and the organizations inspected on study.

    The same sums as the study statistics' rows (`study_statistics`), added up by kind
    in the database: the per-topic table, its absentees and its topic names are not
    needed here, and at province scale they cost more than everything else.
    """
    within = figures.organization
    sessions = (
        StudySession.objects.visible_to(figures.user)
        .filter(in_years("held_on", years), organizer__path__startswith=figures.path)
        .annotate(year=ExtractYear("held_on"))
    )
    by_year_and_kind = {
        (row.pop("year"), row.pop("topic__kind")): row
        for row in sessions.totals_by("year", "topic__kind")
    }
    inspected_by_year = dict(
        InspectionSubject.objects.visible_to(figures.user)
        .organizations()
        .filter(
            in_years("event__started_on", years),
            event__study_topics__isnull=False,
            organization__path__startswith=figures.path,
        )
        .annotate(year=ExtractYear("event__started_on"))
        .order_by()
        .values_list("year")
        .annotate(count=Count("organization", distinct=True))
    )
    tables = {}
    for year in years:
        table = tables[year] = {}
        for kind in TopicKind.values:
            totals = by_year_and_kind.get((year, kind), {})
            url = list_url("studies:session-list", year=year, kind=kind, within=within.pk)
            for key in ("sessions", "attendee_visits", "member_visits"):
                table[(kind, key)] = Measure(Decimal(totals.get(key, 0)), url)
            rate = share(totals.get("member_visits", 0), totals.get("members_expected", 0))
            table[(kind, "rate")] = Measure(rate, url)
        inspected = inspected_by_year.get(year, 0)
        url = list_url("studies:inspected", year=year, within=within.pk) if inspected else ""
        table["inspected"] = Measure(Decimal(inspected), url)
    return tables


def study_topic_figures(figures: Figures) -> dict:
    """The topics studied (or inspected on) in the year, by kind, for the written summary."""
    rows = study_statistics(figures.user, figures.year, figures.organization)
    topics = {}
    for row in rows[:-1]:
        topics.setdefault(row.topic.kind, []).append(row.topic)
    return topics


def mobilization_figures(figures: Figures) -> dict:
    """The total row of the "Dân vận khéo" statistics."""
    total = mobilization_statistics(figures.user, figures.year, figures.organization)[-1]
    return {cell.key: Measure(Decimal(cell.value), cell.url) for cell in total.cells}


def manual_figures(figures: Figures) -> dict:
    """The figures typed in for exactly this organization and year."""
    from .models import ManualValue

    values = ManualValue.objects.filter(organization=figures.organization, year=figures.year)
    return {
        value.indicator_code: Measure(value.value, reverse("results:value-update", args=[value.pk]))
        for value in values
    }
