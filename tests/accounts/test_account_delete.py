"""Deleting an account: confirmed with the password, everything of the person goes, published
transcripts stay only when asked; and the admin's view of a user."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user

from accounts.models import AuditEvent, Goal, HoursEntry, SavedSearch, Transcript, User, VerificationRequest
from accounts.services.account import account_delete
from opportunities.models import SavedOpportunity
from tests.accounts.test_account_export import give_records

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PERSONAL = [SavedOpportunity, SavedSearch, HoursEntry, VerificationRequest, AuditEvent, Goal]


def _rows_of(username: str) -> dict[str, int]:
    """Rows reached from the person, by model (transcripts apart: they may outlive the person)."""
    paths = {
        SavedOpportunity: "user__username",
        SavedSearch: "user__username",
        HoursEntry: "user__username",
        VerificationRequest: "entry__user__username",
        AuditEvent: "entry__user__username",
        Goal: "user__username",
    }
    return {model.__name__: model.objects.filter(**{paths[model]: username}).count() for model in PERSONAL}


def test_deleting_removes_the_person_and_their_rows_and_logs_them_out(alice, bob, alice_client):
    give_records(alice)
    give_records(bob)
    bob_before = _rows_of("bob")

    response = alice_client.post("/accounts/delete/", {"password": PASSWORD, "keep_transcripts": "on"})

    assert response["Location"] == "/accounts/goodbye/"
    assert not User.objects.filter(username="alice").exists()
    assert sum(model.objects.count() for model in PERSONAL) == sum(bob_before.values())
    assert _rows_of("bob") == bob_before
    assert not get_user(alice_client).is_authenticated
    assert "Your account is deleted" in alice_client.get("/accounts/goodbye/").content.decode()


def test_kept_transcripts_stay_unlinked_and_flagged(alice, alice_client):
    give_records(alice, copies=2)

    alice_client.post("/accounts/delete/", {"password": PASSWORD, "keep_transcripts": "on"})

    kept = list(Transcript.objects.all())
    assert len(kept) == 2
    assert all(transcript.user_id is None for transcript in kept)
    assert all(transcript.keep_after_account_deletion for transcript in kept)


def test_unticking_keep_deletes_the_transcripts_too_but_not_other_peoples(alice, bob, alice_client):
    give_records(alice, copies=2)
    give_records(bob)

    alice_client.post("/accounts/delete/", {"password": PASSWORD})

    assert list(Transcript.objects.values_list("user__username", "keep_after_account_deletion")) == [
        ("bob", False)
    ]


def test_a_wrong_password_deletes_nothing(alice, alice_client):
    response = alice_client.post("/accounts/delete/", {"password": "guess", "keep_transcripts": "on"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert 'id="id_password-error"' in response.content.decode()
    assert User.objects.filter(username="alice").exists()


def test_deleting_twice_changes_nothing_more(alice, bob):
    give_records(alice)
    account_delete(user=alice, keep_transcripts=True)
    remaining = Transcript.objects.count()

    account_delete(user=alice, keep_transcripts=False)

    assert Transcript.objects.count() == remaining == 1
    assert User.objects.filter(username="bob").exists()


def test_a_replayed_deletion_spares_someone_else_holding_the_same_id(alice, bob):
    stale = User(pk=bob.pk, username="alice")  # as if alice's id had been given to bob

    account_delete(user=stale, keep_transcripts=False)

    assert User.objects.filter(username="bob").exists()


def test_the_page_offers_the_export_first_and_keeps_transcripts_by_default(alice, alice_client):
    give_records(alice, copies=2)
    page = alice_client.get("/accounts/delete/").content.decode()

    assert page.index('action="/accounts/export/"') < page.index('action="/accounts/delete/"')
    assert 'id="id_keep_transcripts" checked' in page
    assert "You have published 2 transcripts." in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_from_deletion(anon, method):
    response = getattr(anon, method)("/accounts/delete/")

    assert response["Location"] == "/accounts/login/?next=/accounts/delete/"


def test_bobs_password_cannot_delete_alice(alice, bob, alice_client, bob_client):
    alice_client.post("/accounts/delete/", {"password": "not alices"})
    bob_client.post("/accounts/delete/", {"password": PASSWORD})

    assert list(User.objects.values_list("username", flat=True)) == ["alice"]


# --- Admin ------------------------------------------------------------------------------------


def test_the_admin_shows_profile_fields_and_a_read_only_confirmation_time(alice, client):
    admin = User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client.force_login(admin)

    page = client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()

    assert 'name="timezone"' in page
    assert 'name="causes"' in page
    assert "E-mail confirmation" in page
    assert 'name="email_confirmed_at"' not in page
