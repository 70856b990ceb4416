"""Logging in through the form from a given address, and authenticator-app codes."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"  # the factories' password


def log_in(client, username, password=PASSWORD, address="127.0.0.1", **data):
    return client.post(
        reverse("login"), {"username": username, "password": password, **data}, REMOTE_ADDR=address
    )


def in_english(client):
    """Choose English as the language switch does, so that tests can read the English text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def code_for(device) -> str:
    """The code the user's app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device) -> str:
    right = int(code_for(device))
    return f"{(right + 500_000) % 1_000_000:06d}"


@pytest.fixture
def enrolled_admin(superuser):
    """A superuser who has turned two-step login on."""
    TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)
    return superuser
