"""The API tokens pages (/accounts/tokens/): the list, making a token (its secret shown once, in
the POST's own uncached answer), revoking one; three actors, CSRF, and the profile's link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from accounts.models import ApiToken
from accounts.services import tokens as services

pytestmark = pytest.mark.django_db

LIST = "/accounts/tokens/"
# The list page: session, user, the tokens.
LIST_QUERIES = 3


def revoke_url(token: ApiToken) -> str:
    return f"/accounts/tokens/{token.pk}/revoke/"


def assert_login_redirect(response, path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert f"next={path}" in location.query.replace("%2F", "/")


def shown_secret(response) -> str | None:
    match = re.search(r'id="new-token-secret" value="(pi_[A-Za-z0-9_-]{43})"', response.content.decode())
    return match and match.group(1)


def make(user, name: str = "script") -> ApiToken:
    return services.api_token_create(user=user, name=name).token


# --- The list ------------------------------------------------------------------------------------


def test_the_list_shows_the_persons_tokens_and_how_to_use_one(alice, alice_client, bob):
    used = make(alice, "Hours spreadsheet")
    services.api_token_touch(token=used)
    gone = make(alice, "Old laptop")
    services.api_token_revoke(token=gone)
    fresh = make(alice, "New script")
    make(bob, "Bob's secret script")

    response = alice_client.get(LIST)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "<h1>API tokens</h1>" in page
    assert response.context["tokens"] == [fresh, used, gone]  # active first, newest first
    assert "Bob's secret script" not in page
    assert f"<code>{used.prefix}…</code>" in page
    row = page.split(f'id="token-{fresh.pk}"')[1].split("</tr>")[0]
    assert "never" in row
    assert "Revoke" in row
    row = page.split(f'id="token-{used.pk}"')[1].split("</tr>")[0]
    assert "never" not in row
    row = page.split(f'id="token-{gone.pk}"')[1].split("</tr>")[0]
    assert "Revoked" in row
    assert f'action="{revoke_url(gone)}"' not in row
    # How to use one: the header, an example against the hours, and the documentation.
    assert 'curl -H "Authorization: Bearer $PITCHIN_TOKEN" http://testserver/api/v1/me/hours/' in page
    assert 'href="/api/v1/docs/"' in page
    assert "2 active tokens of at most 20" in page
    assert shown_secret(response) is None


def test_the_list_with_no_tokens_says_so(alice_client):
    response = alice_client.get(LIST)
    assert response.status_code == 200
    assert "No tokens yet" in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_for_1_or_20_tokens(
    alice, alice_client, django_assert_num_queries, count
):
    for n in range(count):
        services.api_token_touch(token=make(alice, f"t{n}"))
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_client.get(LIST)
    assert len(response.context["tokens"]) == count


def test_anonymous_visitors_are_sent_to_log_in(anon, alice):
    token = make(alice)
    assert_login_redirect(anon.get(LIST), LIST)
    assert_login_redirect(anon.post(LIST, {"name": "x"}), LIST)
    assert_login_redirect(anon.post(revoke_url(token)), revoke_url(token))
    assert ApiToken.objects.count() == 1
    assert ApiToken.objects.get().revoked_at is None


def test_the_profile_links_to_the_tokens(alice_client):
    page = alice_client.get("/accounts/profile/").content.decode()
    assert f'<a href="{LIST}">API tokens</a>' in page


# --- Making one ----------------------------------------------------------------------------------


def test_making_a_token_shows_its_secret_once_uncached(alice, alice_client):
    response = alice_client.post(LIST, {"name": "Hours spreadsheet"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    assert token.name == "Hours spreadsheet"
    secret = shown_secret(response)
    assert secret is not None
    assert secret.startswith(token.prefix)
    assert services.api_token_authenticate(secret=secret) == token  # the one shown is the one stored
    page = response.content.decode()
    assert "you will not see it again" in page
    assert '<label for="new-token-secret">' in page
    assert "readonly" in page.split('id="new-token-secret"')[0][-60:]
    assert response.context["tokens"] == [token]
    # The form is empty again for the next token.
    assert 'value="Hours spreadsheet"' not in page

    # Not kept anywhere that a later page could read it.
    assert secret not in str(dict(alice_client.session))
    again = alice_client.get(LIST)
    assert shown_secret(again) is None
    assert secret not in again.content.decode()
    assert token.prefix in again.content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Give the token a name"), ("   ", "Give the token a name"), ("x" * 101, "At most 100 characters.")],
)
def test_a_bad_name_is_shown_beside_the_field(alice_client, name, message):
    response = alice_client.post(LIST, {"name": name})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert shown_secret(response) is None
    page = response.content.decode()
    assert re.search(rf'<p class="error" id="id_name-error">[^<]*{re.escape(message)}', page)
    assert 'aria-describedby="id_name-error' in page
    assert 'aria-invalid="true"' in page


def test_the_twenty_first_active_token_is_refused_beside_the_field(alice, alice_client):
    for n in range(20):
        make(alice, f"t{n}")

    response = alice_client.post(LIST, {"name": "one too many"})

    assert response.status_code == 400
    assert ApiToken.objects.filter(user=alice).count() == 20
    assert 'id="id_name-error">You already have 20 active tokens: revoke one you no longer use first.' in (
        response.content.decode()
    )
    assert 'value="one too many"' in response.content.decode()  # kept to submit again


def test_making_a_token_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert client.post(LIST, {"name": "forged"}).status_code == 403
    assert not ApiToken.objects.exists()

    csrf = client.get(LIST).cookies["csrftoken"].value
    response = client.post(LIST, {"name": "real", "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "real"


def test_other_methods_are_refused(alice_client):
    assert alice_client.put(LIST).status_code == 405
    assert alice_client.delete(LIST).status_code == 405


# --- Revoking ------------------------------------------------------------------------------------


def test_the_owner_revokes_a_token_and_a_repeat_changes_nothing(alice, alice_client):
    token = make(alice, "Old laptop")
    keep = make(alice, "Keep")

    response = alice_client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}#token-{token.pk}"
    token.refresh_from_db()
    first = token.revoked_at
    assert first is not None
    assert ApiToken.objects.get(pk=keep.pk).revoked_at is None
    page = alice_client.get(LIST).content.decode()
    assert f"Revoked the token Old laptop ({token.prefix}…)" in page

    again = alice_client.post(revoke_url(token), follow=True)
    assert again.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at == first
    assert "was already revoked" in again.content.decode()


def test_a_revoked_token_no_longer_opens_the_api(alice, alice_client, api_client):
    created = services.api_token_create(user=alice, name="t")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    assert api_client.get("/api/v1/").status_code == 200

    alice_client.post(revoke_url(created.token))

    assert api_client.get("/api/v1/").status_code == 401


def test_another_persons_token_is_a_404_and_stays_active(alice, bob_client):
    token = make(alice)
    assert bob_client.post(revoke_url(token)).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    # Bob's list does not show it.
    assert token.prefix not in bob_client.get(LIST).content.decode()


def test_an_unknown_token_is_a_404(alice_client):
    assert alice_client.post("/accounts/tokens/999999/revoke/").status_code == 404


def test_revoking_needs_a_post_with_the_csrf_token(alice):
    token = make(alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert client.get(revoke_url(token)).status_code == 405
    assert client.post(revoke_url(token)).status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None

    csrf = client.get(LIST).cookies["csrftoken"].value
    assert client.post(revoke_url(token), {"csrfmiddlewaretoken": csrf}).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
