"""Pages of the register: each states only what differs from the generic page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from apps.core.concurrency import Watched
from apps.core.models import model_permission
from apps.core.views import (
    ImportPreviewView,
    ImportUploadView,
    PageMixin,
    RecordActionView,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from apps.organizations.forms import chosen_organization

from . import forms, services
from .filters import CandidateFilterSet, MemberFilterSet, OrganizationRatingFilterSet
from .imports import MemberImporter, PositionImporter
from .models import (
    Badge,
    Candidate,
    Discipline,
    MemberRating,
    OrganizationRating,
    PartyMember,
    Position,
)
from .tables import PERSONAL_COLUMNS, CandidateTable, MemberTable, OrganizationRatingTable

MEMBER_QUERYSET = PartyMember.objects.select_related("cell")


class MemberList(RecordListView):
    model = PartyMember
    queryset = MEMBER_QUERYSET.order_by("name_sort_key", "pk")
    table_class = MemberTable
    filterset_class = MemberFilterSet
    create_url_name = "members:admit"
    export_basename = "dang-vien"
    template_name = "members/record_list.html"

    def get_table_kwargs(self):
        if forms.sees_personal_data(self.request.user):
            return {}
        return {"exclude": PERSONAL_COLUMNS}


class MemberDetail(RecordDetailView):
    model = PartyMember
    queryset = MEMBER_QUERYSET
    template_name = "members/member_detail.html"

    def get_detail_fields(self):
        fields = ["family_name", "given_name", "other_name", "gender", "card_number",
                  "old_card_number", "personal_id", "cell", "status", "admission_decided_on",
                  "admitted_on", "official_on", "left_on", "education", "expertise",
                  "political_theory", "occupation"]  # fmt: skip
        if forms.sees_personal_data(self.request.user):
            fields[4:4] = forms.PERSONAL_FIELDS
        return [*fields, "notes"]

    def get_context_data(self, **kwargs):
        self.detail_fields = self.get_detail_fields()
        context = super().get_context_data(**kwargs)
        member = self.object
        context["events"] = member.events.select_related("organization", "recorded_by")
        context["memberships"] = member.memberships.select_related("organization")
        context["positions"] = member.positions.select_related("organization__kind")
        context["ratings"] = member.ratings.all()
        context["badges"] = member.badges.all()
        context["disciplines"] = member.disciplines.all()
        context["exemptions"] = member.exemptions.all()
        context["open_exemption"] = any(e.ended_on is None for e in context["exemptions"])
        return context


class MemberAdmit(PageMixin, FormView):
    """Admission creates the member, their first membership and the first event.

    Opened from a candidate (`?candidate=ID`), the form is filled from the candidate and
    the candidate is marked as admitted in the same transaction.
    """

    model = PartyMember
    permission_action = "add"
    form_class = forms.AdmissionForm
    template_name = "core/record_form.html"
    title = gettext_lazy("Admit a new member")

    def get_candidate(self):
        candidate_id = self.request.GET.get("candidate", "")
        if not candidate_id.isdigit():
            return None
        return get_object_or_404(
            Candidate.objects.visible_to(self.request.user).waiting(), pk=candidate_id
        )

    def get_initial(self):
        initial = super().get_initial()
        candidate = self.get_candidate()
        if candidate is not None:
            initial.update(
                family_name=candidate.family_name,
                given_name=candidate.given_name,
                gender=candidate.gender,
                birth_date=candidate.birth_date,
                cell=candidate.organization,
            )
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("members:list"))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        cell, admitted_on, decision = (
            data.pop("cell"),
            data.pop("admitted_on"),
            data.pop("decision"),
        )
        candidate = self.get_candidate()
        try:
            with transaction.atomic():
                member = services.admit_member(
                    cell=cell,
                    admitted_on=admitted_on,
                    decision=decision,
                    by=self.request.user,
                    **data,
                )
                if candidate is not None:
                    candidate.admitted_member = member
                    candidate.save(update_fields=["admitted_member", "updated_at"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Admitted %s as a probationary member.") % member)
        return HttpResponseRedirect(member.get_absolute_url())


class MemberUpdate(RecordUpdateView):
    model = PartyMember
    queryset = MEMBER_QUERYSET
    form_class = forms.MemberProfileForm


class MemberActionView(RecordActionView):
    """One lifecycle action: the form's fields are the service's keyword arguments.

    The action is refused if the member's state or timeline changed since its page was
    opened (two clerks recognising one member); a profile correction does not refuse it.
    """

    model = PartyMember
    queryset = MEMBER_QUERYSET
    service = None
    watched_fields = ["status", "cell", "admitted_on", "official_on", "left_on"]

    def watched_extra(self, stored):
        last = stored.events.order_by("-happened_on", "-recorded_at", "-pk").first()
        text = "—"
        if last:
            day = formats.date_format(last.happened_on, "SHORT_DATE_FORMAT")
            text = f"{last.get_kind_display()}, {day}"
        return {"last_event": Watched(_("Last recorded step"), str(last.pk if last else ""), text)}

    def get_action_form_kwargs(self):
        return {"user": self.request.user, "member": self.get_object()}

    def get_title(self):
        return f"{self.action_label}: {self.get_object()}"

    def perform(self, form):
        type(self).service(self.get_object(), by=self.request.user, **form.cleaned_data)


def member_action(service, form_class, label, message):
    return type(
        f"{form_class.__name__}View",
        (MemberActionView,),
        {
            "service": staticmethod(service),
            "form_class": form_class,
            "action_label": label,
            "success_message": message,
        },
    )


RecognitionView = member_action(
    services.recognise_official,
    forms.RecognitionForm,
    gettext_lazy("Recognise as official"),
    gettext_lazy("Recognised as an official member."),
)
TransferView = member_action(
    services.transfer_member,
    forms.TransferForm,
    gettext_lazy("Transfer to another cell"),
    gettext_lazy("The member was transferred."),
)
TransferOutView = member_action(
    services.transfer_out,
    forms.TransferOutForm,
    gettext_lazy("Transfer out of the district"),
    gettext_lazy("The member was transferred out."),
)
DeathView = member_action(
    services.record_death,
    forms.DeathForm,
    gettext_lazy("Record death"),
    gettext_lazy("The death was recorded."),
)
RemovalView = member_action(
    services.remove_from_rolls,
    forms.RemovalForm,
    gettext_lazy("Remove from the rolls"),
    gettext_lazy("The member was removed from the rolls."),
)
ExpulsionView = member_action(
    services.expel,
    forms.ExpulsionForm,
    gettext_lazy("Expel"),
    gettext_lazy("The expulsion was recorded."),
)
# Expulsion is a discipline: the inspection commission's, not the organization board's.
ExpulsionView.permission_required = "members.add_discipline"
ExemptionView = member_action(
    services.exempt,
    forms.ExemptionForm,
    gettext_lazy("Exempt from activities"),
    gettext_lazy("The exemption was recorded."),
)
EndExemptionView = member_action(
    services.end_exemption,
    forms.EndExemptionForm,
    gettext_lazy("End the exemption"),
    gettext_lazy("The exemption was ended."),
)


class MemberRecordCreate(RecordCreateView):
    """Add a position, rating, badge or discipline to a member in the user's scope."""

    def dispatch(self, request, *args, **kwargs):
        self.check_permissions(request)
        # The member must lie where the user's roles allow adding this kind of record.
        self.member = get_object_or_404(
            PartyMember.objects.allowing(request.user, model_permission(self.model, "add")),
            pk=kwargs["member_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "member": self.member}

    def get_title(self):
        return f"{capfirst(self.model._meta.verbose_name)}: {self.member}"

    def get_cancel_url(self):
        return self.member.get_absolute_url()

    def get_success_url(self):
        return self.member.get_absolute_url()


class MemberRecordDelete(RecordDeleteView):
    """Delete a side record; scope follows the member it belongs to."""

    def get_base_queryset(self):
        return self.model.objects.select_related("member")

    def get_success_url(self):
        return self.object.member.get_absolute_url()


def record_views(model, form_class):
    create = type(
        f"{model.__name__}Create", (MemberRecordCreate,), {"model": model, "form_class": form_class}
    )
    delete = type(f"{model.__name__}Delete", (MemberRecordDelete,), {"model": model})
    return create, delete


PositionCreate, PositionDelete = record_views(Position, forms.PositionForm)
RatingCreate, RatingDelete = record_views(MemberRating, forms.MemberRatingForm)
BadgeCreate, BadgeDelete = record_views(Badge, forms.BadgeForm)
DisciplineCreate, DisciplineDelete = record_views(Discipline, forms.DisciplineForm)


class CandidateList(RecordListView):
    model = Candidate
    queryset = Candidate.objects.select_related("organization", "admitted_member")
    table_class = CandidateTable
    filterset_class = CandidateFilterSet
    create_url_name = "members:candidate-create"
    template_name = "members/record_list.html"
    export_basename = "quan-chung-uu-tu"


class CandidateCreate(RecordCreateView):
    model = Candidate
    form_class = forms.CandidateForm
    list_url_name = "members:candidate-list"

    def get_success_url(self):
        return reverse("members:candidate-list")


class CandidateUpdate(RecordUpdateView):
    model = Candidate
    form_class = forms.CandidateForm

    def get_success_url(self):
        return reverse("members:candidate-list")


class DevelopmentView(PageMixin, TemplateView):
    """Party development: admissions per year in a subtree, and who is on the way."""

    template_name = "members/development.html"
    title = gettext_lazy("Party development")
    permission_model = PartyMember

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organization, organizations = chosen_organization(self.request)
        members = PartyMember.objects.visible_to(user)
        candidates = Candidate.objects.visible_to(user).waiting()
        if organization is not None:
            members = members.in_subtree(organization)
            candidates = candidates.filter(organization__path__startswith=organization.path)
        context["within"] = organization
        context["organizations"] = organizations
        context["admissions"] = (
            members.values("admitted_on__year")
            .annotate(count=Count("pk"))
            .order_by("-admitted_on__year")
        )
        context["candidates_by_stage"] = [
            (stage.label, count) for stage, count in candidates.count_by_stage().items()
        ]
        return context


class MemberImportUpload(ImportUploadView):
    importer_class = MemberImporter
    preview_url_name = "members:import-preview"
    title = gettext_lazy("Import members from CSV")


class MemberImportPreview(ImportPreviewView):
    importer_class = MemberImporter
    upload_url_name = "members:import"
    done_url_name = "members:list"
    title = gettext_lazy("Check the import")


class PositionImportUpload(ImportUploadView):
    importer_class = PositionImporter
    preview_url_name = "members:position-import-preview"
    title = gettext_lazy("Import positions from CSV")


class PositionImportPreview(ImportPreviewView):
    importer_class = PositionImporter
    upload_url_name = "members:position-import"
    done_url_name = "members:list"
    title = gettext_lazy("Check the import")


class OrganizationRatingList(RecordListView):
    model = OrganizationRating
    queryset = OrganizationRating.objects.select_related("organization")
    table_class = OrganizationRatingTable
    filterset_class = OrganizationRatingFilterSet
    create_url_name = "members:organization-rating-create"
    template_name = "members/record_list.html"
    export_basename = "xep-loai-to-chuc"


class OrganizationRatingCreate(RecordCreateView):
    model = OrganizationRating
    form_class = forms.OrganizationRatingForm
    list_url_name = "members:organization-rating-list"

    def get_success_url(self):
        return reverse("members:organization-rating-list")


class OrganizationRatingUpdate(RecordUpdateView):
    model = OrganizationRating
    queryset = OrganizationRating.objects.select_related("organization")
    form_class = forms.OrganizationRatingForm
    list_url_name = "members:organization-rating-list"

    def get_cancel_url(self):
        return reverse("members:organization-rating-list")

    def get_success_url(self):
        return reverse("members:organization-rating-list")
