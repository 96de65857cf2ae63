"""Two beats at once (a second scheduler started by mistake, or a failover that overlaps): each due
source is fetched once per due period. Two guards, each proved with real processes: the beat lock
(config/beat.py) keeps the second beat quiet; and should both send anyway (a beat run without the
lock's scheduler), each dispatch claims a source with a conditional UPDATE of its next check
before enqueueing it, so a source is enqueued once however many dispatches look at it."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source
from tests.integration import data
from tests.support.workers import Process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SOURCES, ITEMS = 8, 10
FETCH = "opportunities.tasks.source_fetch"
DISPATCH = "opportunities.tasks.sources_dispatch_due"
# Each beat looks for due sources every second, so two dispatches often run side by side.
BEAT_ENV = {"SOURCES_DISPATCH_INTERVAL_SECONDS": "1"}


def _sent(beat: Process) -> int:
    """Dispatches this beat has sent (beat logs each: "Sending due task sources-dispatch-due")."""
    return sum("Sending due task sources-dispatch-due" in message for message in beat.messages())


def _dispatched(worker: Process) -> list[int]:
    """Sources each executed dispatch enqueued, from its result "dispatched N"."""
    return [int(re.findall(r"dispatched (\d+)", result)[0]) for _, result in worker.results(DISPATCH)]


@pytest.mark.parametrize("lock", ["locked", "unlocked"])
def test_two_beats_at_once_fetch_each_due_source_once_per_due_period(procs, feeds, lock):
    sources = []
    for n in range(SOURCES):
        body = data.jsonfeed(ITEMS, prefix=f"s{n}")
        feeds.routes[f"/s{n}.json"] = lambda path, body=body: (body, "application/feed+json")
        sources.append(
            Source.objects.create(
                name=f"Beat {n}",
                format="jsonfeed",
                url=f"{feeds.base}/s{n}.json",
                min_request_interval_seconds=0,
            )
        )
    # "unlocked": celery's own scheduler, as a beat started without our settings would run.
    scheduler = {} if lock == "locked" else {"CELERY_BEAT_SCHEDULER": "celery.beat:PersistentScheduler"}
    beats = [
        procs.beat(name, scheduler=scheduler.get("CELERY_BEAT_SCHEDULER"), **BEAT_ENV) for name in ("a", "b")
    ]
    # The worker takes dispatches only when told, so several pile up and two run side by side: the
    # race the conditional UPDATE decides (without it, both would enqueue every due source).
    worker = procs.worker("fetcher", concurrency=2, queues="fetch")
    procs.wait_for(lambda: any(_sent(beat) for beat in beats), timeout=60, what="a beat to send")
    senders = [beat for beat in beats if _sent(beat)] if lock == "locked" else beats
    # The lock's effect shows in one period; the claim's is proved over two.
    periods = (1,) if lock == "locked" else (1, 2)

    for period in periods:
        if period == 2:
            procs.consume(worker, "default", on=False)
            Source.objects.update(next_check_at=timezone.now())  # the next due period starts now
        queued = procs.broker.redis.llen("default")
        procs.wait_for(
            lambda queued=queued: procs.broker.redis.llen("default") >= queued + 2,
            timeout=60,
            what="dispatches to pile up",
        )
        procs.consume(worker, "default", on=True)
        procs.wait_for(
            lambda period=period: all(
                FetchRun.objects.filter(source=source).exclude(outcome=FetchOutcome.RUNNING).count() >= period
                for source in sources
            ),
            timeout=60,
            what=f"every source fetched in period {period}",
        )
        # The beats keep looking: two more dispatches from each sender, all run by the worker, and
        # not one may find a source due again within the period.
        marks = [_sent(beat) for beat in beats]
        procs.wait_for(
            lambda marks=marks: all(
                _sent(beat) >= mark + 2 for beat, mark in zip(beats, marks, strict=True) if beat in senders
            ),
            timeout=60,
            what="two more dispatches from each beat",
        )
        procs.wait_for(
            lambda marks=marks: len(_dispatched(worker)) >= sum(marks) + 2 * len(senders),
            timeout=60,
            what="the worker to run them",
        )

    sent = [_sent(beat) for beat in beats]
    for beat in beats:
        beat.kill()
    # Everything enqueued has run: nothing waiting, nothing taken and unacknowledged.
    procs.wait_for(
        lambda: (
            not any(procs.broker.redis.llen(queue) for queue in ("fetch", "default"))
            and procs.broker.unacked() == 0
        ),
        timeout=60,
        what="the queues to drain",
    )

    if lock == "locked":
        assert sorted(count > 0 for count in sent) == [False, True]  # the standby sent nothing
    else:
        assert all(count >= 4 for count in sent)  # both beats dispatched, several times each
    assert sum(_dispatched(worker)) == len(periods) * SOURCES  # each source enqueued once per period
    fetched = [_outcome for _, _outcome in worker.results(FETCH)]
    assert len(fetched) == len(periods) * SOURCES  # never a second message: no "already-running" either
    assert not [result for result in fetched if "already-running" in result]
    for n, source in enumerate(sources):
        runs = list(
            FetchRun.objects.filter(source=source).order_by("started_at").values_list("outcome", flat=True)
        )
        assert runs == [FetchOutcome.OK, FetchOutcome.NOT_MODIFIED][: len(periods)], source.name
        assert feeds.hits(f"/s{n}.json") == len(periods), source.name
    assert Opportunity.objects.count() == SOURCES * ITEMS
