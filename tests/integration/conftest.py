"""Real Celery workers and beats on Redis against the PostgreSQL test database.

Skipped without REDIS_URL (like every integration test) and on SQLite, whose test database is
in this process's memory where no worker process can reach it. CI runs them on PostgreSQL + Redis.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.integration.feedserver import FeedServer
from tests.support import workers

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _real_services(request) -> None:
    if not django_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: real workers are tested against Redis (`.ci/run` sets it)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: worker processes cannot reach an in-memory SQLite test database")


@pytest.fixture
def feeds(settings) -> Iterator[FeedServer]:
    server = FeedServer()
    # In this process (clean runs) and, through the environment, in every worker started here.
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = [server.host]
    with server.running():
        yield server


@pytest.fixture
def procs(transactional_db, taxonomy, feeds, tmp_path) -> Iterator[workers.Processes]:
    """Workers and beats for this test (the taxonomy loaded, as in any real database); all killed
    before the database is emptied for the next test."""
    env = {"FETCH_ALLOWED_PRIVATE_HOSTS": feeds.host}
    with workers.processes(tmp_path=tmp_path, env=env) as group:
        yield group
