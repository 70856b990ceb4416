"""The load test: clerks working at once against gunicorn, as the app runs in production.

    python -m benchmarks.load --database thoaison_bench [--users 50 --seconds 60 --workers 4]

Starts gunicorn on a free port of 127.0.0.1 against the benchmark database, runs Locust
headless with the clerks of benchmarks/locustfile.py for the given time, stops everything
(also on errors or Ctrl-C), prints per request type the count, failures, median and 95th
percentile, and writes the totals as JSON. Exits non-zero if any request failed.

Response times depend on whatever else the machine runs; the CPU time the server's
processes and their PostgreSQL sessions spent per request hardly does, so it is printed
too, with the requests per second one free core could answer at that cost.

Locust runs in its own process: it monkey-patches the standard library with gevent on
import, which must not reach this process or Django.
"""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NamedTuple

import psycopg2

from benchmarks.database import database_url, exists, use_database
from benchmarks.timing import percentile

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
# Whatever happens, the server gets this long to answer its first request.
STARTUP_SECONDS = 60
# Locust gets this long beyond the run to log in, stop its users and write its files.
LOCUST_GRACE_SECONDS = 90
NAME_WIDTH = 48


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(database: str, application_name: str, seconds: int) -> dict:
    """The environment of a production-like server on the benchmark database.

    Its database sessions carry `application_name`, and live through the run, so that
    the CPU time PostgreSQL spends on them can be read at the end (`cpu_seconds`).
    """
    use_database(database)
    env = dict(os.environ)
    env["DATABASE_URL"] += f"?application_name={application_name}"
    env["CONN_MAX_AGE"] = str(seconds + 300)
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    # As in production, whatever the caller's shell says; plain HTTP on 127.0.0.1.
    env["DEBUG"] = "0"
    env["HTTPS"] = "0"
    env.setdefault("LOG_LEVEL", "ERROR")
    return env


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a live process (Linux /proc), 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()  # from the state field on
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(server: subprocess.Popen, database: str, application_name: str) -> dict:
    """CPU time so far of gunicorn's processes and of PostgreSQL's sessions for it.

    Unlike response times, these hardly depend on what else the machine is running,
    so they say what the requests cost and how many the server can take per core.
    """
    app = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == server.pid:
                    app += process_cpu_seconds(int(entry.name))
            except OSError:
                continue
    with psycopg2.connect(database_url(database)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name]
        )
        backends = [row[0] for row in cursor.fetchall()]
    connection.close()
    return {
        "at": time.time(),
        "app_s": app,
        "database_s": sum(map(process_cpu_seconds, backends)),
    }


def server_errors(log_path: Path) -> list[str]:
    """The server's failed requests and the last line of each traceback, counted."""
    counts, request = {}, None
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("Internal Server Error:", "Bad Request:", "Forbidden")):
            request = line
        elif request and line and not line.startswith((" ", "Traceback", "The above", "During")):
            key = f"{request} -> {line}"[:300]
            counts[key] = counts.get(key, 0) + 1
            request = None
    return [f"{count}x {key}" for key, count in sorted(counts.items(), key=lambda item: -item[1])]


def clerk_accounts(database: str) -> int:
    """How many numbered clerk accounts (bench_clerk_01 …) the generator made: a small
    database has fewer base organizations, and its clerks are then shared by users."""
    with psycopg2.connect(database_url(database)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM accounts_user WHERE username ~ %s AND is_active",
            [r"^bench_clerk_\d+$"],
        )
        count = cursor.fetchone()[0]
    connection.close()
    return count


def collect_static(env: dict):
    """With DEBUG off whitenoise serves the collected files; collect them once."""
    if (PROJECT_ROOT / "staticfiles" / "staticfiles.json").exists():
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        timeout=300,
    )


def start_server(env: dict, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "thoaison.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--threads", str(threads),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--timeout", "60",
        "--graceful-timeout", "5",
        # Longer than a clerk's pause: the default 2 s closes connections the client is
        # about to reuse, which it reports as failed requests (a proxy in front would
        # keep them open the same way).
        "--keep-alive", "10",
        "--log-level", "warning",
    ]  # fmt: skip
    # Its own process group, so that stopping it stops its workers too; its log (the
    # tracebacks of failed requests) goes to a file, summarised by `server_errors`.
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def wait_until_answering(server: subprocess.Popen, url: str):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s")


