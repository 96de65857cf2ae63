"""Verification of an hours entry by a contact who has no account: a signed, expiring,
single-use link sent by e-mail, the contact's answer, reminders and expiry.

The link is /verify/<token>/, token = signing.dumps({"r": request id, "n": nonce}). The signature
stops tampering; the nonce (random, stored on the request) stops guessing ids; `expires_at` on
the row is the authority on expiry (the signature's max_age is a second guard). Answering is a
conditional UPDATE on (pk, nonce, status=pending, answered_at=None, expires_at > now): it matches
one row once, so a second click, a replayed POST or two contacts racing find nothing to update.

E-mails are sent after commit, so a rolled-back request never mails anyone; reminders are claimed
(reminders_sent bumped by a conditional UPDATE) before they are sent, so a retried task never
sends one twice (at worst one is lost if the process dies between claim and send).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.emails import email_send
from accounts.models import HoursEntry, TrustLevel, VerificationRequest, VerificationStatus
from accounts.selectors.hours import duration_text
from accounts.services.audit import (
    ACTOR_SYSTEM,
    ACTOR_VOLUNTEER,
    VIA_EMAIL_LINK,
    VIA_TASK,
    VIA_WEB,
    actor_contact,
    audit_record,
)
from accounts.services.hours import MAX_DAY_MINUTES, day_limit_error, day_text, lock_person

VERIFY_SALT = "pitchin.verify"
# How long a link works. The signature's max_age and the row's expires_at both use it.
VERIFY_LINK_MAX_AGE = datetime.timedelta(days=14)
REMINDER_AFTER = {1: datetime.timedelta(days=3), 2: datetime.timedelta(days=7)}
# A volunteer's "send it again" is claimed like a reminder; this gap turns a double click (or a
# reloaded POST) into one e-mail.
RESEND_MIN_INTERVAL = datetime.timedelta(minutes=10)

CONFIRM, ADJUST, DECLINE = "confirm", "adjust", "decline"
ANSWERED = (VerificationStatus.CONFIRMED, VerificationStatus.ADJUSTED, VerificationStatus.DECLINED)
STATUS_FOR = {
    CONFIRM: VerificationStatus.CONFIRMED,
    ADJUST: VerificationStatus.ADJUSTED,
    DECLINE: VerificationStatus.DECLINED,
}


class VerificationLinkError(Exception):
    """The link cannot be answered; `kind` says why and `str()` says it to the contact."""

    MESSAGES = {
        "invalid": "This link is not valid",
        "expired": "This link has expired",
        "used": "This link was already used",
        "superseded": "This request was replaced by a newer one",
    }

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(self.MESSAGES[kind])


def verification_token_make(*, verification: VerificationRequest) -> str:
    return signing.dumps({"r": verification.pk, "n": verification.nonce}, salt=VERIFY_SALT)


def _absolute(path: str) -> str:
    """E-mails have no request to build links from: SITE_URL does."""
    base = getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def verification_url(*, verification: VerificationRequest) -> str:
    return _absolute(reverse("verify:answer", args=[verification_token_make(verification=verification)]))


def _token_read(token: str) -> tuple[int, str]:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise VerificationLinkError("expired") from None
    except signing.BadSignature:
        raise VerificationLinkError("invalid") from None
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("r"), int)
        or not isinstance(payload.get("n"), str)
    ):
        raise VerificationLinkError("invalid")
    return payload["r"], payload["n"]


def closed_kind(verification: VerificationRequest, now: datetime.datetime) -> str | None:
    """Why a request can no longer be answered, or None while it can."""
    if verification.status == VerificationStatus.SUPERSEDED:
        return "superseded"
    if verification.answered_at is not None or verification.status in ANSWERED:
        return "used"
    if verification.status == VerificationStatus.EXPIRED or verification.expires_at <= now:
        return "expired"
    return None


def verification_open(*, token: str, now: datetime.datetime | None = None) -> VerificationRequest:
    """The request a link points to, ready to answer; VerificationLinkError otherwise."""
    request_id, nonce = _token_read(token)
    verification = (
        VerificationRequest.objects.select_related(
            "entry", "entry__user", "entry__opportunity", "entry__opportunity__organization"
        )
        .filter(pk=request_id, nonce=nonce)
        .first()
    )
    if verification is None:
        raise VerificationLinkError("invalid")
    kind = closed_kind(verification, now or timezone.now())
    if kind:
        raise VerificationLinkError(kind)
    return verification


def entry_can_request(*, entry: HoursEntry) -> bool:
    """An unlocked entry can be sent for verification; a locked one only when its last answer
    adjusted the time (the volunteer may ask someone else). Confirmed and approved ones cannot."""
    if not entry.is_locked:
        return True
    last = entry.verifications.filter(status__in=ANSWERED).order_by("-answered_at", "-id").first()
    return (
        entry.trust == TrustLevel.VERIFIED and last is not None and last.status == VerificationStatus.ADJUSTED
    )


def _email_context(verification: VerificationRequest, **extra: Any) -> dict[str, Any]:
    entry = verification.entry
    return {
        "verification": verification,
        "entry": entry,
        "volunteer_name": entry.user.shown_name,
        "duration": duration_text(entry.minutes),
        "day": day_text(entry.date),
        "organisation": entry.opportunity.title if entry.opportunity else entry.organization_name,
        "url": verification_url(verification=verification),
        **extra,
    }


def _contact_details(verification: VerificationRequest) -> dict[str, Any]:
    return {"contact_name": verification.contact_name, "contact_email": verification.contact_email}


def _check_contact(entry: HoursEntry, contact_name: str, contact_email: str) -> None:
    errors = {}
    if not contact_name.strip():
        errors["contact_name"] = "Enter the name of the person who can vouch for these hours."
    try:
        validate_email(contact_email)
    except ValidationError:
        errors["contact_email"] = "Enter their e-mail address, like name@example.org."
    else:
        if contact_email.strip().lower() == (entry.user.email or "").lower():
            errors["contact_email"] = (
                "That is your own address: ask someone who saw your work, like a coordinator."
            )
    if errors:
        raise ValidationError(errors)


def _supersede_pending(entry: HoursEntry, via: str) -> None:
    for old in entry.verifications.select_for_update().filter(status=VerificationStatus.PENDING):
        if VerificationRequest.objects.filter(pk=old.pk, status=VerificationStatus.PENDING).update(
            status=VerificationStatus.SUPERSEDED
        ):
            details = _contact_details(old)
            audit_record(
                entry=entry, actor=ACTOR_VOLUNTEER, action="verification_superseded", via=via, details=details
            )


@transaction.atomic
def verification_request(
    *, entry: HoursEntry, contact_name: str, contact_email: str, note: str = "", via: str = VIA_WEB
) -> VerificationRequest:
    """Ask `contact_email` to vouch for the entry. A pending request to someone else is
    superseded first (its link stops working), which keeps the one-pending-per-entry constraint.
    The optional note goes into this first e-mail only; it is not stored."""
    lock_person(entry.user)
    entry = HoursEntry.objects.select_related("user", "opportunity").get(pk=entry.pk)
    if not entry_can_request(entry=entry):
        raise ValidationError(
            "This entry is already verified and locked, so it cannot be sent for verification again."
        )
    _check_contact(entry, contact_name, contact_email)
    _supersede_pending(entry, via)
    now = timezone.now()
    verification = VerificationRequest.objects.create(
        entry=entry,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        nonce=secrets.token_urlsafe(16),
        sent_at=now,
        expires_at=now + VERIFY_LINK_MAX_AGE,
    )
    details = _contact_details(verification)
    audit_record(
        entry=entry, actor=ACTOR_VOLUNTEER, action="verification_requested", via=via, details=details
    )
    context = _email_context(verification, note=note.strip())
    transaction.on_commit(
        lambda: email_send(template="verify-request", to=verification.contact_email, context=context)
    )
    return verification


def _send_reminder(verification: VerificationRequest, number: int) -> None:
    context = _email_context(verification, number=number)
    email_send(template="verify-reminder", to=verification.contact_email, context=context)


@transaction.atomic
def verification_resend(*, verification: VerificationRequest, via: str = VIA_WEB) -> None:
    """Send the same link again (it counts as a reminder). Claimed by a conditional UPDATE, so a
    double click sends one e-mail; refused when the request is no longer pending."""
    now = timezone.now()
    recent = now - RESEND_MIN_INTERVAL
    claimed = (
        VerificationRequest.objects.filter(
            pk=verification.pk, status=VerificationStatus.PENDING, expires_at__gt=now, sent_at__lte=recent
        )
        .filter(Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lte=recent))
        .update(reminders_sent=F("reminders_sent") + 1, last_reminder_at=now)
    )
    if claimed != 1:
        raise ValidationError(
            "It cannot be sent again now: it was sent in the last 10 minutes, or it is no longer waiting for an answer."
        )
    verification = VerificationRequest.objects.select_related(
        "entry", "entry__user", "entry__opportunity"
    ).get(pk=verification.pk)
    details = _contact_details(verification)
    audit_record(
        entry=verification.entry,
        actor=ACTOR_VOLUNTEER,
        action="verification_resent",
        via=via,
        details=details,
    )
    transaction.on_commit(lambda: _send_reminder(verification, verification.reminders_sent))


# --- The contact's answer ------------------------------------------------------------------------


def _check_answer(decision: str, adjusted_minutes: int | None, reason: str, entry: HoursEntry) -> None:
    errors = {}
    if decision not in (CONFIRM, ADJUST, DECLINE):
        errors["decision"] = "Choose one: confirm, change the time, or decline."
    elif decision == ADJUST:
        if adjusted_minutes is None or adjusted_minutes <= 0:
            errors["adjusted_minutes"] = "Enter the time they really volunteered, more than 0 minutes."
        elif adjusted_minutes > MAX_DAY_MINUTES:
            errors["adjusted_minutes"] = "At most 24 h a day can be logged."
        elif adjusted_minutes == entry.minutes:
            errors["adjusted_minutes"] = "That is the time already logged: choose “Confirm” instead."
        if not reason.strip():
            errors["reason"] = "Say briefly why the time is different; the volunteer will see it."
    elif decision == DECLINE and not reason.strip():
        errors["reason"] = "Say briefly why you cannot confirm it; the volunteer will see it."
    if errors:
        raise ValidationError(errors)


def entry_version(entry: HoursEntry) -> str:
    """What the contact saw; if the volunteer edits the entry meanwhile, the answer is refused."""
    return entry.updated_at.isoformat()


def _claim_answer(
    verification: VerificationRequest, status: str, now: datetime.datetime, **fields: Any
) -> None:
    claimed = VerificationRequest.objects.filter(
        pk=verification.pk,
        nonce=verification.nonce,
        status=VerificationStatus.PENDING,
        answered_at=None,
        expires_at__gt=now,
    ).update(status=status, answered_at=now, **fields)
    if claimed != 1:
        # Someone answered (or replaced, or it expired) between our read and this UPDATE.
        verification.refresh_from_db()
        raise VerificationLinkError(closed_kind(verification, now) or "used")


def _apply_answer(
    entry: HoursEntry,
    verification: VerificationRequest,
    decision: str,
    minutes: int | None,
    now: datetime.datetime,
) -> bool:
    """Change the entry; True when this answer locked it."""
    was_locked = entry.is_locked
    if decision == DECLINE:
        entry.trust, entry.locked_at = TrustLevel.SELF_REPORTED, None
        entry.verified_by_name = entry.verified_by_email = ""
    else:
        entry.trust, entry.locked_at = TrustLevel.VERIFIED, entry.locked_at or now
        entry.verified_by_name, entry.verified_by_email = (
            verification.contact_name,
            verification.contact_email,
        )
        if decision == ADJUST:
            entry.minutes = minutes
    entry.updated_at = now
    entry.save()
    return decision != DECLINE and not was_locked


@transaction.atomic
def verification_answer(
    *,
    token: str,
    decision: str,
    adjusted_minutes: int | None = None,
    reason: str = "",
    seen_version: str | None = None,
) -> VerificationRequest:
    """The contact confirms, adjusts (new duration + reason) or declines (reason), once.

    Confirm and adjust verify and lock the entry; decline leaves it self-reported and unlocked.
    An adjusted duration obeys the 24-h rule like any other. Raises VerificationLinkError when the
    link cannot be answered, ValidationError when the answer is incomplete.
    """
    now = timezone.now()
    verification = verification_open(token=token, now=now)
    lock_person(verification.entry.user)
    entry = HoursEntry.objects.select_related("user", "opportunity").get(pk=verification.entry_id)
    _check_answer(decision, adjusted_minutes, reason, entry)
    _check_entry(entry, decision, adjusted_minutes, seen_version)
    old_minutes = entry.minutes
    fields = {"reason": reason.strip(), "adjusted_minutes": adjusted_minutes if decision == ADJUST else None}
    _claim_answer(verification, STATUS_FOR[decision], now, **fields)
    locked = _apply_answer(entry, verification, decision, adjusted_minutes, now)
    _audit_answer(entry, verification, decision, old_minutes, reason.strip(), locked)
    verification.refresh_from_db()
    verification.entry = entry
    _tell_volunteer(verification, decision, old_minutes)
    return verification


def _check_entry(
    entry: HoursEntry, decision: str, adjusted_minutes: int | None, seen_version: str | None
) -> None:
    """The entry is still what the contact saw, and an adjusted duration fits in the day."""
    if seen_version is not None and seen_version != entry_version(entry):
        raise ValidationError(
            "The volunteer changed this entry while the page was open. Check it again below."
        )
    if decision == ADJUST:
        message = day_limit_error(
            user=entry.user,
            day=entry.date,
            minutes=adjusted_minutes,
            exclude_entry_id=entry.pk,
            who=entry.user.shown_name,
        )
        if message:
            raise ValidationError({"adjusted_minutes": message})


def _tell_volunteer(verification: VerificationRequest, decision: str, old_minutes: int) -> None:
    entry = verification.entry
    if not entry.user.email:
        return
    context = _email_context(
        verification,
        decision=decision,
        old_duration=duration_text(old_minutes),
        entry_url=_absolute(reverse("hours:detail", args=[entry.pk])),
    )
    transaction.on_commit(
        lambda: email_send(template="verify-answered", to=entry.user.email, context=context)
    )


def _audit_answer(
    entry: HoursEntry,
    verification: VerificationRequest,
    decision: str,
    old_minutes: int,
    reason: str,
    locked: bool,
) -> None:
    actor = actor_contact(verification.contact_email)
    details: dict[str, Any] = _contact_details(verification)
    if decision == ADJUST:
        details |= {"old_minutes": old_minutes, "new_minutes": entry.minutes, "reason": reason}
    elif decision == DECLINE:
        details |= {"reason": reason}
    action = {CONFIRM: "confirmed", ADJUST: "adjusted", DECLINE: "declined"}[decision]
    audit_record(entry=entry, actor=actor, action=action, via=VIA_EMAIL_LINK, details=details)
    if locked:
        audit_record(
            entry=entry, actor=ACTOR_SYSTEM, action="locked", via=VIA_EMAIL_LINK, details={"after": action}
        )


# --- Reminders and expiry (beat, hourly) ---------------------------------------------------------


def _expire_overdue(now: datetime.datetime) -> int:
    expired = 0
    overdue = VerificationRequest.objects.filter(status=VerificationStatus.PENDING, expires_at__lte=now)
    for verification in overdue.select_related("entry"):
        with transaction.atomic():
            if VerificationRequest.objects.filter(
                pk=verification.pk, status=VerificationStatus.PENDING, expires_at__lte=now
            ).update(status=VerificationStatus.EXPIRED):
                details = _contact_details(verification)
                audit_record(
                    entry=verification.entry,
                    actor=ACTOR_SYSTEM,
                    action="expired",
                    via=VIA_TASK,
                    details=details,
                )
                expired += 1
    return expired


def _remind(verification: VerificationRequest, number: int, now: datetime.datetime) -> bool:
    """Claim reminder `number` (reminders_sent goes number-1 -> number), then send it after commit."""
    with transaction.atomic():
        claimed = VerificationRequest.objects.filter(
            pk=verification.pk,
            status=VerificationStatus.PENDING,
            reminders_sent=number - 1,
            expires_at__gt=now,
        ).update(reminders_sent=number, last_reminder_at=now)
        if claimed != 1:
            return False
        details = {**_contact_details(verification), "number": number}
        audit_record(
            entry=verification.entry,
            actor=ACTOR_SYSTEM,
            action="verification_reminded",
            via=VIA_TASK,
            details=details,
        )
        transaction.on_commit(lambda: _send_reminder(verification, number))
    return True


def verification_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Expire overdue requests, then send reminder 1 (3 days after the request) and reminder 2
    (7 days after), each at most once: safe to run again at any time. Returns reminders sent.
    A reminder is not sent within a day of the last one (a volunteer's "send again" included)."""
    now = now or timezone.now()
    _expire_overdue(now)
    sent = 0
    for number, after in REMINDER_AFTER.items():
        due = (
            VerificationRequest.objects.filter(
                status=VerificationStatus.PENDING,
                reminders_sent=number - 1,
                sent_at__lte=now - after,
                expires_at__gt=now,
            )
            .filter(
                Q(last_reminder_at__isnull=True) | Q(last_reminder_at__lte=now - datetime.timedelta(days=1))
            )
            .select_related("entry", "entry__user", "entry__opportunity")
        )
        sent += sum(_remind(verification, number, now) for verification in due)
    return sent
