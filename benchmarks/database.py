"""The benchmark databases: named, created and dropped here, never the user's own.

Django reads its database from DATABASE_URL when it starts, so a process points itself
at a benchmark database with `use_database()` before `django.setup()`.
"""

import os

import psycopg2
from psycopg2 import sql

SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")
# Every benchmark database name starts with this, so nothing else can be dropped.
PREFIX = "thoaison_bench"


def name_for(members: int) -> str:
    """The database of a province of `members`: thoaison_bench for the issue's 100,000,
    thoaison_bench_1k, thoaison_bench_1m and the like for other sizes."""
    if members == 100_000:
        return PREFIX
    for size, suffix in ((1_000_000, "m"), (1_000, "k")):
        if members % size == 0:
            return f"{PREFIX}_{members // size}{suffix}"
    return f"{PREFIX}_{members}"


def database_url(name: str) -> str:
    check_name(name)
    return f"{SERVER_URL}/{name}"


def check_name(name: str):
    if not name.startswith(PREFIX):
        raise ValueError(f"benchmark databases are named {PREFIX}*, not {name!r}")


def use_database(name: str):
    """Point this process's Django at the benchmark database `name` (call before setup)."""
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thoaison.settings")
    # Benchmarks measure the app as it runs in production: no debug toolbar of queries,
    # no per-request overhead of DEBUG; the secret is only for this process.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-only-secret-key-not-for-production-use-0123456789"
    )


def _server_connection():
    connection = psycopg2.connect(f"{SERVER_URL}/postgres")
    connection.autocommit = True
    return connection


def exists(name: str) -> bool:
    check_name(name)
    with _server_connection() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def drop(name: str):
    check_name(name)
    connection = _server_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        connection.close()


def create(name: str, template: str | None = None):
    """Create `name` afresh, as a copy of `template` when given (much faster than migrate)."""
    drop(name)
    connection = _server_connection()
    try:
        with connection.cursor() as cursor:
            statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template:
                check_name(template)
                statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            cursor.execute(statement)
    finally:
        connection.close()


def vacuum(name: str):
    """VACUUM (ANALYZE) the database `name`: dead rows gone, statistics and visibility fresh.

    Benchmarks that write and roll back (the import) leave dead rows; where autovacuum is
    off (as on the machine CI runs on) they stay, and the next figures read them and plan
    with row counts four times too high.
    """
    check_name(name)
    connection = psycopg2.connect(database_url(name))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()
