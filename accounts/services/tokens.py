"""Personal API tokens: create (the secret is returned once and only its hash is kept), revoke,
and the lookup the API's authentication makes on every request.

A token is `pi_` followed by 43 URL-safe characters (256 random bits). Looking one up hashes the
presented secret and finds the row by its unique hash, so the comparison never touches the secret
itself and a stolen database holds nothing that authenticates.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, User

PREFIX = "pi_"
SHOWN_PREFIX_LENGTH = 10  # "pi_" and 7 characters: enough to tell tokens apart, useless to an attacker
MAX_ACTIVE_TOKENS = 20
NAME_MAX_LENGTH = 100
# last_used_at is a hint for people, not an audit log: writing it on every request would make
# every read a write, so it is refreshed at most this often.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown to the person once; we keep only its hash


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> CreatedToken:
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the script or service that will use it."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"At most {NAME_MAX_LENGTH} characters."})
    # Lock the person's row so two concurrent creations cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            {
                "name": f"You already have {MAX_ACTIVE_TOKENS} active tokens: revoke one you no longer use first."
            }
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[:SHOWN_PREFIX_LENGTH], key_hash=key_hash(secret)
    )
    return CreatedToken(token=token, secret=secret)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Idempotent: revoking a revoked token keeps its first revocation time."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_authenticate(*, secret: str) -> ApiToken | None:
    """The active token this secret belongs to (with its user), or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        api_token_touch(token=token)
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
