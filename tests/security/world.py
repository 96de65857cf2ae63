"""Alice's and Bob's records for the authorization matrix, built in one go (about 40 queries).

Every text alice owns carries a marker that appears nowhere else, so a page or an export shown to
bob can be searched for any trace of her: `ALICE_MARKERS`. Bob owns records of every kind too, so
his lists are never empty (an empty page proves nothing about scoping).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.forms.models import model_to_dict
from django.http import QueryDict
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import (
    ApiToken,
    Goal,
    HoursEntry,
    HoursTimer,
    SavedSearch,
    Transcript,
    User,
    VerificationRequest,
)
from accounts.services import account as account_services
from accounts.services import searches as search_services
from accounts.services import tokens as token_services
from accounts.services import transcripts as transcript_services
from accounts.services import verification
from opportunities.models import SavedOpportunity
from tests.factories import (
    CauseFactory,
    GoalFactory,
    HoursEntryFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    OrganizationFactory,
    SavedOpportunityFactory,
    SkillFactory,
    SourceFactory,
    VerificationRequestFactory,
)

# Texts only alice's records hold. Letters, digits and hyphens only: HTML, JSON, CSV and XML
# escaping leave them as they are, so "not in the body" means "not shown".
ALICE_DISPLAY = "Alicedisplay-q7"
ALICE_LISTING = "Alicesavedlisting-z1"
ALICE_NOTE = "alice-note-k2"
ALICE_SEARCH = "alice-search-m3"
ALICE_QUERY_WORD = "alicequeryword"
ALICE_ACTIVITY = "alice-activity-p4"
ALICE_CONTACT = "alice-contact-r5@example.org"
ALICE_GOAL = "alice-goal-t6"
ALICE_TOKEN = "alice-token-v8"
ALICE_EMAIL = "alice@example.org"
ALICE_MARKERS = (
    ALICE_DISPLAY,
    ALICE_LISTING,
    ALICE_NOTE,
    ALICE_SEARCH,
    ALICE_QUERY_WORD,
    ALICE_ACTIVITY,
    ALICE_CONTACT,
    ALICE_GOAL,
    ALICE_TOKEN,
    ALICE_EMAIL,
)


@dataclass(frozen=True)
class World:
    alice: User
    bob: User
    ids: dict[str, Any]  # what the table's path templates are filled with
    feed_token: str  # the secret of alice's saved search's feed
    alice_entry: HoursEntry
    alice_search: SavedSearch
    alice_verification: VerificationRequest
    secrets: dict[str, str]  # a personal API token of each person, by username


def _person(
    user: User,
    *,
    display: str,
    listing_title: str,
    note: str,
    search_name: str,
    word: str,
    activity: str,
    contact: str,
    goal: str,
    token: str,
    shared: dict[str, Any],
) -> dict[str, Any]:
    """One person's records of every kind; returns their ids and the feed secret."""
    user.display_name = display
    user.save(update_fields=["display_name"])
    listing = OpportunityFactory(
        title=listing_title, source=shared["source"], organization=shared["organization"]
    )
    # Seen a day ago: the listing changed since, so "mark as seen" has something to record.
    saved = SavedOpportunityFactory(
        user=user, opportunity=listing, note=note, seen_version_at=timezone.now() - datetime.timedelta(days=1)
    )
    search, feed_token = search_services.saved_search_create(user=user, params=QueryDict(f"q={word}"))
    SavedSearch.objects.filter(pk=search.pk).update(name=search_name)
    today = timezone.localdate()
    entry = HoursEntryFactory(user=user, activity=activity, date=today - datetime.timedelta(days=2))
    # Sent an hour ago, so "send it again" (10-minute gap) is allowed for the owner.
    sent = timezone.now() - datetime.timedelta(hours=1)
    asked = VerificationRequestFactory(
        entry=entry, contact_email=contact, sent_at=sent, expires_at=sent + datetime.timedelta(days=14)
    )
    # A verified, locked entry: a transcript lists only these.
    HoursEntryFactory(
        user=user,
        activity=f"{activity}-verified",
        date=today - datetime.timedelta(days=3),
        trust="verified",
        locked_at=timezone.now(),
        verified_by_name="Ana Ruiz",
        verified_by_email=f"verifier-of-{contact}",
    )
    transcript = transcript_services.transcript_create(
        user=user, start=today - datetime.timedelta(days=30), end=today
    )
    goal_row = GoalFactory(user=user, name=goal)
    api_token = token_services.api_token_create(user=user, name=token).token
    return {
        "saved": saved.pk,
        "search": search.pk,
        "entry": entry.pk,
        "verification": asked.pk,
        "goal": goal_row.pk,
        "transcript": transcript.public_id,
        "token": api_token.pk,
        "listing": listing.pk,
        "feed_token": feed_token,
    }


