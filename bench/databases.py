"""The benchmark's own databases, never the app's: a seeded one per size tier (kept between runs and
rebuilt only when the seed or the schema changes) and an empty one for ingestion, on SQLite and on
PostgreSQL when DATABASE_URL points there.

Used by the parent process before Django is set up: it only names databases and prepares them by
running `manage.py` in a child, so nothing here imports Django settings.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
# Bump when seed.py or corpus.py change what they write: a kept database is then rebuilt.
SEED_VERSION = "1"


def schema_fingerprint() -> str:
    """Changes when any migration or the seed changes: a kept database must then be rebuilt."""
    digest = hashlib.sha256(SEED_VERSION.encode())
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in ("seed.py", "text.py", "words.py", "people.py", "bulk.py", "randomness.py"):
        digest.update((ROOT / "bench" / name).read_bytes())
    return digest.hexdigest()[:16]


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def database_url(vendor: str, name: str) -> str:
    """The URL of the benchmark database `name` (e.g. "tier-100000", "ingest") on `vendor`."""
    if vendor == "sqlite":
        return f"sqlite:///{BENCH_VAR / (name + '.sqlite3')}"
    base = urlsplit(postgres_url() or "")
    database = f"{base.path.lstrip('/') or 'pitchin'}_bench_{name.replace('-', '_')}"
    return urlunsplit(base._replace(path="/" + database))


def _postgres_admin(statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server DATABASE_URL names (outside any transaction)."""
    import psycopg

    with psycopg.connect(postgres_url() or "", autocommit=True) as connection:
        connection.execute(statement)


def _stamp_path(vendor: str, name: str) -> Path:
    return BENCH_VAR / f"{vendor}-{name}.stamp"


def is_current(vendor: str, name: str, fingerprint: str) -> bool:
    stamp = _stamp_path(vendor, name)
    if not stamp.exists() or stamp.read_text().strip() != fingerprint:
        return False
    if vendor == "sqlite":
        return Path(database_url(vendor, name).removeprefix("sqlite:///")).exists()
    return True


def mark_current(vendor: str, name: str, fingerprint: str) -> None:
    _stamp_path(vendor, name).write_text(fingerprint + "\n")


def recreate(vendor: str, name: str) -> str:
    """Drop and create the database `name`, empty; returns its URL."""
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    _stamp_path(vendor, name).unlink(missing_ok=True)
    url = database_url(vendor, name)
    if vendor == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        database = urlsplit(url).path.lstrip("/")
        _postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _postgres_admin(f'CREATE DATABASE "{database}"')
    return url


def copy(vendor: str, source: str, target: str) -> str:
    """A fresh copy of the (idle) database `source` as `target`: cheaper than migrating again."""
    recreate(vendor, target)
    url = database_url(vendor, target)
    if vendor == "sqlite":
        shutil.copyfile(
            database_url(vendor, source).removeprefix("sqlite:///"), url.removeprefix("sqlite:///")
        )
    else:
        database = urlsplit(url).path.lstrip("/")
        template = urlsplit(database_url(vendor, source)).path.lstrip("/")
        _postgres_admin(f'DROP DATABASE "{database}"')
        _postgres_admin(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    return url


def child_env(url: str) -> dict[str, str]:
    """The environment of a benchmark child: the benchmark database, production-like settings."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or "bench-only-not-secret",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONHASHSEED="0",
    )
    return env
