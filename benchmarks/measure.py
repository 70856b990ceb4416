"""One database's measurements, in a process of its own: `python -m benchmarks.measure`.

The orchestrator (`python -m benchmarks`) runs this once per generated database and
reads the JSON it writes; a process per database keeps Django's connection, caches and
peak memory apart.
"""

import argparse
import json
import sys
import time
from pathlib import Path

from .database import use_database

PAGE_USER = "bench_office"  # the district office at the province's root: sees everything
ADMIN_USER = "bench_admin"


def run(parts: set[str], *, repeat: int, explain: int) -> dict:
    from django.db import connection

    from apps.accounts.models import User
    from apps.members.models import PartyMember
    from apps.organizations.models import PartyOrganization

    from .generate import sample_records
    from .pages import explain as explain_query
    from .pages import measure_pages

    records = sample_records()
    records["district_path"] = PartyOrganization.objects.get(pk=records["district"]).path
    figures = {
        "database": connection.settings_dict["NAME"],
        "members": PartyMember.objects.count(),
        "records": records,
    }
    if "pages" in parts:
        started = time.perf_counter()
        pages = measure_pages(records, user=PAGE_USER, admin_user=ADMIN_USER, repeat=repeat)
        figures["pages"] = [page.as_dict() for page in pages]
        figures["pages_seconds"] = round(time.perf_counter() - started, 1)
        if explain:
            slowest = sorted(
                (query for page in pages for query in page.slowest_queries), reverse=True
            )[:explain]
            figures["slowest_queries"] = [
                {"ms": round(seconds * 1000, 2), "sql": sql, "plan": explain_query(sql)}
                for seconds, sql in slowest
            ]
    if "results" in parts:
        from .results_sql import measure_results

        user = User.objects.get(username=PAGE_USER)
        figures["results"] = {
            scope: measure_results(
                user, PartyOrganization.objects.get(pk=records[scope]), records["year"]
            )
            for scope in ("district", "root")
        }
    if "export" in parts:
        from .exchange import measure_export

        figures["export"] = measure_export(PAGE_USER)
    if "import" in parts:
        from .exchange import measure_import

        # Earlier parts and runs leave dirty pages behind (hint bits, a VACUUM): flushed
        # now, a checkpoint does not land in the middle of the import and count as its.
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
        figures["import"] = measure_import()
        # Its rolled-back rows stay behind as dead ones until a VACUUM (database.vacuum).
        from .database import vacuum

        vacuum(connection.settings_dict["NAME"])
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--parts", default="pages,results,export,import")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", type=int, default=0, help="EXPLAIN the N slowest queries")
    parser.add_argument("--output", help="write the figures here as JSON (default: stdout)")
    options = parser.parse_args(argv)

    use_database(options.database)
    import django

    django.setup()
    figures = run(set(options.parts.split(",")), repeat=options.repeat, explain=options.explain)
    text = json.dumps(figures, ensure_ascii=False, indent=2, default=str)
    if options.output:
        output = Path(options.output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
