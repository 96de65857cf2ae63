"""What /readyz and /metrics report: can this process reach its database and broker, are beat and
a worker alive, are sources being fetched on time, how long are the queues. Reads only."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

# Beat records a heartbeat every HEARTBEAT_INTERVAL_SECONDS through a worker on the default queue;
# three missed in a row means beat or every default worker is down (one late beat is not news).
HEARTBEAT_MISSES = 3
# A due source is dispatched within a minute and fetched within seconds. Overdue: still waiting
# after the dispatch's grace (a lost task is dispatched again after it) plus a few dispatch rounds.
OVERDUE_AFTER = timedelta(minutes=20)
BROKER_TIMEOUT_SECONDS = 2.0


@dataclass
class Check:
    ok: bool
    detail: str
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"ok": self.ok, "detail": self.detail, **self.data}


def database_check() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not reachable", with its reason
        return Check(False, f"database unreachable: {type(exc).__name__}: {exc}")
    return Check(
        True, f"{connection.vendor} answered", {"ms": round((time.perf_counter() - started) * 1000, 1)}
    )


def broker_check() -> Check:
    from config.celery import app

    started = time.perf_counter()
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
    except Exception as exc:
        return Check(False, f"broker unreachable: {type(exc).__name__}: {exc}")
    transport = app.conf.broker_url.split("://", 1)[0]
    return Check(
        True, f"{transport} broker answered", {"ms": round((time.perf_counter() - started) * 1000, 1)}
    )


def heartbeat_check(*, now: datetime | None = None) -> Check:
    from opportunities.models import Heartbeat

    now = now or timezone.now()
    beat = Heartbeat.objects.filter(name="beat").first()
    limit = HEARTBEAT_MISSES * settings.HEARTBEAT_INTERVAL_SECONDS
    if beat is None:
        return Check(False, "no heartbeat yet: is `celery beat` running, and a worker on the default queue?")
    age = (now - beat.last_seen_at).total_seconds()
    if age > limit:
        return Check(
            False,
            f"the last heartbeat is {age:.0f} s old (limit {limit} s): check `celery beat` and the default-queue worker",
            {"age_seconds": round(age)},
        )
    return Check(True, "beat and a worker are alive", {"age_seconds": round(age)})


def sources_overdue_count(*, now: datetime | None = None) -> int:
    """Enabled sources whose fetch is due for longer than OVERDUE_AFTER (source_due_idx)."""
    from opportunities.models import Source

    threshold = (now or timezone.now()) - OVERDUE_AFTER
    waiting = Q(next_check_at__lt=threshold) | Q(next_check_at__isnull=True, created_at__lt=threshold)
    return Source.objects.filter(waiting, enabled=True).exclude(url="").count()


def sources_paused_count() -> int:
    from opportunities.models import Source

    return Source.objects.filter(enabled=False).exclude(paused_reason="").count()


def heartbeat_ages(*, now: datetime | None = None) -> dict[str, float]:
    from opportunities.models import Heartbeat

    now = now or timezone.now()
    return {
        name: (now - seen).total_seconds()
        for name, seen in Heartbeat.objects.values_list("name", "last_seen_at")
    }


def queue_depths() -> dict[str, int | None]:
    """Messages waiting per queue (None: the broker could not say)."""
    from config.celery import app

    depths: dict[str, int | None] = {}
    try:
        with app.connection_for_read() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            channel = conn.default_channel
            for queue in settings.CELERY_QUEUES_ALL:
                try:
                    depths[queue] = channel.queue_declare(queue=queue, passive=True).message_count
                except Exception:  # kombu raises when a queue has never been used
                    depths[queue] = 0
    except Exception:
        return dict.fromkeys(settings.CELERY_QUEUES_ALL)
    return depths
