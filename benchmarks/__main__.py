"""The whole benchmark in one command: `python -m benchmarks` (README, "Performance").

1. generates a province (100,000 members) and a small copy of it (1,000 members) into
   PostgreSQL databases of their own, unless they exist already (`--regenerate`);
2. measures each database in a process of its own (`benchmarks.measure`): every list,
   detail and statistics page with its SQL query count, the admin's changelists, the
   yearly results against hand-written SQL, the CSV export against COPY with the
   process's peak memory, and the import of 10,000 members;
3. runs the load test (`benchmarks.load`: 50 clerks for 60 seconds against gunicorn);
4. prints the figures beside the issue's targets and writes them as JSON to
   benchmarks/results/, where `--compare` finds an earlier run to set beside them.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import database
from .report import check_targets, print_comparison, print_report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable


def run_module(module: str, *arguments, env=None, check=True) -> subprocess.CompletedProcess:
    command = [PYTHON, "-m", module, *map(str, arguments)]
    print(f"$ {' '.join(command[1:])}", flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=check)


def collect_static():
    """Production settings (DEBUG off) serve hashed static files: collect them once."""
    env = {**os.environ, "DEBUG": "0", "HTTPS": "0", "SECRET_KEY": "benchmark-collectstatic"}
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


def ensure_database(name: str, members: int, *, regenerate: bool) -> float | None:
    """Generate `name` unless it exists; the seconds generation took, if it ran."""
    if database.exists(name) and not regenerate:
        print(f"{name}: present (--regenerate to build it again); migrating", flush=True)
        # New migrations (an index, say) reach a database generated before them, so that
        # the figures measure the code as it is.
        environment = dict(os.environ, DATABASE_URL=database.database_url(name))
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT, env=environment, check=True,
        )  # fmt: skip
        database.vacuum(name)
        return None
    started = time.perf_counter()
    run_module("benchmarks.generate", "--database", name, "--members", members)
    return round(time.perf_counter() - started, 1)


def measure(name: str, parts: str, *, repeat: int, explain: int) -> dict:
    output = RESULTS / f"{name}.measure.json"
    run_module(
        "benchmarks.measure", "--database", name, "--parts", parts,
        "--repeat", repeat, "--explain", explain, "--output", output,
    )  # fmt: skip
    return json.loads(output.read_text(encoding="utf-8"))


def export_memory(name: str) -> dict:
    """The export's peak memory, in a fresh process so that nothing else raised it."""
    command = [PYTHON, "-m", "benchmarks.exchange", "export-memory", "--database", name]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(finished.stdout)


def load_test(name: str, *, users: int, seconds: int) -> dict:
    output = RESULTS / f"{name}.load.json"
    result = run_module(
        "benchmarks.load", "--database", name, "--users", users, "--seconds", seconds,
        "--json", output, check=False,
    )  # fmt: skip
    figures = json.loads(output.read_text(encoding="utf-8")) if output.exists() else {}
    figures["exit_status"] = result.returncode
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--members", type=int, default=100_000, help="province size")
    parser.add_argument("--small", type=int, default=1_000, help="size of the small copy")
    parser.add_argument("--regenerate", action="store_true", help="rebuild both databases")
    parser.add_argument("--repeat", type=int, default=20, help="runs per page")
    parser.add_argument("--explain", type=int, default=5, help="EXPLAIN the N slowest queries")
    parser.add_argument("--users", type=int, default=50, help="clerks in the load test")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load test")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--parts", default="pages,results,export,import")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON to compare with")
    parser.add_argument("--output", type=Path, help="where to write this run's JSON")
    options = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    large = database.name_for(options.members)
    small = database.name_for(options.small)
    started = time.perf_counter()
    collect_static()
    report = {
        "started_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "generation_seconds": {
            small: ensure_database(small, options.small, regenerate=options.regenerate),
            large: ensure_database(large, options.members, regenerate=options.regenerate),
        },
    }
    # The small copy only needs its query counts (and the export's memory to compare).
    small_parts = ",".join(part for part in ("pages", "export") if part in options.parts)
    report["small"] = measure(small, small_parts, repeat=3, explain=0)
    report["large"] = measure(large, options.parts, repeat=options.repeat, explain=options.explain)
    if "export" in options.parts:
        report["export_memory"] = {
            "small": export_memory(small),
            "large": export_memory(large),
        }
    if not options.skip_load:
        report["load"] = load_test(large, users=options.users, seconds=options.seconds)
    report["targets"] = check_targets(report)
    report["seconds"] = round(time.perf_counter() - started, 1)

    output = options.output or RESULTS / f"run-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), "utf-8")
    print_report(report)
    if options.compare:
        print_comparison(json.loads(options.compare.read_text(encoding="utf-8")), report)
    print(f"\nFigures written to {output}")
    missed = [target for target in report["targets"] if target["ok"] is False]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
