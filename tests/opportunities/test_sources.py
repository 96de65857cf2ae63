"""source_fetch and friends: the whole fetch path with HTTP mocked at the seam (respx)."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import httpx
import pytest
from celery.exceptions import Retry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opportunities import services, tasks
from opportunities.feeds import http as feeds_http
from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source, Status

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "jsonfeed_basic.json"
URL = "https://kindred.example.org/feed.json"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])


@pytest.fixture
def source(taxonomy) -> Source:
    return Source.objects.create(name="Kindred", format="jsonfeed", url=URL, fetch_interval_minutes=60)


def feed(items: int = 10, *, drop: tuple[int, ...] = ()) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": f"i{n}", "url": f"https://kindred.example.org/{n}", "title": f"Remote tutor {n}"}
            for n in range(items)
            if n not in drop
        ],
    }
    return json.dumps(document).encode()


def serve(respx_mock, *responses: httpx.Response):
    return respx_mock.get(URL).mock(side_effect=list(responses))


def fetch(source: Source) -> FetchRun:
    run = services.source_fetch(source=source)
    assert run is not None
    source.refresh_from_db()
    return run


def test_a_fetch_stores_listings_validators_and_schedule(respx_mock, source):
    serve(
        respx_mock,
        httpx.Response(
            200, content=feed(), headers={"ETag": '"a"', "Last-Modified": "Sat, 21 Nov 2026 09:00:00 GMT"}
        ),
    )
    run = fetch(source)
    assert (run.outcome, run.http_status, run.created) == (FetchOutcome.OK, 200, 10)
    assert (source.etag, source.last_modified) == ('"a"', "Sat, 21 Nov 2026 09:00:00 GMT")
    assert source.last_item_count == 10
    assert source.lease_until is None
    assert timedelta(minutes=59) < source.next_check_at - timezone.now() <= timedelta(minutes=60)


def test_the_next_fetch_is_conditional_and_a_304_parses_nothing(respx_mock, source):
    route = serve(
        respx_mock, httpx.Response(200, content=feed(), headers={"ETag": '"a"'}), httpx.Response(304)
    )
    fetch(source)
    with patch("opportunities.feeds.jsonfeed.JsonFeedAdapter.parse") as parse:
        run = fetch(source)
    assert route.calls.last.request.headers["If-None-Match"] == '"a"'
    assert run.outcome == FetchOutcome.NOT_MODIFIED
    assert not parse.called
    assert source.last_item_count == 10


def test_the_same_feed_fetched_twice_writes_no_opportunity_row(respx_mock, source):
    serve(respx_mock, httpx.Response(200, content=feed()), httpx.Response(200, content=feed()))
    fetch(source)
    with CaptureQueriesContext(connection) as queries:
        run = fetch(source)
    assert (run.created, run.updated, run.unchanged) == (0, 0, 10)
    writes = [q["sql"] for q in queries.captured_queries if "opportunities_opportunity" in q["sql"]]
    assert not [sql for sql in writes if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_same_bytes_without_an_etag_are_not_parsed_again(respx_mock, source):
    serve(respx_mock, *[httpx.Response(200, content=body) for body in (feed(), feed(), feed(11))])
    fetch(source)
    with (
        patch("opportunities.feeds.jsonfeed.JsonFeedAdapter.parse") as parse,
        CaptureQueriesContext(connection) as queries,
    ):
        run = fetch(source)
    assert not parse.called
    assert (run.outcome, run.unchanged, source.last_item_count) == (FetchOutcome.NOT_MODIFIED, 10, 10)
    writes = [q["sql"] for q in queries.captured_queries if '"opportunities_opportunity"' in q["sql"]]
    assert not [sql for sql in writes if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert fetch(source).created == 1  # one byte differs: parsed as usual


def test_queries_per_ingest_do_not_grow_with_the_number_of_new_items(taxonomy):
    counts = []
    for items in (3, 60):
        source = Source.objects.create(
            name=f"n{items}", format="jsonfeed", url=f"https://n{items}.example.org/"
        )
        with CaptureQueriesContext(connection) as queries:
            run = services.source_ingest_payload(source=source, payload=feed(items))
        assert run.created == items
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_reenabling_forgets_the_last_body_so_it_is_parsed_again(respx_mock, source):
    serve(respx_mock, httpx.Response(200, content=feed()), httpx.Response(200, content=feed()))
    fetch(source)
    services.source_reenable(source=source)
    source.refresh_from_db()
    assert (source.payload_hash, fetch(source).outcome) == ("", FetchOutcome.OK)


def test_a_second_worker_finds_the_source_leased(respx_mock, source):
    Source.objects.filter(pk=source.pk).update(lease_until=timezone.now() + timedelta(minutes=5))
    assert services.source_fetch(source=source) is None
    assert not respx_mock.calls


def test_a_lease_left_by_a_dead_worker_expires(respx_mock, source):
    serve(respx_mock, httpx.Response(200, content=feed()))
    Source.objects.filter(pk=source.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert fetch(source).outcome == FetchOutcome.OK


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_fetches_of_one_source_one_wins(respx_mock, taxonomy):
    if connection.vendor == "sqlite":
        pytest.skip("in-memory SQLite shares one connection's locks across threads; runs on PostgreSQL")
    source = Source.objects.create(name="Kindred", format="jsonfeed", url=URL)

    def slow(request):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        return httpx.Response(200, content=feed())

    respx_mock.get(URL).mock(side_effect=slow)
    results: list[object] = []

    def worker() -> None:
        results.append(services.source_fetch(source=Source.objects.get(pk=source.pk)))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result is None for result in results) == [False, True]
    assert respx_mock.calls.call_count == 1
    assert Opportunity.objects.count() == 10


def test_an_item_missing_from_three_complete_snapshots_expires(respx_mock, source):
    serve(
        respx_mock, *[httpx.Response(200, content=body) for body in (feed(), *[feed(drop=(3,))] * 3, feed())]
    )
    fetch(source)
    for expected_missed in (1, 2):
        fetch(source)
        assert Opportunity.objects.get(source_item_id="i3").missed_snapshots == expected_missed
        assert Opportunity.objects.get(source_item_id="i3").status == Status.ACTIVE
    run = fetch(source)
    gone = Opportunity.objects.get(source_item_id="i3")
    assert (gone.status, run.withdrawn) == (Status.EXPIRED, 1)
    assert Opportunity.objects.filter(status=Status.ACTIVE).count() == 9
    fetch(source)  # listed again: live again
    back = Opportunity.objects.get(source_item_id="i3")
    assert (back.status, back.missed_snapshots) == (Status.ACTIVE, 0)


def test_a_source_that_is_not_a_full_snapshot_expires_nothing_by_absence(respx_mock, source):
    Source.objects.filter(pk=source.pk).update(full_snapshot=False)
    source.refresh_from_db()
    serve(respx_mock, *[httpx.Response(200, content=body) for body in (feed(), *[feed(drop=(3,))] * 3)])
    for _ in range(4):
        fetch(source)
    assert Opportunity.objects.get(source_item_id="i3").status == Status.ACTIVE


def test_a_snapshot_under_70_percent_is_not_applied_until_someone_confirms_it(respx_mock, source):
    serve(respx_mock, *[httpx.Response(200, content=body) for body in (feed(10), feed(6), feed(6))])
    fetch(source)
    before = list(Opportunity.objects.order_by("pk").values())
    run = fetch(source)
    assert run.outcome == FetchOutcome.REFUSED
    assert "lists 6 items, under 70% of the last good one (10)" in run.error
    assert list(Opportunity.objects.order_by("pk").values()) == before
    assert source.last_error.startswith("Refused: this snapshot")
    services.source_reenable(source=source)
    source.refresh_from_db()
    assert fetch(source).outcome == FetchOutcome.OK
    assert Opportunity.objects.filter(missed_snapshots=1).count() == 4


def test_a_transient_failure_backs_off_without_pausing(respx_mock, source):
    serve(respx_mock, httpx.Response(503), httpx.Response(503), httpx.Response(503), httpx.Response(503))
    waits = []
    for _ in range(4):
        run = fetch(source)
        waits.append((source.next_check_at - timezone.now()).total_seconds())
    assert run.outcome == FetchOutcome.FAILED_TRANSIENT
    assert source.consecutive_failures == 4
    assert source.enabled is True
    assert source.paused_reason == ""
    assert waits[0] >= 3500
    assert waits[1] > waits[0]
    assert waits[3] <= 24 * 3600 + 1  # capped


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_a_gone_or_forbidden_source_is_paused_at_once_with_the_reason(respx_mock, source, status):
    serve(respx_mock, httpx.Response(status))
    run = fetch(source)
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert source.enabled is False
    assert f"HTTP {status}" in source.paused_reason
    assert "re-enable it" in source.paused_reason


def test_three_unparseable_fetches_in_a_row_pause_the_source(respx_mock, source):
    serve(respx_mock, *[httpx.Response(200, content=b"<html>maintenance</html>")] * 3)
    fetch(source)
    fetch(source)
    assert source.enabled is True
    fetch(source)
    assert source.enabled is False
    assert "after 3 failed fetch(es) in a row" in source.paused_reason
    assert "not valid JSON" in source.paused_reason


def test_a_success_resets_the_failure_count(respx_mock, source):
    serve(respx_mock, httpx.Response(200, content=b"junk"), httpx.Response(200, content=feed()))
    fetch(source)
    assert source.consecutive_failures == 1
    fetch(source)
    assert (source.consecutive_failures, source.last_error) == (0, "")


def test_reenabling_a_paused_source_makes_it_due_now(respx_mock, source):
    serve(respx_mock, httpx.Response(410))
    fetch(source)
    services.source_reenable(source=source)
    source.refresh_from_db()
    assert (source.enabled, source.paused_reason, source.consecutive_failures) == (True, "", 0)
    assert source.next_check_at <= timezone.now()


@pytest.mark.parametrize(
    ("headers", "expected_minutes"),
    [
        ({"Cache-Control": "max-age=10800"}, 180),  # the feed asks for longer than our interval
        ({"Cache-Control": "max-age=60"}, 60),  # never more often than our interval
        ({"Cache-Control": "max-age=604800"}, 24 * 60),  # capped at a day
    ],
)
def test_the_next_check_honours_cache_hints_within_bounds(respx_mock, source, headers, expected_minutes):
    serve(respx_mock, httpx.Response(200, content=feed(), headers=headers))
    fetch(source)
    minutes = (source.next_check_at - timezone.now()).total_seconds() / 60
    assert expected_minutes - 1 < minutes <= expected_minutes


def test_retry_after_is_honoured_for_the_next_check(respx_mock, source):
    serve(respx_mock, httpx.Response(429, headers={"Retry-After": "7200"}))
    run = fetch(source)
    assert run.retry_after_seconds == 7200
    assert (source.next_check_at - timezone.now()).total_seconds() >= 7190


def test_credentials_are_sent_as_basic_auth(respx_mock, source):
    source.set_credentials({"username": "pitchin", "password": "s3cret-password"})
    source.save()
    route = serve(respx_mock, httpx.Response(200, content=feed()))
    fetch(source)
    assert (
        route.calls.last.request.headers["Authorization"]
        == httpx.BasicAuth("pitchin", "s3cret-password")._auth_header
    )


def test_a_hostile_body_is_refused_and_other_sources_are_untouched(respx_mock, source):
    other = Source.objects.create(name="Other", format="jsonfeed", url="https://other.example.org/feed.json")
    respx_mock.get(other.url).mock(return_value=httpx.Response(200, content=feed(5)))
    fetch(other)
    others_before = list(Opportunity.objects.filter(source=other).values())
    serve(respx_mock, httpx.Response(200, headers={"Content-Length": str(20 * 1024 * 1024)}, content=b"x"))
    run = fetch(source)
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert "over the 15,728,640-byte cap" in run.error
    assert list(Opportunity.objects.filter(source=other).values()) == others_before


# --- Scheduling --------------------------------------------------------------------------------


def test_dispatch_enqueues_each_due_source_once(source, django_capture_on_commit_callbacks):
    Source.objects.create(
        name="Later", format="jsonfeed", url=URL, next_check_at=timezone.now() + timedelta(hours=1)
    )
    Source.objects.create(name="Off", format="jsonfeed", url=URL, enabled=False)
    Source.objects.create(name="File", format="jsonfeed", url="")
    with patch.object(tasks.source_fetch, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        assert services.sources_dispatch_due() == 1
        assert services.sources_dispatch_due() == 0  # a second beat, or the same one a minute later
    delay.assert_called_once_with(source.pk)


def test_dispatch_takes_every_due_source_in_batches_most_overdue_first(
    source, monkeypatch, django_capture_on_commit_callbacks
):
    from opportunities.services import sources as sources_service

    monkeypatch.setattr(sources_service, "DISPATCH_BATCH", 2)
    now = timezone.now()
    late = [
        Source.objects.create(
            name=f"Late {i}", format="jsonfeed", url=URL, next_check_at=now - timedelta(hours=i)
        )
        for i in range(1, 5)
    ]
    with patch.object(tasks.source_fetch, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        assert services.sources_dispatch_due(now=now) == 5  # 3 batches of 2, one run of beat
    # Never checked first (created a moment ago), then from the longest overdue.
    assert [call.args[0] for call in delay.call_args_list] == [source.pk] + [s.pk for s in reversed(late)]


def test_dispatch_stops_after_its_batch_budget_and_the_next_run_carries_on(
    source, monkeypatch, django_capture_on_commit_callbacks
):
    from opportunities.services import sources as sources_service

    monkeypatch.setattr(sources_service, "DISPATCH_BATCH", 1)
    monkeypatch.setattr(sources_service, "DISPATCH_MAX_BATCHES", 2)
    for i in range(2):
        Source.objects.create(name=f"Due {i}", format="jsonfeed", url=URL)
    with patch.object(tasks.source_fetch, "delay"), django_capture_on_commit_callbacks(execute=True):
        assert services.sources_dispatch_due() == 2
        assert services.sources_dispatch_due() == 1
        assert services.sources_dispatch_due() == 0


def test_expiry_sweep_expires_listings_past_their_deadline_once(respx_mock, source):
    serve(respx_mock, httpx.Response(200, content=feed(3)))
    fetch(source)
    Opportunity.objects.filter(source_item_id="i1").update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.opportunities_expire(now=timezone.now()) == 1
    assert services.opportunities_expire(now=timezone.now()) == 0
    assert Opportunity.objects.get(source_item_id="i1").status == Status.EXPIRED


# --- Tasks (eager) -------------------------------------------------------------------------------


def test_the_task_asks_celery_to_retry_a_transient_failure_with_back_off(respx_mock, source):
    # Eager mode raises the Retry instead of scheduling it (GUIDE 6.7): assert the decision.
    serve(respx_mock, httpx.Response(503))
    with pytest.raises(Retry) as retry:
        tasks.source_fetch.delay(source.pk)
    assert 24 <= retry.value.when <= 36
    assert FetchRun.objects.get().outcome == FetchOutcome.FAILED_TRANSIENT


def test_the_task_does_not_retry_a_permanent_failure(respx_mock, source):
    serve(respx_mock, httpx.Response(404))
    assert tasks.source_fetch.delay(source.pk).get() == FetchOutcome.FAILED_PERMANENT


def test_the_task_skips_a_disabled_or_missing_source(source):
    Source.objects.filter(pk=source.pk).update(enabled=False)
    assert tasks.source_fetch.delay(source.pk).get() == "skipped"
    assert tasks.source_fetch.delay(999_999).get() == "skipped"


def test_the_task_reports_a_source_already_being_fetched(source):
    Source.objects.filter(pk=source.pk).update(lease_until=timezone.now() + timedelta(minutes=5))
    assert tasks.source_fetch.delay(source.pk).get() == "already-running"


def test_a_retry_after_past_the_task_back_off_cap_is_left_to_the_schedule(source):
    run = FetchRun(source=source, retry_after_seconds=3600)
    assert services.retry_delay(run=run, attempt=0) is None
    assert 24 <= services.retry_delay(run=FetchRun(source=source), attempt=0) <= 36
