"""The fetch lease: who holds it, when a redelivered task may take it over, what a fetch that finds
it held leaves behind, and that an unexpected error never leaves a run "running".

Real workers killed mid-ingest are in tests/integration/test_delivery.py; these pin the rules."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

import httpx
import pytest
from celery.exceptions import Retry
from django.db import OperationalError
from django.utils import timezone

from opportunities import services, tasks
from opportunities.feeds import http as feeds_http
from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source

URL = "https://kindred.example.org/feed.json"
BODY = (
    b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
    b'{"id": "a", "url": "https://kindred.example.org/a", "title": "Remote maths tutor"}]}'
)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])


@pytest.fixture
def source(taxonomy) -> Source:
    return Source.objects.create(name="Kindred", format="jsonfeed", url=URL)


def _held_by(source: Source, holder: str, *, for_seconds: int = 300) -> FetchRun:
    """The state a worker killed mid-fetch leaves: its lease and its run "running"."""
    Source.objects.filter(pk=source.pk).update(
        lease_until=timezone.now() + timedelta(seconds=for_seconds), lease_holder=holder
    )
    return FetchRun.objects.create(source=source)


def test_the_lease_names_its_holder_while_held_and_is_released_after(respx_mock, source):
    seen = {}

    def during(request):  # type: ignore[no-untyped-def]
        seen.update(Source.objects.filter(pk=source.pk).values("lease_holder", "lease_until").get())
        return httpx.Response(200, content=BODY)

    respx_mock.get(URL).mock(side_effect=during)
    run = services.source_fetch(source=source, holder="task-1")
    assert run.outcome == FetchOutcome.OK
    assert seen["lease_holder"] == "task-1"
    assert seen["lease_until"] is not None
    source.refresh_from_db()
    assert (source.lease_holder, source.lease_until) == ("", None)


def test_a_redelivery_of_the_holding_task_takes_its_lease_over_and_abandons_the_dead_run(respx_mock, source):
    respx_mock.get(URL).mock(return_value=httpx.Response(200, content=BODY))
    dead = _held_by(source, "task-1")
    run = services.source_fetch(source=source, holder="task-1", redelivered=True)
    assert run.outcome == FetchOutcome.OK
    assert Opportunity.objects.count() == 1
    dead.refresh_from_db()
    assert dead.outcome == FetchOutcome.FAILED_TRANSIENT
    assert dead.finished_at is not None
    assert dead.error.startswith("Abandoned: the worker running this fetch stopped")


@pytest.mark.parametrize(
    ("holder", "redelivered"),
    [
        ("task-1", False),  # the same id published twice (a publish retried): the first may be running
        ("task-2", True),  # another task's lease: it may be alive
        ("", True),  # a command or the admin names no task
    ],
)
def test_no_other_delivery_takes_a_live_lease(respx_mock, source, holder, redelivered):
    running = _held_by(source, "task-1")
    assert services.source_fetch(source=source, holder=holder, redelivered=redelivered) is None
    assert not respx_mock.calls
    running.refresh_from_db()
    assert running.outcome == FetchOutcome.RUNNING
    assert Source.objects.get(pk=source.pk).lease_holder == "task-1"


def test_a_fetch_that_finds_the_lease_held_leaves_the_source_due_when_it_ends(source):
    Source.objects.filter(pk=source.pk).update(next_check_at=timezone.now() + timedelta(hours=2))
    _held_by(source, "task-1", for_seconds=300)
    assert services.source_fetch(source=source, holder="task-2") is None
    source.refresh_from_db()
    assert source.next_check_at == source.lease_until  # the next dispatch after it, if nobody finishes


def test_an_earlier_check_is_not_pushed_back_by_a_held_lease(source):
    soon = timezone.now() + timedelta(seconds=30)
    Source.objects.filter(pk=source.pk).update(next_check_at=soon)
    _held_by(source, "task-1", for_seconds=300)
    assert services.source_fetch(source=source, holder="task-2") is None
    assert Source.objects.get(pk=source.pk).next_check_at == soon


def test_a_holder_that_finished_meanwhile_keeps_its_schedule(source):
    later = timezone.now() + timedelta(hours=1)
    _held_by(source, "task-1")
    real = Source.objects.filter

    def finish_in_between(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The holder records its success between our failed claim and our read of its lease.
        if kwargs.get("next_check_at__gt"):
            real(pk=source.pk).update(last_fetched_at=timezone.now(), next_check_at=later)
        return real(*args, **kwargs)

    with patch.object(Source.objects, "filter", side_effect=finish_in_between):
        assert services.source_fetch(source=source, holder="task-2") is None
    assert Source.objects.get(pk=source.pk).next_check_at == later


def test_a_database_error_mid_ingest_is_a_recorded_transient_failure_and_the_task_retries(respx_mock, source):
    respx_mock.get(URL).mock(return_value=httpx.Response(200, content=BODY))
    with patch.object(
        services.listings, "listings_upsert", side_effect=OperationalError("deadlock detected")
    ):
        run = services.source_fetch(source=source, holder="task-1")
    assert run.outcome == FetchOutcome.FAILED_TRANSIENT
    assert run.error == "Stopped by an unexpected error (OperationalError: deadlock detected)"
    assert run.finished_at is not None
    source.refresh_from_db()
    assert (source.consecutive_failures, source.lease_until, source.enabled) == (1, None, True)

    with (
        patch.object(services.listings, "listings_upsert", side_effect=OperationalError("deadlock")),
        pytest.raises(Retry),
    ):
        tasks.source_fetch.delay(source.pk)


def test_a_bug_mid_ingest_is_recorded_on_the_run_then_raised(respx_mock, source):
    respx_mock.get(URL).mock(return_value=httpx.Response(200, content=BODY))
    with (
        patch.object(services.listings, "listings_upsert", side_effect=KeyError("title")),
        pytest.raises(KeyError),
    ):
        services.source_fetch(source=source)
    run = FetchRun.objects.get()
    assert (run.outcome, run.error) == (
        FetchOutcome.FAILED_TRANSIENT,
        "Stopped by an unexpected error (KeyError: 'title')",
    )
    assert Source.objects.get(pk=source.pk).lease_until is None


def test_the_task_holds_the_lease_in_its_own_id(respx_mock, source):
    seen = {}

    def during(request):  # type: ignore[no-untyped-def]
        seen["holder"] = Source.objects.get(pk=source.pk).lease_holder
        return httpx.Response(200, content=BODY)

    respx_mock.get(URL).mock(side_effect=during)
    assert tasks.source_fetch.apply(args=[source.pk], task_id="the-task-id").get() == FetchOutcome.OK
    assert seen["holder"] == "the-task-id"
