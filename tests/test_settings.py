"""Settings are read once per process, so each case runs manage.py in a child process with
exactly the environment it describes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "SECRET_KEY": "p7Hq2vX9mK4rT8wZ1cN6bF3jL5sD0gA-yU_eI7oP2qW9xV4nM8kR1tB6hJ3",
    "ALLOWED_HOSTS": "pitchin.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # Only what the case names, plus a private var/ so nothing touches the developer's files.
    child_env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path / "var"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def setting(expression: str, *, env: dict[str, str], tmp_path: Path) -> str:
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print({expression})",
        env=env,
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_debug_is_off_by_default(tmp_path):
    assert setting("settings.DEBUG", env={"SECRET_KEY": "k" * 50}, tmp_path=tmp_path) == "False"


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = manage("check", env={}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_debug_runs_without_a_secret_key(tmp_path):
    assert setting("settings.DEBUG", env={"DEBUG": "true"}, tmp_path=tmp_path) == "True"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS='a year' is not a whole number"),
        ("FEEDS_HTTP_TIMEOUT", "fast", "FEEDS_HTTP_TIMEOUT='fast' is not a number"),
        ("API_THROTTLE_ANON", "lots", "API_THROTTLE_ANON='lots' is not a rate"),
        ("API_THROTTLE_USER", "0/minute", "API_THROTTLE_USER='0/minute' is not a rate"),
    ],
)
def test_a_malformed_value_fails_loudly_naming_the_variable(tmp_path, name, value, message):
    result = manage("check", env={"SECRET_KEY": "k" * 50, name: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_production_values_are_missing(tmp_path):
    env = {"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # HSTS


def test_default_database_is_sqlite_under_var_with_wal_and_immediate_transactions(tmp_path):
    env = {"SECRET_KEY": "k" * 50}
    code = (
        "from django.db import connection; connection.ensure_connection(); "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(connection.settings_dict['NAME'], c.fetchone()[0], connection.transaction_mode, "
        "connection.settings_dict['OPTIONS']['timeout'])"
    )
    result = manage("shell", "--no-imports", "-c", code, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    name, journal_mode, transaction_mode, timeout = result.stdout.split()
    assert name == str(tmp_path / "var" / "pitchin.sqlite3")
    assert (journal_mode, transaction_mode, timeout) == ("wal", "IMMEDIATE", "20")


def test_a_postgres_url_selects_postgresql(tmp_path):
    env = {"SECRET_KEY": "k" * 50, "DATABASE_URL": "postgres://pitchin@db.internal:5432/pitchin"}
    assert setting("settings.DATABASES['default']['ENGINE']", env=env, tmp_path=tmp_path) == (
        "django.db.backends.postgresql"
    )


def test_without_redis_the_broker_needs_no_server(tmp_path):
    env = {"SECRET_KEY": "k" * 50}
    assert setting("settings.CELERY_BROKER_URL", env=env, tmp_path=tmp_path) == "filesystem://"
    assert setting("settings.CACHES['default']['BACKEND']", env=env, tmp_path=tmp_path).endswith(
        "FileBasedCache"
    )


def test_redis_url_becomes_broker_and_cache(tmp_path):
    env = {"SECRET_KEY": "k" * 50, "REDIS_URL": "redis://cache.internal:6379/1"}
    assert (
        setting("settings.CELERY_BROKER_URL", env=env, tmp_path=tmp_path) == "redis://cache.internal:6379/1"
    )
    assert setting("settings.CACHES['default']['BACKEND']", env=env, tmp_path=tmp_path) == (
        "django.core.cache.backends.redis.RedisCache"
    )


def test_redis_redelivers_no_task_while_it_may_still_be_running():
    # acks_late tasks come back after the visibility timeout: it must outlast the worst case.
    worst_case = settings.CELERY_TASK_TIME_LIMIT + settings.CELERY_TASK_RETRY_BACKOFF_MAX
    assert worst_case < settings.CELERY_REDIS_VISIBILITY_TIMEOUT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_tasks_are_acked_late_one_at_a_time_with_results_ignored():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_IGNORE_RESULT is True


def test_every_environment_variable_is_documented():
    documented = (ROOT / ".env.example").read_text()
    source = (ROOT / "config" / "settings.py").read_text()
    import re

    used = set(re.findall(r'env(?:_bool|_number|_rate|\.str|\.list|\.db)\("([A-Z_]+)"', source))
    assert used, "no variables found: the pattern no longer matches settings.py"
    missing = sorted(name for name in used if f"{name}=" not in documented)
    assert missing == []
