from __future__ import annotations

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from config.celery import app
from opportunities import tasks
from opportunities.models import Heartbeat


@pytest.mark.django_db
def test_heartbeat_task_records_the_named_process():
    assert tasks.heartbeat_record.delay("beat").get() == "recorded"
    assert Heartbeat.objects.get(name="beat").count == 1


@pytest.mark.django_db
def test_heartbeat_task_redelivered_changes_nothing_but_the_time():
    tasks.heartbeat_record.delay("beat")
    tasks.heartbeat_record.delay("beat")
    assert Heartbeat.objects.filter(name="beat").count() == 1


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name!r} names an unknown task"


@pytest.fixture
def live_worker():
    """A real Celery worker consuming a private queue on the configured Redis broker."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real worker is tested against Redis (`.ci/run` sets it)")
    queue = f"test-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    with start_worker(app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=10):
        yield queue


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_and_its_effect_lands_in_the_database(live_worker):
    tasks.heartbeat_record.apply_async(args=["integration"], queue=live_worker)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="integration").exists():
        time.sleep(0.1)
    heartbeat = Heartbeat.objects.get(name="integration")
    assert heartbeat.count == 1
