"""The real worker and beat processes: started in their own process groups (a Ctrl-C in the
terminal reaches only the simulation, which then stops them in order) and always stopped: SIGTERM
(Celery's warm shutdown: running tasks finish), then SIGKILL to the whole group after a grace
period. If the simulation itself is killed outright, each one stops itself (worker_app's watchdog
sees its parent gone)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.backends import spawn

APP = "bench.simulate.worker_app"
# Longer than a dripping fetch (the 20 s client deadline) plus its write: a warm shutdown ends.
STOP_GRACE_SECONDS = 60


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def start(name: str, arguments: list[str], *, env: dict[str, str], log_dir: Path) -> Process:
    log = log_dir / f"{name}.log"
    popen = spawn(["celery", "-A", APP, *arguments], env=env, log=log, append=True)
    return Process(name, popen, log)


def worker_arguments(*, index: int, pool: str, concurrency: int) -> list[str]:
    return [
        "worker",
        "--queues",
        "fetch,default,email",
        "--pool",
        pool,
        "--concurrency",
        str(concurrency),
        "--hostname",
        f"sim{index}@%h",
        "--loglevel",
        "INFO",
    ]


def wait_ready(processes: list[Process], *, timeout: float = 90) -> None:
    """Until every worker's log says "ready" (it consumes from the broker)."""
    deadline = time.monotonic() + timeout
    waiting = list(processes)
    while waiting and time.monotonic() < deadline:
        for process in list(waiting):
            if not process.alive():
                raise RuntimeError(f"{process.name} exited while starting:\n{process.log_tail()}")
            if " ready." in process.log.read_text(errors="replace"):
                waiting.remove(process)
        time.sleep(0.5)
    if waiting:
        names = ", ".join(process.name for process in waiting)
        raise RuntimeError(f"{names} not ready after {timeout:.0f} s:\n{waiting[0].log_tail()}")


def stop(processes: list[Process], *, grace: float) -> dict[str, str]:
    """Warm shutdown for all at once, then SIGKILL for any still running. Returns how each ended."""
    ended: dict[str, str] = {}
    for process in processes:
        if process.alive():
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            ended[process.name] = f"exited ({process.popen.returncode})"
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.popen.wait(timeout=10)
            ended[process.name] = f"killed after {grace:.0f} s"
    for process in processes:
        # Prefork children or a stray thread's subprocess: nothing of ours outlives the run.
        _signal_group(process, signal.SIGKILL)
    return ended


@contextlib.contextmanager
def kill_on_signal(processes: list[Process]) -> Iterator[None]:
    """While stopping: a second Ctrl-C (or SIGTERM) kills every group at once instead of
    interrupting the stop halfway and leaving processes behind."""

    def kill_now(signum: int, frame: object) -> None:
        for process in processes:
            _signal_group(process, signal.SIGKILL)

    previous = {sig: signal.signal(sig, kill_now) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _signal_group(process: Process, sig: signal.Signals) -> None:
    try:
        if sig == signal.SIGTERM:
            process.popen.send_signal(sig)  # the main process: Celery then stops its own pool
        else:
            os.killpg(process.popen.pid, sig)  # the group we created for this process
    except (ProcessLookupError, PermissionError):
        pass


def usage(process: Process) -> dict[str, float]:
    """CPU seconds and resident memory of the process and everything in its group (a prefork
    pool's children too), read from /proc; empty where there is no /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = rss = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != process.popen.pid:  # pgrp: the group start() created
                continue
            cpu += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
            status = (stat.parent / "status").read_text()
            rss += int(status.split("VmRSS:", 1)[1].split()[0]) / 1024 if "VmRSS:" in status else 0
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return {"cpu_seconds": round(cpu, 2), "rss_mib": round(rss, 1)}
