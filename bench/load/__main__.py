"""`make load`: seed (or reuse) the load database, then per run: a fresh copy of it, gunicorn up,
warm-up, a measured wrk run, gunicorn down (always), the server log and the database audited.
SQLite: one run with config/gunicorn.py's default workers. PostgreSQL: 1 worker, then 2.

Exit status: 0 when every check passed (0 errors, 0 "database is locked", every acknowledged
write stored exactly once), 1 when one failed or a step could not run (the message says what to
do), 2 when wrk is missing. Never on throughput: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.load import child, cpu, environment, report, server, wrk
from bench.load.environment import LOAD_VAR, SetupError, Target

DEFAULT_SECONDS = 30
WARMUP_SECONDS = 5
# Small: the point is the server under concurrent reads and writes, not search at scale (that is
# `make bench`'s 100k and 1M tiers). Seeding it takes well under a minute and is kept between runs.
DEFAULT_LISTINGS = 20_000
# Four per core: every core and every thread of 2 workers busy, with requests queued behind them,
# the way a loaded (not hopelessly overloaded) server runs.
DEFAULT_CONNECTIONS = 8
WRK_THREADS = 2  # one per core: wrk's event loop is not the bottleneck


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name}={raw!r} is not a positive whole number.")
    return int(raw)


def _say(message: str) -> None:
    print(message, flush=True)


def _child(target_env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 - our interpreter and module, fixed arguments
        [sys.executable, "-m", "bench.load.child", *arguments],
        cwd=environment.ROOT,
        env=target_env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SetupError(f"`bench.load.child {arguments[0]}` failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _ensure_template(target: Target, listings: int, *, reseed: bool) -> dict:
    """The seeded template and its fixture; seeded now unless a current one is kept."""
    stamp = environment.fingerprint(listings)
    fixture_path = environment.fixture_path(target)
    if not reseed and environment.template_is_current(target, stamp):
        _say(f"  reusing the seeded {listings:,}-listing database (LOAD_RESEED=1 to rebuild it)")
        return json.loads(fixture_path.read_text())
    _say(f"  seeding {listings:,} listings, people and {child.WRITERS} API writers (kept for later runs) …")
    started = time.monotonic()
    environment.recreate(target.template_url)
    env = environment.server_environment(target, DATABASE_URL=target.template_url)
    environment.manage(env, "migrate", "--noinput")
    environment.manage(env, "load_taxonomy")
    _say(f"    migrated ({time.monotonic() - started:.0f} s); seeding …")
    print(_child(env, "prepare", "--listings", str(listings), "--out", str(fixture_path)), end="", flush=True)
    environment.mark_template(target, stamp)
    _say(f"    seeded in {time.monotonic() - started:.0f} s")
    return json.loads(fixture_path.read_text())


def _progress(log: Path, seconds: int, start_count: int):
    last = [0.0]

    def tick(elapsed: float) -> None:
        if elapsed - last[0] < 10 or elapsed >= seconds:
            return
        last[0] = elapsed
        answered = _answered(log) - start_count
        _say(f"    {elapsed:3.0f}/{seconds} s: {answered:,} requests answered ({answered / elapsed:,.0f}/s)")

    return tick


def _answered(log: Path) -> int:
    """Requests the app has logged (one pitchin.request line each)."""
    try:
        return log.read_bytes().count(b"pitchin.request")
    except OSError:
        return 0


def _by_kind(statuses: dict[str, int]) -> dict[str, dict]:
    kinds: dict[str, dict] = {}
    for key, count in statuses.items():
        kind, status = key.split(" ", 1)
        item = kinds.setdefault(kind, {"requests": 0, "statuses": {}})
        item["requests"] += count
        item["statuses"][status] = item["statuses"].get(status, 0) + count
    return kinds


def _server_times(log_text: str, label: str) -> dict[str, dict]:
    """Per kind, the app's own duration of the run's requests (its access lines carry the request
    id): wrk measures one latency for all kinds, this says which kind the server spends its time on."""
    durations: dict[str, list[float]] = {}
    prefix = f'"request_id": "load-{label}-'
    for line in log_text.splitlines():
        if prefix not in line or "pitchin.request" not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        kind = record["request_id"].split("-")[2]
        durations.setdefault(kind, []).append(float(record.get("duration_ms") or 0))
    total = sum(sum(values) for values in durations.values()) or 1.0
    times = {}
    for kind, values in durations.items():
        values.sort()
        times[kind] = {
            "median_ms": round(values[len(values) // 2], 1),
            "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1),
            "share_of_server_time": round(sum(values) / total, 3),
        }
    return times


def _one_run(
    target: Target, env: dict[str, str], fixture: dict, *, label: str, workers: int, args: argparse.Namespace
) -> dict:
    _say(f"  {label}: a fresh copy of the seeded database, gunicorn with {workers} worker(s) …")
    environment.copy_template(target)
    environment.clean_run_folders()
    if target.redis_url:
        environment.redis_flush(target.redis_url)
    log = LOAD_VAR / "logs" / f"{target.vendor}-{label}.log"
    work_dir = LOAD_VAR / "runs"
    work_dir.mkdir(parents=True, exist_ok=True)
    process = server.start(env, workers=workers, log=log)
    common = {
        "fixture": fixture,
        "mix": args.mix,
        "close": not args.keepalive,
        "connections": args.connections,
        "threads": WRK_THREADS,
        "work_dir": work_dir,
    }
    try:
        server.wait_ready(process)
        _say(f"    up on {process.url}; warming up for {args.warmup} s …")
        warm = wrk.run(process.url, run=f"warm{label}", seconds=args.warmup, **common)
        _say(f"    measuring for {args.seconds} s ({args.connections} connections) …")
        load_before = os.getloadavg()[0]
        before = cpu.sample(process.popen.pid)
        tick = _progress(log, args.seconds, _answered(log))
        measured = wrk.run(process.url, run=label, seconds=args.seconds, tick=tick, **common)
        usage = cpu.usage(before, cpu.sample(process.popen.pid))
        pids = server.worker_pids(process)
        rss = [value for value in map(server.rss_mib, pids) if value is not None]
        worker_cpu = [value for value in map(cpu.process, pids) if value is not None]
    finally:
        ended = server.stop(process)
        _say(f"    gunicorn {ended}")
    text = process.log_text()
    audit = json.loads(
        _audit(env, {label: measured["acknowledged_writes"], f"warm{label}": warm["acknowledged_writes"]})
    )
    errors = dict(measured["socket_errors"])
    errors["non_2xx_3xx"] = measured["non_2xx_3xx"]
    errors["total"] = sum(errors.values())
    seconds = measured["duration_us"] / 1e6
    percentiles = measured["percentiles_us"]
    return {
        "label": label,
        "workers": workers,
        "threads": int(env.get("GUNICORN_THREADS") or 2),
        "connections": args.connections,
        "seconds": round(seconds, 2),
        "requests": measured["requests"],
        "requests_per_second": round(measured["requests"] / seconds, 1),
        "latency_ms": {
            **{key: round(value / 1000, 1) for key, value in percentiles.items()},
            "mean": round(measured["latency_us"]["mean"] / 1000, 1),
            "max": round(measured["latency_us"]["max"] / 1000, 1),
        },
        "errors": errors,
        "by_kind": _by_kind(measured["statuses"]),
        "server_time_by_kind": _server_times(text, label),
        "requests_per_gunicorn_cpu_second": (
            round(measured["requests"] / (usage["gunicorn"] * seconds), 1) if usage["gunicorn"] else None
        ),
        "first_errors": measured["first_errors"],
        "database_locked_lines": text.lower().count("database is locked"),
        "tracebacks": text.count("Traceback"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "writes": audit[label],
        "warmup_writes": audit[f"warm{label}"],
        "duplicated_activities": audit["duplicated_activities"],
        "worker_rss_mib": rss,
        "worker_cpu_seconds": worker_cpu,
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cores_busy": usage,
        "server_stop": ended,
        "server_log": str(log.relative_to(environment.ROOT)),
    }


def _audit(env: dict[str, str], acknowledged: dict[str, list[str]]) -> str:
    path = LOAD_VAR / "runs" / "acknowledged.json"
    path.write_text(json.dumps(acknowledged))
    return _child(env, "audit", "--acknowledged", str(path))


def _print_run(run: dict) -> None:
    latency, writes, errors = run["latency_ms"], run["writes"], run["errors"]
    _say(
        f"    {run['requests_per_second']:,.1f} requests/s; p50 {latency['p50']} ms, p90 {latency['p90']} ms, "
        f"p99 {latency['p99']} ms; errors {errors['total']} (non-2xx/3xx {errors['non_2xx_3xx']}); "
        f'"database is locked" {run["database_locked_lines"]}; writes {writes["acknowledged"]} acknowledged, '
        f"{writes['missing_count']} missing, {run['duplicated_activities']} duplicated; cores busy "
        f"{run['cores_busy']['machine']} (gunicorn {run['cores_busy']['gunicorn']}, wrk {run['cores_busy']['wrk']}, "
        f"postgres {run['cores_busy']['postgres']}, other {run['cores_busy']['other']})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--seconds", type=int, default=_env_int("LOAD_SECONDS", DEFAULT_SECONDS))
    parser.add_argument("--warmup", type=int, default=WARMUP_SECONDS)
    parser.add_argument("--listings", type=int, default=_env_int("LOAD_LISTINGS", DEFAULT_LISTINGS))
    parser.add_argument("--connections", type=int, default=_env_int("LOAD_CONNECTIONS", DEFAULT_CONNECTIONS))
    parser.add_argument(
        "--workers",
        type=int,
        help="SQLite run's gunicorn workers (default: config/gunicorn.py's, 2 x cores + 1)",
    )
    parser.add_argument("--reseed", action="store_true", default=os.environ.get("LOAD_RESEED") == "1")
    parser.add_argument(
        "--keepalive",
        action="store_true",
        default=os.environ.get("LOAD_KEEPALIVE") == "1",
        help="keep wrk's connections open (each then stays with the worker that accepted it)",
    )
    parser.add_argument("--mix", default=os.environ.get("LOAD_MIX", ""), help='e.g. "hours=10,search=2"')
    args = parser.parse_args()
    try:
        args.mix = wrk.mix_parse(args.mix) if args.mix else dict(wrk.MIX)
    except ValueError as error:
        parser.error(str(error))
    if wrk.wrk_path() is None:
        print(
            "wrk is not installed. `make load` installs Debian's package; or: sudo apt-get install -y wrk",
            file=sys.stderr,
        )
        return 2
    try:
        target = environment.choose(dict(os.environ))
    except SetupError as error:
        print(f"load test: {error}", file=sys.stderr)
        return 1
    from bench.__main__ import machine_info

    machine = machine_info()
    cores = machine["cpus"] or 1
    if target.vendor == "postgresql":
        plan = [("w1", 1), ("w2", 2)]
    else:
        workers = args.workers or 2 * len(os.sched_getaffinity(0)) + 1
        plan = [(f"w{workers}", workers)]
    _say(
        f"Pitch In load test ({target.vendor}; {args.seconds} s per run, {args.connections} connections; "
        f"{cores} CPUs): {target.describe()}"
    )
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    runs = []
    try:
        fixture = _ensure_template(target, args.listings, reseed=args.reseed)
        env = environment.server_environment(target)
        _say("  collecting static files …")
        environment.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        for label, workers in plan:
            run = _one_run(target, env, fixture, label=label, workers=workers, args=args)
            _print_run(run)
            runs.append(run)
    except (SetupError, RuntimeError) as error:
        print(f"\nload test failed: {error}", file=sys.stderr)
        return 1
    mode = {
        "vendor": target.vendor,
        "describe": target.describe(),
        "started": started,
        "seconds": args.seconds,
        "warmup_seconds": args.warmup,
        "connections": args.connections,
        "wrk_threads": WRK_THREADS,
        "mix": args.mix,
        "keepalive": args.keepalive,
        "catalogue": {key: fixture[key] for key in ("listings", "active_listings", "users", "hours_entries")},
        "runs": runs,
    }
    if len(runs) == 2:
        one, two = runs[0]["requests_per_second"], runs[1]["requests_per_second"]
        mode["scaling"] = {"one": one, "two": two, "ratio": round(two / one, 2) if one else 0.0}
        _say(f"  2 workers ÷ 1 worker: {mode['scaling']['ratio']:.2f}x the requests/s")
    settings = {
        "server": "gunicorn --config config/gunicorn.py config.wsgi",
        "request_timeout_seconds": wrk.REQUEST_TIMEOUT_SECONDS,
    }
    report.write(report.merge(mode, machine=machine, settings=settings))
    _say(
        f"  report: {report.MARKDOWN_PATH.relative_to(environment.ROOT)}, {report.JSON_PATH.relative_to(environment.ROOT)}"
    )
    problems = report.failures(mode)
    if problems:
        print(
            "\nload test: checks FAILED: " + "; ".join(problems) + ". The server logs under var/load/logs/ "
            "hold the tracebacks; docs/load.md has the statuses by kind and the first error bodies.",
            file=sys.stderr,
        )
        return 1
    _say('  checks passed: 0 errors, 0 "database is locked", every acknowledged write stored exactly once')
    return 0


if __name__ == "__main__":
    sys.exit(main())
