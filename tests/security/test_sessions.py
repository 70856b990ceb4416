"""Sessions end with the browser, 8 hours after login, or after an hour without activity."""

import pytest
from django.urls import reverse

from apps.security import sessions
from tests.factories import UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db

HOUR = 60 * 60


def test_the_limits(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * HOUR
    assert settings.SESSION_IDLE_TIMEOUT == HOUR
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_the_session_cookie_dies_with_the_browser(client, tree):
    UserFactory(username="clerk")
    response = log_in(client, "clerk")
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def test_a_login_stamps_the_session(staff_client):
    session = staff_client.session
    assert session[sessions.LOGGED_IN_AT] <= sessions.now()
    assert session[sessions.SEEN_AT] == session[sessions.LOGGED_IN_AT]


def move_stamps(client, **ago):
    session = client.session
    for key, seconds in ago.items():
        session[getattr(sessions, key)] = sessions.now() - seconds
    session.save()


def test_after_eight_hours_the_user_logs_in_again(staff_client):
    move_stamps(staff_client, LOGGED_IN_AT=8 * HOUR + 1, SEEN_AT=60)
    organizations = reverse("organizations:list")
    response = staff_client.get(organizations)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={organizations}"
    assert "_auth_user_id" not in staff_client.session
    # The message is written in the language of the request that ended the session.
    page = staff_client.get(response.url).content.decode()
    assert "Phiên làm việc đã hết hạn" in page


def test_after_an_hour_without_a_request_the_user_logs_in_again(staff_client):
    move_stamps(staff_client, LOGGED_IN_AT=2 * HOUR, SEEN_AT=HOUR + 1)
    response = staff_client.get(reverse("home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in staff_client.session
    page = staff_client.get(response.url).content.decode()
    assert "không thao tác" in page


def test_activity_keeps_the_session_alive(staff_client):
    move_stamps(staff_client, LOGGED_IN_AT=7 * HOUR, SEEN_AT=HOUR - 10)
    assert staff_client.get(reverse("home")).status_code == 200
    seen = staff_client.session[sessions.SEEN_AT]
    assert sessions.now() - seen < 5  # noted, so the next hour starts now


def test_the_last_seen_time_is_written_at_most_once_a_minute(staff_client):
    move_stamps(staff_client, SEEN_AT=20)
    before = staff_client.session[sessions.SEEN_AT]
    staff_client.get(reverse("home"))
    assert staff_client.session[sessions.SEEN_AT] == before


def test_a_session_without_stamps_counts_from_now(staff_client):
    session = staff_client.session
    del session[sessions.LOGGED_IN_AT], session[sessions.SEEN_AT]
    session.save()
    assert staff_client.get(reverse("home")).status_code == 200
    assert sessions.now() - staff_client.session[sessions.LOGGED_IN_AT] < 5
