"""Filters of the model list; the statistics link to it with these names."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.filters import RecordFilterSet
from apps.organizations.filters import SubtreeFilter

from .models import (
    FIRST_YEAR,
    LAST_YEAR,
    Holder,
    MobilizationModel,
    ModelLevel,
    ModelStatus,
    RunnerKind,
    WorkField,
)


class YearFilter(django_filters.NumberFilter):
    """A year handed to the queryset method named `queryset_method` (active_in …)."""

    field_class = forms.IntegerField

    def __init__(self, *args, queryset_method, **kwargs):
        self.queryset_method = queryset_method
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in (None, ""):
            return queryset
        return getattr(queryset, self.queryset_method)(value)


def _choices(label, choices, **kwargs):
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=_("All"), **kwargs)


class MobilizationModelFilterSet(RecordFilterSet):
    active_in = YearFilter(label=_("Active in year"), queryset_method="active_in")
    renewed_in = YearFilter(label=_("Renewed in year"), queryset_method="renewed_in")
    registered_in = YearFilter(label=_("Registered in year"), queryset_method="registered_in")
    recognised_in = YearFilter(label=_("Recognised in year"), queryset_method="recognised_in")
    field = _choices(_("Field"), WorkField.choices)
    runner_kind = _choices(_("Run by"), RunnerKind.choices)
    holder = _choices(_("Model or individual"), Holder.choices)
    level = _choices(_("Level"), ModelLevel.choices)
    status = _choices(_("Status"), ModelStatus.choices)
    within = SubtreeFilter(path_lookup="organization__path")

    class Meta:
        model = MobilizationModel
        fields = []
