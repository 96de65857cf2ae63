"""Rate limits (settings.API_THROTTLE_RATES, read at each request): per address for anonymous
requests, per token for token requests (one person's two scripts are limited apart), per person
for session requests. Going over is a 429 problem with Retry-After in the header and the body."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.services.tokens import api_token_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/causes/"
ANON_LIMIT, USER_LIMIT = 3, 5


@pytest.fixture(autouse=True)
def _rates(settings) -> None:
    settings.API_THROTTLE_RATES = {"anon": f"{ANON_LIMIT}/minute", "user": f"{USER_LIMIT}/minute"}


def token_client(user, name: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name=name).secret}")
    return client


def session_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def statuses(client, n: int, url: str = URL, **extra) -> list[int]:
    return [client.get(url, **extra).status_code for _ in range(n)]


def assert_throttled(response) -> int:
    assert response.status_code == 429, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/problems/throttled/")
    assert body["status"] == 429
    assert response["Retry-After"].isdigit()
    retry_after = int(response["Retry-After"])
    assert 1 <= retry_after <= 60
    assert body["retry_after"] == retry_after
    return retry_after


def test_the_fourth_anonymous_request_in_a_minute_is_a_429_with_retry_after(api_client):
    assert statuses(api_client, ANON_LIMIT) == [200] * ANON_LIMIT
    assert_throttled(api_client.get(URL))


def test_the_limit_counts_every_endpoint_together(api_client):
    for url in ("/api/v1/opportunities/", "/api/v1/skills/", "/api/v1/sources/"):
        assert api_client.get(url).status_code == 200
    assert_throttled(api_client.get("/api/v1/organizations/"))


def test_anonymous_limits_are_per_address(api_client):
    assert statuses(api_client, ANON_LIMIT, REMOTE_ADDR="198.51.100.1") == [200] * ANON_LIMIT
    assert_throttled(api_client.get(URL, REMOTE_ADDR="198.51.100.1"))

    assert statuses(api_client, ANON_LIMIT, REMOTE_ADDR="198.51.100.2") == [200] * ANON_LIMIT
    assert_throttled(api_client.get(URL, REMOTE_ADDR="198.51.100.2"))


def test_an_anonymous_client_cannot_escape_its_limit_by_writing_x_forwarded_for(api_client):
    codes = [
        api_client.get(URL, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(ANON_LIMIT + 1)
    ]
    assert codes == [200] * ANON_LIMIT + [429]


def test_each_token_has_its_own_limit(alice):
    first, second = token_client(alice, "calendar sync"), token_client(alice, "backup")

    assert statuses(first, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(first.get(URL))

    assert statuses(second, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(second.get(URL))


def test_session_limits_are_per_person(alice, bob):
    alices, bobs = session_client(alice), session_client(bob)

    assert statuses(alices, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(alices.get(URL))

    assert statuses(bobs, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(bobs.get(URL))


def test_one_persons_two_browser_sessions_share_her_limit(alice):
    laptop, phone = session_client(alice), session_client(alice)
    assert statuses(laptop, USER_LIMIT - 1) == [200] * (USER_LIMIT - 1)
    assert phone.get(URL).status_code == 200
    assert_throttled(phone.get(URL))
    assert_throttled(laptop.get(URL))


def test_a_token_and_the_same_persons_session_are_limited_apart(alice):
    token, session = token_client(alice, "script"), session_client(alice)
    assert statuses(session, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(session.get(URL))
    assert token.get(URL).status_code == 200


def test_an_authenticated_client_is_not_held_to_the_anonymous_rate(alice_api, api_client):
    # Beyond the anonymous limit, from the same address an anonymous client uses up.
    assert statuses(api_client, ANON_LIMIT) == [200] * ANON_LIMIT
    assert_throttled(api_client.get(URL))
    assert statuses(alice_api, USER_LIMIT) == [200] * USER_LIMIT
    assert_throttled(alice_api.get(URL))


def test_anonymous_use_does_not_count_against_a_token_from_the_same_address(alice_api, api_client):
    assert statuses(alice_api, USER_LIMIT - 1) == [200] * (USER_LIMIT - 1)
    assert statuses(api_client, ANON_LIMIT) == [200] * ANON_LIMIT
    assert alice_api.get(URL).status_code == 200
    assert_throttled(alice_api.get(URL))


def test_rates_are_read_at_each_request(api_client, settings):
    assert statuses(api_client, ANON_LIMIT) == [200] * ANON_LIMIT
    assert_throttled(api_client.get(URL))
    settings.API_THROTTLE_RATES = {"anon": "100/minute", "user": "100/minute"}
    assert api_client.get(URL).status_code == 200


def test_a_429_carries_no_etag_and_is_not_cacheable_as_a_success(api_client):
    statuses(api_client, ANON_LIMIT)
    response = api_client.get(URL)
    assert_throttled(response)
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")
