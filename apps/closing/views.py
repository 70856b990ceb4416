"""Pages of closing: the approvals and their history, approving a year, reopening it."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from apps.core.concurrency import UnchangedRecordMixin
from apps.core.views import PageMixin, RecordListView

from . import services
from .filters import ApprovalFilterSet
from .forms import ApprovalForm, ReopenForm
from .locks import registered_models
from .models import YearApproval
from .tables import ApprovalTable


class ApprovalList(RecordListView):
    """Every approval the user may see, current and reopened, newest year first."""

    model = YearApproval
    queryset = YearApproval.objects.select_related(
        "organization", "approved_by", "reopened_by"
    ).order_by("-year", "organization__path", "-approved_at", "-pk")
    table_class = ApprovalTable
    filterset_class = ApprovalFilterSet
    template_name = "closing/approval_list.html"
    export_basename = "phe-duyet-ket-qua-nam"
    title = gettext_lazy("Approved years")

    def get_table_kwargs(self):
        # Decided per row shown from the user's roles: no query over every approval.
        return {"reopen_paths": services.reopen_paths(self.request.user)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_approve"] = self.request.user.has_perm("closing.approve_year")
        return context


def read_only_kinds() -> list[str]:
    """What a closed year makes read-only, named from the registry of governed models."""
    names = []
    for model in registered_models():
        if model._meta.auto_created:
            continue
        name = str(model._meta.verbose_name_plural)
        if name not in names:
            names.append(name)
    return names


class ApproveView(PermissionRequiredMixin, PageMixin, FormView):
    """Approve a year: fill in the form, then confirm on a page that says what closes."""

    permission_required = "closing.approve_year"
    raise_exception = True
    form_class = ApprovalForm
    template_name = "closing/approve.html"
    title = gettext_lazy("Approve a year's results")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # Prefilled from the yearly review page: ?organization=<pk>&year=<yyyy>.
        initial = super().get_initial()
        for name in ("organization", "year"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_url", reverse("closing:list"))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        if not data["confirmed"]:
            confirm = form.data.copy()
            confirm["confirmed"] = "1"
            return self.render_to_response(
                self.get_context_data(
                    form=ApprovalForm(confirm, user=self.request.user),
                    confirming=True,
                    organization=data["organization"],
                    year=data["year"],
                    kinds=read_only_kinds(),
                )
            )
        try:
            services.approve_year(
                data["organization"], data["year"], by=self.request.user, note=data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The results of %(year)s of %(organization)s are approved; that year's records are "
              "now read-only.") % {"year": data["year"], "organization": data["organization"]},
        )  # fmt: skip
        return HttpResponseRedirect(f"{reverse('closing:list')}?year={data['year']}")


class ReopenView(PermissionRequiredMixin, UnchangedRecordMixin, PageMixin, FormView):
    """Reopen an approved year, with a reason that stays on the approval.

    Two people reopening at once: the second is told the approval changed meanwhile.
    """

    permission_required = "closing.reopen_year"
    raise_exception = True
    form_class = ReopenForm
    template_name = "closing/reopen.html"
    title = gettext_lazy("Reopen an approved year")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.approval = get_object_or_404(
                YearApproval.objects.visible_to(request.user).select_related(
                    "organization", "approved_by"
                ),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        if not super().has_permission():
            return False
        # Seeing the district's approval does not make a commune's clerk its reopener.
        return services.in_scope(
            self.request.user, self.approval.organization, "closing.reopen_year"
        )

    def get(self, request, *args, **kwargs):
        if not self.approval.is_current:
            return self.already_reopened()
        return super().get(request, *args, **kwargs)

    def guarded_object(self):
        return self.approval

    def already_reopened(self):
        messages.info(self.request, _("This approval was already reopened."))
        return HttpResponseRedirect(reverse("closing:list"))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("approval", self.approval)
        kwargs.setdefault("cancel_url", reverse("closing:list"))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        refused = self.refuse_if_changed(form)
        if refused is not None:
            return refused
        if not self.approval.is_current:
            return self.already_reopened()
        try:
            services.reopen_year(
                self.approval, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The year %(year)s of %(organization)s is open again; the reopening is recorded.")
            % {"year": self.approval.year, "organization": self.approval.organization},
        )
        return HttpResponseRedirect(f"{reverse('closing:list')}?year={self.approval.year}")
