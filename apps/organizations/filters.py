"""Filters for organization lists, and the subtree filter every app reuses."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import RecordFilterSet
from apps.core.forms import FastSelect

from .forms import OrganizationChoiceField
from .models import Commune, OrganizationKind, PartyOrganization


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Keep the rows that belong to the chosen organization or anything under it.

    `path_lookup` names the route from the filtered model to an organization path,
    e.g. "path" for organizations and "organization__path" for their records.
    """

    field_class = OrganizationChoiceField

    def __init__(self, *args, path_lookup="path", **kwargs):
        kwargs.setdefault("label", _("Within"))
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("queryset", visible_organizations)
        kwargs.setdefault("method", self.filter_subtree)
        kwargs.setdefault("shortened", True)
        self.path_lookup = path_lookup
        super().__init__(*args, **kwargs)

    def filter_subtree(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.path_lookup}__startswith": value.path})


def visible_organizations(request):
    """The organizations a filter may offer: those the user sees, in tree order."""
    if request is None:
        return PartyOrganization.objects.none()
    return PartyOrganization.objects.visible_to(request.user).order_by("path")


def visible_communes(request):
    """The communes of the organizations the user sees: a commune's clerk gets theirs."""
    if request is None:
        return Commune.objects.none()
    organizations = PartyOrganization.objects.visible_to(request.user)
    return Commune.objects.filter(pk__in=organizations.values("commune"))


class OrganizationFilter(django_filters.ModelChoiceFilter):
    """One organization exactly (not its subtree), from those the user sees."""

    field_class = OrganizationChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible_organizations)
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("shortened", True)
        super().__init__(*args, **kwargs)


class OrganizationFilterSet(RecordFilterSet):
    STATUS_CHOICES = [("active", _("Active")), ("dissolved", _("Dissolved"))]

    within = SubtreeFilter()
    kind = django_filters.ModelChoiceFilter(
        label=_("Kind"), queryset=OrganizationKind.objects.all(), empty_label=_("All")
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune or town"),
        queryset=visible_communes,
        empty_label=_("All"),
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("All")
    )

    class Meta:
        model = PartyOrganization
        fields = ["q", "within", "kind", "commune", "status"]

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.active()
        if value == "dissolved":
            return queryset.dissolved()
        return queryset
