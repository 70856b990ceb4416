"""The generic pages every record type is built from.

An app's page states only what differs (model, table, filter set, form, fields to
show); paging, sorting, CSV export, organization scope, messages and the confirmation
before deletion live here once.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
)
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from apps.closing import locks

from .concurrency import UnchangedRecordMixin
from .exports import csv_response, table_rows
from .importing import ACTION_LABELS
from .imports import MAX_BYTES
from .models import PendingImport, may_write, model_permission, outermost_paths
from .panels import panels_for
from .presentation import describe_fields
from .tables import BoundedPaginator


class ScopedQuerysetMixin:
    """Cut every queryset a view reads to the signed-in user's organizations.

    Objects outside the scope are simply not found, so a request for one gets 404.
    """

    model = None
    queryset = None

    def get_base_queryset(self):
        if self.queryset is not None:
            return self.queryset.all()
        return self.model._default_manager.all()

    def get_queryset(self):
        user = self.request.user
        queryset = self.get_base_queryset().visible_to(user)
        if user.is_superuser:
            return queryset
        # A page that changes records finds only those where the user's roles allow it.
        # Where those are all the user sees (reading, mostly), the scope already says so:
        # the same condition twice would only slow the query down.
        seen = set(outermost_paths(user.scope_paths))
        for permission in getattr(self, "get_required_permissions", list)():
            paths = user.paths_with(permission)
            if set(outermost_paths(paths)) != seen:
                queryset = queryset.under_paths(paths)
        return queryset


class PageMixin:
    """A page title, the model's names for the shared templates, and the permission check.

    Every page states what it does to which records: `permission_action` (view, add,
    change, delete) on its model, or an explicit `permission_required`. The signed-in
    user's roles must carry that permission (apps/accounts/roles.py), else 403; where
    it applies is the queryset's business (`writable_by`).
    """

    title = None
    permission_action = "view"
    permission_required = None
    permission_model = None

    def get_permission_model(self):
        return (
            self.permission_model
            or getattr(self, "model", None)
            or getattr(getattr(self, "queryset", None), "model", None)
        )

    def get_required_permissions(self) -> list[str]:
        if self.permission_required:
            required = self.permission_required
            return [required] if isinstance(required, str) else list(required)
        model = self.get_permission_model()
        return [model_permission(model, self.permission_action)] if model else []

    def check_permissions(self, request):
        """403 unless the user's roles carry what the page needs. Pages that look up a
        record in their own `dispatch` call it first, so that a refusal is never a 404."""
        user = request.user
        if user.is_authenticated and not all(
            user.has_perm(permission) for permission in self.get_required_permissions()
        ):
            raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        self.check_permissions(request)
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = getattr(self, "model", None) or getattr(
            getattr(self, "queryset", None), "model", None
        )
        context.setdefault("title", self.get_title())
        if model is not None:
            context["model_meta"] = model._meta
        return context


class RecordListView(ScopedQuerysetMixin, PageMixin, SingleTableMixin, FilterView):
    """A sortable, paginated, filterable list whose filtered rows export to CSV."""

    template_name = "core/record_list.html"
    # The table paginates; ListView's own pagination stays off so it costs no query.
    paginate_by = None
    table_pagination = {"per_page": 25, "paginator_class": BoundedPaginator}
    create_url_name = None
    export_basename = None

    def is_export(self) -> bool:
        return self.request.GET.get("export") == "csv"

    def get_title(self):
        return self.title or capfirst(self.model._meta.verbose_name_plural)

    def get_table_pagination(self, table):
        if self.is_export():
            return False
        return super().get_table_pagination(table)

    def render_to_response(self, context, **response_kwargs):
        if self.is_export():
            return self.export_csv()
        return super().render_to_response(context, **response_kwargs)

    def export_csv(self):
        table = self.get_table(**self.get_table_kwargs())
        basename = self.export_basename or slugify(self.model._meta.model_name)
        filename = f"{basename}-{timezone.localdate():%Y%m%d}.csv"
        return csv_response(table_rows(table), filename)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.create_url_name and self.request.user.has_perm(model_permission(self.model, "add")):
            context["create_url"] = reverse(self.create_url_name)
        query = self.request.GET.copy()
        query.pop("page", None)
        query["export"] = "csv"
        context["export_query"] = query.urlencode()
        return context


class RecordDetailView(ScopedQuerysetMixin, PageMixin, DetailView):
    """A record's fields as a clerk reads them, plus panels the app adds."""

    template_name = "core/record_detail.html"
    detail_fields: list[str] = []

    def get_title(self):
        return self.title or str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = describe_fields(self.object, self.detail_fields)
        context["related_panels"] = panels_for(self.object, self.request)
        # Pages offer only what the user's roles allow here (the views check it again).
        context["may_change"] = may_write(self.request.user, self.object, "change")
        context["may_delete"] = may_write(self.request.user, self.object, "delete")
        context["closed_notice"] = locks.notice(self.object)
        return context


