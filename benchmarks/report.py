"""The issue's targets, checked against a run's figures, and the printed report."""

# The targets of issue 8, on 2 cores with PostgreSQL at province scale.
GENERATION_SECONDS = 300
LIST_MEDIAN_MS = 100
LIST_P95_MS = 200
PROVINCE_RESULTS_MS = 1000
DISTRICT_RESULTS_MS = 200
RESULTS_OVER_SQL = 3
EXPORT_OVER_COPY = 3
# "Memory that does not grow with the row count": the export of 100 times more rows may
# raise the process's peak by no more than this (allocator noise, one chunk of rows).
EXPORT_MEMORY_GROWTH_MB = 16
IMPORT_ROWS_PER_SECOND = 1000


def target(name, value, goal, ok, unit="") -> dict:
    return {"name": name, "value": value, "goal": goal, "unit": unit, "ok": ok}


def _pages_by_title(figures: dict) -> dict:
    return {page["page"]: page for page in figures.get("pages", [])}


def page_targets(report: dict) -> list[dict]:
    checks = []
    large = _pages_by_title(report.get("large", {}))
    small = _pages_by_title(report.get("small", {}))
    for title, page in large.items():
        if page["status"] != 200:
            checks.append(target(f"{title}: answers", page["status"], 200, False))
            continue
        if title in small:
            checks.append(
                target(
                    f"{title}: queries at 1,000 and 100,000 members",
                    f"{small[title]['queries']} / {page['queries']}",
                    "equal",
                    small[title]["queries"] == page["queries"],
                )
            )
        if page["kind"] != "list":
            continue
        checks.append(
            target(
                f"{title}: median / p95",
                f"{page['median_ms']} / {page['p95_ms']}",
                f"< {LIST_MEDIAN_MS} / < {LIST_P95_MS}",
                page["median_ms"] < LIST_MEDIAN_MS and page["p95_ms"] < LIST_P95_MS,
                "ms",
            )
        )
        if page.get("ratio") is not None:
            checks.append(
                target(f"{title}: ours / admin", page["ratio"], "<= 1", page["ratio"] <= 1)
            )
    return checks


def results_targets(report: dict) -> list[dict]:
    checks = []
    results = report.get("large", {}).get("results", {})
    for scope, limit in (("district", DISTRICT_RESULTS_MS), ("root", PROVINCE_RESULTS_MS)):
        figures = results.get(scope)
        if not figures:
            continue
        label = "province" if scope == "root" else "district"
        for measured in ("review", "page"):
            median = figures[f"{measured}_median_ms"]
            checks.append(
                target(f"results {label}: {measured} median", median, f"< {limit}",
                       median < limit, "ms")
            )  # fmt: skip
        checks.append(
            target(f"results {label}: review / SQL", figures["review_over_sql"],
                   f"<= {RESULTS_OVER_SQL}", figures["review_over_sql"] <= RESULTS_OVER_SQL)
        )  # fmt: skip
    return checks


def exchange_targets(report: dict) -> list[dict]:
    checks = []
    export = report.get("large", {}).get("export")
    if export:
        checks.append(
            target(f"CSV export of {export['rows']:,} members / COPY", export["ratio"],
                   f"<= {EXPORT_OVER_COPY}", export["ratio"] <= EXPORT_OVER_COPY)
        )  # fmt: skip
    memory = report.get("export_memory", {})
    if len(memory) == 2:
        small, large = memory["small"], memory["large"]
        growth = round(large["peak_rss_mb"] - small["peak_rss_mb"], 1)
        checks.append(
            target(
                f"export peak memory, {small['rows']:,} → {large['rows']:,} rows",
                f"{small['peak_rss_mb']} → {large['peak_rss_mb']} (+{growth})",
                f"grows < {EXPORT_MEMORY_GROWTH_MB}",
                growth < EXPORT_MEMORY_GROWTH_MB,
                "MB",
            )
        )
    imported = report.get("large", {}).get("import")
    if imported:
        checks.append(
            target(f"import of {imported['rows']:,} members", imported["rows_per_second"],
                   f">= {IMPORT_ROWS_PER_SECOND}",
                   imported["rows_per_second"] >= IMPORT_ROWS_PER_SECOND, "rows/s")
        )  # fmt: skip
    return checks


def other_targets(report: dict) -> list[dict]:
    checks = []
    for name, seconds in report.get("generation_seconds", {}).items():
        if seconds is not None and not name.endswith("k"):
            checks.append(
                target(f"generation of {name}", seconds, f"< {GENERATION_SECONDS}",
                       seconds < GENERATION_SECONDS, "s")
            )  # fmt: skip
    load = report.get("load")
    if load:
        checks.append(
            target(f"load: {load.get('users')} clerks, {load.get('seconds')} s, failures",
                   load.get("failures"), 0, load.get("failures") == 0
                   and load.get("exit_status") == 0)
        )  # fmt: skip
        checks.append(target("load: p95 of every request", load.get("p95_ms"), "printed", None,
                             "ms"))  # fmt: skip
    return checks


