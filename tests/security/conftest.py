"""The matrix's fixtures: alice's and bob's records, and a client per actor and surface."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.services import tokens as token_services
from tests.factories import UserFactory
from tests.security.world import World, world_build

# tests/conftest.py sets this per test; the module-wide world is made before that runs.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = "http://testserver"


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Alice's and Bob's records, built once per module inside a transaction that is rolled back
    when the module is done. Each test runs in its own savepoint inside it (pytest-django's `db`),
    so a test that deletes or changes a row leaves the next test the same world."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                world = world_build(UserFactory(username="alice"), UserFactory(username="bob"))
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db) -> World:
    return _module_world


def page_client(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client_for(user: Any | None, world: World | None = None) -> APIClient:
    """An API client sending the person's own personal token (anonymous: no credentials). With
    the world, its ready-made token; otherwise a new one."""
    client = APIClient()
    if user is not None:
        if world is not None:
            secret = world.secrets[user.username]
        else:
            secret = token_services.api_token_create(user=user, name="matrix").secret
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
