"""Project-wide guarantees: deploy settings, translations, migrations."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def manage(*args, **env):
    environment = {**os.environ, **env}
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while browser tests run
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_debug_off():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-1234567890",
        ALLOWED_HOSTS="party.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_vietnamese_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(ROOT / "locale/vi/LC_MESSAGES/django.mo"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    assert untranslated == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    compiled = {entry.msgid: entry.msgstr or entry.msgstr_plural.get(0) for entry in mo}
    for entry in po.translated_entries():
        expected = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get(entry.msgid) == expected, f"recompile the .mo: {entry.msgid!r}"


@pytest.mark.django_db
def test_no_missing_migrations():
    from io import StringIO

    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.django_db
def test_postgresql_connections_run_without_the_jit_compiler():
    """The JIT compiler costs more than it saves on the app's queries, and index reads
    are costed as on SSDs (benchmarks/)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the JIT compiler is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
