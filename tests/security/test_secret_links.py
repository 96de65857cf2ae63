"""Links whose secret is the credential: saved-search feeds (/me/searches/feed/<token>.<kind>),
hours verification links (/verify/<signed token>/), and every `secret` rule of the table with its
right and a wrong secret."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core import signing
from django.utils import timezone

from accounts.models import HoursEntry, SavedSearch, TrustLevel, User, VerificationRequest, VerificationStatus
from accounts.services import verification
from tests.security.conftest import api_client_for, body_of, page_client
from tests.security.routes import RULES, path_for
from tests.security.world import (
    ALICE_ACTIVITY,
    ALICE_CONTACT,
    ALICE_DISPLAY,
    ALICE_EMAIL,
    ALICE_SEARCH,
    World,
)

pytestmark = pytest.mark.django_db

SECRET_RULES = [name for name, rule in RULES.items() if rule.kind == "secret"]
FEED_URL = re.compile(r"/me/searches/feed/([A-Za-z0-9_-]+)\.rss")


@pytest.mark.parametrize("name", SECRET_RULES)
def test_a_secret_link_works_without_login(name, world):
    rule = RULES[name]

    response = page_client(None).get(path_for(rule.path, world.ids))

    assert response.status_code == rule.calls[0].owner


@pytest.mark.parametrize("name", SECRET_RULES)
def test_a_wrong_secret_is_refused(name, world):
    rule = RULES[name]

    response = page_client(None).get(path_for(rule.wrong, world.ids))

    assert response.status_code == rule.refused
    assert ALICE_SEARCH not in body_of(response)
    assert ALICE_ACTIVITY not in body_of(response)


# --- Saved-search feeds -------------------------------------------------------------------------


def _feed(token: str, kind: str = "rss"):
    return page_client(None).get(f"/me/searches/feed/{token}.{kind}")


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [("rss", "application/rss+xml"), ("atom", "application/atom+xml"), ("ics", "text/calendar")],
)
def test_the_right_feed_token_serves_the_feed_without_login(kind, content_type, world):
    response = _feed(world.feed_token, kind)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    # Private: not for shared caches or search engines.
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert ALICE_SEARCH in body_of(response)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character changed
        lambda token: token[:-1],  # shortened
        lambda token: token.upper(),  # case matters
        lambda token: SavedSearch.objects.get(name=ALICE_SEARCH).feed_token_hash,  # the stored hash
    ],
    ids=["one-character", "shortened", "upper-case", "the-stored-hash"],
)
def test_a_tampered_feed_token_is_a_404(tamper, world):
    response = _feed(tamper(world.feed_token))

    assert response.status_code == 404
    assert ALICE_SEARCH not in body_of(response)


def test_after_rotating_the_old_feed_link_stops_and_the_new_one_works(world):
    alice = page_client(world.alice)

    rotated = alice.post(f"/me/searches/{world.ids['search']}/links/", follow=True)

    [new_token] = set(FEED_URL.findall(body_of(rotated)))
    assert new_token != world.feed_token
    assert _feed(world.feed_token).status_code == 404
    assert _feed(new_token).status_code == 200


def test_rotating_through_the_api_also_retires_the_old_link(world):
    response = api_client_for(world.alice).post(f"/api/v1/me/searches/{world.ids['search']}/rotate-feed/")

    new_token = FEED_URL.search(response.json()["feed_urls"]["rss"])[1]
    assert _feed(world.feed_token).status_code == 404
    assert _feed(new_token).status_code == 200


def test_bob_rotating_alices_search_is_refused_and_her_link_keeps_working(world):
    response = page_client(world.bob).post(f"/me/searches/{world.ids['search']}/links/")

    assert response.status_code == 404
    assert _feed(world.feed_token).status_code == 200


def test_deleting_the_search_ends_its_feed(world):
    SavedSearch.objects.filter(pk=world.ids["search"]).delete()
    assert _feed(world.feed_token).status_code == 404


def test_the_feed_of_a_deactivated_account_is_a_404(world):
    User.objects.filter(pk=world.alice.pk).update(is_active=False)

    assert _feed(world.feed_token).status_code == 404


# --- Hours verification links -------------------------------------------------------------------


def _link(asked: VerificationRequest) -> str:
    return f"/verify/{verification.verification_token_make(verification=asked)}/"


def _entry(world: World) -> HoursEntry:
    return HoursEntry.objects.get(pk=world.ids["entry"])


def test_a_valid_link_shows_the_entry_and_confirms_it_once(world):
    contact = page_client(None)
    link = _link(world.alice_verification)

    shown = contact.get(link)
    done = contact.post(link, {"decision": "confirm"})

    assert shown.status_code == 200
    assert ALICE_ACTIVITY in body_of(shown)
    assert done.status_code == 200
    assert _entry(world).trust == TrustLevel.VERIFIED


def test_a_used_link_is_refused_with_a_page_saying_so(world):
    contact = page_client(None)
    link = _link(world.alice_verification)
    contact.post(link, {"decision": "confirm"})
    confirmed = _entry(world)

    again_get = contact.get(link)
    again_post = contact.post(link, {"decision": "decline", "reason": "Changed my mind"})

    for response in (again_get, again_post):
        assert response.status_code == 410
        assert "This link was already used" in body_of(response)
        assert ALICE_ACTIVITY not in body_of(response)  # the closed page shows nothing of the entry
    entry = _entry(world)
    assert (entry.trust, entry.minutes, entry.updated_at) == (
        confirmed.trust,
        confirmed.minutes,
        confirmed.updated_at,
    )


def test_an_expired_link_is_refused_and_changes_nothing(world):
    VerificationRequest.objects.filter(pk=world.alice_verification.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    contact = page_client(None)
    link = _link(world.alice_verification)

    shown = contact.get(link)
    posted = contact.post(link, {"decision": "confirm"})

    for response in (shown, posted):
        assert response.status_code == 410
        assert "This link has expired" in body_of(response)
    assert _entry(world).trust == TrustLevel.SELF_REPORTED


def test_a_link_older_than_its_signature_allows_is_refused(world, monkeypatch):
    link = _link(world.alice_verification)
    later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = page_client(None).post(link, {"decision": "confirm"})

    assert response.status_code == 410
    assert "This link has expired" in body_of(response)
    assert _entry(world).trust == TrustLevel.SELF_REPORTED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-3] + ("abc" if not token.endswith("abc") else "xyz"),  # the signature
        lambda token: signing.dumps(signing.loads(token, salt=verification.VERIFY_SALT), salt="other"),
        lambda token: "garbage",
    ],
    ids=["signature-changed", "signed-for-another-purpose", "garbage"],
)
def test_a_tampered_link_is_refused_as_not_valid(tamper, world):
    token = verification.verification_token_make(verification=world.alice_verification)
    contact = page_client(None)

    shown = contact.get(f"/verify/{tamper(token)}/")
    posted = contact.post(f"/verify/{tamper(token)}/", {"decision": "confirm"})

    for response in (shown, posted):
        assert response.status_code == 404
        assert "This link is not valid" in body_of(response)
        assert ALICE_ACTIVITY not in body_of(response)
    assert _entry(world).trust == TrustLevel.SELF_REPORTED


def test_a_link_cannot_be_pointed_at_another_request(world):
    """Even correctly signed, a token naming bob's request with alice's nonce (or the reverse) is
    refused: the id alone opens nothing, the nonce must be that request's."""
    bobs = VerificationRequest.objects.get(pk=world.ids["bob_verification"])
    mixed = [
        signing.dumps({"r": bobs.pk, "n": world.alice_verification.nonce}, salt=verification.VERIFY_SALT),
        signing.dumps({"r": world.alice_verification.pk, "n": bobs.nonce}, salt=verification.VERIFY_SALT),
    ]
    contact = page_client(None)

    for token in mixed:
        response = contact.post(f"/verify/{token}/", {"decision": "confirm"})
        assert response.status_code == 404
    assert HoursEntry.objects.get(pk=world.ids["bob_entry"]).trust == TrustLevel.SELF_REPORTED
    assert _entry(world).trust == TrustLevel.SELF_REPORTED


