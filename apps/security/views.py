"""Two-step login: setting it up, turning it off, and the code asked after the password."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from . import sessions, two_factor
from .forms import CodeForm


class TwoFactorView(FormView):
    """The set-up page: the QR code and key of a new device, or the state of the current one.

    While a device is being set up, the form confirms it; once it is confirmed, the
    same form (with a code, so that a borrowed session cannot do it) turns it off.
    """

    template_name = "security/two_factor.html"
    form_class = CodeForm
    title = gettext_lazy("Two-step login")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.device = two_factor.confirmed_device(user) or two_factor.pending_device(user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["device"] = self.device
        if not self.device.confirmed:
            context["qr_svg"] = two_factor.qr_svg(self.device)
            context["secret"] = two_factor.secret(self.device)
            context["config_url"] = self.device.config_url
        return context

    def form_valid(self, form):
        if self.device.confirmed:
            two_factor.turn_off(self.request)
            messages.success(self.request, _("Two-step login is off."))
        else:
            two_factor.confirm(self.request, form.device)
            messages.success(
                self.request,
                _("Two-step login is on: every login will now ask for a code from the app."),
            )
        return HttpResponseRedirect(reverse("security:two_factor"))


class VerifyView(FormView):
    """The second step of a login, for users with a confirmed device."""

    template_name = "security/verify.html"
    form_class = CodeForm
    title = gettext_lazy("Enter the code")

    def dispatch(self, request, *args, **kwargs):
        self.device = two_factor.confirmed_device(request.user)
        if self.device is None or not request.session.get(sessions.CODE_REQUIRED):
            # Nothing owed: no device (an administrator removed it) or already verified.
            request.session.pop(sessions.CODE_REQUIRED, None)
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "device": self.device}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["next"] = self.request.POST.get("next", self.request.GET.get("next", ""))
        return context

    def get_success_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return target
        return reverse("home")

    def form_valid(self, form):
        two_factor.verified(self.request, form.device)
        return HttpResponseRedirect(self.get_success_url())
