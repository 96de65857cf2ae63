"""The Celery app the simulation's workers and beat run: the project's own (config.celery), plus
the socket audit (audit.py) and a line per finished task in SIM_TASK_LOG_DIR/<hostname>.jsonl, so
fetches can be counted per worker. Nothing about how tasks run changes.

    celery -A bench.simulate.worker_app worker -Q fetch,default,email --pool threads ...
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

from bench.simulate import audit

audit.install()  # before the app opens its first connection

from celery import signals  # noqa: E402

from config.celery import app  # noqa: E402,F401 - what `celery -A` looks for

_started: dict[str, float] = {}
WATCHDOG_SECONDS = 2.0


def _watchdog() -> None:
    """The simulation stops us itself; if it was killed outright (SIGKILL, a closed terminal), we
    are re-parented, and stop ourselves the same way (SIGTERM: a warm shutdown)."""
    parent = int(os.environ.get("SIM_PARENT_PID", "0"))
    while parent and os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    if parent:
        os.kill(os.getpid(), signal.SIGTERM)


threading.Thread(target=_watchdog, name="sim-watchdog", daemon=True).start()
_lock = threading.Lock()
_files: dict[str, object] = {}


@signals.task_prerun.connect
def _task_started(task_id: str = "", **kwargs: object) -> None:
    _started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _task_finished(
    task_id: str = "", task: object = None, state: str = "", retval: object = None, **kw: object
):  # type: ignore[no-untyped-def]
    directory = os.environ.get("SIM_TASK_LOG_DIR", "")
    if not directory:
        return
    started = _started.pop(task_id, None)
    request = getattr(task, "request", None)
    hostname = getattr(request, "hostname", None) or f"pid{os.getpid()}"
    line = {
        "at": time.time(),
        "worker": hostname,
        "pid": os.getpid(),
        "task": getattr(task, "name", ""),
        "state": state,
        "result": retval if isinstance(retval, str) else type(retval).__name__,
        "seconds": round(time.perf_counter() - started, 4) if started is not None else None,
    }
    with _lock:
        handle = _files.get(hostname)
        if handle is None:
            handle = _files[hostname] = (Path(directory) / f"{hostname}.jsonl").open("a", buffering=1)
        handle.write(json.dumps(line) + "\n")  # type: ignore[attr-defined]