def test_answering_one_entrys_link_with_another_entrys_version_confirms_nothing(world):
    """The page's hidden `version` is the only entry-shaped field; one from bob's entry does not
    redirect the answer: it is refused, and neither entry changes."""
    bobs_entry = HoursEntry.objects.get(pk=world.ids["bob_entry"])

    response = page_client(None).post(
        _link(world.alice_verification),
        {"decision": "confirm", "version": verification.entry_version(bobs_entry)},
    )

    assert response.status_code == 400
    assert _entry(world).trust == TrustLevel.SELF_REPORTED
    assert HoursEntry.objects.get(pk=bobs_entry.pk).trust == TrustLevel.SELF_REPORTED
    assert (
        VerificationRequest.objects.get(pk=world.alice_verification.pk).status == VerificationStatus.PENDING
    )


def test_a_link_replaced_by_a_newer_request_is_refused(world):
    page_client(world.alice).post(
        f"/me/hours/{world.ids['entry']}/verify/",
        {"contact_name": "Someone Else", "contact_email": "someone@example.org"},
    )

    response = page_client(None).get(_link(world.alice_verification))

    assert response.status_code == 410
    assert "This request was replaced by a newer one" in body_of(response)


def test_the_link_page_is_private(world):
    response = page_client(None).get(_link(world.alice_verification))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex"


# --- Public transcripts ---------------------------------------------------------------------------


def test_the_public_transcript_page_publishes_no_email_address(world):
    response = page_client(None).get(f"/t/{world.ids['transcript']}/")

    body = body_of(response)
    assert response.status_code == 200
    assert ALICE_DISPLAY in body  # the holder, as published
    for address in (ALICE_EMAIL, f"verifier-of-{ALICE_CONTACT}", ALICE_CONTACT):
        assert address not in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_withdrawn_transcript_says_so_publicly_and_its_pdf_is_gone(world):
    alice = page_client(world.alice)
    alice.post(f"/me/transcripts/{world.ids['transcript']}/revoke/")

    public = page_client(None).get(f"/t/{world.ids['transcript']}/")
    pdf = alice.get(f"/me/transcripts/{world.ids['transcript']}.pdf")

    assert public.status_code == 410
    assert pdf.status_code == 410
