"""Saving a listing to a person's list. Both writes are idempotent: saving twice keeps one row
(the unique constraint decides a race), unsaving something not saved does nothing."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from opportunities.models import Opportunity, SavedOpportunity


def opportunity_save(*, user, opportunity: Opportunity) -> SavedOpportunity:  # type: ignore[no-untyped-def]
    """Keep `opportunity` on the user's list; returns the one row, new or already there."""
    try:
        with transaction.atomic():
            saved, _ = SavedOpportunity.objects.get_or_create(user=user, opportunity=opportunity)
    except IntegrityError:
        # Two clicks raced: the other request created the row between our read and our insert.
        saved = SavedOpportunity.objects.get(user=user, opportunity=opportunity)
    return saved


def opportunity_unsave(*, user, opportunity: Opportunity) -> bool:  # type: ignore[no-untyped-def]
    """Take it off the list; True if it was there."""
    deleted, _ = SavedOpportunity.objects.filter(user=user, opportunity=opportunity).delete()
    return bool(deleted)
