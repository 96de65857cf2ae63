"""Personal API tokens as credentials: a token reads its own person's /api/v1/me/ data and nobody
else's, a revoked one (or one of a deactivated account) is a 401, a token never opens the HTML
pages, and one person's tokens page shows nothing of another's."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken, HoursEntry, User, VerificationRequest
from accounts.services import tokens as token_services
from tests.security.conftest import body_of, page_client
from tests.security.world import ALICE_TOKEN, World

pytestmark = pytest.mark.django_db

BOB_MARKERS = (
    "Bobdisplay",
    "bob-note",
    "bob-search",
    "bob-activity",
    "bob-goal",
    "bob-token",
    "bob@example.org",
)


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def alice_secret(world: World) -> str:
    return token_services.api_token_create(user=world.alice, name="script").secret


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/me/",
        "/api/v1/me/saved/",
        "/api/v1/me/searches/",
        "/api/v1/me/tokens/",
        "/api/v1/me/hours/",
        "/api/v1/me/hours/summary/",
        "/api/v1/me/hours/export.csv",
        "/api/v1/me/goals/",
    ],
)
def test_alices_token_reads_none_of_bobs_data(path, world, alice_secret):
    response = _bearer(alice_secret).get(path)

    assert response.status_code == 200
    leaked = [marker for marker in BOB_MARKERS if marker in body_of(response)]
    assert not leaked, f"alice's token read bob's data at {path}: {leaked}"


@pytest.mark.parametrize(
    ("method", "template", "data"),
    [
        ("GET", "/api/v1/me/hours/{bob_entry}/", None),
        ("PATCH", "/api/v1/me/hours/{bob_entry}/", {"activity": "alice-was-here"}),
        ("DELETE", "/api/v1/me/hours/{bob_entry}/", None),
        (
            "POST",
            "/api/v1/me/hours/{bob_entry}/request-verification/",
            {"contact_name": "X", "contact_email": "x@example.org"},
        ),
        ("POST", "/api/v1/me/hours/{bob_entry}/resend-verification/", None),
    ],
    ids=["read", "change", "delete", "ask-verification", "resend-verification"],
)
def test_alices_token_cannot_reach_bobs_entry(method, template, data, world, alice_secret):
    before = HoursEntry.objects.filter(pk=world.ids["bob_entry"]).values().get()
    asked = VerificationRequest.objects.filter(entry_id=world.ids["bob_entry"]).values().get()
    send = getattr(_bearer(alice_secret), method.lower())

    response = send(template.format(**world.ids), data, format="json")

    assert response.status_code == 404
    assert "bob-activity" not in body_of(response)
    assert HoursEntry.objects.filter(pk=world.ids["bob_entry"]).values().get() == before
    assert VerificationRequest.objects.filter(entry_id=world.ids["bob_entry"]).values().get() == asked


def test_a_token_revoked_through_the_api_is_refused_at_once(world, alice_secret):
    client = _bearer(alice_secret)
    [token] = ApiToken.objects.filter(user=world.alice, name="script")

    revoked = client.delete(f"/api/v1/me/tokens/{token.pk}/")
    after = client.get("/api/v1/me/")

    assert revoked.status_code == 204
    assert after.status_code == 401
    assert after["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in after.json()["detail"]


def test_a_token_revoked_on_the_tokens_page_is_refused(world, alice_secret):
    [token] = ApiToken.objects.filter(user=world.alice, name="script")

    page_client(world.alice).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert _bearer(alice_secret).get("/api/v1/me/hours/").status_code == 401


def test_the_token_of_a_deactivated_account_is_refused(world, alice_secret):
    User.objects.filter(pk=world.alice.pk).update(is_active=False)

    assert _bearer(alice_secret).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer pi_notatoken", "Bearer {secret} extra", "Token {secret}x", "Bearer {secret}x"],
    ids=["no-secret", "unknown", "extra-part", "wrong-keyword-and-secret", "one-character-more"],
)
def test_a_malformed_or_unknown_token_gets_no_data(header, world, alice_secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header.format(secret=alice_secret))

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert "alice" not in body_of(response)


def test_a_token_in_the_query_string_is_not_a_credential(world, alice_secret):
    response = APIClient().get(f"/api/v1/me/?token={alice_secret}")

    assert response.status_code == 401


def test_a_token_does_not_open_the_html_pages(world, alice_secret):
    """Pages use the session only: a bearer token there would make them callable cross-site."""
    client = page_client(None)

    response = client.get("/me/hours/", HTTP_AUTHORIZATION=f"Bearer {alice_secret}")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_bobs_tokens_page_shows_none_of_alices_tokens(world):
    alices = ApiToken.objects.get(user=world.alice, name=ALICE_TOKEN)

    response = page_client(world.bob).get("/accounts/tokens/")

    body = body_of(response)
    assert response.status_code == 200
    assert "bob-token" in body
    assert ALICE_TOKEN not in body
    assert alices.prefix not in body


def test_bob_cannot_revoke_alices_token_on_the_page_or_the_api(world, alice_secret):
    [token] = ApiToken.objects.filter(user=world.alice, name="script")
    bob_secret = token_services.api_token_create(user=world.bob, name="bobs").secret

    page = page_client(world.bob).post(f"/accounts/tokens/{token.pk}/revoke/")
    api = _bearer(bob_secret).delete(f"/api/v1/me/tokens/{token.pk}/")

    assert page.status_code == api.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _bearer(alice_secret).get("/api/v1/me/").status_code == 200
