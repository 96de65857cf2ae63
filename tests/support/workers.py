"""Real Celery workers and beats as subprocesses, for tests of what happens when deliveries repeat,
overlap or die (tests/integration).

They run `celery -A config worker|beat` exactly as production does, against the test database
pytest-django created (PostgreSQL: a subprocess cannot see an in-memory SQLite database) and a
Redis database of their own, never the one the rest of the suite uses: a killed worker leaves
unacknowledged messages behind, and beat enqueues on the real queue names (fetch, default,
email), so that database is flushed before and after every test. It is REDIS_URL's database + 8
(mod 16), or INTEGRATION_REDIS_DB.

Every process is started in its own session, so a kill takes the whole worker (its pool children
too), as a crashed machine or the OOM killer would; `Processes` kills whatever is left at exit.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import redis
from celery import Celery
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
QUEUES = "fetch,default,email"
# A loaded 2-core machine starts a Django + Celery process in a few seconds; allow many more.
START_TIMEOUT = 60.0
_SUCCEEDED = re.compile(r"Task (?P<name>[\w.]+)\[(?P<id>[^\]]+)\] succeeded in [0-9.e-]+s: (?P<result>.*)$")


def redelivery_limits(visibility: int) -> dict[str, str]:
    """Environment for workers whose unacknowledged messages Redis hands out again after
    `visibility` seconds, with task time limits under it, as settings require of production."""
    return {
        "CELERY_REDIS_VISIBILITY_TIMEOUT": str(visibility),
        "CELERY_TASK_TIME_LIMIT": str(visibility - 1),
        "CELERY_TASK_SOFT_TIME_LIMIT": str(visibility - 2),
    }


def wait_for(condition: Callable[[], object], *, timeout: float, what: str, interval: float = 0.1) -> object:
    """Poll until `condition()` is truthy and return its value; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def broker_url() -> str:
    """The subprocesses' Redis: REDIS_URL's server, another database number."""
    parts = urlsplit(settings.REDIS_URL)
    current = int(parts.path.strip("/") or 0)
    number = int(os.environ.get("INTEGRATION_REDIS_DB", (current + 8) % 16))
    if number == current:
        raise RuntimeError("INTEGRATION_REDIS_DB must differ from REDIS_URL's database: it is flushed")
    return urlunsplit(parts._replace(path=f"/{number}"))


def database_url() -> str:
    """The test database pytest-django created, as a DATABASE_URL for another process."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"


@dataclass
class Broker:
    """The subprocesses' Redis database, and a producer that sends them tasks by name."""

    url: str = field(default_factory=broker_url)

    def __post_init__(self) -> None:
        self.redis = redis.Redis.from_url(self.url)
        self.app = Celery("pitchin-integration", broker=self.url, set_as_current=False)
        # The same routes as the app, so a task lands on the queue it would in production.
        self.app.conf.update(
            task_routes=settings.CELERY_TASK_ROUTES,
            task_default_queue=settings.CELERY_TASK_DEFAULT_QUEUE,
            task_serializer="json",
            broker_connection_retry_on_startup=True,
        )

    def flush(self) -> None:
        self.redis.flushdb()

    def send(self, name: str, *args: object, task_id: str | None = None) -> str:
        return self.app.send_task(name, args=list(args), task_id=task_id).id

    def unacked(self) -> int:
        """Messages a worker took and has not acknowledged (kombu's Redis ack emulation)."""
        return int(self.redis.hlen("unacked"))

    def unacked_since(self) -> float:
        """When the one unacknowledged message was handed out (epoch seconds, as the worker stamped it)."""
        [(_, delivered_at)] = self.redis.zrange("unacked_index", 0, -1, withscores=True)
        return float(delivered_at)

    def close(self) -> None:
        self.app.close()
        self.redis.close()


