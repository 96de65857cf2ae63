"""gunicorn with config/gunicorn.py on a free loopback port, in its own process group, and always
stopped: SIGTERM (graceful: requests in flight finish), then SIGKILL to the whole group after the
grace period, so no worker outlives the load test even when it fails halfway."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.backends import spawn


@dataclass
class Server:
    popen: subprocess.Popen
    port: int
    workers: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 20) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:]) or "(empty log)"


def free_port() -> int:
    """A port nothing listens on now; gunicorn binds it a moment later (a race only with
    another program binding the same fresh port in between: then the start fails and says so)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(env: dict[str, str], *, workers: int, log: Path) -> Server:
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    popen = spawn(["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"], env=env, log=log)
    return Server(popen, port, workers, log)


def wait_ready(server: Server, *, timeout: float = 90) -> None:
    """Until every worker has booted and /healthz answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(
                f"gunicorn exited while starting (status {server.popen.returncode}). Its log, "
                f"{server.log}:\n{server.log_tail()}"
            )
        if server.log_text().count("Booting worker") >= server.workers and _healthy(server):
            return
        time.sleep(0.3)
    raise RuntimeError(
        f"gunicorn did not answer /healthz with {server.workers} worker(s) within {timeout:.0f} s. "
        f"Its log, {server.log}:\n{server.log_tail()}"
    )


def _healthy(server: Server) -> bool:
    try:
        # Our own server on loopback, a fixed path.
        with urllib.request.urlopen(f"{server.url}/healthz", timeout=5) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def worker_pids(server: Server) -> list[int]:
    """The master's live children (the workers), from /proc: for their memory in the report."""
    try:
        children = Path(f"/proc/{server.popen.pid}/task/{server.popen.pid}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        return None
    return None


def stop(server: Server, *, grace: float = 30) -> str:
    """Graceful stop, then SIGKILL to the group; returns how it ended."""
    ended = "already exited"
    if server.alive():
        server.popen.send_signal(signal.SIGTERM)  # the master: it stops its workers gracefully
        try:
            server.popen.wait(timeout=grace)
            ended = f"stopped (status {server.popen.returncode})"
        except subprocess.TimeoutExpired:
            ended = f"killed after {grace:.0f} s"
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(server.popen.pid, signal.SIGKILL)  # any worker left behind: nothing outlives the run
    if server.popen.poll() is None:
        server.popen.wait(timeout=10)
    return ended
