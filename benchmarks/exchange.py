"""CSV export and import of members at province scale: `python -m benchmarks.exchange`.

- Export: the member list's `?export=csv` through the test client, against
  PostgreSQL's own `COPY (SELECT …) TO STDOUT` of the same cells (labels, dd/mm/yyyy,
  the cell's name) for the same rows in the same order. The target: within 3 times COPY's time.
- Memory: the export in a fresh process (`export-memory`), its peak RSS and
  tracemalloc's peak, for a small and a large export. Streaming keeps them flat.
- Import: 10,000 new members through the members import (`MemberImporter`) with the
  clerks' Excel headers, fully validated and written, inside a transaction rolled back
  afterwards, so the benchmark database stays as generated. The target: 1,000 rows/s.

    .venv/bin/python -m benchmarks.exchange --database thoaison_bench
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from .database import use_database
from .timing import measure_alternately

EXPORT_USER = "bench_office"  # the office at the province's root: sees every member
IMPORT_ROWS = 10_000
EXPORT_REPEAT = 5
PROJECT = Path(__file__).resolve().parent.parent


# --- export ---------------------------------------------------------------------------


def _user(user):
    from apps.accounts.models import User

    return user if isinstance(user, User) else User.objects.get(username=user)


class _Sink:
    """A file-like null sink for COPY: counts bytes and lines, keeps nothing."""

    def __init__(self):
        self.bytes = self.lines = 0

    def write(self, data):
        data = data.encode() if isinstance(data, str) else data
        self.bytes += len(data)
        self.lines += data.count(b"\n")


def _consume(response) -> tuple[int, int]:
    """(bytes, lines) of a streamed response, read to the end and thrown away."""
    if response.status_code != 200:
        raise RuntimeError(f"the export answered {response.status_code}")
    size = lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n")
    return size, lines


def _export_url(query_string: str) -> str:
    from django.urls import reverse

    return reverse("members:list") + "?export=csv" + (f"&{query_string}" if query_string else "")


def export_table(user, query_string: str = ""):
    """The table the member list exports for `user` and `query_string`: the view's own
    scope, filters and ordering, without producing the file."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from apps.members.views import MemberList

    class TableOnly(MemberList):
        def export_csv(self):
            self.exported_table = self.get_table(**self.get_table_kwargs())
            return HttpResponse()

    request = RequestFactory().get(_export_url(query_string))
    request.user = user
    view = TableOnly()
    view.setup(request)
    view.dispatch(request)
    return view.exported_table


def copy_statement(table) -> str:
    """`COPY (SELECT …) TO STDOUT` of the cells `table` exports, computed by PostgreSQL:
    choices as their labels in the current language, dates as dd/mm/yyyy, a foreign key
    as the related object's name; same rows, same order."""
    from django.db import connection
    from django.db.models import Case, CharField, F, Func, Value, When
    from django.utils.encoding import force_str
    from django_tables2.utils import Accessor

    from apps.core.exports import exported_columns

    queryset = table.data.data
    expressions = {}
    for number, bound_column in enumerate(exported_columns(table)):
        path = "__".join(Accessor(bound_column.accessor).bits)
        model, field = queryset.model, None
        for bit in path.split("__"):
            field = model._meta.get_field(bit)
            model = field.related_model or model
        if field.is_relation:
            expression = F(f"{path}__name")
        elif field.choices:
            whens = [
                When(**{path: key}, then=Value(force_str(label)))
                for key, label in field.flatchoices
            ]
            expression = Case(*whens, default=F(path), output_field=CharField())
        elif field.get_internal_type() == "DateField":
            expression = Func(
                F(path), Value("DD/MM/YYYY"), function="to_char", output_field=CharField()
            )
        else:
            expression = F(path)
        expressions[f"cell_{number}"] = expression
    rows = queryset.annotate(**expressions).values_list(*expressions)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        select = cursor.mogrify(sql, params)
    select = select.decode() if isinstance(select, bytes) else select
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)"


def copy_export(statement: str) -> tuple[int, int]:
    """Run a COPY … TO STDOUT into a null sink: (bytes, lines)."""
    from django.db import connection

    sink = _Sink()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(statement, sink)
    return sink.bytes, sink.lines


def export_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _consume(client.get(url))
    return len(captured.captured_queries)


def measure_export(user=EXPORT_USER, query_string: str = "", *, repeat: int = EXPORT_REPEAT):
    """The member list's CSV export against PostgreSQL's COPY of the same cells."""
    user = _user(user)
    from .pages import logged_in_client

    client = logged_in_client(user)
    url = _export_url(query_string)
    size, lines = _consume(client.get(url))
    statement = copy_statement(export_table(user, query_string))
    copy_size, copy_lines = copy_export(statement)
    app, copy = measure_alternately(
        lambda: _consume(client.get(url)), lambda: copy_export(statement), repeat=repeat
    )
    return {
        "url": url,
        "user": user.username,
        "rows": lines - 1,
        "bytes": size,
        "queries": export_queries(client, url),
        "app": app.as_dict(),
        "copy_rows": copy_lines - 1,
        "copy_bytes": copy_size,
        "copy": copy.as_dict(),
        "ratio": round(app.median_ms / copy.median_ms, 2) if copy.median_ms else None,
    }