def stop(process: subprocess.Popen | None):
    """Stop a process started in its own group, with everything it started."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass


def run_locust(
    env: dict, url: str, users: int, seconds: int, spawn_rate: float, csv_prefix: str, sample
):
    """Locust headless for `seconds`; `sample()` is called about every second meanwhile.
    Its exit code (None if it overran) and the CPU seconds it used itself."""
    command = [
        sys.executable, "-m", "locust",
        "-f", str(LOCUSTFILE),
        "--headless",
        "--host", url,
        "--users", str(users),
        "--spawn-rate", str(spawn_rate),
        "--run-time", f"{seconds}s",
        "--stop-timeout", "10",
        "--csv", csv_prefix,
        "--only-summary",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    # Its own summary goes to a log, shown only if it failed: ours is exact.
    with open(f"{csv_prefix}.log", "w", encoding="utf-8") as log:
        locust = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + seconds + LOCUST_GRACE_SECONDS
        try:
            locust_cpu = 0.0
            while locust.poll() is None and time.monotonic() < deadline:
                sample()
                locust_cpu = process_cpu_seconds(locust.pid) or locust_cpu
                time.sleep(1)
            exit_code = locust.poll()
            if exit_code is None:
                print("Locust overran its time and was stopped.", file=sys.stderr)
        finally:
            stop(locust)
    if exit_code not in (0, 1):  # 1: some requests failed, reported below
        print(Path(f"{csv_prefix}.log").read_text(encoding="utf-8")[-5000:], file=sys.stderr)
    return exit_code, locust_cpu


def _number(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def read_locust_total(csv_prefix: str) -> dict:
    """Locust's aggregated row: its requests per second over the run."""
    with open(f"{csv_prefix}_stats.csv", newline="", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                return {"rps": round(_number(row["Requests/s"]), 2)}
    return {}


def summarise(name: str, times: list[float], failures: int) -> dict:
    return {
        "name": name,
        "requests": len(times),
        "failures": failures,
        "median_ms": round(percentile(times, 0.5), 1) if times else 0.0,
        "p95_ms": round(percentile(times, 0.95), 1) if times else 0.0,
        "max_ms": round(max(times), 1) if times else 0.0,
    }


class Request(NamedTuple):
    name: str
    ms: float
    failed: int
    started: float  # Unix time


def read_requests(path: Path) -> list[Request]:
    """Every request the clerks made, as the locustfile wrote them (BENCH_TIMINGS)."""
    with path.open(newline="", encoding="utf-8") as timings:
        return [
            Request(name, float(ms), int(failed), float(started))
            for name, ms, failed, started in csv.reader(timings)
        ]


def summarise_requests(requests: list[Request]) -> tuple[list[dict], list[dict], float]:
    """Exact figures per request type, and totals: all requests, all but the logins
    (slow by design: Argon2), and those that started after the last clerk had logged in
    (the logins load the server while clerks start); and when that was."""
    logins = [request for request in requests if request.name == "POST login"]
    logged_in = max((login.started + login.ms / 1000 for login in logins), default=0.0)

    def total(name, keep) -> dict:
        kept = [request for request in requests if keep(request)]
        return summarise(name, [r.ms for r in kept], sum(r.failed for r in kept))

    names = sorted({request.name for request in requests})
    rows = [total(name, lambda request, name=name: request.name == name) for name in names]
    totals = [
        total("Total", lambda request: True),
        total("Total without login", lambda request: "login" not in request.name),
        total("Total after the last login", lambda request: request.started >= logged_in),
    ]
    return rows, totals, logged_in


def read_failures(csv_prefix: str) -> list[dict]:
    path = Path(f"{csv_prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as failures:
        return list(csv.DictReader(failures))


def _line(row: dict) -> str:
    return (
        f"{row['name'][:NAME_WIDTH]:<{NAME_WIDTH}} {row['requests']:>7} {row['failures']:>5} "
        f"{row['median_ms']:>10.0f} {row['p95_ms']:>8.0f} {row['max_ms']:>8.0f}"
    )


def print_table(rows: list[dict], totals: list[dict]):
    header = f"{'request':<{NAME_WIDTH}} {'count':>7} {'fail':>5} {'median ms':>10}"
    header += f" {'p95 ms':>8} {'max ms':>8}"
    rule = "-" * len(header)
    print("\n".join([header, rule, *map(_line, rows), rule, *map(_line, totals)]))


def run(
    database: str,
    users: int = 50,
    seconds: int = 60,
    workers: int = 4,
    threads: int = 4,
    spawn_rate: float = 10,
    wait: str | None = None,
) -> dict:
    """Run the load test once; the summary as a JSON-able dict."""
    if not exists(database):
        raise SystemExit(f"No database {database}: generate it first (benchmarks.generate).")
    port = free_port()
    application_name = f"thoaison-load-{port}"
    env = server_environment(database, application_name, seconds)
    accounts = clerk_accounts(database)
    if not accounts:
        raise SystemExit(f"{database} has no bench_clerk_NN accounts to log in with.")
    env["BENCH_ACCOUNTS"] = str(accounts)
    if wait:
        env["BENCH_WAIT"] = wait
    collect_static(env)
    url = f"http://127.0.0.1:{port}"
    server = None
    with tempfile.TemporaryDirectory(prefix="thoaison-load-") as folder:
        csv_prefix = str(Path(folder) / "load")
        timings_path = Path(folder) / "timings.csv"
        env["BENCH_TIMINGS"] = str(timings_path)
        log_path = Path(folder) / "server.log"
        try:
            with log_path.open("w", encoding="utf-8") as log:
                server = start_server(env, port, workers, threads, log)
            wait_until_answering(server, url)
            samples = [cpu_seconds(server, database, application_name)]
            started = time.monotonic()
            exit_code, locust_cpu = run_locust(
                env, url, users, seconds, spawn_rate, csv_prefix,
                sample=lambda: samples.append(cpu_seconds(server, database, application_name)),
            )  # fmt: skip
            elapsed = time.monotonic() - started
            samples.append(cpu_seconds(server, database, application_name))
        finally:
            stop(server)
        locust_total = read_locust_total(csv_prefix)
        requests = read_requests(timings_path)
        rows, totals, logged_in = summarise_requests(requests)
        # The CPU spent from the first sample after the last login, on the requests since.
        steady_from = next((cpu for cpu in samples if cpu["at"] >= logged_in), samples[-1])
        steady_requests = sum(request.started >= steady_from["at"] for request in requests)
        errors = server_errors(log_path)
        total = totals[0]
        failures = read_failures(csv_prefix)
    return {
        "database": database,
        "users": users,
        "clerk_accounts": accounts,
        "seconds": seconds,
        "workers": workers,
        "threads": threads,
        "wait": env.get("BENCH_WAIT", "1,3"),
        "locust_exit_code": exit_code,
        "elapsed_s": round(elapsed, 1),
        "requests": total["requests"],
        "failures": total["failures"],
        "rps": locust_total.get("rps", 0.0),
        "median_ms": total["median_ms"],
        "p95_ms": total["p95_ms"],
        "max_ms": total["max_ms"],
        "without_login": totals[1],
        "after_last_login": totals[2],
        "cpu": cpu_summary(samples[0], samples[-1], total["requests"]),
        # Locust shares the machine: what it takes is not available to the server.
        "load_generator_cpu_s": round(locust_cpu, 1),
        "cpu_after_last_login": cpu_summary(steady_from, samples[-1], steady_requests),
        "by_request": rows,
        "server_errors": errors[:20],
        "failure_messages": [
            {"name": row.get("Name"), "error": row.get("Error"), "count": row.get("Occurrences")}
            for row in failures
        ],
    }


def cpu_summary(before: dict, after: dict, requests: int) -> dict:
    app = after["app_s"] - before["app_s"]
    database = after["database_s"] - before["database_s"]
    per_request = (app + database) * 1000 / requests if requests else 0.0
    return {
        "app_s": round(app, 1),
        "database_s": round(database, 1),
        "ms_per_request": round(per_request, 1),
        # What the server could answer with the mix of this run on one free core.
        "capacity_rps_per_core": round(1000 / per_request, 1) if per_request else None,
    }


def _stop_on_sigterm(signum, frame):
    # Turn SIGTERM into an exception so that the `finally` blocks stop the server.
    raise SystemExit(128 + signum)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a thoaison_bench* database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--wait", help="a clerk's pause between steps in seconds, 'MIN,MAX'")
    parser.add_argument("--json", type=Path, help="also write the summary to this file")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)

    summary = run(
        args.database,
        users=args.users,
        seconds=args.seconds,
        workers=args.workers,
        threads=args.threads,
        spawn_rate=args.spawn_rate,
        wait=args.wait,
    )
    totals = [{**summary, "name": "Total"}, summary["without_login"], summary["after_last_login"]]
    print_table(summary["by_request"], totals)
    print(
        f"\n{summary['users']} clerks, {summary['seconds']} s, gunicorn {summary['workers']} "
        f"workers x {summary['threads']} threads: {summary['requests']} requests, "
        f"{summary['failures']} failed, {summary['rps']} requests/s, "
        f"median {summary['median_ms']:.0f} ms, p95 {summary['p95_ms']:.0f} ms "
        f"(without the logins: {summary['without_login']['p95_ms']:.0f} ms; after the last "
        f"login: {summary['after_last_login']['p95_ms']:.0f} ms)"
    )
    for label, cpu in [
        ("", summary["cpu"]),
        (" after the last login", summary["cpu_after_last_login"]),
    ]:
        print(
            f"Server CPU{label}: gunicorn {cpu['app_s']} s, PostgreSQL {cpu['database_s']} s, "
            f"{cpu['ms_per_request']} ms per request: about {cpu['capacity_rps_per_core']} "
            "requests/s per free core"
        )
    print(f"Locust itself used {summary['load_generator_cpu_s']} s of CPU.")
    for failure in summary["failure_messages"]:
        print(f"FAILED {failure['count']}x {failure['name']}: {failure['error']}")
    for error in summary["server_errors"]:
        print(f"SERVER {error}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    ok = summary["requests"] > 0 and summary["failures"] == 0 and summary["locust_exit_code"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
