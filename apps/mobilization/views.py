"""Pages of the “Dân vận khéo” models: each states only what differs from the generic page."""

from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from apps.core.views import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from apps.organizations.views import SubtreeFiguresView

from .filters import MobilizationModelFilterSet
from .forms import MobilizationModelForm, RecognitionForm
from .models import FIRST_YEAR, LAST_YEAR, MobilizationModel, ModelRecognition
from .statistics import FIGURES, latest_year, mobilization_statistics, statistics_csv_rows
from .tables import MobilizationModelTable


class ModelList(RecordListView):
    model = MobilizationModel
    queryset = MobilizationModel.objects.for_display()
    table_class = MobilizationModelTable
    filterset_class = MobilizationModelFilterSet
    create_url_name = "mobilization:model-create"
    export_basename = "mo-hinh-dan-van-kheo"
    template_name = "mobilization/record_list.html"


class ModelDetail(RecordDetailView):
    model = MobilizationModel
    queryset = MobilizationModel.objects.select_related("organization")
    template_name = "mobilization/model_detail.html"
    detail_fields = [
        "name", "organization", "level", "runner_kind", "runner_name", "field", "holder",
        "registered_year", "status", "ended_year", "description",
    ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["renewals"] = self.object.renewals.order_by("year")
        context["recognitions"] = self.object.recognitions.order_by("recognised_on", "pk")
        return context


class ModelCreate(RecordCreateView):
    model = MobilizationModel
    form_class = MobilizationModelForm
    list_url_name = "mobilization:model-list"


class ModelUpdate(RecordUpdateView):
    model = MobilizationModel
    form_class = MobilizationModelForm


class ModelDelete(RecordDeleteView):
    model = MobilizationModel
    success_url_name = "mobilization:model-list"
    cascade_relations = {"renewals": "renewals", "recognitions": "recognitions"}
    cascade_message = gettext_lazy(
        "Its %(renewals)d renewal years and %(recognitions)d recognitions are deleted with it."
    )


class RecognitionCreate(RecordCreateView):
    """A recognition of a model the user sees; the model comes from the URL."""

    model = ModelRecognition
    form_class = RecognitionForm

    def dispatch(self, request, *args, **kwargs):
        self.parent = get_object_or_404(
            MobilizationModel.objects.visible_to(request.user), pk=kwargs["model_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "model": self.parent}

    def get_title(self):
        return f"{capfirst(ModelRecognition._meta.verbose_name)}: {self.parent}"

    def get_cancel_url(self):
        return self.parent.get_absolute_url()

    def get_success_url(self):
        return self.parent.get_absolute_url()


class RecognitionUpdate(RecordUpdateView):
    model = ModelRecognition
    queryset = ModelRecognition.objects.select_related("model")
    form_class = RecognitionForm


class RecognitionDelete(RecordDeleteView):
    model = ModelRecognition
    queryset = ModelRecognition.objects.select_related("model")

    def get_success_url(self):
        return self.object.model.get_absolute_url()


class StatisticsView(SubtreeFiguresView):
    """The year's figures by field, each linked to the models behind it."""

    template_name = "mobilization/statistics.html"
    permission_model = MobilizationModel
    title = gettext_lazy("“Dân vận khéo” statistics")
    export_basename = "thong-ke-dan-van-kheo"
    first_year, last_year = FIRST_YEAR, LAST_YEAR

    def default_year(self, within):
        return latest_year(self.request.user)

    def get_rows(self, year, within):
        return mobilization_statistics(self.request.user, year, within)

    def csv_rows(self, rows):
        return statistics_csv_rows(rows)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("figures", FIGURES)
        return super().get_context_data(**kwargs)
