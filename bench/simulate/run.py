"""The run itself, with Django set up on the simulation's database: register the sources, start
the workers and beat, print progress, stop them, check and report."""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from django.db import connection
from django.db.models import Count

from bench.simulate import analysis, audit, environment, processes, report
from bench.simulate.environment import SIM_VAR
from bench.simulate.farm import HEALTHY, SimulationFarm, source_format
from config import health
from opportunities import services
from opportunities.models import FetchOutcome, FetchRun, Source

PROGRESS_EVERY_SECONDS = 10.0
FAILED = (FetchOutcome.FAILED_TRANSIENT, FetchOutcome.FAILED_PERMANENT, FetchOutcome.REFUSED)


def run(
    *,
    args: argparse.Namespace,
    farm: SimulationFarm,
    env: dict[str, str],
    backends: environment.Backends,
    started: list[processes.Process],
) -> int:
    for number, behaviour in enumerate(farm.behaviours):
        services.source_register(
            name=analysis.source_name(number),
            format=source_format(number, behaviour),
            url=farm.url_for(str(number)),
            # The shortest real interval (the field counts whole minutes; 0 would mean "at every
            # dispatch tick", which no source gets in production).
            fetch_interval_minutes=1,
        )
    print(f"  registered {len(farm.behaviours)} sources; rendering the feeds …", flush=True)
    farm.prerender()
    logs = SIM_VAR / "logs"
    for index in range(1, args.workers + 1):
        arguments = processes.worker_arguments(index=index, pool=args.pool, concurrency=args.concurrency)
        started.append(processes.start(f"worker-{index}", arguments, env=env, log_dir=logs))
    processes.wait_ready(started)
    # The farm's clock (rotation) and the run's both start with beat.
    farm.started_at = time.monotonic()
    began_wall = time.time()
    started.append(processes.start("beat", ["beat", "--loglevel", "INFO"], env=env, log_dir=logs))
    print(f"  workers ready; beat started. Logs: {logs}/\n", flush=True)

    workers = [process for process in started if process.name != "beat"]
    cpu_before = {process.name: processes.usage(process)["cpu_seconds"] for process in workers}
    parent_before = _own_cpu()
    samples = _watch(args=args, farm=farm, started=started, began_wall=began_wall, backends=backends)
    version_at_stop = [farm.version_now(number) for number in range(len(farm.behaviours))]
    # A version out for a whole fetch interval (plus a dispatch tick) should have been fetched.
    due_moment = time.monotonic() - 60 - args.dispatch_seconds
    version_due = [farm.version_at(number, due_moment) for number in range(len(farm.behaviours))]
    resources = {
        process.name: {
            **(now := processes.usage(process)),
            "cpu_seconds_in_window": round(now["cpu_seconds"] - cpu_before[process.name], 2),
        }
        for process in workers
    }
    resources["farm and monitor (this process)"] = {
        "cpu_seconds_in_window": round(_own_cpu() - parent_before, 2)
    }
    stop_began = time.monotonic()
    print("  stopping beat, then the workers (running fetches finish) …", flush=True)
    with processes.kill_on_signal(started):
        ended = processes.stop([p for p in started if p.name == "beat"], grace=30)
        ended |= processes.stop([p for p in started if p.name != "beat"], grace=processes.STOP_GRACE_SECONDS)
    stop_seconds = time.monotonic() - stop_began
    started.clear()
    connection.close()  # the workers wrote a lot: read their result afresh

    print("  checking the database against what the farm served …", flush=True)
    document = _results(
        args=args,
        farm=farm,
        backends=backends,
        began_wall=began_wall,
        samples=samples,
        version_at_stop=version_at_stop,
        version_due=version_due,
        ended=ended,
        stop_seconds=stop_seconds,
        resources=resources,
    )
    if backends.redis_url:
        environment.redis_flush(backends.redis_url)  # the leftover retries belong to no one now
    report.write(document, json_path=args.json, markdown_path=args.markdown)
    report.print_summary(document)
    print(f"\n  wrote {args.json} and {args.markdown}")
    return 0 if all(check["passed"] for check in document["checks"]) else 1


