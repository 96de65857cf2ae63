from __future__ import annotations

import time

import pytest
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


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("opportunities.tasks.source_fetch", "fetch"),
        ("opportunities.tasks.sources_dispatch_due", "default"),
        ("opportunities.tasks.opportunities_expire", "default"),
        ("opportunities.tasks.heartbeat_record", "default"),
        ("accounts.tasks.digests_send", "email"),
        ("accounts.tasks.follow_up_reminders_send", "email"),
        ("accounts.tasks.verification_reminders_send", "email"),
    ],
)
def test_each_task_is_routed_to_its_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_registered_task_lands_on_a_queue_a_worker_consumes():
    app.loader.import_default_modules()
    ours = [name for name in app.tasks if name.startswith(("opportunities.", "accounts."))]
    assert ours
    for name in ours:
        assert app.amqp.router.route({}, name)["queue"].name in settings.CELERY_QUEUES_ALL, name


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_and_its_effect_lands_in_the_database(live_worker):
    tasks.heartbeat_record.apply_async(args=["integration"], queue=live_worker)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Heartbeat.objects.filter(name="integration").exists():
        time.sleep(0.1)
    heartbeat = Heartbeat.objects.get(name="integration")
    assert heartbeat.count == 1


def _wait_for(condition, seconds: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


@pytest.fixture
def feed_server(settings):
    """A real HTTP server on loopback serving a JSON Feed, allowed by FETCH_ALLOWED_PRIVATE_HOSTS."""
    import http.server
    import json
    import threading

    body = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "items": [
                {"id": f"loop-{n}", "url": f"https://loop.example.org/{n}", "title": f"Online mentor {n}"}
                for n in range(5)
            ],
        }
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/feed+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{server.server_address[1]}"]
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.json"
    server.shutdown()
    server.server_close()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_dispatch_and_a_real_worker_ingest_a_live_feed_once(live_worker, feed_server):
    from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source

    source = Source.objects.create(name="Loopback", format="jsonfeed", url=feed_server)
    tasks.sources_dispatch_due.apply_async(queue=live_worker)
    _wait_for(lambda: FetchRun.objects.filter(source=source, finished_at__isnull=False).exists())
    assert FetchRun.objects.get(source=source).outcome == FetchOutcome.OK
    rows = list(Opportunity.objects.order_by("source_item_id").values())
    assert len(rows) == 5

    for _ in range(3):  # the same task delivered again and again: the rows of one delivery
        tasks.source_fetch.apply_async(args=[source.pk], queue=live_worker)
    _wait_for(lambda: FetchRun.objects.filter(source=source, finished_at__isnull=False).count() == 4)
    assert list(Opportunity.objects.order_by("source_item_id").values()) == rows
    assert set(FetchRun.objects.values_list("unchanged", flat=True)) == {0, 5}
