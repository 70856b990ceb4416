"""Failed logins are limited per username and address, and per address; the lock lifts
after the wait, after a successful login of that account, or when an administrator resets it."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.security.lockout import client_ip
from tests.factories import UserFactory

from .conftest import in_english, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(tree):
    return UserFactory(username="clerk", home_organization=tree["vong_the"])


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 6
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


def fail(client, username, times, address="127.0.0.1"):
    return [log_in(client, username, "wrong", address) for _ in range(times)]


def test_the_defaults_are_five_per_account_and_thirty_per_address(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 30
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_wrong_passwords_up_to_the_limit_then_the_lockout_page(client, clerk, limits):
    first, second, third = fail(client, "clerk", 3)
    assert first.status_code == second.status_code == 200  # the form again, with its error
    assert third.status_code == 429
    page = log_in(in_english(client), "clerk").content.decode()
    assert "Login temporarily refused" in page
    retry_at = timezone.localtime(timezone.now() + datetime.timedelta(minutes=30))
    assert retry_at.strftime("%H:%M") in page or (
        (retry_at - datetime.timedelta(minutes=1)).strftime("%H:%M") in page
    )
    assert "in 30 minutes" in page
    assert "_auth_user_id" not in client.session
    assert "wrong" not in AccessAttempt.objects.get(username="clerk").post_data


def test_the_right_password_is_refused_while_locked(client, clerk, limits):
    fail(client, "clerk", 3)
    response = log_in(client, "clerk")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_page_is_in_vietnamese(client, clerk, limits):
    fail(client, "clerk", 3)
    response = log_in(client, "clerk")
    assert response.status_code == 429
    assert 'lang="vi"' in response.content.decode()
    assert "registration/locked_out.html" in [template.name for template in response.templates]


def test_the_same_account_from_another_address_still_logs_in(client, clerk, limits):
    fail(client, "clerk", 3, address="10.0.0.1")
    response = log_in(client, "clerk", address="10.0.0.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_one_address_trying_many_usernames_is_locked_for_all(client, clerk, limits):
    # Two failures for each of three names: no account reaches 3, the address reaches 6.
    responses = [*fail(client, "an", 2), *fail(client, "binh", 2), *fail(client, "chau", 2)]
    assert [r.status_code for r in responses] == [200] * 5 + [429]
    assert log_in(client, "clerk").status_code == 429
    assert log_in(client, "clerk", address="10.0.0.9").status_code == 302


def test_the_lock_lifts_after_the_wait(client, clerk, limits):
    fail(client, "clerk", 3)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client, "clerk").status_code == 302


def test_a_successful_login_forgets_that_accounts_failures_only(client, clerk, limits):
    fail(client, "clerk", 2)
    fail(client, "other", 2)
    assert log_in(client, "clerk").status_code == 302
    client.post(reverse("logout"))
    assert fail(client, "clerk", 2)[-1].status_code == 200  # counting from zero again
    # The address's failures for other names still count: 2 + 2 + 2 = 6.
    assert fail(client, "someone", 2)[-1].status_code == 429


def test_an_administrator_lifts_the_lock_with_the_reset_command(client, clerk, limits):
    fail(client, "clerk", 3)
    call_command("axes_reset_username", "clerk", stdout=StringIO())
    assert log_in(client, "clerk").status_code == 302


def test_an_administrator_sees_and_deletes_the_lock_in_the_admin(client, clerk, superuser, limits):
    fail(client, "clerk", 3)
    admin = type(client)()
    admin.force_login(superuser)
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert "clerk" in changelist.content.decode()
    attempt = AccessAttempt.objects.get(username="clerk")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "clerk").status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.REVERSE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the client-written 6.6.6.6
    settings.REVERSE_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.REVERSE_PROXY_COUNT = 0  # no proxy: the header is the client's own words
    assert client_ip(request) == "10.1.1.1"


def test_a_client_cannot_dodge_the_lock_by_writing_its_own_forwarded_for(
    client, clerk, limits, settings
):
    settings.REVERSE_PROXY_COUNT = 1
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3"]:
        response = client.post(
            reverse("login"),
            {"username": "clerk", "password": "wrong"},
            REMOTE_ADDR="10.1.1.1",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.7",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_the_admin_login_is_limited_too(client, superuser, limits):
    url = reverse("admin:login")
    for _ in range(3):
        response = client.post(url, {"username": "root", "password": "wrong", "next": "/admin/"})
    assert response.status_code == 429
