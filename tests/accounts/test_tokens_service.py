"""Personal API tokens: the services (only a hash kept, the secret's shape, revoking, the limit,
the lookup, the once-a-minute touch) and the Bearer authentication class, called directly and
through a real request to the API."""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from accounts.api.authentication import ApiTokenAuthentication
from accounts.models import ApiToken
from accounts.services import tokens as services

pytestmark = pytest.mark.django_db

SECRET_SHAPE = re.compile(r"pi_[A-Za-z0-9_-]{43}")
NOON = datetime.datetime(2026, 3, 16, 12, 0, tzinfo=datetime.UTC)


def reload(token: ApiToken) -> ApiToken:
    return ApiToken.objects.get(pk=token.pk)


# --- Creating ------------------------------------------------------------------------------------


def test_create_returns_the_secret_once_and_stores_only_its_hash(alice):
    created = services.api_token_create(user=alice, name="Hours spreadsheet")

    assert SECRET_SHAPE.fullmatch(created.secret)
    row = ApiToken.objects.values().get(pk=created.token.pk)
    assert row["key_hash"] == hashlib.sha256(created.secret.encode()).hexdigest()
    assert row["prefix"] == created.secret[:10] == created.token.prefix
    assert row["prefix"].startswith("pi_")
    assert len(row["prefix"]) == 10
    # Nothing stored can be replayed: no column holds the secret (or its part after the prefix).
    assert not any(created.secret[10:] in str(value) for value in row.values())
    assert (row["user_id"], row["name"], row["revoked_at"], row["last_used_at"]) == (
        alice.pk,
        "Hours spreadsheet",
        None,
        None,
    )


def test_each_secret_is_new(alice):
    secrets = {services.api_token_create(user=alice, name=f"t{n}").secret for n in range(5)}
    assert len(secrets) == 5


def test_create_tidies_the_name(alice):
    created = services.api_token_create(user=alice, name="  my \n  script ")
    assert reload(created.token).name == "my script"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the token a name"),
        ("   ", "Give the token a name"),
        ("x" * 101, "At most 100 characters."),
    ],
)
def test_create_refuses_a_bad_name_on_the_name_field(alice, name, message):
    with pytest.raises(ValidationError) as caught:
        services.api_token_create(user=alice, name=name)
    assert message in " ".join(caught.value.message_dict["name"])
    assert not ApiToken.objects.exists()


def test_a_name_of_exactly_100_characters_is_fine(alice):
    assert services.api_token_create(user=alice, name="x" * 100).token.name == "x" * 100


def test_twenty_active_tokens_at_most_and_revoked_ones_do_not_count(alice, bob):
    tokens = [services.api_token_create(user=alice, name=f"t{n}").token for n in range(20)]

    with pytest.raises(ValidationError) as caught:
        services.api_token_create(user=alice, name="one too many")
    assert caught.value.message_dict["name"] == [
        "You already have 20 active tokens: revoke one you no longer use first."
    ]
    assert ApiToken.objects.filter(user=alice).count() == 20
    # The limit is per person.
    services.api_token_create(user=bob, name="bob's")

    services.api_token_revoke(token=tokens[0])
    assert services.api_token_create(user=alice, name="in its place").token.is_active
    assert ApiToken.objects.filter(user=alice).count() == 21


# --- Revoking ------------------------------------------------------------------------------------


def test_revoke_is_idempotent_and_keeps_the_first_time(alice):
    token = services.api_token_create(user=alice, name="t").token
    services.api_token_revoke(token=token)
    first = reload(token).revoked_at
    assert first is not None
    assert not reload(token).is_active

    again = services.api_token_revoke(token=ApiToken.objects.get(pk=token.pk))
    assert again.revoked_at == first == reload(token).revoked_at


def test_revoke_touches_only_that_token(alice):
    keep, drop = (services.api_token_create(user=alice, name=n).token for n in ("keep", "drop"))
    services.api_token_revoke(token=drop)
    assert reload(keep).revoked_at is None
    assert reload(drop).revoked_at is not None


# --- Authenticating ------------------------------------------------------------------------------


def test_authenticate_finds_the_active_token_with_its_user(alice, django_assert_num_queries):
    created = services.api_token_create(user=alice, name="t")
    # One lookup (token and user together) and one write of last_used_at.
    with django_assert_num_queries(2):
        token = services.api_token_authenticate(secret=created.secret)
        assert token.user.username == "alice"
    assert token.pk == created.token.pk
    assert reload(token).last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda secret: secret[:-1] + ("A" if secret[-1] != "A" else "B"), id="one-char-changed"),
        pytest.param(lambda secret: secret[3:], id="no-prefix"),
        pytest.param(lambda secret: "xx_" + secret[3:], id="other-prefix"),
        pytest.param(lambda secret: secret + "x" * 100, id="too-long"),
        pytest.param(lambda secret: "", id="empty"),
        pytest.param(lambda secret: secret[:10], id="the-shown-prefix"),
    ],
)
def test_authenticate_refuses_unknown_secrets(alice, mangle):
    created = services.api_token_create(user=alice, name="t")
    assert services.api_token_authenticate(secret=mangle(created.secret)) is None
    assert services.api_token_authenticate(secret=created.secret) is not None  # the real one works


