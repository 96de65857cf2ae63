"""Fetch deliveries with real workers on Redis: repeated, overlapping and killed mid-ingest, each
ends with exactly the listings one clean run leaves (compared as exports, see data.export)."""

from __future__ import annotations

import os
import re
import signal
import time
import uuid
from pathlib import Path

import pytest

from opportunities import services
from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source
from tests.integration import data
from tests.support.workers import redelivery_limits

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FETCH = "opportunities.tasks.source_fetch"
ITEMS = 300
RPDE_ITEMS, PER_PAGE = 120, 20
# Redis hands an unacknowledged message out again after this long; the task limits stay under it,
# as settings require of production's (tests/test_settings.py).
VISIBILITY = 10
LIMITS = redelivery_limits(VISIBILITY)


def _outcome(result: str) -> str:
    """'ok' from the logged repr of a task's return value (a str, or a FetchOutcome member)."""
    return re.findall(r"'([\w-]+)'", result)[-1]


def _source(url: str, fmt: str = "jsonfeed") -> Source:
    return Source.objects.create(name="Integration", format=fmt, url=url, min_request_interval_seconds=0)


def _clean_run(url: str, fmt: str = "jsonfeed") -> dict:
    """One fetch in this process, undisturbed: the export every test below must end with."""
    run = services.source_fetch(source=_source(url, fmt))
    assert run is not None
    assert run.outcome == FetchOutcome.OK
    clean = data.export()
    data.wipe()
    return clean


def _finished(source: Source) -> int:
    return FetchRun.objects.filter(source=source).exclude(outcome=FetchOutcome.RUNNING).count()


@pytest.fixture
def feed(feeds) -> str:
    body = data.jsonfeed(ITEMS)
    feeds.routes["/feed.json"] = lambda path: (body, "application/feed+json")
    return feeds.base + "/feed.json"


def test_one_fetch_delivered_at_once_and_again_and_again_leaves_the_rows_of_one_delivery(procs, feeds, feed):
    clean = _clean_run(feed)
    # The export is worth comparing: every listing, tags, shared organisations and real clusters.
    assert len(clean["listings"]) == ITEMS
    assert len(clean["tags"]) >= ITEMS
    assert any(len(members) > 1 for members in clean["clusters"])
    worker = procs.worker("fetcher", concurrency=2)

    # At once: the same message twice (a publish retried after a dropped connection) and a "fetch
    # now", while the first delivery is halfway through downloading the feed.
    source = _source(feed)
    gate = feeds.gate("/feed.json")
    task_id = str(uuid.uuid4())
    for sent_id in (task_id, task_id, None):
        procs.broker.send(FETCH, source.pk, task_id=sent_id)
    procs.wait_for(gate.arrived.is_set, timeout=60, what="a worker inside the download")

    def turned_away() -> int:
        return sum(_outcome(result) == "already-running" for _, result in worker.results(FETCH))

    procs.wait_for(
        lambda: turned_away() == 2, timeout=60, what="the other two deliveries to find the lease held"
    )
    gate.open()
    procs.wait_for(lambda: len(worker.results(FETCH)) == 3, timeout=60, what="the first delivery to finish")
    assert sorted(_outcome(result) for _, result in worker.results(FETCH)) == [
        "already-running",
        "already-running",
        "ok",
    ]
    assert feeds.hits("/feed.json") == 2  # the clean run's and one delivery's
    assert list(FetchRun.objects.filter(source=source).values_list("outcome", flat=True)) == [FetchOutcome.OK]
    assert data.export() == clean

    # Again and again, from an empty catalogue: one ingest, then the same bytes twice (no writes).
    data.wipe()
    source = _source(feed)
    for delivered in range(1, 4):
        procs.broker.send(FETCH, source.pk)
        procs.wait_for(lambda n=delivered: _finished(source) == n, timeout=60, what=f"delivery {delivered}")
    outcomes = FetchRun.objects.filter(source=source).order_by("started_at").values_list("outcome", flat=True)
    assert list(outcomes) == [FetchOutcome.OK, FetchOutcome.NOT_MODIFIED, FetchOutcome.NOT_MODIFIED]
    assert data.export() == clean
    assert procs.broker.unacked() == 0


