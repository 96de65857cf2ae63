"""Periodic e-mail tasks. Thin: each calls one service. Every one is safe to deliver twice: the
service claims each e-mail with a unique row or a conditional UPDATE before sending, so a retry
after a crash finds the claim and sends nothing again (at worst one e-mail is lost, never doubled)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def digests_send() -> str:
    """Daily and weekly digests of new matches for saved searches (one per search and period)."""
    from accounts.services import searches

    return f"sent {searches.digests_send()}"


@shared_task(acks_late=True)
def follow_up_reminders_send() -> str:
    """ "You applied 14 days ago and heard nothing" reminders for saved opportunities that are due."""
    from opportunities.services import saved

    return f"sent {saved.follow_up_reminders_send()}"


@shared_task(acks_late=True)
def verification_reminders_send() -> str:
    """Reminders to contacts who have not answered a verification request after 3 and 7 days."""
    from accounts.services import verification

    return f"sent {verification.verification_reminders_send()}"
