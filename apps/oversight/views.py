"""Pages of inspection and supervision: one set of views, made once for each kind of work.

`work_views(Inspection)` and `work_views(Supervision)` build the same pages over the
two models; `urls.py` mounts them under `inspections/` and `supervisions/`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_tables2 import RequestConfig

from apps.core.tables import BoundedPaginator
from apps.core.views import (
    ImportPreviewView,
    ImportUploadView,
    PageMixin,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from apps.organizations.views import SubtreeFiguresView

from . import services
from .filters import event_filterset, subject_filterset
from .forms import CellMembersForm, event_form, subject_forms
from .imports import subject_importer
from .models import Inspection, Supervision
from .statistics import FIGURES, oversight_statistics, statistics_csv_rows
from .tables import EVENT_COLUMNS, event_table, subject_table


class EventList(RecordListView):
    template_name = "oversight/record_list.html"

    def get_base_queryset(self):
        # The list shows neither the conclusion nor the organizations' notes: leaving the
        # long texts out keeps the rows PostgreSQL sorts for a page narrow.
        return self.model.objects.with_subject_summary(self.request.user).defer(
            "summary", "search_text", "performer__notes", "performer__search_text"
        )


# The pages an event's own page links to, each taking the event's id.
EVENT_PAGES = [
    "update", "delete", "subject-add-cell", "subject-create-member",
    "subject-create-organization", "subject-import",
]  # fmt: skip


class EventDetail(RecordDetailView):
    """The event and its subjects; the subjects are those the user's scope covers."""

    template_name = "oversight/event_detail.html"
    subject_table_class = None
    detail_fields = [
        "performer", "body", "performing_level", "kind", "decision_number", "decided_on",
        "period_start", "period_end", "started_on", "ended_on", "content", "summary",
    ]  # fmt: skip

    def get_base_queryset(self):
        return self.model.objects.select_related("performer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        can_edit = self.model.objects.editable_by(user).filter(pk=event.pk).exists()
        subjects = event.subjects.visible_to(user)
        table = self.subject_table_class(
            subjects.for_display().event_order(),
            can_edit=can_edit,
            exclude=EVENT_COLUMNS,
            orderable=False,
        )
        RequestConfig(
            self.request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}
        ).configure(table)
        counts = subjects.count_by_conclusion()
        conclusion_field = event.subject_model()._meta.get_field("conclusion")
        prefix = f"oversight:{event.url_prefix}"
        context.update(
            subjects_table=table,
            can_edit=can_edit,
            conclusion_counts=[
                (label, counts.get(value, 0)) for value, label in conclusion_field.choices
            ],
            urls={
                page.replace("-", "_"): reverse(f"{prefix}-{page}", args=[event.pk])
                for page in EVENT_PAGES
            },
            subjects_export_url=reverse(f"{prefix}-subject-list")
            + "?"
            + urlencode({"event": event.pk, "export": "csv"}),
        )
        return context


class EditableEventMixin:
    """Only the performer's scope changes an event; others may see it but get 404 here."""

    def get_queryset(self):
        return self.get_base_queryset().editable_by(self.request.user)


class EventUpdate(EditableEventMixin, RecordUpdateView):
    pass


class EventDelete(EditableEventMixin, RecordDeleteView):
    cascade_relations = {"count": "subjects"}
    cascade_message = gettext_lazy(
        "Its %(count)d subjects and their conclusions are deleted with it."
    )


class SubjectList(RecordListView):
    template_name = "oversight/record_list.html"

    def get_base_queryset(self):
        return self.model.objects.for_display()