@pytest.mark.parametrize("killed", ["worker", "pool process"])
def test_a_fetch_killed_mid_ingest_is_redelivered_and_ends_as_a_clean_run(procs, feeds, killed):
    """SIGKILL once four of six pages are stored. The whole worker (a lost machine): Redis hands
    the message out again after the visibility timeout, to a fresh worker. The pool process only
    (the OOM killer's choice): the worker rejects the message at once and runs it again itself.
    Either way the same task id comes back, takes over its own lease (held for a minute longer),
    records the dead run as abandoned and resumes from the stored cursor."""
    route, page_url = data.rpde_route(base=feeds.base, count=RPDE_ITEMS, per_page=PER_PAGE)
    feeds.routes["/rpde"] = route
    url = feeds.base + "/rpde"
    clean = _clean_run(url, "rpde")
    assert len(clean["listings"]) == RPDE_ITEMS
    clean_cursor = {"next": feeds.base + page_url(RPDE_ITEMS)}

    source = _source(url, "rpde")
    fifth_page = page_url(4 * PER_PAGE)
    gate = feeds.gate(fifth_page)
    doomed = procs.worker("doomed", **LIMITS)
    task_id = procs.broker.send(FETCH, source.pk)
    procs.wait_for(gate.arrived.is_set, timeout=60, what="the worker to be reading page 5")

    # Mid-ingest (the worker waits inside page 5): four pages and the cursor after them stored,
    # the run "running", the lease held in the task's id.
    source.refresh_from_db()
    assert Opportunity.objects.filter(source=source).count() == 4 * PER_PAGE
    assert source.cursor == {"next": feeds.base + fifth_page}
    assert (source.lease_holder, source.lease_until is not None) == (task_id, True)
    assert FetchRun.objects.get(source=source).outcome == FetchOutcome.RUNNING
    delivered_at = procs.broker.unacked_since()
    requests_before = len(feeds.requests)
    if killed == "worker":
        doomed.kill()
    else:
        os.kill(_pool_process(doomed.popen.pid), signal.SIGKILL)
    gate.open()

    if killed == "worker":
        rescuer = procs.worker_after_redelivery(
            "rescuer", delivered_at=delivered_at, visibility=VISIBILITY, **LIMITS
        )
    else:
        rescuer = doomed
    procs.wait_for(lambda: rescuer.results(FETCH), timeout=60, what="the redelivered task to finish")
    # The same task, and it did the work: without the takeover it finds its own dead lease,
    # returns "already-running", and the ingest waits for the lease to run out and a dispatch.
    assert [(done_id, _outcome(result)) for done_id, result in rescuer.results(FETCH)] == [(task_id, "ok")]

    assert data.export() == clean
    dead, finished = FetchRun.objects.filter(source=source).order_by("started_at")
    assert dead.outcome == FetchOutcome.FAILED_TRANSIENT
    assert dead.error.startswith("Abandoned: the worker running this fetch stopped")
    assert finished.outcome == FetchOutcome.OK
    # Resumed from the cursor: pages 5 and 6 and the empty end page, the stored ones not read again.
    assert feeds.requests[requests_before:] == [page_url(n * PER_PAGE) for n in range(4, 7)]
    source.refresh_from_db()
    assert (source.lease_holder, source.lease_until, source.cursor) == ("", None, clean_cursor)
    assert procs.broker.unacked() == 0


def _pool_process(worker_pid: int) -> int:
    """The prefork pool's one child of a worker started with concurrency 1."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        if int(fields[1]) == worker_pid:
            children.append(int(stat.parent.name))
    assert len(children) == 1, children
    return children[0]


def test_a_warm_shutdown_lets_the_running_fetch_finish_and_hands_nothing_out_again(procs, feeds, feed):
    """What the lease takeover relies on: the broker redelivers a fetch only once its worker is
    gone. A deploy's SIGTERM waits for the running fetch and acknowledges it; it does not put
    the message back for another worker while the fetch still runs (as kombu once did, celery
    issue 3802), which would run one source twice at once under the same task id."""
    source = _source(feed)
    gate = feeds.gate("/feed.json")
    worker = procs.worker("deploying", **LIMITS)
    task_id = procs.broker.send(FETCH, source.pk)
    procs.wait_for(gate.arrived.is_set, timeout=60, what="the worker inside the download")
    worker.popen.send_signal(signal.SIGTERM)
    procs.wait_for(lambda: "Warm shutdown" in worker.text(), timeout=30, what="the warm shutdown to begin")
    deadline = time.monotonic() + 1.5  # a message put back would be in the queue at once
    while time.monotonic() < deadline:
        assert (procs.broker.redis.llen("fetch"), procs.broker.unacked()) == (0, 1)
        time.sleep(0.1)
    gate.open()
    assert worker.popen.wait(timeout=60) == 0
    assert [(done_id, _outcome(result)) for done_id, result in worker.results(FETCH)] == [(task_id, "ok")]
    assert (procs.broker.redis.llen("fetch"), procs.broker.unacked()) == (0, 0)
