"""Writes for a person's account: signing up, confirming an e-mail address, the profile, deleting
the account, and the login throttle.

E-mails are registered with `transaction.on_commit`, so a rolled-back write never mails anyone.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.timezone import now

from accounts.emails import email_send
from accounts.models import Transcript, User
from opportunities.models import Cause, Skill

EMAIL_CONFIRM_SALT = "accounts.email-confirm"
EMAIL_CONFIRM_MAX_AGE = timedelta(days=3)
# A person may ask for a new confirmation e-mail once a minute: enough for a typo'd address,
# too slow to turn the button into a way of flooding someone else's inbox.
EMAIL_CONFIRM_RESEND_SECONDS = 60

# The profile fields a person edits; causes and skills (many-to-many) are set separately.
PROFILE_FIELDS = (
    "display_name",
    "email",
    "timezone",
    "available_from_hour",
    "available_to_hour",
    "country",
    "languages",
    "yearly_hours_goal",
    "date_of_birth",
)


# --- Sign up and e-mail confirmation ----------------------------------------------------------


def account_create(*, username: str, email: str, password: str) -> User:
    """Create the account and mail a confirmation link.

    Not idempotent by design, but safe: the username is unique in the database, so a second
    submission of the same form (double click, retry) is refused instead of making a twin.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                user = User.objects.create_user(username=username, email=email, password=password)
        except IntegrityError:
            # Another request took the name between the form's check and our insert.
            raise ValidationError({"username": "That username was just taken: choose another."}) from None
        email_confirmation_send(user=user)
    return user


def email_confirmation_token(*, user: User) -> str:
    """A signed, timestamped token naming the user *and* the address, so a link sent to an old
    address stops working once the address changes."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_CONFIRM_SALT)


def email_confirmation_send(*, user: User) -> None:
    """Mail a confirmation link for the user's current address, once the transaction commits."""
    path = reverse("account:confirm_email", kwargs={"token": email_confirmation_token(user=user)})
    context = {
        "user": user,
        "confirm_url": settings.SITE_URL.rstrip("/") + path,
        "valid_days": EMAIL_CONFIRM_MAX_AGE.days,
    }
    address = user.email

    def confirmation_email_send() -> None:  # named: Django logs a robust callback's __qualname__
        email_send(template="confirm-email", to=address, context=context)

    # robust: a mail server that is down is logged, and must not turn a saved sign-up or profile
    # into an error page; the person can resend from their profile.
    transaction.on_commit(confirmation_email_send, robust=True)


def email_confirmation_resend(*, user: User) -> bool:
    """Send a new link unless one went out in the last minute; False when throttled.

    `cache.add` is atomic, so two quick clicks send one e-mail.
    """
    if user.email_confirmed_at is not None or not user.email:
        return False
    if not cache.add(f"accounts:confirm-resend:{user.pk}", 1, timeout=EMAIL_CONFIRM_RESEND_SECONDS):
        return False
    email_confirmation_send(user=user)
    return True


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    ALREADY = "already-confirmed"
    EXPIRED = "expired"
    INVALID = "invalid"
    STALE = "stale"  # the address changed since the link was sent, or the account is gone


