"""Optional two-step login: setting it up, the code after the password, the admin behind
it, turning it off; users without a device log in as before."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.security import sessions
from tests.factories import UserFactory

from .conftest import code_for, in_english, log_in, wrong_code

pytestmark = pytest.mark.django_db

SETUP = reverse("security:two_factor")
VERIFY = reverse("security:verify")


# --- setting it up --------------------------------------------------------------------


def test_the_setup_page_shows_a_qr_code_the_key_and_the_address(staff_client, district_staff):
    page = staff_client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=district_staff)
    assert not device.confirmed
    assert "<svg" in page
    assert 'class="segno"' in page
    assert "otpauth://totp/Tho%E1%BA%A1i%20S%C6%A1n%3Astaff?" in page
    secret = page.split("data-secret>")[1].split("<")[0].replace(" ", "")
    assert f"secret={secret}" in device.config_url
    assert "http://" not in page.split("<svg")[1].split("</svg>")[0].replace(
        "http://www.w3.org", ""
    )  # the QR code is drawn in the page, fetched from nowhere


def test_reloading_the_setup_page_keeps_the_same_key(staff_client, district_staff):
    staff_client.get(SETUP)
    staff_client.get(SETUP)
    assert TOTPDevice.objects.filter(user=district_staff).count() == 1


def test_a_wrong_code_does_not_turn_it_on(staff_client, district_staff):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get(user=district_staff)
    response = staff_client.post(SETUP, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert not device.confirmed


def test_the_apps_code_turns_it_on_and_verifies_this_session(staff_client, district_staff):
    staff_client.get(SETUP)
    device = TOTPDevice.objects.get(user=district_staff)
    response = staff_client.post(SETUP, {"code": code_for(device)}, follow=True)
    device.refresh_from_db()
    assert device.confirmed
    assert staff_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert response.context["device"] == device
    assert 'data-two-factor="on"' in response.content.decode()
    assert staff_client.get(reverse("home")).status_code == 200  # no code asked again


# --- the second step of a login -------------------------------------------------------


def test_a_user_without_a_device_logs_in_with_the_password_alone(client, tree):
    UserFactory(username="clerk", home_organization=tree["vong_the"])
    response = log_in(client, "clerk")
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert sessions.CODE_REQUIRED not in client.session


def test_after_the_password_every_page_asks_for_the_code(client, enrolled_admin):
    log_in(client, "root", next="/organizations/")
    assert client.session[sessions.CODE_REQUIRED] is True
    for url in [reverse("home"), reverse("organizations:list"), reverse("admin:index"), SETUP]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(f"{VERIFY}?next=")
    assert client.get(VERIFY).status_code == 200


def test_the_admin_waits_for_the_code(client, enrolled_admin):
    log_in(client, "root")
    users = reverse("admin:accounts_user_changelist")
    assert client.get(users).url == f"{VERIFY}?next={users.replace('/', '%2F')}"


def test_the_right_code_opens_the_requested_page(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    log_in(client, "root")
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert sessions.CODE_REQUIRED not in client.session
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_is_refused_and_repeated_guesses_are_slowed(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    log_in(in_english(client), "root")
    first = client.post(VERIFY, {"code": wrong_code(device)})
    second = client.post(VERIFY, {"code": code_for(device)})  # right, but too soon
    assert "wrong or has expired" in first.content.decode()
    assert "Too many wrong codes" in second.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_used_code_cannot_be_used_again(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    code = code_for(device)
    log_in(client, "root")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    log_in(other, "root")
    assert other.post(VERIFY, {"code": code}).status_code == 200


def test_the_code_page_does_not_send_the_user_elsewhere(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    log_in(client, "root")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_logging_out_is_possible_before_the_code(client, enrolled_admin):
    log_in(client, "root")
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_device_deleted_by_an_administrator_no_longer_asks(client, enrolled_admin):
    log_in(client, "root")
    TOTPDevice.objects.filter(user=enrolled_admin).delete()
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


# --- turning it off -------------------------------------------------------------------


def test_turning_it_off_needs_a_code(client, enrolled_admin):
    device = TOTPDevice.objects.get(user=enrolled_admin)
    log_in(client, "root")
    client.post(VERIFY, {"code": code_for(device)})
    device.refresh_from_db()
    device.last_t -= 1  # the next code: the app shows a new one every 30 seconds
    device.save()
    assert client.post(SETUP, {"code": ""}).status_code == 200
    assert TOTPDevice.objects.filter(user=enrolled_admin).exists()
    client.post(SETUP, {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=enrolled_admin).exists()
    client.post(reverse("logout"))
    log_in(client, "root")
    assert client.get(reverse("home")).status_code == 200


def test_the_devices_are_in_the_admin_without_their_keys(enrolled_admin):
    admin = Client()
    admin.force_login(enrolled_admin)
    session = admin.session
    session.pop(sessions.CODE_REQUIRED)
    session.save()
    device = TOTPDevice.objects.get(user=enrolled_admin)
    page = admin.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