def _watch(
    *,
    args: argparse.Namespace,
    farm: SimulationFarm,
    started: list[processes.Process],
    began_wall: float,
    backends: environment.Backends,
) -> list[dict]:
    """Progress every PROGRESS_EVERY_SECONDS until the time is up; a line per sample."""
    began = time.monotonic()
    samples: list[dict] = []
    last_done, last_at = 0, began
    while True:
        elapsed = time.monotonic() - began
        if elapsed >= args.seconds:
            break
        time.sleep(min(PROGRESS_EVERY_SECONDS, args.seconds - elapsed))
        for process in started:
            if not process.alive():
                raise RuntimeError(
                    f"{process.name} stopped during the run (exit {process.popen.returncode}); its log ends:\n"
                    f"{process.log_tail()}\nFix that, then run `make simulate` again."
                )
        sample = _sample(farm, backends=backends)
        now = time.monotonic()
        sample["t"] = round(now - began, 1)
        rate = (sample["done"] - last_done) / max(now - last_at, 1e-9)
        last_done, last_at = sample["done"], now
        samples.append(sample)
        queues = " ".join(f"{q}={d if d is not None else '?'}" for q, d in sample["queues"].items())
        print(
            f"  t={sample['t']:5.0f}s  fetches {sample['done']:5d} ({sample['done'] / sample['t']:5.1f}/s, "
            f"last {rate:5.1f}/s)  ok {sample['ok']:5d}  304/same {sample['not_modified']:5d}  "
            f"errors {sample['errors']:4d}  paused {sample['paused']:3d}  running {sample['running']:3d}  "
            f"queue {queues}" + (f" unacked={sample['unacked']}" if sample["unacked"] is not None else ""),
            flush=True,
        )
    return samples


def _sample(farm: SimulationFarm, *, backends: environment.Backends) -> dict:
    outcomes = dict(FetchRun.objects.order_by().values_list("outcome").annotate(n=Count("id")))
    done = sum(n for outcome, n in outcomes.items() if outcome != FetchOutcome.RUNNING)
    connection.close()  # SQLite: no read snapshot held open between samples
    return {
        "done": done,
        "ok": outcomes.get(FetchOutcome.OK, 0),
        "not_modified": outcomes.get(FetchOutcome.NOT_MODIFIED, 0),
        "errors": sum(outcomes.get(outcome, 0) for outcome in FAILED),
        "running": outcomes.get(FetchOutcome.RUNNING, 0),
        "paused": Source.objects.filter(enabled=False).count(),
        "queues": health.queue_depths(),
        "unacked": _unacked(backends),
        "farm_requests": farm.snapshot()["requests"],
    }


def _unacked(backends: environment.Backends) -> int | None:
    """Redis: messages delivered but not acknowledged (running, prefetched, or retries waiting for
    their countdown inside a worker). The filesystem transport keeps no such count."""
    if not backends.redis_url:
        return None
    import redis

    try:
        return int(redis.Redis.from_url(backends.redis_url, socket_timeout=5).hlen("unacked"))
    except redis.RedisError:
        return None


