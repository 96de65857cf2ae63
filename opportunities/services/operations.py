"""Operational records: proof that the scheduler and the workers are alive."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from opportunities.models import Heartbeat


def heartbeat_record(*, name: str) -> Heartbeat:
    """Note that process NAME is alive now. Redelivery only moves the timestamp forward."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(last_seen_at=now, count=F("count") + 1):
        try:
            with transaction.atomic():
                Heartbeat.objects.create(name=name, last_seen_at=now, count=1)
        except IntegrityError:  # another worker created it between our UPDATE and INSERT
            Heartbeat.objects.filter(name=name).update(last_seen_at=now, count=F("count") + 1)
    return Heartbeat.objects.get(name=name)
