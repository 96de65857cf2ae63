"""/api/v1/me/tokens/: creating a personal token (the secret shown once, only its hash stored),
listing, and revoking. Three actors (alice owns, bob is another user, anonymous is nobody), token
and session."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import tokens as services
from tests.api.problems import assert_problem

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/tokens/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def revoked(alice) -> ApiToken:
    token = services.api_token_create(user=alice, name="Old laptop").token
    return services.api_token_revoke(token=token)


# --- Creating -----------------------------------------------------------------------------------------


def test_creating_shows_the_secret_once_and_it_works_at_once(alice, alice_api):
    response = alice_api.post(LIST, {"name": "Calendar sync"}, format="json")

    assert response.status_code == 201
    body = response.json()
    secret = body["token"]
    row = ApiToken.objects.get(pk=body["id"])
    assert (row.user, row.name) == (alice, "Calendar sync")
    assert body["prefix"] == row.prefix == secret[:10]
    assert (body["is_active"], body["revoked_at"], body["last_used_at"]) == (True, None, None)
    # The new secret is a working Bearer token for alice straight away, and its use is noted.
    me = bearer(secret).get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "alice"
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None
    # It is not shown again.
    assert secret not in alice_api.get(LIST).content.decode()


def test_only_the_hash_of_the_secret_is_stored(alice_api):
    body = alice_api.post(LIST, {"name": "Script"}, format="json").json()

    row = ApiToken.objects.values().get(pk=body["id"])
    assert row["key_hash"] == hashlib.sha256(body["token"].encode()).hexdigest()
    assert not any(body["token"] in str(value) for value in row.values())


@pytest.mark.parametrize(
    "body", [{}, {"name": ""}, {"name": "   "}, {"name": "x" * 101}, {"name": 0}, {"name": None}]
)
def test_a_bad_name_is_a_400_on_the_name_field_and_makes_nothing(alice, alice_api, body):
    before = ApiToken.objects.filter(user=alice).count()

    assert_problem(alice_api.post(LIST, body, format="json"), 400, "name")
    assert ApiToken.objects.filter(user=alice).count() == before


def test_more_than_twenty_active_tokens_is_a_400_on_the_name_field(alice, alice_api, revoked):
    # alice_api holds one active token already; the revoked one does not count.
    for n in range(services.MAX_ACTIVE_TOKENS - 2):
        services.api_token_create(user=alice, name=f"t{n}")
    assert alice_api.post(LIST, {"name": "twentieth"}, format="json").status_code == 201

    body = assert_problem(alice_api.post(LIST, {"name": "twenty-first"}, format="json"), 400, "name")

    assert "revoke one" in body["errors"][0]["detail"]
    assert ApiToken.objects.filter(user=alice, revoked_at__isnull=True).count() == services.MAX_ACTIVE_TOKENS


def test_a_session_creates_a_token_only_with_its_csrf_token(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    assert_problem(client.post(LIST, {"name": "From the browser"}, format="json"), 403)
    assert not ApiToken.objects.filter(user=alice).exists()

    client.cookies["csrftoken"] = "a" * 32
    response = client.post(LIST, {"name": "From the browser"}, format="json", HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 201
    assert bearer(response.json()["token"]).get("/api/v1/me/").status_code == 200


# --- Listing ------------------------------------------------------------------------------------------


def test_the_owner_lists_her_tokens_without_secrets_or_hashes(alice, alice_api, revoked):
    response = alice_api.get(LIST)

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["Old laptop", "tests"]  # newest first
    assert set(rows[0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"}
    assert (rows[0]["is_active"], rows[1]["is_active"]) == (False, True)
    assert rows[0]["revoked_at"] is not None
    content = response.content.decode()
    assert not any(token.key_hash in content for token in ApiToken.objects.filter(user=alice))
    assert "private" in response["Cache-Control"]


def test_another_persons_list_does_not_hold_alices_tokens(alice, bob_api, revoked):
    names = [row["name"] for row in bob_api.get(LIST).json()["results"]]

    assert names == ["tests"]  # bob's own
    assert revoked.pk not in [row["id"] for row in bob_api.get(LIST).json()["results"]]


def test_anonymous_gets_a_401_problem_with_a_bearer_challenge(api_client, revoked):
    for response in (
        api_client.get(LIST),
        api_client.post(LIST, {"name": "x"}, format="json"),
        api_client.delete(f"{LIST}{revoked.pk}/"),
    ):
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_list_costs_the_same_queries_for_1_or_20_tokens(alice, alice_api, django_assert_num_queries):
    alice_api.get(LIST)  # the token's last_used_at is written on first use only: keep it out

    # Token (with its user), then the page of tokens.
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 1
    for n in range(19):
        services.api_token_create(user=alice, name=f"t{n}")
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 20


# --- Revoking -----------------------------------------------------------------------------------------


def test_a_revoked_token_stops_working_and_revoking_again_is_204(alice_api):
    body = alice_api.post(LIST, {"name": "Short-lived"}, format="json").json()
    client = bearer(body["token"])
    assert client.get("/api/v1/me/").status_code == 200

    assert alice_api.delete(f"{LIST}{body['id']}/").status_code == 204

    response = client.get("/api/v1/me/")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    revoked_at = ApiToken.objects.get(pk=body["id"]).revoked_at
    assert revoked_at is not None
    assert alice_api.delete(f"{LIST}{body['id']}/").status_code == 204
    assert ApiToken.objects.get(pk=body["id"]).revoked_at == revoked_at  # the first time stands


def test_a_token_can_revoke_itself(alice):
    created = services.api_token_create(user=alice, name="Self")
    client = bearer(created.secret)

    assert client.delete(f"{LIST}{created.token.pk}/").status_code == 204
    assert_problem(client.get(LIST), 401)


def test_bob_cannot_revoke_alices_tokens_revoked_or_not(alice, bob_api, revoked):
    active = services.api_token_create(user=alice, name="Active")
    revoked_at = revoked.revoked_at

    assert_problem(bob_api.delete(f"{LIST}{revoked.pk}/"), 404)
    assert_problem(bob_api.delete(f"{LIST}{active.token.pk}/"), 404)

    assert ApiToken.objects.get(pk=revoked.pk).revoked_at == revoked_at
    assert bearer(active.secret).get("/api/v1/me/").status_code == 200


def test_an_unknown_token_id_is_a_404(alice_api):
    assert_problem(alice_api.delete(f"{LIST}999999/"), 404)
