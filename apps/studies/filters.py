"""Filters of the topic and session lists; the statistics page links with these names."""

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterSet, RecordFilterSet, YearFilter
from apps.organizations.filters import SubtreeFilter

from .models import SessionFormat, StudySession, StudyTopic, TopicKind


def visible_topics(request):
    if request is None:
        return StudyTopic.objects.none()
    return StudyTopic.objects.visible_to(request.user).order_by("-year", "title")


class TopicFilterSet(RecordFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=TopicKind.choices, empty_label=_("All")
    )
    year = YearFilter(label=_("Year"))
    within = SubtreeFilter(label=_("Kept within"), path_lookup="owner__path")

    class Meta:
        model = StudyTopic
        fields = []


class SessionFilterSet(RecordFilterSet):
    year = YearFilter(label=_("Year"), field_name="held_on", lookup_expr="year")
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=visible_topics, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of topic"),
        field_name="topic__kind",
        choices=TopicKind.choices,
        empty_label=_("All"),
    )
    within = SubtreeFilter(path_lookup="organizer__path")
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=SessionFormat.choices, empty_label=_("All")
    )
    listed = django_filters.BooleanFilter(
        label=_("Attendance list recorded"), field_name="has_attendance_list"
    )

    class Meta:
        model = StudySession
        fields = []


class MissedFilterSet(FilterSet):
    """Members who missed a topic in a year: the topic and year are required."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=visible_topics,
        field_name="session__topic",
        required=True,
        empty_label=None,
    )
    year = YearFilter(
        label=_("Year"), field_name="session__held_on", lookup_expr="year", required=True
    )
    within = SubtreeFilter(path_lookup="organization__path")

    @property
    def qs(self):
        # Last of all: one row per member, as the statistics count them.
        return super().qs.one_per_member()


class InspectedFilterSet(FilterSet):
    """Organizations inspected on study, each once (as the statistics count them)."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=visible_topics,
        field_name="event__study_topics",
        empty_label=_("All"),
    )
    year = YearFilter(label=_("Year"), field_name="event__started_on", lookup_expr="year")
    within = SubtreeFilter(path_lookup="organization__path")

    @property
    def qs(self):
        return super().qs.one_per_subject()