def world_build(alice: User, bob: User) -> World:
    cause = CauseFactory(slug="matrix-cause")
    SkillFactory(slug="matrix-skill")
    source = SourceFactory()
    organization = OrganizationFactory()
    shared = {"source": source, "organization": organization}
    mine = _person(
        alice,
        display=ALICE_DISPLAY,
        listing_title=ALICE_LISTING,
        note=ALICE_NOTE,
        search_name=ALICE_SEARCH,
        word=ALICE_QUERY_WORD,
        activity=ALICE_ACTIVITY,
        contact=ALICE_CONTACT,
        goal=ALICE_GOAL,
        token=ALICE_TOKEN,
        shared=shared,
    )
    theirs = _person(
        bob,
        display="Bobdisplay",
        listing_title="Bobsavedlisting",
        note="bob-note",
        search_name="bob-search",
        word="bobqueryword",
        activity="bob-activity",
        contact="bob-contact@example.org",
        goal="bob-goal",
        token="bob-token",
        shared=shared,
    )
    OpportunityCauseFactory(opportunity_id=mine["listing"], cause=cause)
    ids = {
        **mine,
        "bob_entry": theirs["entry"],
        "bob_verification": theirs["verification"],
        "cause": cause.slug,
        "source": source.pk,
        "organization": organization.pk,
        "skill": "matrix-skill",
        "problem": "not-found",
        "uidb64": urlsafe_base64_encode(force_bytes(alice.pk)),
        "reset_token": default_token_generator.make_token(alice),
        "confirm_token": account_services.email_confirmation_token(user=alice),
        "verify_token": verification.verification_token_make(
            verification=VerificationRequest.objects.get(pk=mine["verification"])
        ),
    }
    return World(
        alice=alice,
        bob=bob,
        ids=ids,
        feed_token=mine["feed_token"],
        alice_entry=HoursEntry.objects.get(pk=mine["entry"]),
        alice_search=SavedSearch.objects.get(pk=mine["search"]),
        alice_verification=VerificationRequest.objects.get(pk=mine["verification"]),
        secrets={
            person.username: token_services.api_token_create(user=person, name="matrix").secret
            for person in (alice, bob)
        },
    )


def _rows(queryset: Any, *, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return sorted(
        ({key: value for key, value in model_to_dict(row).items() if key not in exclude} for row in queryset),
        key=lambda row: row["id"],
    )


def alice_snapshot(alice: User) -> dict[str, Any]:
    """Everything alice owns, as plain values (9 queries). Two snapshots are equal when nothing of
    hers was changed, created or deleted. `last_login` and a token's `last_used_at` are left out:
    they move when she merely signs in or uses a token."""
    user = User.objects.filter(pk=alice.pk)
    return {
        "user": _rows(user, exclude=("last_login", "password", "groups", "user_permissions")),
        "password": list(user.values_list("password", flat=True)),
        "saved": _rows(SavedOpportunity.objects.filter(user_id=alice.pk)),
        "searches": _rows(SavedSearch.objects.filter(user_id=alice.pk)),
        "entries": _rows(HoursEntry.objects.filter(user_id=alice.pk)),
        "verifications": _rows(VerificationRequest.objects.filter(entry__user_id=alice.pk)),
        "timer": _rows(HoursTimer.objects.filter(user_id=alice.pk)),
        "goals": _rows(Goal.objects.filter(user_id=alice.pk)),
        "transcripts": _rows(Transcript.objects.filter(user_id=alice.pk)),
        "tokens": _rows(ApiToken.objects.filter(user_id=alice.pk), exclude=("last_used_at",)),
    }
