"""Saving a listing to a person's list, and moving it along their pipeline
(saved → applied → heard back → volunteering → done, or withdrawn).

Every write is idempotent. Saving twice keeps one row (the unique constraint decides a race),
unsaving something not saved does nothing, and each pipeline write is one conditional UPDATE
that only matches a row that would change: repeating it (a double click, a retried request)
updates nothing, so no timestamp moves. Follow-up reminders are claimed row by row before the
e-mail goes out, so a retried task never sends one twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateField, F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.emails import email_send
from opportunities.models import Opportunity, SavedOpportunity, SavedStage

# After applying, when to ask "heard back yet?" unless the person picked a date themselves.
FOLLOW_UP_AFTER = datetime.timedelta(days=14)
NOTE_MAX_LENGTH = 5000
# Reminders claimed per run: the hourly task picks up the rest next time.
REMINDER_BATCH = 500
# A withdrawn item leaves the pipeline: only these moves bring it back (reopening starts over).
_FROM_WITHDRAWN = frozenset({SavedStage.SAVED, SavedStage.WITHDRAWN})


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


# --- The pipeline ------------------------------------------------------------------------------


def stage_moves(*, current: str) -> list[str]:
    """The stages an item in `current` may move to (its own included, as a no-op).

    Any pipeline stage may follow any other, so a wrong click can be undone; withdrawing is
    possible from anywhere, and a withdrawn item can only be reopened (back to Saved).
    """
    if current == SavedStage.WITHDRAWN:
        return [stage for stage in SavedStage.values if stage in _FROM_WITHDRAWN]
    return list(SavedStage.values)


def saved_stage_set(*, saved: SavedOpportunity, stage: str) -> SavedOpportunity:
    """Move `saved` to `stage` and stamp stage_changed_at. Moving to Applied with no follow-up
    date sets one, FOLLOW_UP_AFTER from today.

    One UPDATE that only matches a row in another stage: the same move twice changes nothing
    (no timestamp bump), and of two racing moves each applies whole, never half.
    """
    if stage not in SavedStage.values:
        raise ValidationError({"stage": "Pick one of the stages in the list."})
    changes: dict[str, Any] = {"stage": stage, "stage_changed_at": timezone.now()}
    if stage == SavedStage.APPLIED:
        follow_up = timezone.localdate() + FOLLOW_UP_AFTER
        changes["follow_up_on"] = Coalesce(F("follow_up_on"), Value(follow_up, output_field=DateField()))
    allowed_from = [current for current in SavedStage.values if stage in stage_moves(current=current)]
    with transaction.atomic():
        updated = (
            SavedOpportunity.objects.filter(pk=saved.pk, stage__in=allowed_from)
            .exclude(stage=stage)
            .update(**changes)
        )
        saved.refresh_from_db(fields=["stage", "stage_changed_at", "follow_up_on"])
    if not updated and saved.stage != stage:
        raise ValidationError(
            {"stage": "A withdrawn opportunity has to be reopened first: move it back to Saved."}
        )
    return saved


def saved_note_set(*, saved: SavedOpportunity, note: str) -> SavedOpportunity:
    """Replace the person's note (surrounding blanks dropped). Writing the same note is a no-op."""
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX_LENGTH} characters."})
    with transaction.atomic():
        SavedOpportunity.objects.filter(pk=saved.pk).exclude(note=note).update(note=note)
    saved.note = note
    return saved


def saved_follow_up_set(*, saved: SavedOpportunity, follow_up_on: datetime.date | None) -> SavedOpportunity:
    """Set (or, with None, clear) the day to be reminded. A new date re-arms the reminder, since
    a reminder is recorded against the date it was sent for."""
    with transaction.atomic():
        rows = SavedOpportunity.objects.filter(pk=saved.pk)
        if follow_up_on is None:
            rows.filter(follow_up_on__isnull=False).update(follow_up_on=None)
        else:
            rows.exclude(follow_up_on=follow_up_on).update(follow_up_on=follow_up_on)
    saved.follow_up_on = follow_up_on
    return saved


def saved_seen_mark(*, saved: SavedOpportunity) -> SavedOpportunity:
    """The person has looked at the listing as it is now: "changed since you saved it" goes
    away until it changes again. Only ever moves forward, so a repeat writes nothing."""
    version = Opportunity.objects.values_list("updated_at", flat=True).get(pk=saved.opportunity_id)
    with transaction.atomic():
        SavedOpportunity.objects.filter(pk=saved.pk, seen_version_at__lt=version).update(
            seen_version_at=version
        )
    saved.refresh_from_db(fields=["seen_version_at"])
    return saved


# --- Follow-up reminders -----------------------------------------------------------------------


def follow_up_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail people who applied and whose follow-up day has come; returns how many were sent.

    Each reminder is claimed before it is sent, by a conditional UPDATE that records the date it
    is for: a second run, a retried task or a parallel worker finds the claim and skips the row.
    At most once: a crash between the claim and the send loses that one reminder rather than
    risking two; a send that raises stops the run, so the rest stay unclaimed for the next one.
    Moving the follow-up date re-arms it (the claim is for a date, not forever).
    """
    today = today or timezone.localdate()
    due = (
        SavedOpportunity.objects.filter(
            stage=SavedStage.APPLIED, follow_up_on__lte=today, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(reminder_sent_for=F("follow_up_on"))
        .select_related("user", "opportunity", "opportunity__organization")
        .prefetch_related("opportunity__cause_tags__cause")
        .order_by("follow_up_on", "pk")[:REMINDER_BATCH]
    )
    sent = 0
    for saved in due:
        claimed = (
            SavedOpportunity.objects.filter(
                pk=saved.pk, stage=SavedStage.APPLIED, follow_up_on=saved.follow_up_on
            )
            .exclude(reminder_sent_for=F("follow_up_on"))
            .update(reminder_sent_for=F("follow_up_on"))
        )
        if claimed != 1:
            continue  # another run got there first, or the person changed it meanwhile
        _follow_up_email(saved=saved, today=today)
        sent += 1
    return sent


def _follow_up_email(*, saved: SavedOpportunity, today: datetime.date) -> None:
    opportunity = saved.opportunity
    causes = [tag.cause.slug for tag in opportunity.cause_tags.all()]
    similar = reverse("opportunities:search")
    if causes:
        similar += "?" + urlencode({"cause": causes}, doseq=True)
    email_send(
        template="follow-up",
        to=saved.user.email,
        context={
            "user": saved.user,
            "opportunity": opportunity,
            "days": (today - timezone.localdate(saved.stage_changed_at)).days,
            "item_url": settings.SITE_URL + reverse("saved:item", args=[saved.pk]),
            "similar_url": settings.SITE_URL + similar,
            "board_url": settings.SITE_URL + reverse("saved:board"),
        },
    )
