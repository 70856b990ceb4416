"""Filters for the register."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import RecordFilterSet
from apps.organizations.filters import SubtreeFilter

from .models import (
    Candidate,
    Gender,
    Grade,
    MemberStatus,
    OrganizationRating,
    PartyMember,
    Position,
)


class MemberFilterSet(RecordFilterSet):
    ACTIVE = "active"

    within = SubtreeFilter(path_lookup="cell__path")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Active (probationary or official)")), *MemberStatus.choices],
        method="filter_status",
        empty_label=_("All"),
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )
    admitted_year = django_filters.NumberFilter(
        label=_("Year of admission"), field_name="admitted_on", lookup_expr="year"
    )
    position = django_filters.ChoiceFilter(
        label=_("Current position"),
        choices=Position.Role.choices,
        method="filter_position",
        empty_label=_("All"),
    )

    class Meta:
        model = PartyMember
        fields = ["q", "within", "status", "gender", "admitted_year", "position"]

    def filter_status(self, queryset, name, value):
        if value == self.ACTIVE:
            return queryset.active()
        return queryset.filter(status=value)

    def filter_position(self, queryset, name, value):
        today = timezone.localdate()
        holds = Position.objects.filter(member=OuterRef("pk"), role=value, started_on__lte=today)
        holds = holds.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        return queryset.filter(Exists(holds))


class CandidateFilterSet(RecordFilterSet):
    within = SubtreeFilter(path_lookup="organization__path")
    waiting = django_filters.BooleanFilter(label=_("Still waiting"), method="filter_waiting")

    class Meta:
        model = Candidate
        fields = ["q", "within", "waiting"]

    def filter_waiting(self, queryset, name, value):
        if value is True:
            return queryset.waiting()
        if value is False:
            return queryset.exclude(pk__in=queryset.waiting().values("pk"))
        return queryset


class OrganizationRatingFilterSet(django_filters.FilterSet):
    within = SubtreeFilter(path_lookup="organization__path")
    year = django_filters.NumberFilter(label=_("Year"))
    grade = django_filters.ChoiceFilter(
        label=_("Rating"), choices=Grade.choices, empty_label=_("All")
    )

    class Meta:
        model = OrganizationRating
        fields = ["within", "year", "grade"]