class ScopedFormMixin:
    """Hand the user to the form (for scoped choices) and confirm the save."""

    template_name = "core/record_form.html"
    success_message = None
    list_url_name = None

    def get_cancel_url(self):
        if getattr(self, "object", None) is not None and self.object.pk:
            return self.object.get_absolute_url()
        return reverse(self.list_url_name) if self.list_url_name else reverse("home")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", self.get_cancel_url())
        return super().get_context_data(**kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        # The record as it would be saved must lie where the user's roles allow the change.
        if not may_write(self.request.user, form.instance, self.permission_action):
            form.add_error(None, _("Your roles do not allow this change in that organization."))
            return self.form_invalid(form)
        # A service run by the save (a rebuilt attendance list, retaken snapshots) may still
        # refuse, e.g. for a closed year: the form shows why and nothing is saved.
        try:
            with transaction.atomic():
                response = super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message or _("Saved “%s”.") % self.object)
        return response


class RecordCreateView(ScopedFormMixin, PageMixin, CreateView):
    permission_action = "add"

    def get_title(self):
        return self.title or _("New %s") % self.model._meta.verbose_name


class RecordUpdateView(
    ScopedQuerysetMixin, UnchangedRecordMixin, ScopedFormMixin, PageMixin, UpdateView
):
    permission_action = "change"

    def get_title(self):
        return self.title or _("Edit %s") % self.object

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        # Judged on the stored record, before the form changes it in memory.
        self.closure = locks.closure(obj)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Said before anything is typed; saving a change would be refused with it.
        context["closed_notice"] = locks.notice(self.object, self.closure)
        return context


class RecordDeleteView(ScopedQuerysetMixin, UnchangedRecordMixin, PageMixin, DeleteView):
    """Ask first; refuse with an explanation when other records still point here, or
    when the record changed since the confirmation was shown (it may no longer be what
    the user decided to delete)."""

    template_name = "core/record_confirm_delete.html"
    permission_action = "delete"
    success_url_name = None
    protected_message = None
    # Records deleted with this one, named in the confirmation: message parameter ->
    # related manager, and the message that takes their counts.
    cascade_relations: dict[str, str] = {}
    cascade_message = None

    def get_back_url(self):
        """Where Cancel and a refusal lead: the record's page, else where deletion would."""
        if hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.get_back_url()
        context["closed_message"] = locks.refusal(self.object, deleting=True)
        counts = {
            parameter: getattr(self.object, relation).count()
            for parameter, relation in self.cascade_relations.items()
        }
        if any(counts.values()):
            context["cascade_note"] = self.cascade_message % counts
        return context

    def get_title(self):
        return self.title or _("Delete %s") % self.object

    def get_success_url(self):
        return reverse(self.success_url_name)

    def form_valid(self, form):
        refused = self.refuse_if_changed(form)
        if refused is not None:
            return refused
        name = str(self.object)
        try:
            with transaction.atomic():
                self.object.delete()
        except ValidationError as error:
            # Deleting a record of a closed year (or one a record of it depends on).
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.get_back_url())
        except ProtectedError as error:
            blockers = sorted({str(obj) for obj in error.protected_objects})
            shown = ", ".join(blockers[:5]) + ("…" if len(blockers) > 5 else "")
            messages.error(
                self.request,
                (
                    self.protected_message
                    or _(
                        "“%(name)s” cannot be deleted: %(count)d records "
                        "still refer to it (%(shown)s)."
                    )
                )
                % {"name": name, "count": len(blockers), "shown": shown},
            )
            return HttpResponseRedirect(self.get_back_url())
        messages.success(self.request, _("Deleted “%s”.") % name)
        return HttpResponseRedirect(self.get_success_url())


