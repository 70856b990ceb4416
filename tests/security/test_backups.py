"""A backup made as the README says restores every record of every app.

PostgreSQL: pg_dump --format=custom, then pg_restore into a fresh database, and again with
--clean --if-exists over it. SQLite: the backup API copies the database while it is open,
and restoring is copying the file back. Both compare every row of every table.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
import sys

import psycopg2
import pytest
from django.apps import apps
from django.db import connection

from apps.closing.models import YearApproval
from apps.members.models import PartyMember
from apps.organizations.models import PartyOrganization
from apps.results.models import ManualValue, Resolution, Target
from tests.exchange.conftest import build_everything

pytestmark = pytest.mark.django_db(transaction=True)

D = datetime.date


def required(program: str) -> str:
    """The program's path; skipped without it, except in CI where a backup must be tested."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} not found: install Debian's postgresql-client to test backups."
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def records(tree, people, district_staff):
    """Records of every app: the exchange tests' world plus results and a closed year."""
    world = build_everything(tree, people, district_staff)
    resolution = Resolution.objects.create(
        organization=tree["district"], kind="congress", number="01-NQ/ĐH",
        title="Nghị quyết Đại hội Đảng bộ huyện lần thứ XII", adopted_on=D(2020, 8, 1),
        first_year=2020, last_year=2025,
    )  # fmt: skip
    Target.objects.create(
        resolution=resolution, indicator_code="members.admitted", year=2023, value=120
    )
    ManualValue.objects.create(
        indicator_code="members.admitted", organization=tree["district"], year=2022, value=118,
        source="Báo cáo 2022", entered_by=district_staff,
    )  # fmt: skip
    YearApproval.objects.create(
        organization=tree["district"], year=2022, approved_by=district_staff
    )
    return world


def project_tables() -> list[str]:
    """The table of every concrete model of every installed app, join tables included."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )


def contents(cursor, tables) -> dict[str, list]:
    found = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')
        found[table] = sorted(cursor.fetchall(), key=repr)
    return found


def assert_same_records(restored_cursor):
    tables = project_tables()
    with connection.cursor() as cursor:
        original = contents(cursor, tables)
    restored = contents(restored_cursor, tables)
    counts = {table: (len(original[table]), len(restored[table])) for table in tables}
    assert {t: c for t, c in counts.items() if c[0] != c[1]} == {}
    assert restored == original
    filled = {table for table, rows in original.items() if rows}
    for label in [
        "organizations", "members", "oversight", "studies", "mobilization", "results",
        "closing", "accounts",
    ]:  # fmt: skip
        app_tables = {m._meta.db_table for m in apps.get_app_config(label).get_models()}
        assert app_tables & filled, f"no {label} records were backed up"
    # A few values, read by name.
    member = PartyMember._meta
    restored_cursor.execute(
        f'SELECT "{member.get_field("place_of_origin").column}" FROM "{member.db_table}" '
        f'WHERE "{member.get_field("card_number").column}" = %s',
        ["093001"],
    )
    assert restored_cursor.fetchall() == [("xã Vọng Thê, huyện Thoại Sơn",)]
    organization = PartyOrganization._meta
    restored_cursor.execute(
        f'SELECT "{organization.get_field("name").column}" FROM "{organization.db_table}" '
        f'WHERE "{organization.get_field("code").column}" = %s',
        ["TS-VTH"],
    )
    assert restored_cursor.fetchall() == [("Đảng bộ xã Vọng Thê",)]


def test_postgresql_dump_and_restore_keep_every_record(records, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the test database is not PostgreSQL (set DATABASE_URL to run this)")
    pg_dump, pg_restore = required("pg_dump"), required("pg_restore")
    database = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": database["HOST"] or "localhost",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"] or "",
        "PGPASSWORD": database["PASSWORD"] or "",
    }
    dump = tmp_path / "thoaison.dump"
    restored_name = f"{database['NAME']}_restored"

    def run(*command):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr

    def server(dbname):
        return psycopg2.connect(
            dbname=dbname,
            host=env["PGHOST"],
            port=env["PGPORT"],
            user=env["PGUSER"],
            password=env["PGPASSWORD"],
        )

    admin = server("postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        cursor.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        run(pg_dump, "--format=custom", f"--file={dump}", f"--dbname={database['NAME']}")
        # Into a fresh database, then over it again as a restore over the live one would.
        restore = [pg_restore, "--no-owner", "--exit-on-error", "--single-transaction"]
        run(*restore, f"--dbname={restored_name}", str(dump))
        run(*restore, "--clean", "--if-exists", f"--dbname={restored_name}", str(dump))
        restored = server(restored_name)
        try:
            with restored.cursor() as cursor:
                assert_same_records(cursor)
        finally:
            restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
        admin.close()


def test_sqlite_backup_while_open_and_restore_keep_every_record(records, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite")
    connection.ensure_connection()
    # The test database lives in memory: first a file of it, standing for db.sqlite3.
    live = tmp_path / "db.sqlite3"
    with sqlite3.connect(live) as target:
        connection.connection.backup(target)
    target.close()
    # The README's command, run on that file while this connection still holds it open.
    backup = tmp_path / "backup.sqlite3"
    reader = sqlite3.connect(live)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM django_migrations").fetchall()
    command = (
        "import sqlite3, sys; src, dst = sqlite3.connect(sys.argv[1]), "
        "sqlite3.connect(sys.argv[2]); src.backup(dst); dst.close()"
    )
    result = subprocess.run(
        [sys.executable, "-c", command, str(live), str(backup)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    reader.rollback()
    reader.close()
    assert result.returncode == 0, result.stderr
    # Restoring is copying the backup over the database file (with the app stopped).
    restored_path = tmp_path / "restored.sqlite3"
    shutil.copyfile(backup, restored_path)
    # Read as Django reads it (dates and times converted), to compare value for value.
    restored = sqlite3.connect(
        restored_path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    try:
        cursor = restored.cursor()
        assert cursor.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert_same_records(_QmarkCursor(cursor))
    finally:
        restored.close()


class _QmarkCursor:
    """sqlite3 takes ? where the PostgreSQL driver (and the comparison) write %s."""

    def __init__(self, cursor):
        self.cursor = cursor

    def execute(self, sql, params=()):
        return self.cursor.execute(sql.replace("%s", "?"), params)

    def fetchall(self):
        return self.cursor.fetchall()
