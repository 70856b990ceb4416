"""The yearly review, its written summary, and the records the targets come from."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from apps.closing.models import current_approval
from apps.core.exports import csv_response, inert_rows
from apps.core.filters import query_year
from apps.core.models import subquery_count
from apps.core.views import (
    PageMixin,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from apps.organizations.forms import chosen_organization
from apps.organizations.models import PartyOrganization

from .chart import bar_chart
from .filters import ManualValueFilterSet, ResolutionFilterSet
from .forms import ManualValueForm, ResolutionForm, TargetForm
from .models import FIRST_YEAR, LAST_YEAR, ManualValue, Resolution, Target
from .registry import Section, all_indicators, get_indicator
from .review import indicator_history, review_csv_rows, yearly_review
from .summary import write_summary
from .tables import ManualValueTable, ResolutionTable

CHART_YEARS = 5


def home_organization(user):
    """The organization a review opens on: the outermost one the user sees."""
    return PartyOrganization.objects.visible_to(user).order_by("depth", "path").first()


class YearReviewMixin(PageMixin):
    """Reads `?year=`, `?within=` and `?resolution=` into a `Review` (or a 404)."""

    permission_model = Resolution

    def default_year(self):
        # Results are reviewed after the year: open on last year.
        return timezone.localdate().year - 1

    def get_review(self):
        request = self.request
        organization, self.organizations = chosen_organization(request)
        organization = organization or home_organization(request.user)
        if organization is None:
            raise Http404
        value = request.GET.get("year", "")
        year = query_year(value, FIRST_YEAR + 1, LAST_YEAR)
        year = year or self.default_year()
        resolution = None
        chosen = request.GET.get("resolution", "")
        if chosen.isdigit():
            resolution = next(
                (
                    item
                    for item in Resolution.objects.for_year(organization, year)
                    if item.pk == int(chosen)
                ),
                None,
            )
        return yearly_review(request.user, organization, year, resolution)

    def query(self, review, **extra) -> str:
        params = {"year": review.year, "within": review.organization.pk}
        if review.resolution is not None:
            params["resolution"] = review.resolution.pk
        return urlencode({**params, **extra})

    def years(self, year):
        this_year = timezone.localdate().year
        return range(max(this_year, year), min(2010, year) - 1, -1)


class ReviewView(YearReviewMixin, TemplateView):
    """Every indicator for a year and a subtree, against the targets, with last year beside."""

    template_name = "results/review.html"
    title = gettext_lazy("Yearly results")

    def get(self, request, *args, **kwargs):
        review = self.get_review()
        if request.GET.get("export") == "csv":
            filename = f"ket-qua-{review.year}-{review.organization.code}.csv"
            return csv_response(inert_rows(review_csv_rows(review)), filename)
        return self.render_to_response(self.get_context_data(review=review))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = context["review"]
        code = self.request.GET.get("chart", "")
        chart_indicator = get_indicator(code) or (
            review.targeted_rows[0].indicator if review.targeted_rows else all_indicators()[0]
        )
        years = range(review.year - CHART_YEARS + 1, review.year + 1)
        history = indicator_history(
            self.request.user,
            review.organization,
            chart_indicator,
            years,
            known=[review.figures, review.previous_figures],
        )
        context.update(
            organization=review.organization,
            year=review.year,
            within=review.organization,
            organizations=self.organizations,
            years=self.years(review.year),
            chart_indicator=chart_indicator,
            chart=bar_chart(history),
            history=history,
            indicators=all_indicators(),
            export_query=self.query(review, export="csv"),
            summary_query=self.query(review),
            chart_query=self.query(review),
            sections=Section,
            # A closed year takes no typed-in figure: no link to a form that refuses it.
            year_closed=current_approval(review.organization, review.year) is not None,
        )
        return context


class SummaryView(YearReviewMixin, TemplateView):
    """The year's summary in Vietnamese: to read, copy, print or download."""

    template_name = "results/summary.html"
    title = gettext_lazy("Written summary")

    def get(self, request, *args, **kwargs):
        review = self.get_review()
        summary = write_summary(review)
        if request.GET.get("download") == "txt":
            response = HttpResponse(summary.as_text(), content_type="text/plain; charset=utf-8")
            filename = f"tom-tat-ket-qua-{review.year}-{review.organization.code}.txt"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        context = self.get_context_data(
            review=review,
            summary=summary,
            organization=review.organization,
            year=review.year,
            within=review.organization,
            organizations=self.organizations,
            years=self.years(review.year),
            review_query=self.query(review),
            download_query=self.query(review, download="txt"),
        )
        return self.render_to_response(context)


