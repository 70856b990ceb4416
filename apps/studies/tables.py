"""Tables of topics, sessions, attendance and the members who missed a topic."""

import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, NumberColumn, RecordTable
from apps.oversight.models import InspectionSubject

from .models import Attendance, StudySession, StudyTopic


def percent(value):
    """99.34 → '99,3%' in Vietnamese (the locale's decimal mark), '' when there is none."""
    if value is None:
        return ""
    return f"{number_format(value, 1)}%"


class TopicTable(RecordTable):
    title = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    short_title = tables.Column()
    kind = tables.Column()
    year = tables.Column(localize=False)
    term = tables.Column()
    issuing_body = tables.Column()
    document_number = tables.Column()
    owner = tables.Column(order_by=("owner__path",))
    session_count = NumberColumn(verbose_name=_("Sessions"))

    class Meta(RecordTable.Meta):
        model = StudyTopic
        fields = [
            "title", "short_title", "kind", "year", "term", "issuing_body", "document_number",
            "owner", "session_count",
        ]  # fmt: skip
        order_by = ("-year",)


class SessionTable(RecordTable):
    held_on = DateColumn(linkify=True)
    topic = tables.Column(order_by=("topic__title",), attrs={"td": {"class": "wrap"}})
    title = tables.Column(linkify=True, attrs={"td": {"class": "wrap"}})
    organizer = tables.Column(order_by=("organizer__path",))
    organizer_code = tables.Column(accessor="organizer__code", verbose_name=_("Code"))
    format = tables.Column()
    connected_points = NumberColumn()
    attendee_visits = NumberColumn()
    member_visits = NumberColumn()
    members_expected = NumberColumn()
    rate = NumberColumn(verbose_name=_("Rate"), orderable=False)
    has_attendance_list = tables.BooleanColumn(yesno="✓,")

    class Meta(RecordTable.Meta):
        model = StudySession
        fields = [
            "held_on", "topic", "title", "organizer", "organizer_code", "format",
            "connected_points", "attendee_visits", "member_visits", "members_expected",
            "rate", "has_attendance_list",
        ]  # fmt: skip
        order_by = ("-held_on",)

    def render_rate(self, value):
        return percent(value)

    def value_rate(self, value):
        return "" if value is None else f"{value:.1f}"

    def value_has_attendance_list(self, value):
        return "x" if value else ""


class AttendanceTable(RecordTable):
    """A session's list: members in Vietnamese name order, by cell."""

    family_name = tables.Column(
        accessor="member__family_name", linkify=lambda record: record.member.get_absolute_url()
    )
    given_name = tables.Column(accessor="member__given_name", verbose_name=_("Given name"))
    card_number = tables.Column(accessor="member__card_number")
    organization = tables.Column(verbose_name=_("Party cell"))
    present = tables.BooleanColumn(yesno="✓,—")
    note = tables.Column()

    class Meta(RecordTable.Meta):
        model = Attendance
        fields = ["family_name", "given_name", "card_number", "organization", "present", "note"]
        orderable = False

    def value_present(self, value):
        return "x" if value else ""


class MissedTable(RecordTable):
    """One row per member who missed the topic: their absences, for a make-up session."""

    family_name = tables.Column(
        accessor="member__family_name",
        linkify=lambda record: record.member.get_absolute_url(),
        order_by=("member__name_sort_key",),
    )
    given_name = tables.Column(
        accessor="member__given_name",
        verbose_name=_("Given name"),
        order_by=("member__name_sort_key",),
    )
    card_number = tables.Column(accessor="member__card_number")
    organization = tables.Column(
        verbose_name=_("Party cell"), order_by=("organization__path", "member__name_sort_key")
    )
    organization_code = tables.Column(accessor="organization__code", verbose_name=_("Code"))
    held_on = DateColumn(
        accessor="session__held_on",
        verbose_name=_("Session missed"),
        linkify=lambda record: record.session.get_absolute_url(),
    )
    note = tables.Column()

    class Meta(RecordTable.Meta):
        model = Attendance
        fields = [
            "family_name", "given_name", "card_number", "organization", "organization_code",
            "held_on", "note",
        ]  # fmt: skip
        order_by = ("organization",)


class InspectedTable(RecordTable):
    organization = tables.Column(linkify=True, order_by=("organization__path",))
    organization_code = tables.Column(accessor="organization__code", verbose_name=_("Code"))
    started_on = DateColumn(
        accessor="event__started_on",
        verbose_name=_("Inspected on"),
        linkify=lambda record: record.event.get_absolute_url(),
    )
    performer = tables.Column(accessor="event__performer", verbose_name=_("Inspected by"))
    decision_number = tables.Column(accessor="event__decision_number")
    conclusion = tables.Column()

    class Meta(RecordTable.Meta):
        model = InspectionSubject
        fields = [
            "organization", "organization_code", "started_on", "performer", "decision_number",
            "conclusion",
        ]  # fmt: skip
        order_by = ("organization",)
