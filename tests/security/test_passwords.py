"""Passwords are hashed with Argon2; older hashes are upgraded at the next login."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

import thoaison.settings as project_settings
from tests.factories import UserFactory

from .conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_hashers(settings):
    """The project's hashers, not the MD5 that tests/conftest.py uses for speed."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with a small cost, for the test that logs in through the form."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


def test_argon2_is_the_first_hasher():
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_a_new_password_is_stored_as_argon2(project_hashers):
    user = UserFactory(username="clerk")
    user.set_password("a new long password 2026")
    user.save()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a new long password 2026")


def test_an_older_hash_is_upgraded_at_login(client, settings):
    settings.PASSWORD_HASHERS = [
        f"{__name__}.QuickArgon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = UserFactory(username="clerk")
    user.password = make_password(PASSWORD, hasher="md5")
    user.save()
    assert log_in(client, "clerk").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