@dataclass
class Process:
    """One worker or beat: its Popen, its log file, and what the log says."""

    name: str
    popen: subprocess.Popen
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def messages(self) -> Iterator[str]:
        """The `message` of every JSON log line (pool children log to the same file)."""
        for line in self.text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("message"), str):
                yield record["message"]

    def results(self, task: str) -> list[tuple[str, str]]:
        """(task id, repr of the return value) of every successful `task`, in log order."""
        found = []
        for message in self.messages():
            match = _SUCCEEDED.search(message)
            if match and match["name"] == task:
                found.append((match["id"], match["result"].strip()))
        return found

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, no ack, no cleanup of any kind."""
        with suppress(ProcessLookupError):  # the group, even when its leader has exited already
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=30)


class Processes:
    """Starts workers and beats for one test and kills every one of them at the end."""

    def __init__(self, *, broker: Broker, tmp_path: Path, env: dict[str, str] | None = None) -> None:
        self.broker, self.tmp_path, self.extra_env = broker, tmp_path, env or {}
        self.started: list[Process] = []

    def env(self, **overrides: str) -> dict[str, str]:
        base = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "COV_"))}
        base.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            SECRET_KEY=settings.SECRET_KEY,
            DATABASE_URL=database_url(),
            REDIS_URL=self.broker.url,
            # Its own var/: beat's schedule and anything else a process writes stays in the test's tmp.
            VAR_DIR=str(self.tmp_path / "var"),
            CONN_MAX_AGE="0",  # no connection outlives a task: the test database is dropped at the end
            LOG_FORMAT="json",
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        base.update(self.extra_env)
        base.update(overrides)
        return base

    def _start(self, name: str, args: list[str], env: dict[str, str]) -> Process:
        log = self.tmp_path / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *args],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill() reaches the pool children
            )
        process = Process(name=name, popen=popen, log=log)
        self.started.append(process)
        return process

    def worker(self, name: str, *, concurrency: int = 1, queues: str = QUEUES, **env: str) -> Process:
        """A prefork worker as production runs it; returns once it answers a ping."""
        node = f"{name}@integration"
        process = self._start(
            name,
            ["worker", "-n", node, "-Q", queues, "-c", str(concurrency), "-P", "prefork",
             "--without-gossip", "--without-mingle", "-l", "INFO"],
            self.env(**env),
        )  # fmt: skip

        def answers() -> bool:
            if not process.alive():
                raise AssertionError(f"worker {name} exited at start:\n{process.text()[-3000:]}")
            return bool(self.broker.app.control.ping(destination=[node], timeout=0.5))

        wait_for(answers, timeout=START_TIMEOUT, what=f"worker {name} to answer a ping", interval=0.2)
        return process

    def beat(self, name: str, *, scheduler: str | None = None, **env: str) -> Process:
        """A beat with its own schedule file (two beats never share one); `scheduler` replaces the
        configured scheduler class (celery beat -S)."""
        schedule = self.tmp_path / f"beat-{name}-schedule"
        pidfile = self.tmp_path / f"beat-{name}.pid"
        args = ["beat", "-s", str(schedule), "--pidfile", str(pidfile), "-l", "INFO"]
        if scheduler:
            args += ["-S", scheduler]
        return self._start(f"beat-{name}", args, self.env(**env))

    def consume(self, process: Process, queue: str, *, on: bool) -> None:
        """Make a running worker start or stop taking messages from `queue` (remote control)."""
        control = self.broker.app.control
        command = control.add_consumer if on else control.cancel_consumer
        node = f"{process.name}@integration"
        replies = command(queue, destination=[node], reply=True, timeout=10)
        assert replies, f"{node} did not answer {command.__name__}({queue!r})"

    def worker_after_redelivery(
        self, name: str, *, delivered_at: float, visibility: int, **env: str
    ) -> Process:
        """A fresh worker, started once Redis may hand out again the message delivered (to a worker
        since killed) at `delivered_at`. A worker restores such messages as it starts; after that
        only every unacked_restore_interval x unacked_restore_throttle seconds (100 by default),
        which is why it is started late rather than early."""
        wait_for(
            lambda: time.time() > delivered_at + visibility + 0.5,
            timeout=visibility + 5,
            what="the visibility timeout to pass",
        )
        return self.worker(name, **env)

    def wait_for(self, condition: Callable[[], object], *, timeout: float, what: str) -> object:
        """wait_for, with every process's log tail in the failure message."""
        try:
            return wait_for(condition, timeout=timeout, what=what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{self.logs()}") from None

    def kill_all(self) -> None:
        for process in self.started:
            with suppress(subprocess.TimeoutExpired):
                process.kill()

    def logs(self) -> str:
        """Every process's log tail, for a failing assertion's message."""
        return "\n".join(f"--- {p.name} ---\n{p.text()[-4000:]}" for p in self.started)


@contextmanager
def processes(*, tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[Processes]:
    broker = Broker()
    broker.flush()
    group = Processes(broker=broker, tmp_path=tmp_path, env=env)
    try:
        yield group
    finally:
        group.kill_all()
        broker.flush()
        broker.close()