def _results(
    *,
    args: argparse.Namespace,
    farm: SimulationFarm,
    backends: environment.Backends,
    began_wall: float,
    samples: list[dict],
    version_at_stop: list[int],
    version_due: list[int],
    ended: dict[str, str],
    stop_seconds: float,
    resources: dict[str, dict],
) -> dict:
    seconds = args.seconds
    runs = analysis.runs_table(started_at_wall=began_wall)
    fetches = analysis.fetch_figures(runs, behaviours=farm.behaviours, seconds=seconds)
    tasks = analysis.task_figures(SIM_VAR / "tasks", started_at_wall=began_wall, seconds=seconds)
    paused = analysis.paused_figures(behaviours=farm.behaviours)
    currency = analysis.currency_figures(farm, version_at_stop=version_at_stop, version_due=version_due)
    audited = audit.read(SIM_VAR / "audit")
    served = farm.snapshot()
    ssrf_refusals = fetches["errors_by_class"].get("refused: non-public address (SSRF)", 0)
    depth = [sum(d or 0 for d in sample["queues"].values()) for sample in samples]
    checks = [
        {
            "name": "all healthy feeds current",
            "passed": currency["healthy_current"] == currency["healthy_feeds"],
            "detail": f"{currency['healthy_current']} of {currency['healthy_feeds']} healthy feeds hold exactly the "
            "listings of the version last served to them"
            + (
                f"; {currency['healthy_never_served']} were never fetched in the run (a first pass over "
                f"{args.feeds} feeds did not fit in {seconds:.0f} s: run longer, or with fewer --feeds)"
                if currency["healthy_never_served"]
                else ""
            ),
        },
        {
            "name": "0 duplicate listings",
            "passed": currency["duplicate_listings"] == 0 and fetches["overlapping_runs"] == 0,
            "detail": f"{currency['duplicate_listings']} duplicate or extra rows; "
            f"{fetches['overlapping_runs']} overlapping fetches of one source",
        },
        {
            "name": "0 listings from broken or hostile feeds",
            "passed": not currency["listings_from_hostile_or_broken"],
            "detail": str(currency["listings_from_hostile_or_broken"] or "none"),
        },
        {
            "name": "0 connections to non-public addresses",
            "passed": not audited["stray_connections"] and audited["processes"] >= args.workers + 1,
            "detail": f"{sum(audited['stray_connections'].values())} connections beyond the farm, broker and "
            f"database in {audited['processes']} audited processes; {ssrf_refusals} redirects to "
            "non-public addresses refused before connecting",
        },
        {
            "name": "Retry-After honoured",
            "passed": served["early_requests_after_429"] == 0,
            "detail": f"{served['early_requests_after_429']} requests came before a 429's Retry-After ran out",
        },
    ]
    from bench.__main__ import machine_info

    return {
        "settings": {
            "seconds": seconds,
            "feeds": args.feeds,
            "workers": args.workers,
            "pool": args.pool,
            "concurrency": args.concurrency,
            "dispatch_interval_seconds": args.dispatch_seconds,
            "rotation_seconds": args.rotation_seconds,
            "fetch_interval_minutes": 1,
            "per_host_concurrency": args.per_host or args.concurrency,
            "client_deadline_seconds": farm.hang_seconds - 10,
            "max_bytes": farm.max_bytes,
            "database": backends.vendor,
            "broker": backends.broker,
        },
        "mix": _mix(farm),
        "machine": {
            **machine_info(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(began_wall)),
            "load_average_at_end": _load(),
        },
        "fetches": fetches,
        "tasks": tasks,
        "paused": paused,
        "currency": currency,
        "audit": audited,
        "farm": served,
        "queue_depth": {
            "max": max(depth, default=0),
            "end": depth[-1] if depth else 0,
            "samples": [{"t": s["t"], **s["queues"], "unacked": s["unacked"]} for s in samples],
        },
        "progress": [
            {k: s[k] for k in ("t", "done", "ok", "not_modified", "errors", "paused")} for s in samples
        ],
        "shutdown": {"processes": ended, "seconds": round(stop_seconds, 1)},
        "resources": _resources(resources, fetches=fetches, seconds=seconds),
        "checks": checks,
    }


def _resources(resources: dict[str, dict], *, fetches: dict, seconds: float) -> dict:
    """CPU spent by the workers in the window, per fetch and per listing written: what a machine
    of this kind can sustain, independent of how busy the simulation kept it."""
    cpu = sum(
        entry["cpu_seconds_in_window"] for name, entry in resources.items() if name.startswith("worker")
    )
    written = fetches["listings_written"]
    return {
        "by_process": resources,
        "worker_cpu_seconds": round(cpu, 1),
        "worker_cores_busy": round(cpu / seconds, 2),
        "cpu_ms_per_fetch": round(cpu * 1000 / max(fetches["fetches_within_window"], 1), 1),
        "cpu_ms_per_listing_written": round(cpu * 1000 / written, 2) if written else None,
    }


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _mix(farm: SimulationFarm) -> dict:
    counts: dict[str, int] = {}
    for behaviour in farm.behaviours:
        counts[behaviour] = counts.get(behaviour, 0) + 1
    return {"by_behaviour": counts, "healthy": sum(n for b, n in counts.items() if b in HEALTHY)}


def _load() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []
