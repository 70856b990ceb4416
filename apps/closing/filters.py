"""Filters of the approval list: the year above all."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet, YearFilter
from apps.organizations.filters import SubtreeFilter

from .models import YearApproval


class ApprovalFilterSet(FilterSet):
    STATUS_CHOICES = [("current", _("Approved, read-only")), ("reopened", _("Reopened"))]

    year = YearFilter(label=_("Year"))
    within = SubtreeFilter(path_lookup="organization__path")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=_("All"), method="filter_status"
    )

    class Meta:
        model = YearApproval
        fields = []

    def filter_status(self, queryset, name, value):
        if value == "current":
            return queryset.filter(reopened_at__isnull=True)
        if value == "reopened":
            return queryset.filter(reopened_at__isnull=False)
        return queryset
