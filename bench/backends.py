"""What `make load` and `make simulate` share: a database and a Redis database of their own beside
the ones DATABASE_URL and REDIS_URL name, so a run never touches the app's or the test suite's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]


class SetupError(RuntimeError):
    """A precondition failed; the message says what to do."""


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def postgres_siblings(
    environ: dict[str, str], *suffixes: str, purpose: str, var_dir: str
) -> list[str] | None:
    """DATABASE_URL's server with databases <name>_<suffix>; None when DATABASE_URL is unset."""
    url = environ.get("DATABASE_URL", "")
    if not url:
        return None
    if not url.startswith(("postgres://", "postgresql://")):
        raise SetupError(
            f"DATABASE_URL={without_password(url)!r} is neither PostgreSQL nor unset. Unset it to {purpose} "
            f"on SQLite ({var_dir}), or point it at a PostgreSQL server."
        )
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "pitchin"
    return [urlunsplit(parts._replace(path=f"/{name}_{suffix}")) for suffix in suffixes]


def own_redis_url(environ: dict[str, str], *, variable: str, default_db: Callable[[int], int]) -> str:
    """REDIS_URL's server with a database number of our own ("" without REDIS_URL). Never 0 (the
    test suite's) nor REDIS_URL's own; VARIABLE overrides the number."""
    redis_url = environ.get("REDIS_URL", "")
    if not redis_url:
        return ""
    parts = urlsplit(redis_url)
    own = int(parts.path.lstrip("/") or 0)
    db = int(environ.get(variable, default_db(own)))
    if db in (0, own) or not 0 <= db <= 15:
        raise SetupError(
            f"{variable}={db} would share a Redis database with the app or the test suite "
            f"(REDIS_URL uses {own}, tests use 0): pick another number from 1 to 15."
        )
    return urlunsplit(parts._replace(path=f"/{db}"))


def redis_flush(url: str, *, fallback: str) -> None:
    """Empty one Redis database of our own (FLUSHDB on that number only)."""
    import redis

    if int(urlsplit(url).path.lstrip("/") or 0) == 0:  # own_redis_url never gives 0; a last guard
        raise SetupError("Refusing to flush Redis database 0.")
    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as exc:
        raise SetupError(
            f"Redis at {without_password(url)} did not answer ({exc}). Start it, or unset REDIS_URL to {fallback}."
        ) from None


def process_environment(
    *, database_url: str, redis_url: str, var_dir: Path, purpose: str, **overrides: str
) -> dict[str, str]:
    """The environment of a server or worker process of ours: our database and Redis database
    instead of the caller's, production settings unless OVERRIDES say otherwise."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DATABASE_URL=database_url,
        VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or f"{purpose}-only-not-secret",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(overrides)
    return env


def spawn(
    module_and_arguments: list[str], *, env: dict[str, str], log: Path, append: bool = False
) -> subprocess.Popen:
    """`python -m MODULE ARGS…` in its own session (so a stop signal reaches its children too),
    its output into LOG."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab" if append else "wb") as handle:
        return subprocess.Popen(  # noqa: S603 - our interpreter, our modules, fixed arguments
            [sys.executable, "-m", *module_and_arguments],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def manage(env: dict[str, str], *arguments: str, database: str) -> None:
    """`manage.py ARGUMENTS` in ENV; a failure raises SetupError with its output (DATABASE names
    whose database it was, for the message)."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SetupError(
            f"`manage.py {' '.join(arguments)}` failed on the {database} database:\n{done.stderr[-2000:]}"
        )
