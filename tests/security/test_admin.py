"""Django admin: every pattern of the `admin` namespace (one set per registered model, and any view
added later) refuses anonymous visitors and signed-in people who are not staff, for GET and POST.

Patterns come from the URL resolver, not from a list, so a model registered later is covered.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory
from tests.security.routes import ADMIN_NAMESPACE, ADMIN_OPEN, Pattern, patterns_walk

pytestmark = pytest.mark.django_db

OBJECT_ID = 1  # refusal comes before any lookup, so the id need not exist
KWARGS = {"object_id": OBJECT_ID, "id": OBJECT_ID, "content_type_id": OBJECT_ID, "app_label": "accounts"}
# Unnamed patterns, by the part of the route that needs a value.
UNNAMED = [
    (re.compile(r"<path:object_id>"), str(OBJECT_ID)),
    (re.compile(r"\(\?P<url>\.\*\)\$$"), "nowhere/"),
]


def _admin_patterns() -> list[Pattern]:
    return [pattern for pattern in patterns_walk() if pattern.namespace.split(":")[0] == ADMIN_NAMESPACE]


def _path(pattern: Pattern) -> str:
    if pattern.named:  # let Django build it
        return reverse(pattern.key, kwargs={name: KWARGS[name] for name in pattern.converters})
    route = pattern.route
    for placeholder, value in UNNAMED:
        route = placeholder.sub(value, route)
    assert "<" not in route, f"say how to build a path for the admin pattern {route}"
    assert "(" not in route, f"say how to build a path for the admin pattern {route}"
    return "/" + route


def _guarded() -> list[Any]:
    return [
        pytest.param(_path(pattern), actor, id=f"{pattern.key}-{actor}")
        for pattern in _admin_patterns()
        if pattern.key not in ADMIN_OPEN
        for actor in ("anon", "alice")
    ]


@pytest.fixture
def client_for(world):
    def make(actor: str) -> Client:
        client = Client()
        if actor == "alice":
            client.force_login(world.alice)
        return client

    return make


def test_the_admin_has_patterns_for_every_registered_model():
    keys = {pattern.key for pattern in _admin_patterns()}

    assert len(keys) > 50  # the walk reached the per-model URLs
    assert {"admin:accounts_user_change", "admin:opportunities_source_changelist"} <= keys


@pytest.mark.parametrize(("path", "actor"), _guarded())
def test_the_admin_sends_anonymous_and_non_staff_to_its_login(path, actor, client_for, world):
    # The POST carries what an attacker would send: make alice staff and superuser, delete bob.
    data = {"is_staff": "on", "is_superuser": "on", "username": "alice", "post": "yes"}
    client = client_for(actor)

    read = client.get(path)
    write = client.post(path, data)

    for response in (read, write):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    assert not User.objects.filter(pk=world.alice.pk, is_staff=True).exists()
    assert User.objects.filter(pk=world.bob.pk).exists()


@pytest.mark.parametrize("actor", ["anon", "alice"])
def test_the_admin_login_page_is_open_to_anyone(actor, client_for):
    response = client_for(actor).get("/admin/login/")

    assert response.status_code == 200


@pytest.mark.parametrize("actor", ["anon", "alice"])
def test_admin_logout_for_someone_not_staff_just_goes_to_the_admin_index(actor, client_for):
    response = client_for(actor).post("/admin/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_staff_get_into_the_admin():
    # The positive case, so the refusals above are the permission check and not a broken admin.
    staff = UserFactory(username="staffer", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
