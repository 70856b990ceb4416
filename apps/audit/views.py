"""Reading the change history: a record's full history, and every change of everyone."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2.rows import BoundRow

from apps.core.exports import csv_response, export_value
from apps.core.views import PageMixin, RecordListView

from .changes import describe, enrich, model_for_kind, record_history
from .filters import ChangeFilterSet
from .models import Change
from .tables import ChangeTable

EXPORT_CHUNK = 500


class RecordHistoryView(PageMixin, TemplateView):
    """Every change of one record, newest first, 25 to a page; seen by whoever sees it."""

    template_name = "audit/record_history.html"
    per_page = 25

    def get_record(self):
        model = model_for_kind(self.kwargs["kind"])
        if model is None:
            raise Http404
        queryset = model._default_manager.all()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.request.user)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        record = self.get_record()
        rows = record_history(record).order_by("-history_date", "-history_id")
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        # One row past the page: the page's oldest change is compared with it.
        window = (
            list(rows[page.start_index() - 1 : page.end_index() + 1])
            if page.paginator.count
            else []
        )
        pairs = [
            (type(record), row, window[index + 1] if index + 1 < len(window) else None)
            for index, row in enumerate(window[: len(page.object_list)])
        ]
        kwargs.update(
            record=record,
            page_obj=page,
            changes=describe(pairs, self.request.user),
            title=_("History of changes: %s") % record,
        )
        return super().get_context_data(**kwargs)


class AllChangesView(PermissionRequiredMixin, RecordListView):
    """Every change to every record, by anyone, filterable and exported like any list.

    Not cut to an organization scope: the permission is for whoever audits the district.
    """

    permission_required = "audit.view_all_changes"
    raise_exception = True
    model = Change
    table_class = ChangeTable
    filterset_class = ChangeFilterSet
    export_basename = "changes"
    # The trail only grows: counting all of it read every history table on every page.
    table_pagination = {**RecordListView.table_pagination, "count_limit": 10_000}

    def get_title(self):
        return _("All changes")

    def get_queryset(self):
        # The rows come from the filter set (one table per record model, joined).
        return Change.objects.none()

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        page = getattr(table, "page", None)
        if page is not None:
            # The page's rows are read once, filled in place, and shown as filled.
            enrich([row.record for row in page.object_list], self.request.user)
        return table

    def export_csv(self):
        table = self.get_table(**self.get_table_kwargs())
        columns = [column for column in table.columns if not column.column.exclude_from_export]
        feed = table.data.data

        def rows():
            yield [force_str(column.header) for column in columns]
            start = 0
            while True:
                chunk = enrich(feed[start : start + EXPORT_CHUNK], self.request.user)
                for entry in chunk:
                    row = BoundRow(entry, table=table)
                    yield [export_value(row.get_cell_value(column.name)) for column in columns]
                if len(chunk) < EXPORT_CHUNK:
                    break
                start += EXPORT_CHUNK

        return csv_response(rows(), f"changes-{timezone.localdate():%Y%m%d}.csv")
