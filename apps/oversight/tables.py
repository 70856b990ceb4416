"""Tables of events and subjects; each builder adds what only one model has."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, NumberColumn, RecordTable


class YesNoColumn(tables.Column):
    """'✓' on screen, 'x' in CSV, blank when false: easy to read and to count."""

    def render(self, value):
        return "✓" if value else ""

    def value(self, value):
        return "x" if value else ""


class EventTable(RecordTable):
    started_on = DateColumn(linkify=True)
    decision_number = tables.Column(linkify=True)
    performer = tables.Column(linkify=True, order_by=("performer__path",))
    body = tables.Column()
    kind = tables.Column()
    content = tables.Column(attrs={"td": {"class": "wrap"}})
    organizations = tables.Column(
        verbose_name=_("Organizations inspected or supervised"),
        accessor="organization_subjects",
        orderable=False,
        attrs={"td": {"class": "wrap"}},
    )
    organization_count = NumberColumn(verbose_name=_("Organizations"))
    member_count = NumberColumn(verbose_name=_("Members"))
    violation_count = NumberColumn(verbose_name=_("With violations"))

    class Meta(RecordTable.Meta):
        fields = [
            "started_on", "decision_number", "performer", "body", "kind", "content",
            "organizations", "organization_count", "member_count", "violation_count",
        ]  # fmt: skip
        order_by = ("-started_on",)

    def render_content(self, value):
        return Truncator(value).chars(90)

    def render_organizations(self, value):
        names = [subject.organization.name for subject in value]
        return "; ".join(names[:3]) + ("; …" if len(names) > 3 else "")

    def value_organizations(self, value):
        return "; ".join(subject.organization.name for subject in value)


def event_table(model):
    return type(
        f"{model.__name__}Table",
        (EventTable,),
        {"Meta": type("Meta", (EventTable.Meta,), {"model": model})},
    )


class SubjectTable(RecordTable):
    started_on = DateColumn(accessor="event__started_on", verbose_name=_("Started on"))
    event = tables.Column(linkify=True, order_by=("event__started_on", "event__pk"))
    performer = tables.Column(
        accessor="event__performer", verbose_name=_("Performing organization"), linkify=True
    )
    body = tables.Column(accessor="event__body", verbose_name=_("Performing body"))
    organization = tables.Column(
        verbose_name=_("Organization or cell"), linkify=True, order_by=("organization__path",)
    )
    organization_code = tables.Column(accessor="organization__code", verbose_name=_("Code"))
    member = tables.Column(linkify=True, order_by=("member__name_sort_key",))
    card_number = tables.Column(accessor="member__card_number", verbose_name=_("Party card number"))
    committee_level = tables.Column()
    was_key_cadre = YesNoColumn()
    conclusion = tables.Column()
    discipline_required = YesNoColumn()
    discipline = tables.Column()
    organization_discipline = tables.Column()
    follow_up = tables.Column(linkify=True)
    note = tables.Column(attrs={"td": {"class": "wrap"}})
    actions = tables.Column(
        verbose_name="", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta(RecordTable.Meta):
        # The conclusion and the links to change it come early: the page is narrow.
        fields = [
            "started_on", "event", "performer", "body", "organization", "organization_code",
            "member", "card_number", "conclusion", "actions", "committee_level",
            "was_key_cadre", "discipline_required", "discipline", "organization_discipline",
            "follow_up", "note",
        ]  # fmt: skip
        sequence = fields
        order_by = ("-started_on",)

    def __init__(self, *args, can_edit=False, **kwargs):
        self.can_edit = can_edit
        super().__init__(*args, **kwargs)
        if not can_edit:
            self.columns.hide("actions")

    def render_event(self, record):
        event = record.event
        return event.decision_number or str(event.get_kind_display())

    def value_event(self, record):
        return self.render_event(record)

    def render_actions(self, record):
        prefix = record.event.url_prefix
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse(f"oversight:{prefix}-subject-update", args=[record.pk]),
            _("Edit"),
            reverse(f"oversight:{prefix}-subject-delete", args=[record.pk]),
            _("Remove"),
        )


# Columns the subject table on an event's page leaves out: the event is the page itself,
# and codes and card numbers are for the export (which goes through the subject list).
EVENT_COLUMNS = ("started_on", "event", "performer", "body", "organization_code", "card_number")


def subject_table(subject_model):
    """The subject table of one model, without the outcome columns it does not have."""
    own = {field.name for field in subject_model._meta.fields}
    outcome = ("discipline_required", "discipline", "organization_discipline", "follow_up")
    missing = [name for name in outcome if name not in own]
    fields = [name for name in SubjectTable.Meta.fields if name not in missing]
    meta = type(
        "Meta", (SubjectTable.Meta,), {"model": subject_model, "fields": fields, "sequence": fields}
    )
    attrs = {"Meta": meta, **dict.fromkeys(missing)}
    return type(f"{subject_model.__name__}Table", (SubjectTable,), attrs)
