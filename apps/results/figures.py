"""The records' figures for one year and one organization subtree, each source once.

Indicators read their numbers from here. A source is a function of `Figures` that
computes a group of related numbers in a few queries (all the oversight figures come
from one statistics table, say); `Figures.get(source)` runs it at most once, so a page
of twenty indicators costs a fixed number of queries whatever the size of the records.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from apps.members.models import Grade, MemberEvent, MemberRating, Membership, OrganizationRating
from apps.mobilization.statistics import mobilization_statistics
from apps.organizations.models import PartyOrganization
from apps.oversight.statistics import oversight_statistics
from apps.studies.models import TopicKind
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
    """What the indicators of `year` for the subtree of `organization` are computed from."""

    def __init__(self, user, organization: PartyOrganization, year: int):
        if not PartyOrganization.objects.visible_to(user).filter(pk=organization.pk).exists():
            raise PermissionDenied
        self.user = user
        self.organization = organization
        self.year = year
        self._cache = {}

    @property
    def path(self) -> str:
        return self.organization.path

    @property
    def year_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def get(self, source):
        if source not in self._cache:
            self._cache[source] = source(self)
        return self._cache[source]


# --- sources --------------------------------------------------------------------------


def member_figures(figures: Figures) -> dict:
    """Admissions, members at both ends of the year, and the quality ratings."""
    year, path, within = figures.year, figures.path, figures.organization.pk
    admitted = (
        MemberEvent.objects.filter(
            kind=MemberEvent.Kind.ADMISSION,
            happened_on__year=year,
            organization__path__startswith=path,
        )
        .values("member")
        .distinct()
        .count()
    )
    start = datetime.date(year - 1, 12, 31)
    members_on = (
        Membership.objects.filter(organization__path__startswith=path)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start), started_on__lte=figures.year_end)
        .aggregate(
            at_start=Count(
                "member",
                distinct=True,
                filter=Q(started_on__lte=start)
                & (Q(ended_on__isnull=True) | Q(ended_on__gt=start)),
            ),
            at_end=Count(
                "member",
                distinct=True,
                filter=Q(ended_on__isnull=True) | Q(ended_on__gt=figures.year_end),
            ),
        )
    )
    in_subtree_at_end = Membership.objects.on(figures.year_end).filter(
        organization__path__startswith=path
    )
    member_ratings = MemberRating.objects.filter(
        year=year, member__in=in_subtree_at_end.values("member")
    ).aggregate(rated=Count("pk"), well=Count("pk", filter=Q(grade__in=WELL)))
    organization_ratings = OrganizationRating.objects.filter(
        year=year, organization__path__startswith=path
    ).aggregate(rated=Count("pk"), well=Count("pk", filter=Q(grade__in=WELL)))
    end = figures.year_end.isoformat()
    admitted_url = list_url("members:list", admitted_year=year, admitted_under=within)
    return {
        "admitted": Measure(Decimal(admitted), admitted_url),
        "admission_rate": Measure(share(admitted, members_on["at_start"]), admitted_url),
        "at_end": Measure(
            Decimal(members_on["at_end"]), list_url("members:list", on=end, within=within)
        ),
        "members_rated_well": Measure(
            share(member_ratings["well"], member_ratings["rated"]),
            list_url(
                "members:list", on=end, within=within, rated_year=year, rating="good_or_better"
            ),
        ),
        "organizations_rated_well": Measure(
            share(organization_ratings["well"], organization_ratings["rated"]),
            list_url(
                "members:organization-rating-list",
                year=year,
                within=within,
                grade="good_or_better",
            ),
        ),
    }


def oversight_figures(figures: Figures) -> dict:
    """The Quy định 22 statistics table, keyed by (work, performing level, figure)."""
    rows = oversight_statistics(figures.user, figures.year, figures.organization)
    table = {}
    for row in rows:
        for cell in row.cells:
            value = None if cell.value is None else Decimal(cell.value)
            table[(row.work, row.level, cell.key)] = Measure(value, cell.url)
    return table


def study_figures(figures: Figures) -> dict:
    """Study figures summed by kind of topic, and the organizations inspected on study."""
    rows = study_statistics(figures.user, figures.year, figures.organization)
    by_kind = {}
    for row in rows[:-1]:
        totals = by_kind.setdefault(row.topic.kind, dict.fromkeys(row.values, 0))
        for key in ("sessions", "attendee_visits", "member_visits", "members_expected"):
            totals[key] += row.values[key]
    table = {}
    for kind in TopicKind.values:
        totals = by_kind.get(kind, {})
        url = list_url(
            "studies:session-list", year=figures.year, kind=kind, within=figures.organization.pk
        )
        for key in ("sessions", "attendee_visits", "member_visits"):
            table[(kind, key)] = Measure(Decimal(totals.get(key, 0)), url)
        rate = share(totals.get("member_visits", 0), totals.get("members_expected", 0))
        table[(kind, "rate")] = Measure(rate, url)
    total = rows[-1]
    table["inspected"] = Measure(
        Decimal(total.values["inspected"]), total.urls.get("inspected", "")
    )
    table["topics"] = {}
    for row in rows[:-1]:
        table["topics"].setdefault(row.topic.kind, []).append(row.topic)
    return table


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