def email_confirm(*, token: str) -> str:
    """Confirm the address a link was sent to; returns a ConfirmOutcome.

    Single meaning: the conditional UPDATE (`email_confirmed_at IS NULL`) lets only the first
    click, or the first of two racing requests, set the time; later ones find nothing to update
    and report "already confirmed".
    """
    try:
        payload = signing.loads(token, salt=EMAIL_CONFIRM_SALT, max_age=EMAIL_CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        return ConfirmOutcome.EXPIRED
    except signing.BadSignature:
        return ConfirmOutcome.INVALID
    if not isinstance(payload, dict):
        return ConfirmOutcome.INVALID
    same_address = User.objects.filter(pk=payload.get("user"), email=payload.get("email"))
    if same_address.filter(email_confirmed_at__isnull=True).update(email_confirmed_at=now()) == 1:
        return ConfirmOutcome.CONFIRMED
    return ConfirmOutcome.ALREADY if same_address.exists() else ConfirmOutcome.STALE


# --- Profile and deletion ---------------------------------------------------------------------


def profile_update(*, user: User, data: Mapping[str, Any]) -> bool:
    """Store the profile form's cleaned data; True when the e-mail address changed.

    Idempotent: the same data twice leaves the same row (`.set()` adds and removes only the
    difference). A new address is unconfirmed until its own link is clicked.
    """
    email_changed = data["email"].strip().lower() != user.email.strip().lower()
    with transaction.atomic():
        for field in PROFILE_FIELDS:
            setattr(user, field, data[field])
        update_fields = list(PROFILE_FIELDS)
        if email_changed:
            user.email_confirmed_at = None
            update_fields.append("email_confirmed_at")
        user.save(update_fields=update_fields)
        user.causes.set(Cause.objects.filter(slug__in=data["causes"]))
        user.skills.set(Skill.objects.filter(slug__in=data["skills"]))
        if email_changed:
            email_confirmation_send(user=user)
    return email_changed


def account_delete(*, user: User, keep_transcripts: bool) -> None:
    """Delete the person and everything that is theirs (the foreign keys CASCADE).

    Published transcripts either stay, unlinked from the person (`user` is SET_NULL) and
    flagged so nobody mistakes them for orphans, or go with the account. One transaction, so a
    failure leaves the account whole; running it again for a deleted user changes nothing.
    """
    # By id *and* username: SQLite may give a deleted user's id to the next sign-up, and a
    # replayed call must not touch that newcomer.
    account = User.objects.filter(pk=user.pk, username=user.get_username())
    with transaction.atomic():
        if not account.exists():
            return
        transcripts = Transcript.objects.filter(user_id=user.pk)
        if keep_transcripts:
            transcripts.update(keep_after_account_deletion=True)
        else:
            transcripts.delete()
        account.delete()


# --- Login throttle ---------------------------------------------------------------------------
# Counters live in the cache: `cache.add` creates a counter with the window as its lifetime and
# `cache.incr` is atomic on Redis and locmem, so concurrent failures are all counted. (The file
# cache of a server-less `make run` emulates incr with get+set and resets its expiry: fine for
# one developer, which is why production uses Redis.) Reaching a limit stores a lock holding its
# end time and starts a fresh count; attempts refused while locked are not counted, so hammering
# a locked account does not extend the lock.


@dataclass(frozen=True)
class _Limit:
    kind: str
    setting: str


_USERNAME = _Limit("username", "LOGIN_FAILURES_PER_USERNAME")
_IP = _Limit("ip", "LOGIN_FAILURES_PER_IP")


def _key(limit: _Limit, what: str, value: str) -> str:
    # Hashed: keys stay short and safe for every cache backend whatever people type.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"accounts:login:{what}:{limit.kind}:{digest}"


def _normalise_username(username: str) -> str:
    # One counter for "Alice" and "alice ": otherwise case variants would multiply the attempts.
    return username.strip().casefold()


def _subjects(*, username: str | None, ip: str | None) -> list[tuple[_Limit, str]]:
    subjects = []
    if username:
        subjects.append((_USERNAME, _normalise_username(username)))
    if ip:
        subjects.append((_IP, ip))
    return subjects


def login_lockout_remaining(*, username: str | None, ip: str | None) -> int:
    """Seconds until this username and this address may try again; 0 when not locked."""
    keys = [_key(limit, "lock", value) for limit, value in _subjects(username=username, ip=ip)]
    until = max(cache.get_many(keys).values(), default=0)
    return max(0, math.ceil(until - time.time()))


def _count_failure(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr: this failure starts a new one
        cache.add(key, 1, timeout=window)
        return 1


def login_failure_record(*, username: str | None, ip: str | None) -> int:
    """Count a failed login against the username and the address; returns the lockout in
    seconds when this failure reached a limit, else 0."""
    window = int(settings.LOGIN_FAILURE_WINDOW_MINUTES) * 60
    lockout = int(settings.LOGIN_LOCKOUT_MINUTES) * 60
    for limit, value in _subjects(username=username, ip=ip):
        counter = _key(limit, "failures", value)
        if _count_failure(counter, window) >= int(getattr(settings, limit.setting)):
            # add, not set: a lock already in place keeps its end time.
            cache.add(_key(limit, "lock", value), time.time() + lockout, timeout=lockout)
            cache.delete(counter)
    return login_lockout_remaining(username=username, ip=ip)


def login_success_record(*, username: str) -> None:
    """A correct password clears that username's failures (not the address's: one valid
    account must not let an attacker reset the count for every other name they try)."""
    cache.delete(_key(_USERNAME, "failures", _normalise_username(username)))


def login_failures_clear(*, username: str) -> None:
    """After a password reset the person has proved they own the mailbox: lift their lock."""
    value = _normalise_username(username)
    cache.delete_many([_key(_USERNAME, "failures", value), _key(_USERNAME, "lock", value)])
