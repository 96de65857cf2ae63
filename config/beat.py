"""One beat at a time, even when two are started (a failover that overlaps, a unit started on
two machines by mistake).

Every periodic task is harmless twice (each claims its work), so a second beat would only double
the messages; the lock keeps it quiet instead. The beat holding the lock renews it at every tick;
a standby asks again every LOCK_RETRY_SECONDS and takes over within LOCK_TTL_SECONDS after the
holder dies. Redis only: without it (`make run`) there is one machine and one beat.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import uuid

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "pitchin:beat:lock"
# Beat ticks at least every beat_max_loop_interval (settings: 30 s): the lock outlives two missed ticks.
LOCK_TTL_SECONDS = 90
LOCK_RETRY_SECONDS = 15

# Renew only our own lock: an expired one may already belong to the other beat.
_RENEW = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('expire', KEYS[1], ARGV[2]) end return 0"
)
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class SingleBeatLock:
    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(url, socket_timeout=5)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held = False

    def acquire_or_renew(self) -> bool:
        try:
            if self.held and self.client.eval(_RENEW, 1, LOCK_KEY, self.owner, LOCK_TTL_SECONDS):
                return True
            taken = bool(self.client.set(LOCK_KEY, self.owner, nx=True, ex=LOCK_TTL_SECONDS))
        except redis.RedisError as exc:
            # Cannot tell who holds it: send nothing rather than risk two beats.
            logger.warning("beat lock: Redis did not answer (%s); not sending until it does", exc)
            taken = False
        if taken != self.held:
            logger.info("beat lock %s by %s", "taken" if taken else "lost", self.owner)
        self.held = taken
        return taken

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(redis.RedisError):  # it expires by itself
                self.client.eval(_RELEASE, 1, LOCK_KEY, self.owner)
            self.held = False

    def holder(self) -> str:
        value = self.client.get(LOCK_KEY)
        return value.decode() if value else ""


class SingleBeatScheduler(PersistentScheduler):
    """celery beat's default scheduler, sending only while it holds the lock."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.lock = SingleBeatLock(settings.REDIS_URL)
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs) -> float:  # type: ignore[no-untyped-def]
        if not self.lock.acquire_or_renew():
            return LOCK_RETRY_SECONDS
        return super().tick(*args, **kwargs)

    def close(self) -> None:
        super().close()
        self.lock.release()
