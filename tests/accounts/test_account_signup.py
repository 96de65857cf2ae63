"""Signing up, and confirming the e-mail address with a signed, expiring, single-meaning link."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user
from django.core import signing
from django.test import Client

from accounts.models import User
from accounts.services import account as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


GOOD = {
    "username": "carol",
    "email": "carol@example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def _confirm_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def test_signing_up_creates_the_account_logs_in_and_mails_a_confirmation_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", GOOD)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get(username="carol")
    assert user.email == "carol@example.org"
    assert user.check_password(GOOD["password1"])
    assert user.email_confirmed_at is None
    assert get_user(client).pk == user.pk
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["carol@example.org"]
    assert mailoutbox[0].subject == "Confirm your e-mail address for Pitch In"
    assert "/accounts/confirm-email/" in mailoutbox[0].alternatives[0][0]


def test_a_mail_server_that_is_down_does_not_break_signing_up(client, django_capture_on_commit_callbacks):
    with (
        mock.patch("accounts.services.account.email_send", side_effect=ConnectionRefusedError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/accounts/signup/", GOOD)

    assert response.status_code == 302
    assert User.objects.filter(username="carol").exists()


def test_signing_up_returns_to_a_safe_next_page_only(client):
    response = client.post("/accounts/signup/", {**GOOD, "next": "/search/?q=tutor"})
    assert response["Location"] == "/search/?q=tutor"

    client.logout()
    response = client.post(
        "/accounts/signup/",
        {**GOOD, "username": "dave", "email": "d@example.org", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/accounts/profile/"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password2": "something-else-entirely"}, "password2", "The two password fields didn’t match."),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "This password is too common."),
        ({"password1": "short", "password2": "short"}, "password2", "This password is too short."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"username": "bad name!"}, "username", "Enter a valid username."),
    ],
)
def test_sign_up_refuses_invalid_input_next_to_the_field(client, mailoutbox, changes, field, message):
    response = client.post("/accounts/signup/", {**GOOD, **changes})

    assert response.status_code == 200
    assert any(text.startswith(message) for text in response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not User.objects.filter(username=GOOD["username"]).exists()
    assert mailoutbox == []


def test_sign_up_refuses_a_taken_username_or_address_ignoring_case(client, alice):
    response = client.post("/accounts/signup/", {**GOOD, "username": "ALICE"})
    assert "A user with that username already exists." in response.context["form"].errors["username"]

    response = client.post("/accounts/signup/", {**GOOD, "email": "Alice@Example.org"})
    assert response.context["form"].errors["email"][0].startswith("An account already uses this address")


def test_sign_up_page_sends_a_logged_in_person_to_their_profile(alice_client):
    assert alice_client.get("/accounts/signup/")["Location"] == "/accounts/profile/"


# --- Confirmation link ------------------------------------------------------------------------


def test_the_mailed_link_confirms_the_address_once_then_says_already_confirmed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", GOOD)
    path = _confirm_path(mailoutbox[0])

    first = client.get(path)
    confirmed_at = User.objects.get(username="carol").email_confirmed_at
    second = Client().get(path)  # another browser, not logged in

    assert first.status_code == 200
    assert "E-mail address confirmed" in first.content.decode()
    assert confirmed_at is not None
    assert second.status_code == 200
    assert "Already confirmed" in second.content.decode()
    assert User.objects.get(username="carol").email_confirmed_at == confirmed_at


def test_a_tampered_link_confirms_nothing(client):
    user = UserFactory(username="carol")
    token = services.email_confirmation_token(user=user)

    response = client.get(f"/accounts/confirm-email/{token[:-2]}xx/")

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_link_older_than_three_days_has_expired(client):
    user = UserFactory(username="carol")
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = services.email_confirmation_token(user=user)

    response = client.get(f"/accounts/confirm-email/{token}/")

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_link_still_works_just_before_three_days(client):
    user = UserFactory(username="carol")
    almost_three_days_ago = time.time() - 3 * 24 * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=almost_three_days_ago):
        token = services.email_confirmation_token(user=user)

    assert client.get(f"/accounts/confirm-email/{token}/").status_code == 200
    user.refresh_from_db()
    assert user.email_confirmed_at is not None


def test_a_link_for_an_address_since_changed_confirms_nothing(client):
    user = UserFactory(username="carol", email="old@example.org")
    token = services.email_confirmation_token(user=user)
    User.objects.filter(pk=user.pk).update(email="new@example.org")

    response = client.get(f"/accounts/confirm-email/{token}/")

    assert response.status_code == 400
    assert "out of date" in response.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_a_token_signed_for_another_purpose_is_refused():
    user = UserFactory(username="carol")
    token = signing.dumps({"user": user.pk, "email": user.email}, salt="something.else")

    assert services.email_confirm(token=token) == services.ConfirmOutcome.INVALID


# --- Resending --------------------------------------------------------------------------------


def test_resend_mails_a_new_link_but_not_twice_within_a_minute(
    alice, alice_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = alice_client.post("/accounts/profile/resend-confirmation/", follow=True)
        second = alice_client.post("/accounts/profile/resend-confirmation/", follow=True)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [alice.email]
    assert "We sent a new confirmation link" in first.content.decode()
    assert "We sent one less than a minute ago" in second.content.decode()


def test_resend_sends_nothing_once_confirmed(
    alice, alice_client, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=alice.pk).update(email_confirmed_at="2026-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/accounts/profile/resend-confirmation/")

    assert mailoutbox == []


def test_resend_needs_a_login_and_a_post(anon, alice_client):
    assert anon.post("/accounts/profile/resend-confirmation/")["Location"].startswith(
        "/accounts/login/?next="
    )
    assert alice_client.get("/accounts/profile/resend-confirmation/").status_code == 405