def test_authenticate_refuses_a_revoked_token(alice):
    created = services.api_token_create(user=alice, name="t")
    services.api_token_revoke(token=created.token)
    assert services.api_token_authenticate(secret=created.secret) is None
    assert reload(created.token).last_used_at is None


def test_authenticate_refuses_an_inactive_persons_token(alice):
    created = services.api_token_create(user=alice, name="t")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert services.api_token_authenticate(secret=created.secret) is None


# --- Touching: last_used_at at most once a minute -----------------------------------------------


def test_touch_writes_at_most_once_a_minute(alice, django_assert_num_queries):
    token = services.api_token_create(user=alice, name="t").token

    services.api_token_touch(token=token, now=NOON)
    assert reload(token).last_used_at == NOON

    with django_assert_num_queries(0):
        services.api_token_touch(token=token, now=NOON + datetime.timedelta(seconds=59))
    assert reload(token).last_used_at == NOON

    later = NOON + datetime.timedelta(minutes=1)
    services.api_token_touch(token=token, now=later)
    assert reload(token).last_used_at == later == token.last_used_at


def test_touch_of_a_stale_copy_still_writes_once_a_minute(alice):
    """Each request loads the token afresh, so the interval is judged from the stored value."""
    token = services.api_token_create(user=alice, name="t").token
    services.api_token_touch(token=reload(token), now=NOON)
    services.api_token_touch(token=reload(token), now=NOON + datetime.timedelta(seconds=30))
    assert reload(token).last_used_at == NOON


# --- The authentication class -------------------------------------------------------------------


def drf_request(authorization: str | None) -> Request:
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    return Request(APIRequestFactory().get("/api/v1/", **headers))


def test_the_class_answers_with_the_person_and_the_token(alice):
    created = services.api_token_create(user=alice, name="t")
    user, token = ApiTokenAuthentication().authenticate(drf_request(f"Bearer {created.secret}"))
    assert (user.pk, token.pk) == (alice.pk, created.token.pk)
    # The keyword is case-insensitive, as HTTP auth schemes are.
    user, _ = ApiTokenAuthentication().authenticate(drf_request(f"bearer {created.secret}"))
    assert user.pk == alice.pk


@pytest.mark.parametrize("authorization", [None, "", "Basic YWxpY2U6cHc=", "Token abc"])
def test_the_class_leaves_other_schemes_to_the_session(alice, authorization):
    assert ApiTokenAuthentication().authenticate(drf_request(authorization)) is None


@pytest.mark.parametrize(
    ("authorization", "message"),
    [
        ("Bearer", "with nothing else in the header"),
        ("Bearer pi_a pi_b", "with nothing else in the header"),
        ("Bearer pi_unknown", "This token is not valid"),
    ],
)
def test_the_class_refuses_malformed_and_unknown_tokens(alice, authorization, message):
    with pytest.raises(exceptions.AuthenticationFailed) as caught:
        ApiTokenAuthentication().authenticate(drf_request(authorization))
    assert message in str(caught.value.detail)


def test_the_class_refuses_a_revoked_token_and_says_where_to_make_one(alice):
    created = services.api_token_create(user=alice, name="t")
    services.api_token_revoke(token=created.token)
    with pytest.raises(exceptions.AuthenticationFailed) as caught:
        ApiTokenAuthentication().authenticate(drf_request(f"Bearer {created.secret}"))
    assert "/accounts/tokens/" in str(caught.value.detail)


def test_the_class_names_its_challenge():
    assert ApiTokenAuthentication().authenticate_header(drf_request(None)) == 'Bearer realm="api"'


def test_a_real_request_with_a_good_token_is_authenticated(alice, api_client):
    created = services.api_token_create(user=alice, name="t")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    assert reload(created.token).last_used_at is not None  # the class looked it up and touched it


def test_a_real_request_with_a_revoked_token_gets_401_problem_with_a_challenge(alice, api_client):
    created = services.api_token_create(user=alice, name="t")
    services.api_token_revoke(token=created.token)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {created.secret}")

    response = api_client.get("/api/v1/")  # public, but a bad credential is never ignored

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    body = response.json()
    assert body["status"] == 401
    assert "/accounts/tokens/" in body["detail"]
