"""The load test's own database, folders and server environment: never the app's, never the suite's.

- Database: SQLite files under var/load/ when DATABASE_URL is unset; with a PostgreSQL
  DATABASE_URL, databases beside its own on the same server. Two of each: a seeded template
  (`seeded.sqlite3`, `<db>_load_seeded`), kept between runs and rebuilt only when the schema or the
  seed changes, and the run's copy (`load.sqlite3`, `<db>_load`), made afresh from it before every
  measured run, so each run (1 worker, 2 workers) starts from the same rows.
- Everything else the server writes (static files, the file cache) goes to var/load via VAR_DIR.
- Cache: with REDIS_URL, a Redis database of its own on that server (LOAD_REDIS_DB, default
  REDIS_URL's + 4, mod 16: never the integration tests' + 8 nor the simulation's 15 minus it),
  emptied before each run, so cached catalogue counts of the app's database and the load database
  never mix. Never database 0 nor REDIS_URL's own.

Nothing here imports Django: the parent prepares the environment, children set Django up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import backends, databases
from bench.backends import SetupError, own_redis_url, postgres_siblings, without_password

ROOT = Path(__file__).resolve().parents[2]
LOAD_VAR = ROOT / "var" / "load"
# Bump when child.py changes what `prepare` writes: the kept template is then rebuilt.
PREPARE_VERSION = "1"
# Courtesy limits are per address, and every request of the test comes from 127.0.0.1: a test of
# the server's capacity, not of the limiter (tests/ cover 429s), so they are lifted here.
UNTHROTTLED = "100000000/minute"


@dataclass(frozen=True)
class Target:
    vendor: str  # "sqlite" or "postgresql"
    template_url: str
    run_url: str
    redis_url: str  # "" without REDIS_URL: the file cache under var/load

    def describe(self) -> str:
        if self.vendor == "sqlite":
            database = os.path.relpath(self.run_url.removeprefix("sqlite:///"), ROOT)
        else:
            database = without_password(self.run_url)
        cache = (
            f"Redis {without_password(self.redis_url)}" if self.redis_url else "file cache (var/load/cache)"
        )
        return f"database {database}; cache {cache}"


def choose(environ: dict[str, str]) -> Target:
    siblings = postgres_siblings(environ, "load_seeded", "load", purpose="load-test", var_dir="var/load/")
    if siblings:
        vendor, (template_url, run_url) = "postgresql", siblings
    else:
        vendor = "sqlite"
        template_url, run_url = (
            f"sqlite:///{LOAD_VAR / 'seeded.sqlite3'}",
            f"sqlite:///{LOAD_VAR / 'load.sqlite3'}",
        )
    # own + 4 never meets the integration tests' own + 8 nor the simulation's 15 - own.
    redis_url = own_redis_url(environ, variable="LOAD_REDIS_DB", default_db=lambda own: (own + 4) % 16 or 1)
    return Target(vendor, template_url, run_url, redis_url)


def fingerprint(listings: int) -> str:
    """Changes with any migration, the bench seed, this package's seeding or the size asked for."""
    digest = hashlib.sha256(f"{PREPARE_VERSION}:{listings}:{databases.schema_fingerprint()}".encode())
    digest.update((ROOT / "bench" / "load" / "child.py").read_bytes())
    return digest.hexdigest()[:16]


def _stamp(target: Target) -> Path:
    return LOAD_VAR / f"{target.vendor}-seeded.stamp"


def fixture_path(target: Target) -> Path:
    """What `prepare` learnt about the seeded rows: URLs to ask for, API tokens of the writers."""
    return LOAD_VAR / f"{target.vendor}-fixture.json"


def template_is_current(target: Target, stamp: str) -> bool:
    path = _stamp(target)
    if not path.exists() or path.read_text().strip() != stamp or not fixture_path(target).exists():
        return False
    if target.vendor == "sqlite":
        return Path(target.template_url.removeprefix("sqlite:///")).exists()
    return True


def mark_template(target: Target, stamp: str) -> None:
    _stamp(target).write_text(stamp + "\n")


def server_environment(target: Target, **extra: str) -> dict[str, str]:
    """What every process of the load test runs with: the run's database, production settings."""
    env = backends.process_environment(
        database_url=target.run_url,
        redis_url=target.redis_url,
        var_dir=LOAD_VAR,
        purpose="load",
        # Production's format: one JSON line per request, as a real deployment writes them.
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        API_THROTTLE_ANON=UNTHROTTLED,
        API_THROTTLE_USER=UNTHROTTLED,
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    backends.manage(env, *arguments, database="load")


def recreate(url: str) -> None:
    """Drop and create the database `url` names, empty."""
    LOAD_VAR.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
        return
    database = urlsplit(url).path.lstrip("/")
    _postgres_admin(
        url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"'
    )


def copy_template(target: Target) -> None:
    """The run's database, a fresh copy of the idle seeded template."""
    if target.vendor == "sqlite":
        recreate(target.run_url)
        # The backup API copies a consistent image whatever the template's WAL still holds.
        source = sqlite3.connect(target.template_url.removeprefix("sqlite:///"))
        copy = sqlite3.connect(target.run_url.removeprefix("sqlite:///"))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return
    database = urlsplit(target.run_url).path.lstrip("/")
    template = urlsplit(target.template_url).path.lstrip("/")
    _postgres_admin(
        target.run_url,
        f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
        f'CREATE DATABASE "{database}" TEMPLATE "{template}"',
    )


def _postgres_admin(url: str, *statements: str) -> None:
    import psycopg

    # Connected to the server's maintenance database: a database cannot be dropped from inside.
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as connection:
            for statement in statements:
                connection.execute(statement)
    except psycopg.Error as exc:
        raise SetupError(
            f"PostgreSQL refused `{statements[-1]}` ({exc}). Check that the server in DATABASE_URL is "
            "running and that its user may create databases, or unset DATABASE_URL to load-test on SQLite."
        ) from None


def redis_flush(url: str) -> None:
    backends.redis_flush(url, fallback="load-test with the file cache")


def clean_run_folders() -> None:
    """A cache left by an earlier run would serve another database's counts: start without it."""
    shutil.rmtree(LOAD_VAR / "cache", ignore_errors=True)
