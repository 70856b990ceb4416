"""The Content Security Policy runs no inline script or style, and the templates and pages
give it none to refuse, so nothing breaks and nothing injected runs."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)

TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def inline_code(html: str) -> list[str]:
    """What a policy without 'unsafe-inline' would refuse (or run, without the policy)."""
    found = []
    for attributes, body in SCRIPT.findall(html):
        data_only = re.search(r"type=[\"']application/json[\"']", attributes)
        if body.strip() and not data_only:
            found.append(f"<script> with code: {body.strip()[:60]}")
        if not body.strip() and "src=" not in attributes and not data_only:
            found.append(f"<script{attributes}> without src")
    for tag in TAG.findall(html):
        if EVENT_HANDLER.search(tag):
            found.append(f"event handler in {tag[:80]}")
        if STYLE_ATTRIBUTE.search(tag):
            found.append(f"style attribute in {tag[:80]}")
    if re.search(r"<style\b", html, re.IGNORECASE):
        found.append("<style> element")
    if re.search(r"javascript:", html, re.IGNORECASE):
        found.append("javascript: URL")
    return found


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def test_the_scanner_finds_each_kind_of_inline_code():
    assert inline_code("<script>alert(1)</script>")
    assert inline_code("<script></script>")
    assert inline_code('<button onclick="go()">x</button>')
    assert inline_code('<a href="#"\n   onmouseover = "go()">x</a>')
    assert inline_code('<a href="javascript:go()">x</a>')
    assert inline_code('<div style="color: red">x</div>')
    assert inline_code("<style>p {}</style>")
    assert not inline_code('<script src="/static/js/app.js" defer></script>')
    assert not inline_code('<script type="application/json" id="d">{"a": 1}</script>')
    assert not inline_code("<p>Only one person in the commune.</p>")


def source_files():
    yield from (ROOT / "templates").rglob("*.html")
    for app in (ROOT / "apps").iterdir():
        yield from (app / "templates").rglob("*.html")
        yield from app.glob("*.py")


def test_no_template_or_view_code_has_inline_script_or_style():
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in source_files()
        if (found := inline_code(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "move the code into static/js/app.js and the style into app.css"


def test_pages_carry_a_policy_without_inline_script_or_style(staff_client):
    response = staff_client.get(reverse("organizations:list"))
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_login_page_and_the_lockout_page_carry_it_too(client, db, settings):
    assert policy(client.get(reverse("login")))["script-src"] == ["'self'"]
    settings.AXES_FAILURE_LIMIT = 1
    locked = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert locked.status_code == 429
    assert policy(locked)["script-src"] == ["'self'"]
    assert inline_code(locked.content.decode()) == []


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("organizations:list"),
        reverse("members:list"),
        reverse("security:two_factor"),
        reverse("admin:index"),
        reverse("admin:accounts_user_add"),
        reverse("admin:organizations_partyorganization_changelist"),
    ],
)
def test_rendered_pages_have_nothing_the_policy_would_refuse(client, superuser, tree, url):
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert inline_code(response.content.decode()) == []


def test_the_login_page_has_nothing_the_policy_would_refuse(client, db):
    assert inline_code(client.get(reverse("login")).content.decode()) == []
