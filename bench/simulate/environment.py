"""The simulation's own database, broker and folders: never the app's, never the test suite's.

- Database: a SQLite file under var/simulate/ when DATABASE_URL is unset; with a PostgreSQL
  DATABASE_URL, the database `<name>_simulate` on the same server (dropped and created here with
  psycopg, then migrated and given the taxonomy by manage.py). Kept after the run for inspection;
  the next run starts it afresh.
- Broker: kombu's filesystem transport under var/simulate/broker without REDIS_URL; with it, the
  same Redis server but a database of its own (SIM_REDIS_DB, default 15 minus REDIS_URL's), which
  is emptied before and after the run. Never database 0 (the test suite's) nor REDIS_URL's own.
- Everything else the app writes (beat's schedule, the file cache) goes to var/simulate via VAR_DIR.

Nothing here imports Django: the parent sets the environment first, then sets Django up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SIM_VAR = ROOT / "var" / "simulate"


class SetupError(RuntimeError):
    """A precondition failed; the message says what to do."""


@dataclass(frozen=True)
class Backends:
    vendor: str  # "sqlite" or "postgresql"
    database_url: str
    broker: str  # "filesystem" or "redis"
    redis_url: str  # "" for the filesystem broker

    def describe(self) -> str:
        database = self.database_url if self.vendor == "sqlite" else _without_password(self.database_url)
        broker = (
            f"Redis {_without_password(self.redis_url)}"
            if self.redis_url
            else f"filesystem ({SIM_VAR / 'broker'})"
        )
        return f"database {database}; broker {broker}"


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def choose_backends(environ: dict[str, str]) -> Backends:
    url = environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        raise SetupError(
            f"DATABASE_URL={_without_password(url)!r} is neither PostgreSQL nor unset. Unset it to simulate on "
            "SQLite (var/simulate/), or point it at a PostgreSQL server."
        )
    if url:
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "pitchin"
        database_url = urlunsplit(parts._replace(path=f"/{name}_simulate"))
        vendor = "postgresql"
    else:
        database_url = f"sqlite:///{SIM_VAR / 'simulate.sqlite3'}"
        vendor = "sqlite"
    redis_url = environ.get("REDIS_URL", "")
    if not redis_url:
        return Backends(vendor, database_url, "filesystem", "")
    parts = urlsplit(redis_url)
    own = int(parts.path.lstrip("/") or 0)
    db = int(environ.get("SIM_REDIS_DB", 15 - own))
    if db in (0, own) or not 0 <= db <= 15:
        raise SetupError(
            f"SIM_REDIS_DB={db} would share a Redis database with the app or the test suite "
            f"(REDIS_URL uses {own}, tests use 0): pick another number from 1 to 15."
        )
    return Backends(vendor, database_url, "redis", urlunsplit(parts._replace(path=f"/{db}")))


def child_environment(backends: Backends, **extra: str) -> dict[str, str]:
    """What every process of the simulation runs with (the parent sets the same on itself)."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=backends.database_url,
        VAR_DIR=str(SIM_VAR),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "simulate-only-not-secret",
        LOG_FORMAT="plain",
        PYTHONUNBUFFERED="1",
    )
    if backends.redis_url:
        env["REDIS_URL"] = backends.redis_url
    env.update(extra)
    return env


def prepare(backends: Backends, env: dict[str, str]) -> None:
    """A fresh database (migrated, with the taxonomy), an empty broker, empty run folders."""
    SIM_VAR.mkdir(parents=True, exist_ok=True)
    for name in ("broker", "cache", "audit", "tasks", "logs"):
        shutil.rmtree(SIM_VAR / name, ignore_errors=True)
        (SIM_VAR / name).mkdir(parents=True)
    for path in SIM_VAR.glob("celerybeat-schedule*"):
        path.unlink()
    if backends.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(SIM_VAR / "simulate.sqlite3") + suffix).unlink(missing_ok=True)
    else:
        _postgres_recreate(backends.database_url)
    if backends.redis_url:
        redis_flush(backends.redis_url)
    for command in (["migrate", "--noinput"], ["load_taxonomy"]):
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SetupError(
                f"`manage.py {' '.join(command)}` failed on the simulation database:\n{done.stderr[-2000:]}"
            )


def _postgres_recreate(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    # Connected to the server's maintenance database: the simulation's own cannot be dropped from inside.
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database}"')
    except psycopg.Error as exc:
        raise SetupError(
            f"Could not create the PostgreSQL database {database!r} ({exc}). Check that the server in "
            "DATABASE_URL is running and that its user may create databases, or unset DATABASE_URL to "
            "simulate on SQLite."
        ) from None


def redis_flush(url: str) -> None:
    """Empty the simulation's own Redis database (FLUSHDB on that one number only)."""
    import redis

    db = int(urlsplit(url).path.lstrip("/") or 0)
    if db == 0:  # choose_backends never gives 0; a last guard for the test suite's database
        raise SetupError("Refusing to flush Redis database 0.")
    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise SetupError(
            f"Redis at {_without_password(url)} did not answer ({exc}). Start it, or unset REDIS_URL to "
            "simulate with the filesystem broker."
        ) from None
