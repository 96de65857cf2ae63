"""Where the cores went during a run, from /proc: the whole machine, the gunicorn process tree,
wrk, the PostgreSQL server, and everything else. "Everything else" is what tells whether the
figures were taken on a quiet machine (Linux only; elsewhere every figure is None)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat_fields(pid: int | str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after its closing one.
    return text[text.rindex(")") + 2 :].split()


def machine_busy() -> float | None:
    """CPU-seconds all cores spent not idle since boot."""
    try:
        values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


def tree(pid: int) -> float | None:
    """CPU-seconds of a process, its reaped children (workers replaced after max_requests) and its
    live children (the current workers)."""
    fields = _stat_fields(pid)
    if fields is None:
        return None
    # utime, stime, cutime, cstime are fields 14-17 of stat, 11-14 after the name and state.
    total = sum(int(value) for value in fields[11:15])
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        child_fields = _stat_fields(child)
        if child_fields is not None:
            total += int(child_fields[11]) + int(child_fields[12])
    return total / TICK


def process(pid: int) -> float | None:
    """CPU-seconds of one process (a worker: how evenly the connections spread over them)."""
    fields = _stat_fields(pid)
    return None if fields is None else round((int(fields[11]) + int(fields[12])) / TICK, 1)


def named(name: str) -> dict[int, float]:
    """CPU-seconds of each live process called `name` (e.g. the PostgreSQL server's), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != name:
                continue
        except OSError:
            continue
        fields = _stat_fields(entry.name)
        if fields is not None:
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICK
    return found


def children_reaped() -> float:
    """CPU-seconds of this process's finished children (wrk, once it has exited)."""
    times = os.times()
    return times.children_user + times.children_system


@dataclass
class Sample:
    at: float
    machine: float | None
    gunicorn: float | None
    reaped: float
    postgres: dict[int, float]


def sample(gunicorn_pid: int) -> Sample:
    return Sample(time.monotonic(), machine_busy(), tree(gunicorn_pid), children_reaped(), named("postgres"))


def usage(before: Sample, after: Sample) -> dict:
    """Cores busy on average between two samples, by whom."""
    elapsed = max(after.at - before.at, 1e-6)

    def cores(first: float | None, last: float | None) -> float | None:
        return None if first is None or last is None else round((last - first) / elapsed, 2)

    machine = cores(before.machine, after.machine)
    gunicorn = cores(before.gunicorn, after.gunicorn)
    wrk = cores(before.reaped, after.reaped)
    # Per process: a connection of another job that ended between the samples takes its time with it.
    postgres_seconds = sum(spent - before.postgres.get(pid, 0.0) for pid, spent in after.postgres.items())
    postgres = cores(0.0, postgres_seconds)
    other = None
    if None not in (machine, gunicorn, wrk, postgres):
        other = round(max(0.0, machine - gunicorn - wrk - postgres), 2)
    return {"machine": machine, "gunicorn": gunicorn, "wrk": wrk, "postgres": postgres, "other": other}
