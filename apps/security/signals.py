"""Stamp every login, however it happens (the login form, the admin's, a test's)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import sessions, two_factor


@receiver(user_logged_in, dispatch_uid="security.start_session")
def start_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request.session, code_required=two_factor.confirmed_device(user) is not None)
