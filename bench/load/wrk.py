"""Runs wrk (Debian's package, C, one event loop per thread) with mix.lua against the server.

Why wrk and not locust: the machine under test has two cores and the load generator shares them
with gunicorn. wrk drives thousands of requests a second from a fraction of one core; locust's
Python users would need about as much CPU as the server they measure, so the figures would be
the generator's as much as the app's.

Latency caveat: wrk is a closed loop (a connection sends its next request when the previous one
is answered), so a stall delays the requests that would have been sent meanwhile and the high
percentiles read lower than an open stream of users would see ("coordinated omission").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

MIX_SCRIPT = Path(__file__).resolve().parent / "mix.lua"
HOURS_PATH = "/api/v1/me/hours/"
# Requests per 20 sent, by kind: people mostly search and read; one request in ten is a write.
MIX = {"search": 6, "detail": 5, "api": 4, "browse": 3, "hours": 2}
# A request unanswered this long counts as an error (a timeout). wrk's default, 2 s, would count a
# slow answer as a failure; 30 s is gunicorn's own worker timeout, and within a proxy's patience
# (nginx's proxy_read_timeout is 60 s): past it, a visitor would really see an error.
REQUEST_TIMEOUT_SECONDS = 30


def wrk_path() -> str | None:
    return shutil.which("wrk")


def mix_parse(text: str) -> dict[str, int]:
    """LOAD_MIX, e.g. "hours=10,search=2" (kinds left out get 0): to probe one kind, e.g. writes."""
    mix = dict.fromkeys(MIX, 0)
    for part in filter(None, (item.strip() for item in text.split(","))):
        kind, _, weight = part.partition("=")
        if kind not in MIX or not weight.isdigit():
            raise ValueError(f"LOAD_MIX: {part!r} is not kind=weight with a kind among {', '.join(MIX)}")
        mix[kind] = int(weight)
    if not any(mix.values()):
        raise ValueError("LOAD_MIX gives every kind a weight of 0")
    return mix


def schedule(mix: dict[str, int]) -> list[str]:
    """The mix spread evenly (smooth weighted round robin), not in runs of one kind."""
    total = sum(mix.values())
    current = dict.fromkeys(mix, 0)
    order = []
    for _ in range(total):
        for kind, weight in mix.items():
            current[kind] += weight
        chosen = max(current, key=lambda kind: current[kind])
        current[chosen] -= total
        order.append(chosen)
    return order


def _lua(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "{" + ", ".join(_lua(item) for item in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua(key)}] = {_lua(item)}" for key, item in value.items()) + "}"
    raise TypeError(type(value))


def plan_write(path: Path, *, run: str, fixture: dict, mix: dict[str, int], close: bool = False) -> None:
    plan = {
        "run": run,
        "hours_path": HOURS_PATH,
        "schedule": schedule(mix),
        "urls": fixture["urls"],
        "tokens": fixture["tokens"],
        "close": close,
    }
    path.write_text("return " + _lua(plan) + "\n")
    os.chmod(path, 0o600)  # the writers' API tokens


def run(
    url: str,
    *,
    run: str,
    fixture: dict,
    mix: dict[str, int],
    close: bool = False,
    seconds: int,
    connections: int,
    threads: int,
    work_dir: Path,
    tick: Callable[[float], None] | None = None,
) -> dict:
    """One wrk run; returns mix.lua's result (totals, percentiles, statuses by kind, the ids of
    the acknowledged writes) with wrk's own text under "output"."""
    plan, result = work_dir / f"plan-{run}.lua", work_dir / f"result-{run}.json"
    plan_write(plan, run=run, fixture=fixture, mix=mix, close=close)
    result.unlink(missing_ok=True)
    command = [wrk_path() or "wrk", "--threads", str(threads), "--connections", str(connections)]
    command += ["--duration", f"{seconds}s", "--timeout", f"{REQUEST_TIMEOUT_SECONDS}s"]
    command += ["--script", str(MIX_SCRIPT), url]
    env = {**os.environ, "LOAD_PLAN": str(plan), "LOAD_RESULT": str(result)}
    started = time.monotonic()
    output = work_dir / f"wrk-{run}.txt"
    with output.open("wb") as handle:
        popen = subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            while popen.poll() is None:
                time.sleep(1)
                if tick is not None:
                    tick(time.monotonic() - started)
        finally:
            if popen.poll() is None:
                popen.kill()
                popen.wait()
    text = output.read_text(errors="replace")
    if popen.returncode or not result.exists():
        raise RuntimeError(f"wrk failed (status {popen.returncode}):\n{text[-2000:]}")
    data = json.loads(result.read_text(errors="replace"))  # a body cut mid-character
    data["output"] = text
    return data
