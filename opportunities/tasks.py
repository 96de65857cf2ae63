"""Celery tasks: thin wrappers that take ids or names (JSON primitives), call one service and
return a short outcome string. Every task here is safe to deliver more than once."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def heartbeat_record(name: str) -> str:
    """Beat schedules this every minute; a worker running it proves both are alive.

    Safe to redeliver: it only moves a timestamp forward.
    """
    from opportunities import services

    services.heartbeat_record(name=name)
    return "recorded"
