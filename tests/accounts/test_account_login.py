"""Logging in with a throttle on failures, resetting a forgotten password, changing one."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import resolve

from accounts.forms import ThrottledAuthenticationForm
from accounts.views.account import PasswordResetConfirmView

pytestmark = pytest.mark.django_db


PASSWORD = "correct horse battery staple"
TOO_MANY = "Too many attempts: try again in 15 minutes, or reset your password."


def _login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        _login(client, username, "wrong password")


def test_our_login_and_reset_views_answer_djangos_urls():
    # config/urls.py must include accounts.urls.account before django.contrib.auth.urls.
    assert resolve("/accounts/login/").func.view_class.authentication_form is ThrottledAuthenticationForm
    assert resolve("/accounts/reset/MQ/set-password/").func.view_class is PasswordResetConfirmView


def test_the_right_password_logs_in(alice):
    client = Client()
    response = _login(client, "alice", PASSWORD)

    assert response.status_code == 302
    assert get_user(client).pk == alice.pk


def test_a_wrong_password_says_so_next_to_the_form(alice):
    response = _login(Client(), "alice", "nope")

    assert response.status_code == 200
    assert "That username and password do not match." in response.content.decode()


def test_five_failures_lock_the_username_even_against_the_right_password(alice):
    client = Client()
    _fail(client, "alice", 4)
    fifth = _login(client, "alice", "wrong password")
    sixth = _login(client, "alice", PASSWORD)

    assert TOO_MANY in fifth.content.decode()
    assert sixth.status_code == 200
    assert TOO_MANY in sixth.content.decode()
    assert not get_user(client).is_authenticated


def test_the_lock_covers_case_and_space_variants_of_the_username(alice):
    _fail(Client(), "alice", 5)

    assert TOO_MANY in _login(Client(), " ALICE", PASSWORD).content.decode()


def test_a_success_resets_the_username_count(alice):
    client = Client()
    _fail(client, "alice", 4)
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.logout()

    _fail(client, "alice", 4)
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_another_username_is_unaffected_by_a_locked_one(alice, bob):
    client = Client()
    _fail(client, "alice", 5)

    assert _login(client, "bob", PASSWORD).status_code == 302


def test_twenty_failures_from_one_address_lock_every_username_from_it(alice, bob):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for number in range(20):
        _login(attacker, f"guess{number}", "wrong password")

    assert TOO_MANY in _login(attacker, "bob", PASSWORD).content.decode()
    assert _login(Client(REMOTE_ADDR="198.51.100.7"), "bob", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(settings, alice):
    settings.LOGIN_TRUST_X_FORWARDED_FOR = True
    settings.LOGIN_FAILURES_PER_IP = 2
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for username in ("x", "y"):
        proxy.post(
            "/accounts/login/", {"username": username, "password": "no"}, HTTP_X_FORWARDED_FOR="203.0.113.9"
        )

    locked = proxy.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    other = proxy.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )

    assert "Too many attempts" in locked.content.decode()
    assert other.status_code == 302


def test_the_lock_lifts_after_fifteen_minutes(alice):
    client = Client()
    _fail(client, "alice", 5)
    later = time.time() + 15 * 60 + 1

    # The lock's end time and locmem's own expiry both read time.time().
    with mock.patch("time.time", return_value=later):
        response = _login(client, "alice", PASSWORD)

    assert response.status_code == 302


def test_the_message_counts_down_the_minutes_left(alice):
    client = Client()
    _fail(client, "alice", 5)

    with mock.patch("time.time", return_value=time.time() + 14 * 60 + 30):
        response = _login(client, "alice", PASSWORD)

    assert "try again in 1 minute," in response.content.decode()


# --- Password reset and change ----------------------------------------------------------------


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_password_reset_mails_a_link_that_sets_a_new_password(alice, mailoutbox):
    client = Client()
    response = client.post("/accounts/password_reset/", {"email": alice.email})
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [alice.email]
    assert mailoutbox[0].subject == "Reset your Pitch In password"

    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert done["Location"] == "/accounts/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password("a-brand-new-passphrase")


def test_a_password_reset_lifts_the_login_lock(alice, mailoutbox):
    client = Client()
    _fail(client, "alice", 5)
    client.post("/accounts/password_reset/", {"email": alice.email})
    form_page = client.get(_reset_link(mailoutbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert _login(client, "alice", "a-brand-new-passphrase").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(mailoutbox):
    response = Client().post("/accounts/password_reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox == []


def test_a_used_reset_link_does_not_work_again(alice, mailoutbox):
    client = Client()
    client.post("/accounts/password_reset/", {"email": alice.email})
    link = _reset_link(mailoutbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    again = Client().get(link, follow=True)

    assert "This link does not work any more" in again.content.decode()


def test_changing_the_password_needs_the_old_one(alice, alice_client):
    wrong = alice_client.post(
        "/accounts/password_change/",
        {
            "old_password": "guess",
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )
    right = alice_client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
    )

    assert wrong.status_code == 200
    assert 'id="id_old_password-error"' in wrong.content.decode()
    assert right["Location"] == "/accounts/password_change/done/"
    alice.refresh_from_db()
    assert alice.check_password("a-brand-new-passphrase")


def test_the_password_pages_use_our_templates(alice_client, anon):
    assert (
        "Change your password · Pitch In" in alice_client.get("/accounts/password_change/").content.decode()
    )
    assert "Reset your password · Pitch In" in anon.get("/accounts/password_reset/").content.decode()
    assert anon.get("/accounts/password_change/")["Location"].startswith("/accounts/login/?next=")