class EventSubjectMixin:
    """Pages that change one event's subjects: the event comes from the URL."""

    event_model = None

    def dispatch(self, request, *args, **kwargs):
        self.check_permissions(request)
        self.event = get_object_or_404(
            self.event_model.objects.editable_by(request.user).select_related("performer"),
            pk=kwargs["event_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_cancel_url(self):
        return self.event.get_absolute_url()

    def get_success_url(self):
        return self.event.get_absolute_url()


class SubjectCreate(EventSubjectMixin, RecordCreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_title(self):
        return f"{self.title}: {self.event}"


class EditableSubjectMixin:
    def get_queryset(self):
        events = self.model.event_model().objects.editable_by(self.request.user)
        return self.model.objects.filter(event__in=events.values("pk")).select_related(
            "event__performer", "organization", "member"
        )


class SubjectUpdate(EditableSubjectMixin, RecordUpdateView):
    organization_form_class = None
    member_form_class = None

    def get_form_class(self):
        return self.member_form_class if self.object.is_member else self.organization_form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.object.event}

    def get_success_url(self):
        return self.object.event.get_absolute_url()


class SubjectDelete(EditableSubjectMixin, RecordDeleteView):
    def get_success_url(self):
        return self.object.event.get_absolute_url()


class CellMembersAdd(EventSubjectMixin, PageMixin, FormView):
    """Add every member of a cell as of the start date, each with the same conclusion."""

    template_name = "core/record_form.html"
    form_class = CellMembersForm
    permission_action = "add"

    def get_title(self):
        return _("Add all members of a cell: %s") % self.event

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event, "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                counts = services.add_cell_members(
                    self.event, form.cleaned_data["cell"], form.cleaned_data["conclusion"]
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Added %(added)d members of %(cell)s (%(already)d were already on the list).")
            % {**counts, "cell": form.cleaned_data["cell"]},
        )
        return HttpResponseRedirect(self.get_success_url())


class SubjectImportUpload(EventSubjectMixin, ImportUploadView):
    def get_preview_url(self, pending):
        return reverse(self.preview_url_name, args=[self.event.pk, pending.pk])

    def get_title(self):
        return _("Import subjects from CSV: %s") % self.event


class SubjectImportPreview(EventSubjectMixin, ImportPreviewView):
    title = gettext_lazy("Check the import")

    def get_importer(self):
        return self.importer_class(self.request.user, self.event)

    def get_upload_url(self):
        return reverse(self.upload_url_name, args=[self.event.pk])

    def get_done_url(self):
        return self.event.get_absolute_url()


def work_views(event_model, export_basename):
    """The classes of every page of one kind of work (inspection or supervision)."""
    prefix = event_model.url_prefix
    subject_model = event_model.subject_model()
    organization_form, member_form = subject_forms(subject_model)
    table = subject_table(subject_model)
    importer = subject_importer(subject_model)
    name = event_model.__name__

    def make(base, suffix, **attrs):
        return type(f"{name}{suffix}", (base,), {"model": attrs.pop("model", event_model), **attrs})

    return {
        "list": make(
            EventList,
            "List",
            table_class=event_table(event_model),
            filterset_class=event_filterset(event_model),
            create_url_name=f"oversight:{prefix}-create",
            export_basename=export_basename,
        ),
        "create": make(
            RecordCreateView,
            "Create",
            form_class=event_form(event_model),
            list_url_name=f"oversight:{prefix}-list",
        ),
        "detail": make(EventDetail, "Detail", subject_table_class=table),
        "update": make(EventUpdate, "Update", form_class=event_form(event_model)),
        "delete": make(EventDelete, "Delete", success_url_name=f"oversight:{prefix}-list"),
        "subject-list": make(
            SubjectList,
            "SubjectList",
            model=subject_model,
            table_class=table,
            filterset_class=subject_filterset(subject_model),
            export_basename=f"{export_basename}-doi-tuong",
        ),
        "subject-create-organization": make(
            SubjectCreate,
            "OrganizationSubjectCreate",
            model=subject_model,
            event_model=event_model,
            form_class=organization_form,
            title=gettext_lazy("Add an organization"),
        ),
        "subject-create-member": make(
            SubjectCreate,
            "MemberSubjectCreate",
            model=subject_model,
            event_model=event_model,
            form_class=member_form,
            title=gettext_lazy("Add a party member"),
        ),
        "subject-update": make(
            SubjectUpdate,
            "SubjectUpdate",
            model=subject_model,
            organization_form_class=organization_form,
            member_form_class=member_form,
            title=None,
        ),
        "subject-delete": make(SubjectDelete, "SubjectDelete", model=subject_model),
        "subject-add-cell": make(
            CellMembersAdd, "CellMembersAdd", model=subject_model, event_model=event_model
        ),
        "subject-import": make(
            SubjectImportUpload,
            "SubjectImportUpload",
            event_model=event_model,
            importer_class=importer,
            preview_url_name=f"oversight:{prefix}-subject-import-preview",
        ),
        "subject-import-preview": make(
            SubjectImportPreview,
            "SubjectImportPreview",
            event_model=event_model,
            importer_class=importer,
            upload_url_name=f"oversight:{prefix}-subject-import",
        ),
    }


INSPECTION_VIEWS = work_views(Inspection, "kiem-tra")
SUPERVISION_VIEWS = work_views(Supervision, "giam-sat")


class StatisticsView(SubtreeFiguresView):
    """The year's figures by kind of work and performing level, each linked to its rows."""

    template_name = "oversight/statistics.html"
    permission_model = Inspection
    title = gettext_lazy("Inspection and supervision statistics")
    export_basename = "thong-ke-kiem-tra-giam-sat"

    def default_year(self, within):
        """The latest year with records, else this year."""
        latest = (
            Inspection.objects.visible_to(self.request.user)
            .order_by("-started_on")
            .values_list("started_on", flat=True)
            .first()
        )
        return latest.year if latest else super().default_year(within)

    def get_rows(self, year, within):
        return oversight_statistics(self.request.user, year, within)

    def csv_rows(self, rows):
        return statistics_csv_rows(rows)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("figures", FIGURES)
        return super().get_context_data(**kwargs)
