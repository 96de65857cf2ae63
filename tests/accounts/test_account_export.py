"""The data export: everything about the person, nothing about anyone else, no secrets, and a
fixed number of queries however much they keep."""

from __future__ import annotations

import datetime
import json
from itertools import count

import pytest
from django.utils import timezone

from accounts.models import (
    AuditEvent,
    DigestDelivery,
    Goal,
    HoursEntry,
    HoursTimer,
    SavedSearch,
    Transcript,
    User,
    VerificationRequest,
)
from accounts.selectors.account import account_export
from tests.factories import CauseFactory, OpportunityFactory, SavedOpportunityFactory

pytestmark = pytest.mark.django_db
_serial = count()


def give_records(user: User, *, copies: int = 1, marker: str = "") -> None:
    """`copies` of every kind of record we keep for a person, their texts carrying `marker`."""
    marker = marker or user.username
    user.causes.add(CauseFactory(slug=f"{marker}-cause"))
    HoursTimer.objects.create(user=user, organization_name=f"{marker} timer org")
    for _ in range(copies):
        number = next(_serial)
        SavedOpportunityFactory(user=user, note=f"{marker} note {number}", stage="applied")
        search = SavedSearch.objects.create(
            user=user,
            name=f"{marker} search",
            query=f"q={marker}{number}",
            feed_token_hash=f"{marker}-hash-{number}",
        )
        DigestDelivery.objects.create(
            saved_search=search, period=f"2026-W{number % 50 + 1:02d}", listing_count=3
        )
        entry = HoursEntry.objects.create(
            user=user,
            date=datetime.date(2026, 3, 1),
            minutes=90,
            opportunity=OpportunityFactory(),
            organization_name=f"{marker} org",
            activity=f"{marker} tutoring",
        )
        VerificationRequest.objects.create(
            entry=entry,
            contact_name=f"{marker} contact",
            contact_email=f"{marker}.contact@example.org",
            nonce=f"{marker}-nonce-{number}",
            expires_at=timezone.now() + datetime.timedelta(days=14),
        )
        AuditEvent.objects.create(
            entry=entry, actor="volunteer", action="created", via="web", details={"by": marker}
        )
        Goal.objects.create(
            user=user,
            name=f"{marker} goal",
            target_hours=20,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
        Transcript.objects.create(
            user=user,
            public_id=f"{marker[:6]}{number}",
            holder_name=f"{marker} holder",
            content={"entries": []},
            content_hash="0" * 64,
            total_minutes=90,
        )


def test_the_export_holds_each_kind_of_record(alice):
    give_records(alice)

    data = account_export(user=alice)

    assert data["profile"]["username"] == "alice"
    assert data["profile"]["causes"] == ["alice-cause"]
    assert data["saved_opportunities"][0]["stage"] == "applied"
    assert data["saved_opportunities"][0]["note"].startswith("alice note")
    assert data["saved_searches"][0]["digests"][0]["listing_count"] == 3
    entry = data["hours_entries"][0]
    assert entry["minutes"] == 90
    assert entry["verification_requests"][0]["contact_email"] == "alice.contact@example.org"
    assert entry["audit_events"][0]["action"] == "created"
    assert data["hours_timer"]["organization_name"] == "alice timer org"
    assert data["goals"][0]["name"] == "alice goal"
    assert data["transcripts"][0]["total_minutes"] == 90
    assert data["transcripts"][0]["revoked_at"] is None


def test_the_export_holds_nothing_of_another_person_and_no_secret(alice, bob, alice_client):
    give_records(alice, copies=2)
    give_records(bob, copies=2)

    response = alice_client.post("/accounts/export/")
    body = response.content.decode()

    assert "alice note" in body
    assert "bob" not in body
    assert alice.password not in body
    assert "password" not in body
    assert "hash-" not in body  # feed-token hashes
    assert "nonce" not in body  # verification links' secrets
    assert json.loads(body)["profile"]["email"] == "alice@example.org"


def test_the_download_is_a_named_json_attachment_that_is_not_cached(alice_client):
    response = alice_client.post("/accounts/export/")

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="pitchin-alice-{today}.json"'
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("copies", [1, 10])
def test_the_export_asks_the_same_number_of_queries_however_much_there_is(
    alice, copies, django_assert_num_queries
):
    give_records(alice, copies=copies)

    # user, causes, skills, saved, searches, digests, entries, verifications, audit events,
    # timer, goals, transcripts
    with django_assert_num_queries(12):
        data = account_export(user=alice)

    assert len(data["hours_entries"]) == copies


def test_the_export_page_explains_before_downloading(alice_client):
    response = alice_client.get("/accounts/export/")

    assert response.status_code == 200
    assert "Download my data (JSON)" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_log_in_from_the_export(anon, method):
    response = getattr(anon, method)("/accounts/export/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/export/"


def test_bob_downloads_bobs_data_not_alices(alice, bob, bob_client):
    give_records(alice)

    data = json.loads(bob_client.post("/accounts/export/").content)

    assert data["profile"]["username"] == "bob"
    assert data["hours_entries"] == []
    assert data["transcripts"] == []
    assert data["hours_timer"] is None
