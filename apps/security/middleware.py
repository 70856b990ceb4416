"""Session limits and the second step of a two-step login, enforced on every page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import sessions


class SessionTimeoutMiddleware:
    """End a session SESSION_COOKIE_AGE after its login or SESSION_IDLE_TIMEOUT after its
    last request, and send the user to the login page with a message.

    Django's own expiry date moves forward whenever the session is saved, so it cannot
    cap a session's whole life; the stamps in the session can.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.expiry_reason(
                request.session,
                max_age=settings.SESSION_COOKIE_AGE,
                idle_timeout=settings.SESSION_IDLE_TIMEOUT,
            )
            if reason:
                logout(request)
                if reason == "idle":
                    text = _("You were logged out after a long time without activity.")
                else:
                    text = _("Your session has ended. Please log in again.")
                messages.info(request, text)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class TwoFactorMiddleware:
    """Until a user with two-step login has typed a code, every page leads to the code page.

    This covers the admin too. Only the code page itself, logging out and the language
    switch stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(sessions.CODE_REQUIRED) and request.user.is_authenticated:
            verify = reverse("security:verify")
            if request.path not in {verify, reverse("logout"), reverse("set_language")}:
                return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
