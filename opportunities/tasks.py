"""Celery tasks: thin wrappers that take ids (JSON primitives), call one service and return a
short outcome string. Every task here is safe to deliver more than once; each docstring says why.

All are acks_late (settings: CELERY_TASK_ACKS_LATE, REJECT_ON_WORKER_LOST): a task whose worker
dies is delivered again rather than lost, which is why redelivery must be harmless.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=3,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def source_fetch(self, source_id: int) -> str:  # type: ignore[no-untyped-def]
    """Fetch one source. Redelivery-safe: a lease on the source lets one worker in at a time
    ("already-running" for the other, which leaves the source due when that lease ends), and
    re-ingesting unchanged content writes no row. The lease is held in this task's id, so the
    broker's redelivery of this very task after its worker died takes it over and finishes the
    ingest at once, instead of finding its own dead lease and giving up.

    Transient failures (timeouts, 5xx, 429, database errors) are retried here with back-off;
    permanent ones are recorded on the source, which pauses itself when retrying cannot help.
    """
    from opportunities import services
    from opportunities.models import FetchOutcome, Source

    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return "skipped"
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    run = services.source_fetch(source=source, holder=self.request.id or "", redelivered=redelivered)
    if run is None:
        return "already-running"
    if run.outcome == FetchOutcome.FAILED_TRANSIENT and self.request.retries < self.max_retries:
        delay = services.retry_delay(run=run, attempt=self.request.retries)
        if delay is not None:
            raise self.retry(countdown=delay)
    return run.outcome


@shared_task(acks_late=True)
def sources_dispatch_due() -> str:
    """Every minute (beat): enqueue a fetch for each due source. Redelivery-safe: each dispatch
    is claimed by a conditional UPDATE, so two beats or a repeated delivery enqueue a source once."""
    from opportunities import services

    return f"dispatched {services.sources_dispatch_due()}"


@shared_task(acks_late=True)
def opportunities_expire() -> str:
    """Every 15 minutes (beat): listings past their deadline become expired. Redelivery-safe:
    a second run finds nothing left to expire."""
    from opportunities import services

    return f"expired {services.opportunities_expire(now=timezone.now())}"


@shared_task(acks_late=True)
def heartbeat_record(name: str) -> str:
    """Beat schedules this every minute; a worker running it proves both are alive.

    Redelivery-safe: it only moves a timestamp forward.
    """
    from opportunities import services

    services.heartbeat_record(name=name)
    return "recorded"
