"""The benchmark's own logic: its page list, database names and target checks."""

import pytest

from benchmarks import database, report
from benchmarks.pages import PAGES, STATISTICS
from tests.accounts.test_every_url import PAGES as EVERY_URL
from tests.accounts.test_every_url import READ

# Read-only pages the benchmark does not time, and why.
NOT_TIMED = {
    "exchange:export": "a CSV download: the export benchmark measures the member list's",
    "audit:record": "one record's history: opened from a detail page's panel",
    "oversight:index": "a redirect to the inspection list",
    "mobilization:index": "a redirect to the model list",
}


def test_every_page_a_reader_opens_is_timed():
    """A new list, detail or statistics page must join the benchmark (or say why not)."""
    reading = {name for name, (needs, _record) in EVERY_URL.items() if needs == READ}
    timed = {page.name for page in PAGES}
    assert reading - timed - set(NOT_TIMED) == set()
    assert set(NOT_TIMED) <= reading


def test_database_names_never_leave_the_benchmark_prefix():
    assert database.name_for(100_000) == "thoaison_bench"
    assert database.name_for(1_000) == "thoaison_bench_1k"
    assert database.name_for(1_000_000) == "thoaison_bench_1m"
    assert database.name_for(2_500) == "thoaison_bench_2500"
    with pytest.raises(ValueError, match="thoaison_bench"):
        database.database_url("thoaison")
    with pytest.raises(ValueError, match="not 'postgres'"):
        database.drop("postgres")


def page(title, kind="list", queries=10, median=50.0, p95=80.0, admin=None, status=200):
    figures = {"page": title, "kind": kind, "status": status, "queries": queries,
               "median_ms": median, "p95_ms": p95, "admin_median_ms": admin}  # fmt: skip
    figures["ratio"] = round(median / admin, 2) if admin else None
    return figures


def checks_named(checks, fragment):
    return [check for check in checks if fragment in check["name"]]


def test_list_pages_are_held_to_their_targets():
    run = {
        "small": {"pages": [page("fast"), page("slow"), page("grows", queries=10)]},
        "large": {
            "pages": [
                page("fast", median=40, p95=90, admin=60),
                page("slow", median=120, p95=150, admin=100),
                page("grows", queries=12),
                page("stats", kind=STATISTICS, median=900, p95=950),
            ]
        },
    }
    checks = report.check_targets(run)
    assert [check["ok"] for check in checks_named(checks, "fast")] == [True, True, True]
    slow = {check["name"]: check["ok"] for check in checks_named(checks, "slow")}
    assert slow["slow: median / p95"] is False
    assert slow["slow: ours / admin"] is False
    assert checks_named(checks, "grows: queries")[0]["ok"] is False
    # Statistics pages have no time target of their own, only a constant query count.
    assert checks_named(checks, "stats") == []


def test_results_export_import_and_load_targets():
    run = {
        "large": {
            "results": {
                "district": {
                    "review_median_ms": 150,
                    "page_median_ms": 190,
                    "review_over_sql": 1.2,
                },
                "root": {"review_median_ms": 700, "page_median_ms": 1100, "review_over_sql": 3.5},
            },
            "export": {"rows": 100_000, "ratio": 2.5},
            "import": {"rows": 10_000, "rows_per_second": 900},
        },
        "export_memory": {
            "small": {"rows": 1_000, "peak_rss_mb": 80.0},
            "large": {"rows": 100_000, "peak_rss_mb": 120.0},
        },
        "load": {"users": 50, "seconds": 60, "failures": 0, "exit_status": 0, "p95_ms": 300},
        "generation_seconds": {"thoaison_bench_1k": 8.0, "thoaison_bench": 310.0},
    }
    ok = {check["name"]: check["ok"] for check in report.check_targets(run)}
    assert ok["results district: page median"] is True
    assert ok["results province: page median"] is False
    assert ok["results province: review / SQL"] is False
    assert ok["CSV export of 100,000 members / COPY"] is True
    assert ok["export peak memory, 1,000 → 100,000 rows"] is False  # grew by 40 MB
    assert ok["import of 10,000 members"] is False
    assert ok["load: 50 clerks, 60 s, failures"] is True
    assert ok["generation of thoaison_bench"] is False
    assert "generation of thoaison_bench_1k" not in ok


def test_the_report_prints_every_figure(capsys):
    run = {
        "small": {"members": 1000, "database": "thoaison_bench_1k", "pages": [page("a")]},
        "large": {"members": 100_000, "database": "thoaison_bench",
                  "pages": [page("a", admin=70.0)]},
    }  # fmt: skip
    run["targets"] = report.check_targets(run)
    report.print_report(run)
    printed = capsys.readouterr().out
    assert "100,000 members" in printed
    assert "ours / admin" in printed
    report.print_comparison(run, run)
    assert "Compared with the run of" in capsys.readouterr().out


def test_a_database_generated_earlier_is_migrated_not_rebuilt(monkeypatch):
    """New indexes reach an existing benchmark database before it is measured."""
    import benchmarks.__main__ as orchestrator

    ran = []
    monkeypatch.setattr(orchestrator.database, "exists", lambda name: True)
    monkeypatch.setattr(
        orchestrator.subprocess, "run", lambda command, **kwargs: ran.append((command, kwargs))
    )
    monkeypatch.setattr(orchestrator, "run_module", lambda *args: ran.append(("generate", args)))
    monkeypatch.setattr(orchestrator.database, "vacuum", lambda name: ran.append(("vacuum", name)))
    assert orchestrator.ensure_database("thoaison_bench", 100_000, regenerate=False) is None
    [(command, options), vacuumed] = ran
    assert command[-3:] == ["migrate", "--noinput", "-v0"]
    assert vacuumed == ("vacuum", "thoaison_bench")  # then measured without dead rows
    assert options["env"]["DATABASE_URL"].endswith("/thoaison_bench")
    ran.clear()
    orchestrator.ensure_database("thoaison_bench", 100_000, regenerate=True)
    assert ran[0][0] == "generate"


def test_a_ratio_is_measured_in_turns():
    """Ours and the admin's alternate run after run, so that a slow spell of the machine
    slows both sides of the ratio."""
    from benchmarks.timing import measure_alternately

    calls = []
    ours, admin = measure_alternately(
        lambda: calls.append("ours"), lambda: calls.append("admin"), repeat=5, warmup=1
    )
    assert calls == ["ours", "admin"] * 6
    assert (ours.runs, admin.runs) == (5, 5)
    assert 0 <= ours.median_ms <= ours.max_ms
