"""Fixtures for the API tests under tests/api/ (the actors and clients are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.api.schema_support import World, seed_world


@pytest.fixture
def world(alice, bob) -> World:
    """A small catalogue plus alice's (and a few of bob's) records, and a token for alice."""
    return seed_world(alice=alice, bob=bob)
