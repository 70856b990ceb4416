"""Filters for the event and subject lists; statistics link to them with these names."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet, IdFilter, RecordFilterSet, YearFilter
from apps.core.text import search_terms
from apps.organizations.filters import OrganizationFilter, SubtreeFilter

from .models import Level, PerformingBody


class SubjectType:
    ORGANIZATION = "organization"
    MEMBER = "member"
    CHOICES = [(ORGANIZATION, _("Organizations")), (MEMBER, _("Party members"))]


def _member_search(queryset, value, prefix=""):
    for term in search_terms(value or ""):
        queryset = queryset.filter(**{f"{prefix}member__search_text__contains": term})
    return queryset


class EventFilterSet(RecordFilterSet):
    year = YearFilter(label=_("Year"), field_name="started_on", lookup_expr="year")
    within = SubtreeFilter(label=_("Subjects within"), method="filter_within")
    performer = OrganizationFilter(label=_("Performing organization"))
    body = django_filters.ChoiceFilter(
        label=_("Performing body"), choices=PerformingBody.choices, empty_label=_("All")
    )
    level = django_filters.ChoiceFilter(
        label=_("Performing level"),
        field_name="performing_level",
        choices=Level.choices,
        empty_label=_("All"),
    )
    regulation_22 = django_filters.BooleanFilter(
        label=_("Counted under Quy định 22"), method="filter_regulation_22"
    )
    subject_organization = OrganizationFilter(
        label=_("Organization inspected or supervised"), method="filter_subject_organization"
    )
    subject_member = django_filters.CharFilter(
        label=_("Member inspected or supervised"), method="filter_subject_member"
    )

    def filter_regulation_22(self, queryset, name, value):
        board = queryset.filter(body=PerformingBody.BOARD)
        return queryset.exclude(pk__in=board.values("pk")) if value else board

    def subjects(self, queryset):
        return queryset.model.subject_model().objects.filter(event=OuterRef("pk"))

    def filter_within(self, queryset, name, value):
        if not value:
            return queryset
        subjects = self.subjects(queryset).filter(organization__path__startswith=value.path)
        return queryset.filter(Exists(subjects))

    def filter_subject_organization(self, queryset, name, value):
        subjects = self.subjects(queryset).filter(organization=value, member__isnull=True)
        return queryset.filter(Exists(subjects))

    def filter_subject_member(self, queryset, name, value):
        if not search_terms(value or ""):
            return queryset
        return queryset.filter(Exists(_member_search(self.subjects(queryset), value)))

    def filter_conclusion(self, queryset, name, value):
        return queryset.filter(Exists(self.subjects(queryset).filter(conclusion=value)))


class SubjectFilterSet(FilterSet):
    event = IdFilter(field_name="event", widget=forms.HiddenInput)
    q = django_filters.CharFilter(label=_("Member"), method="filter_member_name")
    year = YearFilter(label=_("Year"), field_name="event__started_on", lookup_expr="year")
    within = SubtreeFilter(path_lookup="organization__path")
    level = django_filters.ChoiceFilter(
        label=_("Performing level"),
        field_name="event__performing_level",
        choices=Level.choices,
        empty_label=_("All"),
    )
    body = django_filters.ChoiceFilter(
        label=_("Performing body"),
        field_name="event__body",
        choices=PerformingBody.choices,
        empty_label=_("All"),
    )
    regulation_22 = django_filters.BooleanFilter(
        label=_("Counted under Quy định 22"), method="filter_regulation_22"
    )
    subject_type = django_filters.ChoiceFilter(
        label=_("Subjects"),
        choices=SubjectType.CHOICES,
        method="filter_subject_type",
        empty_label=_("All"),
    )
    committee_level = django_filters.ChoiceFilter(
        label=_("Committee member at"), choices=Level.choices, empty_label=_("All")
    )
    key_cadre = django_filters.BooleanFilter(label=_("Key cadre"), field_name="was_key_cadre")
    violation = django_filters.BooleanFilter(label=_("Violation found"), method="filter_violation")
    # Applied last: one row per organization or member, as the statistics count them.
    once = django_filters.BooleanFilter(
        label=_("Each subject once"), method="filter_once", widget=forms.CheckboxInput
    )

    def filter_member_name(self, queryset, name, value):
        return _member_search(queryset, value)

    def filter_subject_type(self, queryset, name, value):
        if value == SubjectType.ORGANIZATION:
            return queryset.organizations()
        if value == SubjectType.MEMBER:
            return queryset.members()
        return queryset

    def filter_regulation_22(self, queryset, name, value):
        counted = queryset.under_regulation_22()
        return counted if value else queryset.exclude(pk__in=counted.values("pk"))

    def filter_violation(self, queryset, name, value):
        violations = queryset.violations()
        return violations if value else queryset.exclude(pk__in=violations.values("pk"))

    def filter_disciplined(self, queryset, name, value):
        disciplined = queryset.disciplined()
        return disciplined if value else queryset.exclude(pk__in=disciplined.values("pk"))

    def filter_once(self, queryset, name, value):
        return queryset.one_per_subject() if value else queryset


def event_filterset(model):
    """The event filter set of one event model, with its own kinds and conclusions."""
    conclusions = model.subject_model()._meta.get_field("conclusion").choices
    attrs = {
        "kind": django_filters.ChoiceFilter(
            label=_("Kind"), choices=model._meta.get_field("kind").choices, empty_label=_("All")
        ),
        "conclusion": django_filters.ChoiceFilter(
            label=_("A subject's conclusion"),
            choices=conclusions,
            empty_label=_("All"),
            method="filter_conclusion",
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    return type(f"{model.__name__}FilterSet", (EventFilterSet,), attrs)


def subject_filterset(subject_model):
    """The subject filter set of one subject model: kinds, conclusions, discipline."""
    event_model = subject_model._meta.get_field("event").related_model
    attrs = {
        "kind": django_filters.ChoiceFilter(
            label=_("Kind"),
            field_name="event__kind",
            choices=event_model._meta.get_field("kind").choices,
            empty_label=_("All"),
        ),
        "conclusion": django_filters.ChoiceFilter(
            label=_("Conclusion"),
            choices=subject_model._meta.get_field("conclusion").choices,
            empty_label=_("All"),
        ),
        "Meta": type("Meta", (), {"model": subject_model, "fields": []}),
    }
    if subject_model.leads_to_discipline:
        attrs["disciplined"] = django_filters.BooleanFilter(
            label=_("Disciplined"), method="filter_disciplined"
        )
    filterset = type(f"{subject_model.__name__}FilterSet", (SubjectFilterSet,), attrs)
    # Keep "each subject once" last, whatever the subclass added after it.
    filterset.base_filters["once"] = filterset.base_filters.pop("once")
    return filterset
