"""Filters of the resolution and typed-in figure lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet, YearFilter
from apps.organizations.filters import SubtreeFilter

from .models import ManualValue, Resolution, ResolutionKind


class ResolutionFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ResolutionKind.choices, empty_label=_("All")
    )
    year = YearFilter(label=_("Year"), method="filter_year")
    within = SubtreeFilter(path_lookup="organization__path")

    class Meta:
        model = Resolution
        fields = []

    def filter_year(self, queryset, name, value):
        return queryset.filter(first_year__lte=value, last_year__gte=value)


class ManualValueFilterSet(FilterSet):
    year = YearFilter(label=_("Year"))
    within = SubtreeFilter(path_lookup="organization__path")

    class Meta:
        model = ManualValue
        fields = []