class HomeView(TemplateView):
    template_name = "core/home.html"


class RecordActionView(
    ScopedQuerysetMixin, UnchangedRecordMixin, PageMixin, SingleObjectMixin, FormView
):
    """A named action on one record (dissolve, merge, admit …) with its own small form.

    Subclasses give `form_class` and `perform(form)`, which calls a service function;
    a ValidationError from the service is shown on the form and nothing is saved.
    """

    template_name = "core/record_action.html"
    permission_action = "change"
    success_message = None
    action_label = None
    explanation = None

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.object is None:
            self.object = super().get_object(queryset)
        return self.object

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.get_action_form_kwargs())
        return kwargs

    def get_action_form_kwargs(self):
        return {"user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.get_object())
        kwargs.setdefault("action_label", self.action_label)
        kwargs.setdefault("explanation", self.explanation)
        return super().get_context_data(**kwargs)

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        refused = self.refuse_if_changed(form)
        if refused is not None:
            return refused
        try:
            with transaction.atomic():
                self.perform(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message or _("Done."))
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.get_object().get_absolute_url()


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))


class ImportUploadView(PageMixin, FormView):
    """Step 1 of an import: upload the file, which waits for its preview."""

    template_name = "core/import_upload.html"
    form_class = UploadForm
    importer_class = None
    preview_url_name = None
    max_bytes = MAX_BYTES

    def too_large(self):
        return _("The file is larger than %(size)s.") % {"size": filesizeformat(self.max_bytes)}

    def post(self, request, *args, **kwargs):
        # Refused before the body is read: a huge upload is not spooled to disk first.
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > self.max_bytes + 64 * 1024:
            form = self.form_class(data={}, files={})
            form.is_valid()
            form.errors["file"] = form.error_class([self.too_large()])
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def get_required_permissions(self):
        return list(self.importer_class.permissions)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("columns", self.importer_class.columns)
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > self.max_bytes:
            form.add_error("file", self.too_large())
            return self.form_invalid(form)
        PendingImport.objects.filter(user=self.request.user, kind=self.importer_class.kind).delete()
        pending = PendingImport.objects.create(
            user=self.request.user,
            kind=self.importer_class.kind,
            filename=upload.name[:255],
            content=upload.read(),
        )
        return HttpResponseRedirect(self.get_preview_url(pending))

    def get_preview_url(self, pending):
        return reverse(self.preview_url_name, args=[pending.pk])


class ImportPreviewView(PageMixin, TemplateView):
    """Step 2: every row checked and shown; confirming writes all rows, or none."""

    template_name = "core/import_preview.html"
    importer_class = None
    upload_url_name = None
    done_url_name = None

    def get_required_permissions(self):
        return list(self.importer_class.permissions)

    def get_pending(self):
        return get_object_or_404(
            PendingImport,
            pk=self.kwargs["pk"],
            user=self.request.user,
            kind=self.importer_class.kind,
        )

    def get_importer(self):
        return self.importer_class(self.request.user)

    def get_upload_url(self):
        return reverse(self.upload_url_name)

    def get_done_url(self):
        return reverse(self.done_url_name)

    def run(self, commit):
        pending = self.get_pending()
        try:
            return pending, self.get_importer().run(bytes(pending.content), commit=commit)
        except ValidationError as error:
            pending.delete()
            messages.error(self.request, " ".join(error.messages))
            return pending, None

    def get(self, request, *args, **kwargs):
        pending, report = self.run(commit=False)
        if report is None:
            return HttpResponseRedirect(self.get_upload_url())
        return self.render_to_response(
            self.get_context_data(pending=pending, report=report, action_labels=ACTION_LABELS)
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("upload_url", self.get_upload_url())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        pending, report = self.run(commit=True)
        if report is None:
            return HttpResponseRedirect(self.get_upload_url())
        if not report.applied:
            return self.render_to_response(
                self.get_context_data(pending=pending, report=report, action_labels=ACTION_LABELS)
            )
        pending.delete()
        counts = report.counts
        messages.success(
            request,
            _("Imported %(file)s: %(create)d new, %(update)d updated, %(unchanged)d unchanged.")
            % {"file": pending.filename, **counts},
        )
        return HttpResponseRedirect(self.get_done_url())
