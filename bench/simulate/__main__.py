"""`make simulate` (python -m bench.simulate): the feed-farm simulation of running at scale.

A loopback farm serves N feeds of mixed behaviour (farm.MIX); the sources are registered with a
one-minute interval on a database of the simulation's own; two real Celery workers and one beat
run for --seconds (SIM_SECONDS, default 180), beat looking for due sources every 5 s. Then the
workers are stopped and the run is checked against what the farm served: every healthy feed
current, no duplicate listing, no listing from a broken or hostile feed, no connection to an
address other than the farm, the broker and the database. Writes bench/simulation.json and
docs/simulation.md; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
from pathlib import Path

from bench.simulate import environment, processes
from bench.simulate.environment import ROOT, SIM_VAR, SetupError

DEFAULT_SECONDS = 180


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.simulate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=os.environ.get("SIM_SECONDS", str(DEFAULT_SECONDS)))
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool", choices=["threads", "prefork"], default="threads")
    parser.add_argument("--concurrency", type=int, default=8, help="tasks at once per worker")
    parser.add_argument("--dispatch-seconds", type=int, default=5, help="SOURCES_DISPATCH_INTERVAL_SECONDS")
    parser.add_argument("--rotation-seconds", type=float, default=90, help="a rotating feed's new version")
    parser.add_argument(
        "--per-host",
        type=int,
        default=0,
        help="FEEDS_PER_HOST_CONCURRENCY (default: the pool size, since all feeds share one host name)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "simulation.json")
    parser.add_argument("--markdown", type=Path, default=ROOT / "docs" / "simulation.md")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="rewrite the markdown from the JSON of the last run; run nothing",
    )
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    if args.render_only:
        from bench.simulate import report

        report.write(json.loads(args.json.read_text()), json_path=args.json, markdown_path=args.markdown)
        print(f"wrote {args.markdown} from {args.json}")
        return 0
    if args.seconds < 30:
        print("--seconds must be at least 30: the first pass over the feeds alone takes that long.")
        return 2
    # SIGTERM (a CI timeout, `kill`) takes the same way out as Ctrl-C: the children are stopped.
    # SIGINT explicitly too: a shell starting us in the background may have set it to be ignored.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        return _simulate(args)
    except SetupError as exc:
        print(f"\nsimulation not started: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"\nsimulation failed: {exc}\nEvery process's log is in {SIM_VAR / 'logs'}/.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: workers, beat and the farm were stopped; no report written.", file=sys.stderr)
        return 130


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _simulate(args: argparse.Namespace) -> int:
    backends = environment.choose_backends(dict(os.environ))
    print(
        f"Pitch In simulation: {args.feeds} feeds, {args.workers} workers ({args.pool} x {args.concurrency})"
    )
    print(f"  + beat, {args.seconds:.0f} s; {backends.describe()}", flush=True)

    # The farm first: the workers must be told its port. Settings it mirrors are the app's own.
    from bench.simulate.farm import SimulationFarm

    deadline = float(os.environ.get("FEEDS_HTTP_TIMEOUT", 20.0))
    max_bytes = int(os.environ.get("FEEDS_MAX_BYTES", 15 * 1024 * 1024))
    farm = SimulationFarm(
        feeds=args.feeds,
        rotation_seconds=args.rotation_seconds,
        max_bytes=max_bytes,
        client_deadline=deadline,
    )
    started: list[processes.Process] = []
    farm.start()
    try:
        port = farm.base_port
        env = environment.child_environment(
            backends,
            SOURCES_DISPATCH_INTERVAL_SECONDS=str(args.dispatch_seconds),
            FETCH_ALLOWED_PRIVATE_HOSTS=f"localhost:{port}",
            FEEDS_PER_HOST_CONCURRENCY=str(args.per_host or args.concurrency),
            SIM_AUDIT_DIR=str(SIM_VAR / "audit"),
            SIM_AUDIT_ALLOWED=",".join(_allowed_destinations(backends, port)),
            SIM_TASK_LOG_DIR=str(SIM_VAR / "tasks"),
            SIM_PARENT_PID=str(os.getpid()),
        )
        print("  preparing the database (migrate, taxonomy) and the broker …", flush=True)
        environment.prepare(backends, env)
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from bench.simulate import run

        return run.run(args=args, farm=farm, env=env, backends=backends, started=started)
    finally:
        if started:
            print("  stopping workers and beat (Ctrl-C again to kill them at once) …", flush=True)
            with processes.kill_on_signal(started):
                for name, how in processes.stop(started, grace=processes.STOP_GRACE_SECONDS).items():
                    if not how.startswith("exited (0)"):
                        print(f"    {name}: {how}")
        farm.stop()


def _allowed_destinations(backends: environment.Backends, port: int) -> list[str]:
    from urllib.parse import urlsplit

    allowed = [f"127.0.0.1:{port}"]
    for url, default_port in ((backends.redis_url, 6379), (backends.database_url, 5432)):
        if url and not url.startswith("sqlite"):
            parts = urlsplit(url)
            address = socket.gethostbyname(parts.hostname or "localhost")
            allowed.append(f"{address}:{parts.port or default_port}")
    return allowed


if __name__ == "__main__":
    sys.exit(main())