def _rss_mb(field: str = "VmHWM") -> float:
    """This process's peak (VmHWM) or current (VmRSS) resident memory, from /proc; the
    peak since start from getrusage where /proc is missing."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _reset_peak_rss() -> bool:
    """Start the peak resident memory afresh (Linux 4.0+): only the export counts."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def export_memory(user=EXPORT_USER, query_string: str = "") -> dict:
    """In this (fresh) process: the export's rows, and how far it raised the resident
    memory above where it stood and tracemalloc's peak. Run it through
    `measure_export_memory()`."""
    user = _user(user)
    from .pages import logged_in_client

    client = logged_in_client(user)
    url = _export_url(query_string)
    # Load every module and cache on an empty export, so that only the rows count.
    _consume(client.get(_export_url("q=zzzzzzzz-no-such-member")))
    reset = _reset_peak_rss()
    before = _rss_mb("VmRSS") if reset else _rss_mb()
    size, lines = _consume(client.get(url))
    peak = _rss_mb()
    tracemalloc.start()
    tracemalloc.reset_peak()
    _consume(client.get(url))
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "url": url,
        "rows": lines - 1,
        "bytes": size,
        "rss_mb_before": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_rss_growth_mb": round(peak - before, 1),
        "tracemalloc_peak_mb": round(traced_peak / 2**20, 2),
    }


def measure_export_memory(database: str, user=EXPORT_USER, query_string: str = "") -> dict:
    """`export_memory()` in a fresh Python process pointed at `database`."""
    command = [sys.executable, "-m", "benchmarks.exchange", "export-memory",
               "--database", database, "--user", str(user), "--query", query_string]  # fmt: skip
    finished = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True)
    return {"database": database, **json.loads(finished.stdout)}


def subtree_query_with(rows: int, user=EXPORT_USER) -> tuple[str, int]:
    """A `within=` filter of the member list giving about `rows` rows (the organization
    whose subtree holds the nearest number of members), and its row count."""
    from apps.members.models import PartyMember
    from apps.organizations.models import PartyOrganization

    user = _user(user)
    counts = {}
    members = PartyMember.objects.visible_to(user)
    organizations = PartyOrganization.objects.visible_to(user).filter(depth__lte=2)
    for organization in organizations.exclude(kind__holds_members=True):
        counts[organization.pk] = members.filter(cell__path__startswith=organization.path).count()
    if not counts:
        return "", members.count()
    best = min(counts, key=lambda pk: abs(counts[pk] - rows))
    return f"within={best}", counts[best]


# --- import ---------------------------------------------------------------------------

# The headers of a clerk's own sheet (README: "Importing members from CSV").
IMPORT_HEADERS = ["STT", "Họ và tên", "Giới tính", "Sinh ngày", "Quê quán", "Dân tộc",
                  "Tôn giáo", "Số thẻ Đảng", "CCCD", "Mã chi bộ", "Trạng thái hoạt động",
                  "Ngày vào Đảng (*)", "Ngày chính thức"]  # fmt: skip


def _free_numbers(field: str, prefix: str, width: int, count: int) -> list[str]:
    """`count` numbers `prefix` + digits no member has in `field`, in order."""
    from apps.members.models import PartyMember

    taken = set(
        PartyMember.objects.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True)
    )
    numbers, candidate = [], 0
    while len(numbers) < count:
        number = f"{prefix}{candidate:0{width - len(prefix)}d}"
        if number not in taken:
            numbers.append(number)
        candidate += 1
    return numbers


def _admission_years() -> list[int]:
    """Years a new member can be admitted in without touching an approved year: those
    after the last approved one, as a member's first membership counts them in every
    year from their admission on (before 2026, when the benchmark was written)."""
    from apps.closing.models import YearApproval

    closed = YearApproval.objects.current().values_list("year", flat=True)
    return list(range(max(closed, default=1979) + 1, 2026))


def import_file(user=EXPORT_USER, rows: int = IMPORT_ROWS, *, seed: int = 8) -> bytes:
    """A clerk's CSV of `rows` new members in the user's cells: a title row, their own
    headers, names, dates and statuses as they write them, new card numbers and IDs."""
    import csv
    import io

    from django.utils import timezone

    from apps.members.models import PartyMember
    from apps.organizations.models import PartyOrganization

    from . import names as words

    user = _user(user)
    rng = random.Random(seed)
    cells = list(
        PartyOrganization.objects.visible_to(user)
        .filter(kind__holds_members=True, dissolved_on__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)
    )
    years = _admission_years()
    # A row with the name and admission date of a registered member would be that
    # member (and refused as changing their cell): every row is a new member.
    taken = set(PartyMember.objects.values_list("family_name", "given_name", "admitted_on"))
    cards = _free_numbers("card_number", "79", 8, rows)
    personal_ids = _free_numbers("personal_id", "0899", 12, rows)
    today = timezone.localdate() - datetime.timedelta(days=2)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["DANH SÁCH ĐẢNG VIÊN (nhập bổ sung)"])
    writer.writerow(IMPORT_HEADERS)
    for number in range(rows):
        female = rng.random() < 0.35
        family = rng.choices(*zip(*words.FAMILY_NAMES, strict=True))[0]
        middle = rng.choice(words.FEMALE_MIDDLE_NAMES if female else words.MALE_MIDDLE_NAMES)
        given = rng.choice(words.FEMALE_GIVEN_NAMES if female else words.MALE_GIVEN_NAMES)
        year, admitted = rng.choice(years), None
        # Another day of the same year until the name and date are new.
        while admitted is None or (f"{family} {middle}", given, admitted) in taken:
            admitted = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            admitted = min(admitted, today - datetime.timedelta(days=30))
        taken.add((f"{family} {middle}", given, admitted))
        born = admitted - datetime.timedelta(days=rng.randint(19 * 365, 45 * 365))
        official = admitted + datetime.timedelta(days=rng.randint(366, 420))
        probationary = official > today
        origin = (
            f"xã {rng.choice(words.PLACE_FIRST)} {rng.choice(words.PLACE_SECOND)}, tỉnh An Giang"
        )
        writer.writerow([
            number + 1, f"{family} {middle} {given}", "Nữ" if female else "Nam",
            f"{born:%d/%m/%Y}", origin,
            rng.choices(*zip(*words.ETHNICITIES, strict=True))[0],
            rng.choices(*zip(*words.RELIGIONS, strict=True))[0] or "Không",
            "" if probationary else cards[number], personal_ids[number], rng.choice(cells),
            "Dự bị" if probationary else "Chính thức", f"{admitted:%d/%m/%Y}",
            "" if probationary else f"{official:%d/%m/%Y}",
        ])  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _run_import(user, data: bytes, *, commit: bool) -> tuple[float, object, int]:
    """Run the members import inside a transaction that is rolled back: (seconds,
    report, members written)."""
    from django.db import transaction

    from apps.members.imports import MemberImporter
    from apps.members.models import PartyMember

    with transaction.atomic():
        before = PartyMember.objects.count()
        started = time.perf_counter()
        report = MemberImporter(user).run(data, commit=commit)
        seconds = time.perf_counter() - started
        written = PartyMember.objects.count() - before
        transaction.set_rollback(True)
    return seconds, report, written


def measure_import(rows: int = IMPORT_ROWS, user=EXPORT_USER, *, repeat: int = 1) -> dict:
    """Rows per second of the members import, from the file's bytes to the written rows
    (validation and writing), and of its preview alone; nothing is kept."""
    user = _user(user)
    data = import_file(user, rows)
    preview_seconds, report, _written = min(
        (_run_import(user, data, commit=False) for _ in range(repeat)), key=lambda run: run[0]
    )
    if report.errors:
        raise RuntimeError(f"the generated file has errors: {report.errors[:5]}")
    commit_seconds, report, written = min(
        (_run_import(user, data, commit=True) for _ in range(repeat)), key=lambda run: run[0]
    )
    if not report.applied or written != rows:
        raise RuntimeError(f"the import wrote {written} of {rows} rows: {report.errors[:5]}")
    return {
        "rows": rows,
        "bytes": len(data),
        "preview_seconds": round(preview_seconds, 2),
        "preview_rows_per_second": round(rows / preview_seconds),
        "commit_seconds": round(commit_seconds, 2),
        "rows_per_second": round(rows / commit_seconds),
        "counts": report.counts,
    }


# --- command line ----------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", nargs="?", default="all",
                        choices=["all", "export", "memory", "import", "export-memory"])  # fmt: skip
    parser.add_argument("--database", required=True)
    parser.add_argument("--small-database", help="also measure the export's memory here")
    parser.add_argument("--user", default=EXPORT_USER)
    parser.add_argument("--query", default="", help="the member list's query string")
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="rows to import")
    parser.add_argument("--repeat", type=int, default=EXPORT_REPEAT)
    options = parser.parse_args(argv)

    use_database(options.database)
    import django

    django.setup()
    if options.action == "export-memory":
        print(json.dumps(export_memory(options.user, options.query)))
        return
    figures = {"database": options.database}
    if options.action in ("all", "export"):
        figures["export"] = measure_export(options.user, options.query, repeat=options.repeat)
    if options.action in ("all", "memory"):
        query, _rows = subtree_query_with(10_000, options.user)
        memory = [measure_export_memory(options.database, options.user, options.query)]
        if query:
            memory.append(measure_export_memory(options.database, options.user, query))
        if options.small_database:
            memory.insert(0, measure_export_memory(options.small_database, options.user))
        figures["memory"] = memory
    if options.action in ("all", "import"):
        figures["import"] = measure_import(options.rows, options.user)
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
