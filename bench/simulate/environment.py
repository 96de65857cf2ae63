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

import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import backends
from bench.backends import (
    SetupError,
    manage,
    own_redis_url,
    postgres_siblings,
    process_environment,
    without_password,
)

ROOT = Path(__file__).resolve().parents[2]
SIM_VAR = ROOT / "var" / "simulate"


@dataclass(frozen=True)
class Backends:
    vendor: str  # "sqlite" or "postgresql"
    database_url: str
    broker: str  # "filesystem" or "redis"
    redis_url: str  # "" for the filesystem broker

    def describe(self) -> str:
        database = self.database_url if self.vendor == "sqlite" else without_password(self.database_url)
        broker = (
            f"Redis {without_password(self.redis_url)}"
            if self.redis_url
            else f"filesystem ({SIM_VAR / 'broker'})"
        )
        return f"database {database}; broker {broker}"


def choose_backends(environ: dict[str, str]) -> Backends:
    siblings = postgres_siblings(environ, "simulate", purpose="simulate", var_dir="var/simulate/")
    if siblings:
        vendor, (database_url,) = "postgresql", siblings
    else:
        vendor, database_url = "sqlite", f"sqlite:///{SIM_VAR / 'simulate.sqlite3'}"
    redis_url = own_redis_url(environ, variable="SIM_REDIS_DB", default_db=lambda own: 15 - own)
    return Backends(vendor, database_url, "redis" if redis_url else "filesystem", redis_url)


def child_environment(backends: Backends, **extra: str) -> dict[str, str]:
    """What every process of the simulation runs with (the parent sets the same on itself)."""
    return process_environment(
        database_url=backends.database_url,
        redis_url=backends.redis_url,
        var_dir=SIM_VAR,
        purpose="simulate",
        LOG_FORMAT="plain",
        **extra,
    )


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
        manage(env, *command, database="simulation")


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
    backends.redis_flush(url, fallback="simulate with the filesystem broker")
