"""Logging in and out, and switching the interface language."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_then_home(client, tree):
    UserFactory(username="clerk", home_organization=tree["vong_the"])
    response = client.post(
        reverse("login"), {"username": "clerk", "password": "correct horse battery"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Đăng xuất" in page
    assert "Đảng bộ xã Vọng Thê" in page  # the user's organization in the header


def test_wrong_password_is_refused_in_vietnamese(client, tree):
    UserFactory(username="clerk")
    response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "mật khẩu chính xác" in response.content.decode()


def test_logout_ends_the_session(staff_client):
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get(reverse("home")).status_code == 302


def test_language_switch_to_english_and_back(staff_client):
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = staff_client.get(reverse("organizations:list")).content.decode()
    assert "Export CSV" in english
    assert "Party organizations" in english
    staff_client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Xuất CSV" in staff_client.get(reverse("organizations:list")).content.decode()


def test_language_switch_works_before_login(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_dates_are_dd_mm_yyyy_in_both_languages(staff_client, tree):
    organization = tree["vong_the_1"]
    organization.founded_on = "2023-04-24"
    organization.save()
    assert "24/04/2023" in staff_client.get(organization.get_absolute_url()).content.decode()
    staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "24/04/2023" in staff_client.get(organization.get_absolute_url()).content.decode()


def test_vietnamese_even_when_the_browser_asks_for_english(staff_client):
    page = staff_client.get(reverse("organizations:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Xuất CSV" in page.content.decode()
