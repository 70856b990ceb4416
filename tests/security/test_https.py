"""Production settings: HTTPS behind a proxy (HSTS, secure cookies, redirect), `check
--deploy` clean, and every limit overridable from the environment."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7$Qm2!vR9pZ-production-secret-that-is-long-and-random-8fJ3wX0s",
    "ALLOWED_HOSTS": "dang.thoaison.vn",
    "CSRF_TRUSTED_ORIGINS": "https://dang.thoaison.vn",
    "HTTPS": "1",
}


def run(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while browser tests run
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env) -> dict:
    names = [
        "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_AGE", "SESSION_IDLE_TIMEOUT", "AXES_FAILURE_LIMIT",
        "LOGIN_FAILURE_LIMIT_PER_ADDRESS", "AXES_COOLOFF_TIME", "REVERSE_PROXY_COUNT",
    ]  # fmt: skip
    code = (
        "import json, thoaison.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    result = run("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_in_production():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_https_on():
    values = settings_under(**PRODUCTION)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["REVERSE_PROXY_COUNT"] == 1


def test_without_https_check_deploy_says_what_is_missing():
    result = run(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "0"}
    )
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert warning in result.stderr + result.stdout


def test_limits_come_from_the_environment():
    values = settings_under(
        **PRODUCTION,
        SESSION_COOKIE_AGE="3600",
        SESSION_IDLE_TIMEOUT="900",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_FAILURE_LIMIT_PER_ADDRESS="12",
        LOGIN_LOCKOUT_MINUTES="15",
        SECURE_HSTS_SECONDS="600",
        REVERSE_PROXY_COUNT="2",
    )
    assert values["SESSION_COOKIE_AGE"] == 3600
    assert values["SESSION_IDLE_TIMEOUT"] == 900
    assert values["AXES_FAILURE_LIMIT"] == 3
    assert values["LOGIN_FAILURE_LIMIT_PER_ADDRESS"] == 12
    assert values["AXES_COOLOFF_TIME"] == "0:15:00"
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["REVERSE_PROXY_COUNT"] == 2


@pytest.fixture
def https_settings(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True


@pytest.mark.django_db
def test_behind_the_proxy_plain_http_is_redirected(client, https_settings):
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response.url.startswith("https://")


@pytest.mark.django_db
def test_over_https_the_browser_is_told_to_stay_on_https(client, https_settings, tree):
    from tests.factories import UserFactory

    UserFactory(username="clerk")
    response = client.post(
        reverse("login"),
        {"username": "clerk", "password": "correct horse battery"},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["csrftoken"]["secure"]
