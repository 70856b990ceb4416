"""Pages of the organization tree: each states only what differs from the generic page."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from apps.core.exports import csv_response, inert_rows
from apps.core.filters import query_year
from apps.core.models import FIRST_RECORD_YEAR, LAST_RECORD_YEAR, subquery_count
from apps.core.views import (
    PageMixin,
    RecordActionView,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    ScopedQuerysetMixin,
)

from . import services
from .choices import shortened_condition
from .filters import OrganizationFilterSet
from .forms import DissolveForm, MergeForm, OrganizationForm, SplitForm, chosen_organization
from .models import OrganizationSuccession, PartyOrganization
from .tables import OrganizationTable


class OrganizationList(RecordListView):
    queryset = (
        PartyOrganization.objects.select_related("kind", "parent", "commune")
        .annotate(unit_count=subquery_count(PartyOrganization.objects.all(), "parent"))
        .order_by("path")
    )
    model = PartyOrganization
    table_class = OrganizationTable
    filterset_class = OrganizationFilterSet
    create_url_name = "organizations:create"
    export_basename = "to-chuc-dang"


class OrganizationTree(ScopedQuerysetMixin, PageMixin, ListView):
    """The whole visible tree at a glance, indented by depth, in tree order."""

    model = PartyOrganization
    queryset = PartyOrganization.objects.select_related("kind").order_by("path")
    template_name = "organizations/tree.html"
    context_object_name = "organizations"

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("all") != "1":
            queryset = queryset.active()
        # A province's tree has thousands of organizations: a long tree is cut as the
        # filters cut their lists (the top levels, then around `?within=`), and each
        # organization says how many of its own are not shown.
        self.whole = queryset
        chosen = self.request.GET.get("within")
        return queryset.filter(shortened_condition(queryset, selected=chosen))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organizations = context["organizations"]
        children = dict(self.whole.order_by().values_list("parent").annotate(count=Count("pk")))
        shown = Counter(organization.parent_id for organization in organizations)
        top = min((o.depth for o in organizations), default=0)
        for organization in organizations:
            organization.indent = organization.depth - top
            organization.hidden_count = children.get(organization.pk, 0) - shown[organization.pk]
        context["title"] = _("Organization tree")
        context["show_all"] = self.request.GET.get("all") == "1"
        context["folded"] = any(organization.hidden_count for organization in organizations)
        return context


class OrganizationDetail(RecordDetailView):
    model = PartyOrganization
    queryset = PartyOrganization.objects.select_related("kind", "parent", "commune")
    template_name = "organizations/organization_detail.html"
    detail_fields = [
        "code",
        "name",
        "kind",
        "parent",
        "commune",
        "founded_on",
        "dissolved_on",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        visible = PartyOrganization.objects.visible_to(self.request.user)
        children = (
            visible.filter(parent=organization)
            .select_related("kind", "parent", "commune")
            .annotate(unit_count=subquery_count(PartyOrganization.objects.all(), "parent"))
            .order_by("name_sort_key")
        )
        context["ancestors"] = organization.ancestors()
        context["children_table"] = OrganizationTable(
            children, exclude=("parent",), orderable=False
        )
        context["subtree_size"] = visible.subtree(organization).count()
        successions = OrganizationSuccession.objects.select_related("predecessor", "successor")
        context["predecessor_links"] = successions.filter(successor=organization)
        context["successor_links"] = successions.filter(predecessor=organization)
        context["is_active"] = organization.is_active
        context["can_have_units"] = organization.kind.allowed_children.exists()
        return context


class OrganizationCreate(RecordCreateView):
    model = PartyOrganization
    form_class = OrganizationForm
    list_url_name = "organizations:list"

    def get_initial(self):
        initial = super().get_initial()
        parent_id = self.request.GET.get("parent")
        if parent_id and parent_id.isdigit():
            parent = (
                PartyOrganization.objects.visible_to(self.request.user).filter(pk=parent_id).first()
            )
            if parent is not None:
                initial["parent"] = parent
                initial["commune"] = parent.commune
        return initial


class OrganizationUpdate(RecordUpdateView):
    model = PartyOrganization
    form_class = OrganizationForm


class OrganizationDelete(RecordDeleteView):
    model = PartyOrganization
    success_url_name = "organizations:list"
    protected_message = _(
        "“%(name)s” cannot be deleted because %(count)d records still refer to it "
        "(%(shown)s). Dissolve it, or merge it into its successor, instead."
    )


class OrganizationActionView(RecordActionView):
    model = PartyOrganization

    def get_action_form_kwargs(self):
        return {"user": self.request.user, "organization": self.get_object()}


class OrganizationDissolve(OrganizationActionView):
    form_class = DissolveForm
    action_label = _("Dissolve")
    explanation = _(
        "From the effective date the organization takes no new records. Its records are "
        "kept and stay in the figures of the years it existed."
    )
    success_message = _("The organization was dissolved.")

    def get_title(self):
        return _("Dissolve %s") % self.get_object()

    def perform(self, form):
        services.dissolve_organization(
            self.get_object(), on=form.cleaned_data["effective_on"], note=form.cleaned_data["note"]
        )


class OrganizationMerge(OrganizationActionView):
    form_class = MergeForm
    action_label = _("Merge")
    explanation = _(
        "The organization is dissolved on the effective date and recorded as a "
        "predecessor of the organization it merges into, whose figures for earlier years "
        "can then include its records. Its units must be dissolved or merged first."
    )
    success_message = _("The organization was merged into its successor.")

    def get_title(self):
        return _("Merge %s into another organization") % self.get_object()

    def perform(self, form):
        services.merge_organizations(
            [self.get_object()],
            form.cleaned_data["successor"],
            on=form.cleaned_data["effective_on"],
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )


class OrganizationSplit(OrganizationActionView):
    form_class = SplitForm
    action_label = _("Split")
    explanation = _(
        "The organization is dissolved on the effective date and recorded as a "
        "predecessor of each organization it splits into. Create those organizations first."
    )
    success_message = _("The organization was split into its successors.")

    def get_title(self):
        return _("Split %s") % self.get_object()

    def perform(self, form):
        services.split_organization(
            self.get_object(),
            form.cleaned_data["successors"],
            on=form.cleaned_data["effective_on"],
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )


class SubtreeFiguresView(PageMixin, TemplateView):
    """A year's figures for an organization subtree, on screen or as CSV.

    Reads `?year=` (else `default_year`) and `?within=` (an organization the user sees,
    else everything they see); a subclass computes the rows and their CSV lines.
    """

    export_basename = "thong-ke"
    first_year = FIRST_RECORD_YEAR
    last_year = LAST_RECORD_YEAR

    def default_year(self, within) -> int:
        return timezone.localdate().year

    def get_rows(self, year, within):
        raise NotImplementedError

    def csv_rows(self, rows):
        raise NotImplementedError

    def get_year(self, within) -> int:
        value = self.request.GET.get("year", "")
        year = query_year(value, self.first_year, self.last_year)
        if year is not None:
            return year
        return self.default_year(within)

    def get(self, request, *args, **kwargs):
        within, organizations = chosen_organization(request)
        year = self.get_year(within)
        rows = self.get_rows(year, within)
        if request.GET.get("export") == "csv":
            scope = f"-{within.code}" if within else ""
            filename = f"{self.export_basename}-{year}{scope}.csv"
            return csv_response(inert_rows(self.csv_rows(rows)), filename)
        this_year = timezone.localdate().year
        context = self.get_context_data(
            year=year,
            years=range(max(this_year, year), min(2010, year) - 1, -1),
            within=within,
            organizations=organizations,
            rows=rows,
            export_query=urlencode(
                {"year": year, **({"within": within.pk} if within else {}), "export": "csv"}
            ),
        )
        return self.render_to_response(context)