def check_targets(report: dict) -> list[dict]:
    return (
        other_targets(report)
        + page_targets(report)
        + results_targets(report)
        + exchange_targets(report)
    )


def _table(rows: list[list], headers: list[str]):
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=False)
    ]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    print(line.format(*headers))
    print(line.format(*("-" * width for width in widths)))
    for row in rows:
        print(line.format(*(str(cell) for cell in row)))


def print_report(report: dict):
    large, small = report.get("large", {}), report.get("small", {})
    print(f"\nProvince: {large.get('members', 0):,} members ({large.get('database')}); "
          f"small copy: {small.get('members', 0):,} ({small.get('database')})")  # fmt: skip
    counts = {page["page"]: page["queries"] for page in small.get("pages", [])}
    rows = [
        [page["page"], page["kind"], counts.get(page["page"], ""), page["queries"],
         page["median_ms"], page["p95_ms"], page.get("admin_median_ms") or "",
         page.get("ratio") or ""]
        for page in large.get("pages", [])
    ]  # fmt: skip
    if rows:
        print("\nPages (ms; queries at the small copy and at the province)")
        _table(rows, ["page", "kind", "q small", "q large", "median", "p95", "admin", "ratio"])
    results = large.get("results", {})
    if results:
        print("\nYearly results (ms)")
        _table(
            [[scope, figures["review_median_ms"], figures["review_p95_ms"],
              figures["page_median_ms"], figures["page_p95_ms"], figures["sql_median_ms"],
              figures["review_over_sql"]] for scope, figures in results.items()],
            ["organization", "review", "review p95", "page", "page p95", "SQL", "review/SQL"],
        )  # fmt: skip
    export = large.get("export")
    if export:
        print(f"\nCSV export: {export['rows']:,} rows, app {export['app']['median_ms']} ms "
              f"(p95 {export['app']['p95_ms']}), COPY {export['copy']['median_ms']} ms "
              f"(p95 {export['copy']['p95_ms']}): ratio {export['ratio']}")  # fmt: skip
    for scale, memory in report.get("export_memory", {}).items():
        print(f"  peak memory ({scale}, {memory['rows']:,} rows): {memory['peak_rss_mb']} MB "
              f"(+{memory['peak_rss_growth_mb']} MB during the export, tracemalloc "
              f"{memory['tracemalloc_peak_mb']} MB)")  # fmt: skip
    imported = large.get("import")
    if imported:
        print(f"\nImport: {imported['rows']:,} members in {imported['commit_seconds']} s: "
              f"{imported['rows_per_second']} rows/s (preview alone "
              f"{imported['preview_rows_per_second']} rows/s)")  # fmt: skip
    load = report.get("load")
    if load:
        print(f"\nLoad: {load.get('users')} clerks for {load.get('seconds')} s: "
              f"{load.get('requests')} requests, {load.get('failures')} failures, "
              f"{load.get('rps')} req/s, median {load.get('median_ms')} ms, "
              f"p95 {load.get('p95_ms')} ms")  # fmt: skip
    print("\nTargets")
    _table(
        [[check["name"], f"{check['value']} {check['unit']}".strip(), check["goal"],
          {True: "ok", False: "MISSED", None: "-"}[check["ok"]]]
         for check in report.get("targets", [])],
        ["target", "value", "goal", ""],
    )  # fmt: skip
    slowest = large.get("slowest_queries", [])
    if slowest:
        print("\nSlowest queries, with PostgreSQL's plan")
        for query in slowest:
            print(f"\n{query['ms']} ms: {query['sql'][:300]}\n{query['plan']}")


def print_comparison(before: dict, after: dict):
    """Each figure of two runs side by side: median milliseconds and query counts."""

    def pages(report):
        return {page["page"]: page for page in report.get("large", {}).get("pages", [])}

    earlier, now = pages(before), pages(after)
    rows = [
        [title, earlier[title]["median_ms"], page["median_ms"],
         earlier[title]["queries"], page["queries"]]
        for title, page in now.items() if title in earlier
    ]  # fmt: skip
    print(f"\nCompared with the run of {before.get('started_at')}")
    _table(rows, ["page", "median before", "median now", "queries before", "queries now"])
    goals = {check["name"]: check for check in before.get("targets", [])}
    _table(
        [[check["name"], goals[check["name"]]["value"], check["value"]]
         for check in after.get("targets", []) if check["name"] in goals],
        ["target", "before", "now"],
    )  # fmt: skip
