"""Tables of the register."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.tables import DateColumn, NumberColumn, RecordTable

from .models import Candidate, OrganizationRating, PartyMember

# Columns left out for users without the personal-data permission, on screen and in CSV.
PERSONAL_COLUMNS = ("birth_date", "place_of_origin", "ethnicity", "religion")


class MemberTable(RecordTable):
    family_name = tables.Column(linkify=True, order_by=("name_sort_key",))
    given_name = tables.Column(linkify=True, order_by=("name_sort_key",))
    card_number = tables.Column()
    gender = tables.Column()
    birth_date = DateColumn()
    place_of_origin = tables.Column()
    ethnicity = tables.Column()
    religion = tables.Column()
    cell = tables.Column(linkify=True, order_by=("cell__name_sort_key", "cell__code"))
    # Cells share names across communes; the code makes an exported file importable.
    cell_code = tables.Column(accessor="cell__code", verbose_name=_("Cell code"))
    status = tables.Column()
    admitted_on = DateColumn()
    official_on = DateColumn()
    left_on = DateColumn()
    # For the CSV export only: a cell's str() is its name, read in the rows' own query
    # rather than with a cell object per cell.
    export_accessors = {"cell": "cell__name"}

    class Meta(RecordTable.Meta):
        model = PartyMember
        fields = [
            "family_name", "given_name", "card_number", "gender", "birth_date",
            "place_of_origin", "ethnicity", "religion", "cell", "cell_code", "status",
            "admitted_on", "official_on", "left_on",
        ]  # fmt: skip
        order_by = ("given_name",)


class CandidateTable(RecordTable):
    full_name = tables.Column(
        verbose_name=_("Full name"),
        linkify=True,
        order_by=("name_sort_key",),
        accessor="full_name",
    )
    gender = tables.Column()
    organization = tables.Column(order_by=("organization__name_sort_key",))
    stage = tables.Column(verbose_name=_("Stage"), accessor="stage", orderable=False)
    identified_on = DateColumn()
    sympathiser_on = DateColumn()
    course_completed_on = DateColumn()
    admitted_member = tables.Column(linkify=True)
    months_waiting = NumberColumn(
        verbose_name=_("Months on the way"), accessor="months_waiting", orderable=False
    )
    admit = tables.Column(
        verbose_name="",
        empty_values=(),
        orderable=False,
        exclude_from_export=True,
        accessor="pk",
    )

    class Meta(RecordTable.Meta):
        model = Candidate
        fields = [
            "full_name", "gender", "organization", "stage", "identified_on", "sympathiser_on",
            "course_completed_on", "admitted_member", "months_waiting",
        ]  # fmt: skip
        order_by = ("full_name",)

    def render_admit(self, record):
        if record.admitted_member_id or record.dropped_on:
            return ""
        url = reverse("members:admit") + f"?candidate={record.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Admit"))

    def render_stage(self, record):
        return record.stage.label

    def value_stage(self, record):
        return record.stage.label


class OrganizationRatingTable(RecordTable):
    organization = tables.Column(linkify=True, order_by=("organization__name_sort_key",))
    organization_code = tables.Column(accessor="organization__code", verbose_name=_("Code"))
    year = tables.Column()
    grade = tables.Column()
    edit = tables.LinkColumn(
        "members:organization-rating-update",
        args=[tables.A("pk")],
        text=_("Edit"),
        orderable=False,
        exclude_from_export=True,
        verbose_name="",
    )

    class Meta(RecordTable.Meta):
        model = OrganizationRating
        fields = ["organization", "organization_code", "year", "grade"]
        order_by = ("-year", "organization")
