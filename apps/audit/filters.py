"""Filters of the all-changes page: who, when (from–until, dd/mm/yyyy), what, how."""

import datetime

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet

from .changes import ACTIONS, feed, kind_key, model_for_kind, tracked_models
from .models import Change


def kind_choices():
    return [(kind_key(model), capfirst(model._meta.verbose_name)) for model in tracked_models()]


def start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ChangeFilterSet(FilterSet):
    """Validates the filters; `qs` is the matching history rows of every record model.

    The rows live in one table per model, so the filters are applied to each table and
    the results joined (`changes.feed`), not applied to a single queryset.
    """

    user = django_filters.ModelChoiceFilter(
        label=_("By"), queryset=get_user_model().objects.order_by("username"), method="keep"
    )
    since = django_filters.DateFilter(
        label=_("From"), method="keep", widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        method="keep",
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of record"), choices=kind_choices, empty_label=_("All"), method="keep"
    )
    action = django_filters.ChoiceFilter(
        label=_("Type of change"),
        choices=list(ACTIONS.items()),
        empty_label=_("All"),
        method="keep",
    )

    class Meta:
        model = Change
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        if not hasattr(self, "_feed"):
            data = self.form.cleaned_data if self.is_valid() else {}
            since, until = data.get("since"), data.get("until")
            kind = data.get("kind") or None
            self._feed = feed(
                user=data.get("user"),
                since=start_of(since) if since else None,
                # Until is inclusive: everything before the next day's midnight.
                until=start_of(until + datetime.timedelta(days=1)) if until else None,
                kind=kind if kind and model_for_kind(kind) else None,
                action=data.get("action") or None,
            ).order_by("-history_date", "-history_id")
        return self._feed
