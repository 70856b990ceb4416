"""Filters for the register."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet, RecordFilterSet, YearFilter
from apps.organizations.filters import SubtreeFilter

from .models import (
    Candidate,
    Gender,
    Grade,
    MemberEvent,
    MemberRating,
    Membership,
    MemberStatus,
    OrganizationRating,
    PartyMember,
    Position,
)


class MemberFilterSet(RecordFilterSet):
    ACTIVE = "active"

    GOOD_OR_BETTER = "good_or_better"

    within = SubtreeFilter(path_lookup="cell__path", method="filter_within")
    on = django_filters.DateFilter(
        label=_("Members on"),
        method="filter_on",
        help_text=_("With a date, “Within” means the cell the member was in on that day."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Active (probationary or official)")), *MemberStatus.choices],
        method="filter_status",
        empty_label=_("All"),
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("All")
    )
    admitted_year = YearFilter(
        label=_("Year of admission"), field_name="admitted_on", lookup_expr="year"
    )
    admitted_under = SubtreeFilter(
        label=_("Admitted within"), method="filter_admitted_under", path_lookup="cell__path"
    )
    rated_year = YearFilter(label=_("Rating of the year"), method="filter_rating")
    rating = django_filters.ChoiceFilter(
        label=_("Rating"),
        choices=[(GOOD_OR_BETTER, _("Well completed or better")), *Grade.choices],
        method="filter_rating",
        empty_label=_("All"),
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

    def filter_within(self, queryset, name, value):
        day = self.form.cleaned_data.get("on")
        if not value or day:
            return queryset  # with a date, filter_on applies the subtree on that day
        return queryset.filter(cell__path__startswith=value.path)

    def filter_on(self, queryset, name, value):
        """Members in a cell (of the chosen subtree) on the day, whatever happened after."""
        periods = Membership.objects.on(value).filter(member=OuterRef("pk"))
        within = self.form.cleaned_data.get("within")
        if within:
            periods = periods.filter(organization__path__startswith=within.path)
        return queryset.filter(Exists(periods))

    def filter_admitted_under(self, queryset, name, value):
        """Members admitted by a cell of the subtree (wherever they are now)."""
        admissions = MemberEvent.objects.filter(
            member=OuterRef("pk"),
            kind=MemberEvent.Kind.ADMISSION,
            organization__path__startswith=value.path,
        )
        return queryset.filter(Exists(admissions))

    def filter_rating(self, queryset, name, value):
        """The rating of one year; applied once, with both fields read together."""
        year = self.form.cleaned_data.get("rated_year")
        grade = self.form.cleaned_data.get("rating")
        if name == "rating" and year:
            return queryset  # handled when the year is filtered
        ratings = MemberRating.objects.filter(member=OuterRef("pk"))
        if year:
            ratings = ratings.filter(year=year)
        if grade == self.GOOD_OR_BETTER:
            ratings = ratings.filter(grade__in=[Grade.EXCELLENT, Grade.GOOD])
        elif grade:
            ratings = ratings.filter(grade=grade)
        return queryset.filter(Exists(ratings))

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


class OrganizationRatingFilterSet(FilterSet):
    within = SubtreeFilter(path_lookup="organization__path")
    year = YearFilter(label=_("Year"))
    grade = django_filters.ChoiceFilter(
        label=_("Rating"),
        choices=[(MemberFilterSet.GOOD_OR_BETTER, _("Well completed or better")), *Grade.choices],
        method="filter_grade",
        empty_label=_("All"),
    )

    class Meta:
        model = OrganizationRating
        fields = ["within", "year", "grade"]

    def filter_grade(self, queryset, name, value):
        if value == MemberFilterSet.GOOD_OR_BETTER:
            return queryset.filter(grade__in=[Grade.EXCELLENT, Grade.GOOD])
        return queryset.filter(grade=value)
