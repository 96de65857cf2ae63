"""Shared fixtures: the three actors (alice owns, bob is another user, anon is nobody), fast
password hashing, an isolated cache, and Celery running tasks eagerly for unit tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.test import Client

from config.celery import app as celery_app
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One locmem store serves every test: clear it, or one test's login failures lock out the next.
    from django.core.cache import cache

    cache.clear()
    # API rate limits out of the way; the throttling tests set their own.
    settings.API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _celery_eager(request) -> Iterator[None]:
    """Unit tests run tasks in-process; integration tests (marked) talk to a real worker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def anon() -> Client:
    return Client()


@pytest.fixture
def alice_client(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture
def taxonomy(db) -> None:
    from opportunities import services

    services.taxonomy_load()


@pytest.fixture
def live_worker():
    """A real Celery worker consuming a private queue on the configured Redis broker."""
    if not django_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real worker is tested against Redis (`.ci/run` sets it)")
    queue = f"test-{uuid.uuid4().hex}"
    previous = {key: celery_app.conf[key] for key in ("task_default_queue", "task_routes")}
    # Every task, and those the worker itself enqueues (dispatch -> fetch), goes to the private
    # queue. conf.update, not attribute assignment: it is what makes Celery rebuild its router.
    celery_app.conf.task_always_eager = False
    celery_app.conf.update(task_default_queue=queue, task_routes={"*": {"queue": queue}})
    try:
        with start_worker(
            celery_app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=10
        ):
            yield queue
    finally:
        celery_app.conf.update(previous)


# --- API clients: anonymous, and alice's and bob's personal tokens -------------------------------


def _token_client(user):
    from rest_framework.test import APIClient

    from accounts.services import tokens

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.api_token_create(user=user, name='tests').secret}")
    return client


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def alice_api(alice):
    return _token_client(alice)


@pytest.fixture
def bob_api(bob):
    return _token_client(bob)
