"""Two beats at once: only the one holding the Redis lock sends; the other takes over when the
holder stops or dies."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings

from config import beat
from config.celery import app


@pytest.fixture
def lock_key(monkeypatch):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: the beat lock lives in Redis (`.ci/run` sets it)")
    key = f"test:beat-lock:{uuid.uuid4().hex}"
    monkeypatch.setattr(beat, "LOCK_KEY", key)
    yield key
    beat.SingleBeatLock(settings.REDIS_URL).client.delete(key)


def test_only_one_of_two_beats_holds_the_lock(lock_key):
    first, second = beat.SingleBeatLock(settings.REDIS_URL), beat.SingleBeatLock(settings.REDIS_URL)
    assert first.acquire_or_renew()
    assert not second.acquire_or_renew()
    assert first.acquire_or_renew()  # renewing its own
    assert first.holder() == first.owner


def test_the_standby_takes_over_when_the_holder_stops(lock_key):
    first, second = beat.SingleBeatLock(settings.REDIS_URL), beat.SingleBeatLock(settings.REDIS_URL)
    assert first.acquire_or_renew()
    first.release()
    assert second.acquire_or_renew()
    assert not first.acquire_or_renew()


def test_the_standby_takes_over_when_the_holder_dies(lock_key, monkeypatch):
    monkeypatch.setattr(beat, "LOCK_TTL_SECONDS", 1)
    first, second = beat.SingleBeatLock(settings.REDIS_URL), beat.SingleBeatLock(settings.REDIS_URL)
    assert first.acquire_or_renew()
    # first dies: no renewal, no release
    deadline = time.monotonic() + 10
    while not second.acquire_or_renew():
        assert time.monotonic() < deadline, "the dead beat's lock never expired"
        time.sleep(0.2)
    assert not first.acquire_or_renew()  # it cannot renew a lock that is no longer its own


def test_a_beat_without_the_lock_sends_nothing(lock_key, tmp_path, monkeypatch):
    other = beat.SingleBeatLock(settings.REDIS_URL)
    assert other.acquire_or_renew()
    scheduler = beat.SingleBeatScheduler(app=app, schedule_filename=str(tmp_path / "schedule"))
    sent = []
    monkeypatch.setattr(scheduler, "apply_entry", lambda entry, producer=None: sent.append(entry.name))
    try:
        for entry in scheduler.schedule.values():  # last run a day ago: every entry is due now
            entry.last_run_at -= timedelta(days=1)
        assert scheduler.tick() == beat.LOCK_RETRY_SECONDS
        assert sent == []
        other.release()
        scheduler.tick()
        assert sent, "the beat that took the lock sent the due entries"
    finally:
        scheduler.close()
    assert other.holder() == ""  # closing released it


def test_beat_ticks_often_enough_to_renew_its_lock():
    if not settings.REDIS_URL:
        pytest.skip("the lock is used with Redis only")
    assert app.conf.beat_scheduler == "config.beat.SingleBeatScheduler"
    assert app.conf.beat_max_loop_interval * 2 < beat.LOCK_TTL_SECONDS
    assert beat.LOCK_RETRY_SECONDS < beat.LOCK_TTL_SECONDS
