"""Two-step login with an authenticator app (TOTP, through django-otp).

A user has at most one device. It is created unconfirmed when the user opens the set-up
page, confirmed by the first code the app shows, and from then on every login asks for
a code. Turning it off, or an administrator deleting the device in the admin, returns
the user to password-only logins.
"""

import datetime
from base64 import b32encode
from dataclasses import dataclass

import django_otp
import segno
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import sessions

DEVICE_NAME = "Authenticator app"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up, the same one on every visit until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret(device: TOTPDevice) -> str:
    """The key as an app's "enter a set-up key" field takes it: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no image request, no inline style)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#1d1d1b", light="#ffffff", omitsize=True
    )


@dataclass
class Check:
    """The result of checking a code: the device that took it, or why none did."""

    device: TOTPDevice | None = None
    locked_until: datetime.datetime | None = None  # while wrong codes are throttled


def check_code(device: TOTPDevice, code: str) -> Check:
    """Verify a code against one device, with django-otp's throttling of wrong codes.

    The device row is locked for the check, so two requests cannot both use one code.
    """
    code = "".join(code.split())
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return Check(locked_until=(details or {}).get("locked_until"))
        if device.verify_token(code):
            return Check(device=device)
    return Check()


def confirm(request, device: TOTPDevice) -> None:
    """Turn two-step login on: the device is confirmed and this session counts as verified."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
    verified(request, device)


def verified(request, device: TOTPDevice) -> None:
    """The session has passed the second step."""
    django_otp.login(request, device)
    request.session.pop(sessions.CODE_REQUIRED, None)


def turn_off(request) -> None:
    TOTPDevice.objects.devices_for_user(request.user, confirmed=None).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    request.session.pop(sessions.CODE_REQUIRED, None)
