"""Writes for transcripts: publish a frozen record of verified hours, and withdraw it.

A transcript lists VERIFIED and APPROVED entries only (never self-reported ones) and says so. Its
content is frozen at creation, and `content_hash` is the sha-256 of the content's canonical JSON
(`canonical_json`), printed on the PDF and shown on the public page: anyone holding a copy can see
the two agree, and later edits to the entries cannot change what was published.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import HoursEntry, Transcript, TrustLevel, User

# No 0/o, 1/l/i: the id is read off paper and typed in. 31**10 is about 8 * 10**14 ids.
PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PUBLIC_ID_LENGTH = 10
ISSUER = "Pitch In"
BASIS = (
    "Only hours verified by a contact or approved by the organisation are listed; "
    "self-reported hours are not."
)


def public_id_new() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def canonical_json(content: dict[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 text as is (not \\u-escaped): one byte string per content,
    whatever order a database returns JSON keys in."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _entry_content(entry: HoursEntry) -> dict[str, Any]:
    organisation = entry.organization_name
    if entry.opportunity is not None and entry.opportunity.organization is not None:
        organisation = entry.opportunity.organization.name
    # The verifier's name only: the content is published, their e-mail address is not ours to publish.
    return {
        "date": entry.date.isoformat(),
        "minutes": entry.minutes,
        "organisation": organisation,
        "activity": entry.activity,
        "trust": entry.trust,
        "verified_by": entry.verified_by_name,
    }


def transcript_content(
    *, user: User, start: datetime.date, end: datetime.date, today: datetime.date
) -> dict[str, Any]:
    """The content a transcript of `user` for start..end would freeze (one query)."""
    entries = (
        HoursEntry.objects.filter(
            user=user, date__gte=start, date__lte=end, trust__in=[TrustLevel.VERIFIED, TrustLevel.APPROVED]
        )
        .select_related("opportunity__organization")
        .order_by("date", "id")
    )
    rows = [_entry_content(entry) for entry in entries]
    return {
        "issuer": ISSUER,
        "basis": BASIS,
        "holder_name": user.shown_name,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "generated_on": today.isoformat(),
        "entries": rows,
        "total_minutes": sum(row["minutes"] for row in rows),
    }


def _insert(*, user: User, content: dict[str, Any], digest: str) -> Transcript:
    """Insert with a fresh public id; a clash with an existing id (unique) just draws another."""
    for _ in range(5):
        try:
            with transaction.atomic():
                return Transcript.objects.create(
                    user=user,
                    public_id=public_id_new(),
                    holder_name=content["holder_name"],
                    content=content,
                    content_hash=digest,
                    total_minutes=content["total_minutes"],
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not draw an unused transcript id in 5 tries")


@transaction.atomic
def transcript_create(*, user: User, start: datetime.date, end: datetime.date) -> Transcript:
    """Freeze the user's verified hours between `start` and `end` (inclusive) into a transcript.

    Idempotent: the content carries the generation date, not a time, so a double-submitted form
    produces the same hash and gets back the live transcript that already has it, instead of a
    second public page. The user's row is locked first so two requests cannot both insert.
    Raises ValidationError when the period is backwards or holds no verified hours.
    """
    if end < start:
        raise ValidationError({"end": "The end date must be on or after the start date."})
    User.objects.select_for_update().filter(pk=user.pk).first()
    content = transcript_content(user=user, start=start, end=end, today=timezone.localdate())
    if not content["entries"]:
        raise ValidationError(
            "You have no verified hours in this period. A transcript lists only hours a contact "
            "verified or an organisation approved: ask for verification from your hours log first."
        )
    digest = content_hash(content)
    existing = Transcript.objects.filter(user=user, content_hash=digest, revoked_at__isnull=True).first()
    return existing or _insert(user=user, content=content, digest=digest)


@transaction.atomic
def transcript_revoke(*, transcript: Transcript) -> Transcript:
    """Withdraw a transcript: its public page then says so (410). Idempotent: a conditional UPDATE
    on revoked_at IS NULL, so a second revoke keeps the first date."""
    Transcript.objects.filter(pk=transcript.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    transcript.refresh_from_db(fields=["revoked_at"])
    return transcript