class IndicatorList(PageMixin, TemplateView):
    """What each indicator counts: the documentation that lives with the code."""

    template_name = "results/indicators.html"
    title = gettext_lazy("Indicators")
    permission_model = Resolution

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            (label, [item for item in all_indicators() if item.section == value])
            for value, label in Section.choices
        ]
        return context


# --- resolutions and their targets ----------------------------------------------------


class ResolutionList(RecordListView):
    model = Resolution
    # Counted per row shown, not by a join grouping every resolution (`subquery_count`).
    queryset = Resolution.objects.select_related("organization").annotate(
        target_count=subquery_count(Target.objects.all(), "resolution")
    )
    table_class = ResolutionTable
    filterset_class = ResolutionFilterSet
    create_url_name = "results:resolution-create"
    export_basename = "nghi-quyet"
    template_name = "results/record_list.html"


class ResolutionDetail(RecordDetailView):
    model = Resolution
    queryset = Resolution.objects.select_related("organization")
    template_name = "results/resolution_detail.html"
    detail_fields = [
        "title",
        "number",
        "kind",
        "organization",
        "adopted_on",
        "first_year",
        "last_year",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["targets"] = self.object.targets.order_by("year", "indicator_code")
        return context


class ResolutionCreate(RecordCreateView):
    model = Resolution
    form_class = ResolutionForm
    list_url_name = "results:resolution-list"


class ResolutionUpdate(RecordUpdateView):
    model = Resolution
    form_class = ResolutionForm


class ResolutionDelete(RecordDeleteView):
    model = Resolution
    success_url_name = "results:resolution-list"
    cascade_relations = {"targets": "targets"}
    cascade_message = gettext_lazy("Its %(targets)d targets are deleted with it.")


class TargetMixin:
    model = Target
    form_class = TargetForm

    def get_cancel_url(self):
        return self.get_success_url()


class TargetCreate(TargetMixin, RecordCreateView):
    """A target of a resolution the user sees; the resolution comes from the URL."""

    def dispatch(self, request, *args, **kwargs):
        self.parent = get_object_or_404(
            Resolution.objects.visible_to(request.user), pk=kwargs["resolution_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "resolution": self.parent}

    def get_title(self):
        return f"{capfirst(Target._meta.verbose_name)}: {self.parent}"

    def get_success_url(self):
        return self.parent.get_absolute_url()


class TargetUpdate(TargetMixin, RecordUpdateView):
    queryset = Target.objects.select_related("resolution")

    def get_success_url(self):
        return self.object.resolution.get_absolute_url()


class TargetDelete(RecordDeleteView):
    model = Target
    queryset = Target.objects.select_related("resolution")

    def get_success_url(self):
        return self.object.resolution.get_absolute_url()


# --- figures typed in by hand ---------------------------------------------------------


class ManualValueList(RecordListView):
    model = ManualValue
    queryset = ManualValue.objects.select_related("organization", "entered_by")
    table_class = ManualValueTable
    filterset_class = ManualValueFilterSet
    create_url_name = "results:value-create"
    export_basename = "so-lieu-nhap-tay"
    template_name = "results/record_list.html"


class ManualValueCreate(RecordCreateView):
    model = ManualValue
    form_class = ManualValueForm
    list_url_name = "results:value-list"

    def get_initial(self):
        initial = super().get_initial()
        for key in ("indicator_code", "organization", "year"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial

    def get_success_url(self):
        return reverse("results:value-list")


class ManualValueUpdate(RecordUpdateView):
    model = ManualValue
    form_class = ManualValueForm

    def get_cancel_url(self):
        return reverse("results:value-list")

    def get_success_url(self):
        return reverse("results:value-list")


class ManualValueDelete(RecordDeleteView):
    model = ManualValue
    success_url_name = "results:value-list"
