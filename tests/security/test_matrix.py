"""The authorization matrix: for every rule in tests/security/routes.py, each request of its table
row made by alice (the owner), bob (another user) and an anonymous visitor.

- owner / api-owner: alice gets her object; bob gets exactly 404 with nothing of hers in the body
  (the same answer as for an id nobody has, so ids cannot be probed); anonymous is sent to log in
  (pages) or gets 401 (API). After a write by bob or anonymous, alice's records are unchanged, and
  the same write by alice does change them (so the refusal is what kept them intact).
- login / api-login: anonymous is sent to log in or gets 401; bob gets his own data and none of
  alice's markers, which alice's own answer shows.
- public / api-public: anonymous gets 200.  secret: the link works without login, a wrong secret
  is refused.  staff: /metrics refuses anonymous and signed-in non-staff.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from accounts.models import VerificationRequest
from tests.security.conftest import api_client_for, body_of, page_client
from tests.security.routes import API_KINDS, PAGE_KINDS, RULES, Call, Rule, path_for
from tests.security.world import ALICE_MARKERS, World, alice_snapshot

pytestmark = pytest.mark.django_db

ACTORS = ("alice", "bob", "anon")


def _cases() -> list[Any]:
    cases = []
    for name, rule in RULES.items():
        if rule.kind in PAGE_KINDS | API_KINDS:
            for call in rule.calls:
                for actor in ACTORS:
                    cases.append(pytest.param(name, call, actor, id=f"{name}-{call.method}-{actor}"))
        elif rule.kind in {"public", "api-public", "logout"}:
            for call in rule.calls:
                cases.append(pytest.param(name, call, "anon", id=f"{name}-{call.method}-anon"))
        elif rule.kind == "staff":
            for actor in ("alice", "anon"):
                cases.append(pytest.param(name, rule.calls[0], actor, id=f"{name}-GET-{actor}"))
    return cases


def _request(client: Any, method: str, path: str, data: dict[str, Any] | None, *, api: bool) -> Any:
    send = getattr(client, method.lower())
    if api:
        return send(path, data, format="json") if data is not None else send(path)
    if method == "GET":
        return send(path)
    return send(path, data or {})


def _data(call: Call, world: World, user: Any) -> dict[str, Any] | None:
    if callable(call.data):
        return call.data(world, user)
    return call.data


def _markers(world: World) -> tuple[str, ...]:
    return (*ALICE_MARKERS, world.ids["transcript"])


def _login_redirect(path: str) -> str:
    return "/accounts/login/?" + urlencode({"next": path}, safe="/")


@pytest.mark.parametrize(("name", "call", "actor"), _cases())
def test_access(name: str, call: Call, actor: str, world: World):
    rule = RULES[name]
    api = rule.kind.startswith("api")
    user = {"alice": world.alice, "bob": world.bob, "anon": None}[actor]
    client = api_client_for(user, world) if api else page_client(user)
    path = path_for(rule.path, world.ids)
    # Reads are checked for what they show; writes for what they change (a GET writes nothing).
    before = alice_snapshot(world.alice) if call.method != "GET" else None

    response = _request(client, call.method, path, _data(call, world, user or world.alice), api=api)

    body = body_of(response)
    if rule.kind in {"public", "api-public", "logout"}:
        assert response.status_code == call.owner, body[:500]
        return
    if rule.kind == "staff":
        assert response.status_code == 401
        return
    if actor == "anon":
        _assert_anonymous_refused(rule, response, path, api=api)
    elif actor == "bob":
        _assert_bob_sees_nothing_of_alice(rule, call, response, body, world)
    else:
        assert response.status_code == call.owner, body[:500]
        for marker in call.shows:
            assert marker.format(**world.ids) in body, f"alice's answer should show {marker}"
    if api and response.status_code == 200 and call.method == "GET":
        # A person's own data: never kept by a shared cache, which could hand it to someone else.
        assert "private" in response["Cache-Control"]
    if before is None:
        return
    after = alice_snapshot(world.alice)
    if actor == "alice" and call.changes:
        assert after != before, "alice's own call should change her records: the payload is not effective"
    elif actor != "alice":
        assert after == before, f"{actor}'s {call.method} {path} changed alice's records"


def _assert_anonymous_refused(rule: Rule, response: Any, path: str, *, api: bool) -> None:
    if api:
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    elif rule.path.startswith("/opportunities/"):
        # The save buttons bring the visitor back to the same question after logging in.
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=" + path)
    else:
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(path)


def _assert_bob_sees_nothing_of_alice(rule: Rule, call: Call, response: Any, body: str, world: World) -> None:
    if rule.kind in {"owner", "api-owner"}:
        assert response.status_code == 404, body[:500]
    else:
        expected = call.other if call.other is not None else call.owner
        assert response.status_code == expected, body[:500]
    leaked = [marker for marker in _markers(world) if marker in body and marker not in call.public]
    assert not leaked, f"bob's answer shows alice's data: {leaked}"


@pytest.mark.parametrize(
    ("name", "call"),
    [
        pytest.param(name, call, id=f"{name}-{call.method}")
        for name, rule in RULES.items()
        if rule.kind in {"owner", "api-owner"}
        for call in rule.calls
    ],
)
def test_another_persons_id_answers_like_an_id_nobody_has(name: str, call: Call, world: World):
    """No existence oracle: bob cannot tell alice's ids from unused ones."""
    rule = RULES[name]
    api = rule.kind == "api-owner"
    client = api_client_for(world.bob, world) if api else page_client(world.bob)
    unused = {key: 987654 if isinstance(value, int) else value for key, value in world.ids.items()}
    unused["transcript"] = "zzzzzzzzzz"
    data = _data(call, world, world.bob)

    hers = _request(client, call.method, path_for(rule.path, world.ids), data, api=api)
    nobodys = _request(client, call.method, path_for(rule.path, unused), data, api=api)

    assert hers.status_code == nobodys.status_code == 404
    assert hers["Content-Type"] == nobodys["Content-Type"]


@pytest.mark.parametrize(
    ("actor", "template"),
    [
        ("bob", "/me/hours/{bob_entry}/verify/{verification}/resend/"),
        ("alice", "/me/hours/{entry}/verify/{bob_verification}/resend/"),
    ],
    ids=["bob-own-entry-alices-request", "alice-own-entry-bobs-request"],
)
def test_a_request_of_another_persons_entry_cannot_be_resent_through_ones_own_entry(actor, template, world):
    """The resend URL names two objects; owning the entry must not open someone else's request."""
    user = world.bob if actor == "bob" else world.alice
    requests = VerificationRequest.objects.filter(
        pk__in=[world.ids["verification"], world.ids["bob_verification"]]
    ).order_by("pk")
    before = list(requests.values())

    response = page_client(user).post(path_for(template, world.ids))

    assert response.status_code == 404
    assert list(requests.values()) == before


@pytest.mark.parametrize("name", [name for name, rule in RULES.items() if rule.kind == "api-owner"])
def test_options_on_another_persons_id_tells_nothing_either(name: str, world: World):
    """DRF's OPTIONS answer looks the object up to list the allowed writes: for bob it must read
    the same for alice's id as for an id nobody has."""
    client = api_client_for(world.bob, world)
    unused = {key: 987654 if isinstance(value, int) else value for key, value in world.ids.items()}

    hers = client.options(path_for(RULES[name].path, world.ids))
    nobodys = client.options(path_for(RULES[name].path, unused))

    assert hers.status_code == nobodys.status_code == 200
    assert hers.json() == nobodys.json()
