"""The “Dữ liệu CSV” page: every kind with its count, export and import, within scope."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.core.exports import csv_response
from apps.core.models import bounded_count
from apps.core.views import ImportPreviewView, ImportUploadView, PageMixin
from apps.organizations.forms import chosen_organization

from .importer import KindImporter
from .registry import get_kind, kinds

# Counted up to this many: beyond it PostgreSQL would read whole tables (a province's
# ratings run to a million rows) where a few index lookups answer "more than 1,000".
COUNT_LIMIT = 1_000


class ExchangeIndex(PageMixin, TemplateView):
    """Each kind in dependency order: rows in scope (or a subtree), export, import."""

    template_name = "exchange/index.html"
    title = gettext_lazy("CSV data")

    def get_context_data(self, **kwargs):
        within, organizations = chosen_organization(self.request)
        query = f"?{urlencode({'within': within.pk})}" if within else ""
        rows = [
            {
                "kind": kind,
                # "More than 1,000" says enough to choose a subtree.
                "count": bounded_count(kind.queryset(self.request.user, within), COUNT_LIMIT),
                "export_url": reverse("exchange:export", args=[kind.name]) + query,
                # Offered only where the user's roles allow importing the kind.
                "import_url": reverse("exchange:import", args=[kind.name])
                if kind.may_import(self.request.user)
                else None,
            }
            for kind in kinds()
        ]
        return super().get_context_data(
            rows=rows,
            within=within,
            organizations=organizations,
            count_limit=COUNT_LIMIT,
            **kwargs,
        )


class KindMixin:
    """The kind named in the URL (404 for an unknown one) and its importer."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.csv_kind = get_kind(kwargs["kind"])
        except LookupError:
            raise Http404(kwargs["kind"]) from None
        self.importer_class = KindImporter.for_kind(self.csv_kind)


class ExchangeExport(KindMixin, PageMixin, View):
    """A kind's records in the user's scope (or a subtree of it), as import reads them."""

    def get_permission_model(self):
        return self.csv_kind.model

    def get(self, request, *args, **kwargs):
        within, _organizations = chosen_organization(request)
        parts = [
            self.csv_kind.name,
            within.code if within else "",
            f"{timezone.localdate():%Y%m%d}",
        ]
        filename = "-".join(part for part in parts if part) + ".csv"
        return csv_response(self.csv_kind.rows(request.user, within), filename)


class ExchangeImportUpload(KindMixin, ImportUploadView):
    preview_url_name = "exchange:import-preview"

    def get_title(self):
        return _("Import “%(kind)s” from CSV") % {"kind": self.csv_kind.label}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("columns", self.importer_class(self.request.user).columns)
        return super().get_context_data(**kwargs)

    def get_preview_url(self, pending):
        return reverse(self.preview_url_name, args=[self.csv_kind.name, pending.pk])


class ExchangeImportPreview(KindMixin, ImportPreviewView):
    done_url_name = "exchange:index"

    def get_title(self):
        return _("Check the import of “%(kind)s”") % {"kind": self.csv_kind.label}

    def get_upload_url(self):
        return reverse("exchange:import", args=[self.csv_kind.name])
