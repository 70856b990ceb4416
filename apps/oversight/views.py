"""Pages of inspection and supervision: one set of views, made once for each kind of work.

`work_views(Inspection)` and `work_views(Supervision)` build the same pages over the
two models; `urls.py` mounts them under `inspections/` and `supervisions/`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django_tables2 import RequestConfig

from apps.core.exports import csv_response
from apps.core.models import user_paths_condition
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
from apps.organizations.forms import OrganizationChoiceField
from apps.organizations.models import PartyOrganization

from . import services
from .filters import event_filterset, subject_filterset
from .forms import CellMembersForm, event_form, subject_forms
from .imports import subject_importer
from .models import Inspection, Supervision
from .statistics import FIGURES, oversight_statistics, statistics_csv_rows
from .tables import EVENT_COLUMNS, event_table, subject_table


def subjects_for_table(subjects):
    """Subjects with everything their table shows, in one query."""
    subjects = subjects.select_related("event__performer", "organization", "member")
    if subjects.model.leads_to_discipline:
        return subjects.select_related("discipline")
    return subjects.select_related("follow_up__performer")


class OversightPageMixin:
    """Which kind of work a page is about, for the shared templates."""

    work_prefix = ""

    def get_context_data(self, **kwargs):
        kwargs.setdefault("prefix", self.work_prefix)
        return super().get_context_data(**kwargs)


class EventList(OversightPageMixin, RecordListView):
    template_name = "oversight/record_list.html"

    def get_base_queryset(self):
        # Counts, like the names, cover only the subjects the user may see.
        visible = user_paths_condition(self.request.user, "subjects__organization__path")
        violation = visible & Q(subjects__conclusion=self.model.violation_conclusion)
        organization_subjects = Prefetch(
            "subjects",
            # Only the subjects the user may see: a district event can reach many communes.
            queryset=self.model.subject_model()
            .objects.visible_to(self.request.user)
            .organizations()
            .select_related("organization")
            .order_by("organization__path"),
            to_attr="organization_subjects",
        )
        queryset = self.model.objects.select_related("performer")
        return queryset.prefetch_related(organization_subjects).annotate(
            organization_count=Count("subjects", filter=visible & Q(subjects__member__isnull=True)),
            member_count=Count("subjects", filter=visible & Q(subjects__member__isnull=False)),
            violation_count=Count("subjects", filter=violation),
        )


class EventDetail(OversightPageMixin, RecordDetailView):
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
            # Organizations first, then members by name.
            subjects_for_table(subjects).order_by(
                F("member__name_sort_key").asc(nulls_first=True), "organization__path", "pk"
            ),
            can_edit=can_edit,
            exclude=EVENT_COLUMNS,
            orderable=False,
        )
        RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
        counts = dict(subjects.order_by().values_list("conclusion").annotate(count=Count("pk")))
        conclusion_field = event.subject_model()._meta.get_field("conclusion")
        context.update(
            subjects_table=table,
            can_edit=can_edit,
            conclusion_counts=[
                (label, counts.get(value, 0)) for value, label in conclusion_field.choices
            ],
        )
        return context


class EditableEventMixin:
    """Only the performer's scope changes an event; others may see it but get 404 here."""

    def get_queryset(self):
        return self.get_base_queryset().editable_by(self.request.user)


class EventCreate(OversightPageMixin, RecordCreateView):
    pass


class EventUpdate(OversightPageMixin, EditableEventMixin, RecordUpdateView):
    pass


class EventDelete(EditableEventMixin, RecordDeleteView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = self.object.subjects.count()
        if count:
            context["cascade_note"] = _(
                "Its %(count)d subjects and their conclusions are deleted with it."
            ) % {"count": count}
        return context


class SubjectList(OversightPageMixin, RecordListView):
    template_name = "oversight/record_list.html"

    def get_base_queryset(self):
        return subjects_for_table(self.model.objects.all())


class EventSubjectMixin:
    """Pages that change one event's subjects: the event comes from the URL."""

    event_model = None

    def dispatch(self, request, *args, **kwargs):
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

    subject_title = capfirst(subject_model._meta.verbose_name)
    return {
        "list": make(
            EventList,
            "List",
            work_prefix=prefix,
            table_class=event_table(event_model),
            filterset_class=event_filterset(event_model),
            create_url_name=f"oversight:{prefix}-create",
            export_basename=export_basename,
        ),
        "create": make(
            EventCreate,
            "Create",
            work_prefix=prefix,
            form_class=event_form(event_model),
            list_url_name=f"oversight:{prefix}-list",
        ),
        "detail": make(EventDetail, "Detail", work_prefix=prefix, subject_table_class=table),
        "update": make(
            EventUpdate, "Update", work_prefix=prefix, form_class=event_form(event_model)
        ),
        "delete": make(EventDelete, "Delete", success_url_name=f"oversight:{prefix}-list"),
        "subject-list": make(
            SubjectList,
            "SubjectList",
            model=subject_model,
            work_prefix=prefix,
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
        "subject-add-cell": make(CellMembersAdd, "CellMembersAdd", event_model=event_model),
        "subject-import": make(
            SubjectImportUpload,
            "SubjectImportUpload",
            event_model=event_model,
            importer_class=importer,
            preview_url_name=f"oversight:{prefix}-subject-import-preview",
            title=subject_title,
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


class StatisticsView(PageMixin, TemplateView):
    """The year's figures by kind of work and performing level, each linked to its rows."""

    template_name = "oversight/statistics.html"
    title = gettext_lazy("Inspection and supervision statistics")

    def get_year(self):
        """The year asked for, else the latest year with records, else this year."""
        value = self.request.GET.get("year", "")
        if value.isdigit() and 1930 <= int(value) <= 2100:
            return int(value)
        latest = (
            Inspection.objects.visible_to(self.request.user)
            .order_by("-started_on")
            .values_list("started_on", flat=True)
            .first()
        )
        return latest.year if latest else timezone.localdate().year

    def get_within(self, organizations):
        field = OrganizationChoiceField(queryset=organizations, required=False)
        try:
            return field.clean(self.request.GET.get("within") or None)
        except ValidationError:
            return None

    def get(self, request, *args, **kwargs):
        organizations = PartyOrganization.objects.visible_to(request.user).order_by("path")
        year, within = self.get_year(), self.get_within(organizations)
        rows = oversight_statistics(request.user, year, within)
        if request.GET.get("export") == "csv":
            scope = f"-{within.code}" if within else ""
            filename = f"thong-ke-kiem-tra-giam-sat-{year}{scope}.csv"
            return csv_response(statistics_csv_rows(rows), filename)
        context = self.get_context_data(
            year=year,
            years=range(timezone.localdate().year, 2009, -1),
            within=within,
            organizations=organizations,
            rows=rows,
            figures=FIGURES,
            export_query=urlencode(
                {"year": year, **({"within": within.pk} if within else {}), "export": "csv"}
            ),
        )
        return self.render_to_response(context)
