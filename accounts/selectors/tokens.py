"""Reads of a person's API tokens."""

from __future__ import annotations

from django.db.models import F, QuerySet

from accounts.models import ApiToken, User


def api_tokens_for(*, user: User) -> QuerySet[ApiToken]:
    """The person's tokens, active first, newest first (revoked ones stay listed, as a record)."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def api_token_get(*, user: User, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=token_id).first()
