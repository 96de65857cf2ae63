"""A socket-level record of where a process connects, for "0 connections to non-public addresses".

Python raises the audit event "socket.connect" (sys.addaudithook) before every connect() made
through the socket module, which is every connection httpx and redis-py open. The hook appends a
line to SIM_AUDIT_DIR/<pid>.log for any TCP destination not in SIM_AUDIT_ALLOWED (the farm, the
broker, the database), and the process writes its tally of all connections at exit. libpq
(PostgreSQL) connects in C, outside the hook, which is why the database is listed but never seen.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

_state: dict = {}


def install() -> bool:
    """Install the hook if SIM_AUDIT_DIR is set; True when installed."""
    directory = os.environ.get("SIM_AUDIT_DIR", "")
    if not directory or _state:
        return bool(_state)
    allowed = {entry.strip() for entry in os.environ.get("SIM_AUDIT_ALLOWED", "").split(",") if entry.strip()}
    path = Path(directory) / f"{os.getpid()}.log"
    _state.update(path=path, allowed=allowed, tally=Counter(), lock=threading.Lock())
    with path.open("a") as log:
        log.write(json.dumps({"event": "installed", "argv": sys.argv[1:4], "at": time.time()}) + "\n")
    sys.addaudithook(_hook)
    atexit.register(_write_tally)
    return True


def _hook(event: str, args: tuple) -> None:
    if event != "socket.connect":
        return
    address = args[1]
    if not isinstance(address, tuple) or len(address) < 2:
        return  # a Unix socket: not a network connection
    destination = f"{address[0]}:{address[1]}"
    with _state["lock"]:
        _state["tally"][destination] += 1
        if destination in _state["allowed"]:
            return
        with _state["path"].open("a") as log:
            log.write(json.dumps({"event": "connect", "to": destination, "at": time.time()}) + "\n")


def _write_tally() -> None:
    with _state["lock"], _state["path"].open("a") as log:
        log.write(json.dumps({"event": "tally", "connections": dict(_state["tally"])}) + "\n")


def read(directory: Path) -> dict:
    """What every audited process recorded: processes installed, stray connections, tallies."""
    installed, stray, tally = 0, Counter(), Counter()
    for path in sorted(directory.glob("*.log")):
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            if entry["event"] == "installed":
                installed += 1
            elif entry["event"] == "connect":
                stray[entry["to"]] += 1
            elif entry["event"] == "tally":
                tally.update(entry["connections"])
    return {"processes": installed, "stray_connections": dict(stray), "connections": dict(tally)}
