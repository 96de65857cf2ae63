"""Paged provider sync through the service, with the RPDE fixtures served by respx: cursor saved
only with its rows, resume after a failure, deletions, tombstones, weekly reconcile, politeness."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import httpx
import pytest
from django.utils import timezone

from opportunities import services
from opportunities.feeds import http as feeds_http
from opportunities.models import FetchOutcome, Opportunity, Source, Status

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "providers" / "rpde"
BASE = "https://rpde.volunteerhub.example.org/feeds/volunteer-roles"
AFTER_102 = f"{BASE}?afterTimestamp=1760000002&afterId=102"
AFTER_104 = f"{BASE}?afterTimestamp=1760000004&afterId=104"
AFTER_103 = f"{BASE}?afterTimestamp=1760000011&afterId=103"
pytestmark = pytest.mark.django_db


def body(name: str) -> httpx.Response:
    return httpx.Response(200, content=(FIXTURES / name).read_bytes())


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])


@pytest.fixture(autouse=True)
def _no_politeness_sleep(monkeypatch):
    monkeypatch.setattr("opportunities.services.api_sync.time.sleep", lambda seconds: None)


@pytest.fixture
def source(taxonomy) -> Source:
    return Source.objects.create(
        name="Volunteer Hub", format="rpde", url=BASE, min_request_interval_seconds=0
    )


def serve(respx_mock, routes: dict[str, httpx.Response]) -> dict[str, object]:
    respx_mock.reset()
    # url__eq: a plain URL pattern would also match the same URL with any query string.
    return {
        url: respx_mock.route(method="GET", url__eq=url).mock(return_value=response)
        for url, response in routes.items()
    }


def sync(source: Source):
    run = services.source_fetch(source=source)
    source.refresh_from_db()
    return run


def first_run(respx_mock, source):
    serve(
        respx_mock,
        {
            BASE: body("run1_page1.json"),
            AFTER_102: body("run1_page2.json"),
            AFTER_104: body("run1_last.json"),
        },
    )
    return sync(source)


def test_a_full_first_sync_reads_every_page_to_the_end(respx_mock, source):
    run = first_run(respx_mock, source)
    assert (run.outcome, run.created, run.withdrawn) == (FetchOutcome.OK, 4, 0)
    assert source.cursor == {"next": AFTER_104}
    assert source.last_full_sync_at is not None
    assert source.reconcile_started_at is None
    assert Opportunity.objects.get(source_item_id="JobPosting:104").location_type == "onsite"


def test_an_incremental_sync_starts_at_the_cursor_and_writes_only_what_changed(respx_mock, source):
    first_run(respx_mock, source)
    before = {row.source_item_id: row.updated_at for row in Opportunity.objects.all()}
    routes = serve(respx_mock, {AFTER_104: body("run2_page1.json"), AFTER_103: body("run2_last.json")})
    run = sync(source)
    assert not respx_mock.calls or all(call.request.url != BASE for call in respx_mock.calls)
    assert routes[AFTER_104].called
    assert (run.created, run.updated, run.withdrawn) == (0, 1, 1)
    changed = {
        row.source_item_id
        for row in Opportunity.objects.all()
        if row.updated_at != before[row.source_item_id]
    }
    assert changed == {"JobPosting:102", "JobPosting:103"}
    assert Opportunity.objects.get(source_item_id="JobPosting:102").title.endswith(
        "(evening and overnight shifts)"
    )
    assert source.cursor == {"next": AFTER_103}


def test_a_deletion_withdraws_the_listing_and_keeps_it_as_a_tombstone(respx_mock, source):
    first_run(respx_mock, source)
    serve(respx_mock, {AFTER_104: body("run2_page1.json"), AFTER_103: body("run2_last.json")})
    sync(source)
    gone = Opportunity.objects.get(source_item_id="JobPosting:103")
    assert (gone.status, gone.source_modified) == (Status.WITHDRAWN, "1760000011")


def test_a_stale_page_does_not_revive_a_tombstone_but_a_newer_version_does(respx_mock, source):
    first_run(respx_mock, source)
    serve(respx_mock, {AFTER_104: body("run2_page1.json"), AFTER_103: body("run2_last.json")})
    sync(source)
    stale = services.source_ingest_payload(source=source, payload=(FIXTURES / "stale_page.json").read_bytes())
    assert Opportunity.objects.get(source_item_id="JobPosting:103").status == Status.WITHDRAWN
    assert any("older version" in line for line in stale.rejections)
    services.source_ingest_payload(source=source, payload=(FIXTURES / "revived_page.json").read_bytes())
    revived = Opportunity.objects.get(source_item_id="JobPosting:103")
    assert (revived.status, revived.source_modified) == (Status.ACTIVE, "1760000020")


def test_a_malformed_page_in_the_middle_keeps_earlier_pages_and_resumes_there(respx_mock, source):
    serve(respx_mock, {BASE: body("run1_page1.json"), AFTER_102: body("malformed.json")})
    run = sync(source)
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert "not valid JSON" in run.error
    assert set(Opportunity.objects.values_list("source_item_id", flat=True)) == {
        "JobPosting:101",
        "JobPosting:102",
    }
    assert source.cursor == {"next": AFTER_102}  # after the last stored page, not past it
    routes = serve(respx_mock, {AFTER_102: body("run1_page2.json"), AFTER_104: body("run1_last.json")})
    run = sync(source)
    assert run.outcome == FetchOutcome.OK
    assert routes[AFTER_102].called
    assert Opportunity.objects.count() == 4


def test_a_crash_while_storing_a_page_leaves_the_cursor_before_it(respx_mock, source):
    serve(respx_mock, {BASE: body("run1_page1.json"), AFTER_102: body("run1_page2.json")})
    real = services.listings.listings_upsert
    calls = []

    def crash_on_second_page(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed mid-page")
        return real(**kwargs)

    with (
        patch("opportunities.services.listings.listings_upsert", crash_on_second_page),
        pytest.raises(RuntimeError),
    ):
        services.source_fetch(source=source)
    source.refresh_from_db()
    assert source.cursor == {"next": AFTER_102}
    assert Opportunity.objects.count() == 2
    assert source.lease_until is None  # released for the redelivery


def test_429_stops_the_run_keeps_its_pages_and_honours_retry_after(respx_mock, source):
    serve(
        respx_mock,
        {BASE: body("run1_page1.json"), AFTER_102: httpx.Response(429, headers={"Retry-After": "600"})},
    )
    run = sync(source)
    assert run.outcome == FetchOutcome.FAILED_TRANSIENT
    assert run.retry_after_seconds == 600
    assert Opportunity.objects.count() == 2
    assert (source.next_check_at - timezone.now()).total_seconds() >= 590
    assert source.enabled is True


def test_the_weekly_reconcile_reads_from_the_first_page_again(respx_mock, source):
    first_run(respx_mock, source)
    Source.objects.filter(pk=source.pk).update(last_full_sync_at=timezone.now() - timedelta(days=8))
    source.refresh_from_db()
    routes = serve(
        respx_mock,
        {
            BASE: body("run1_page1.json"),
            AFTER_102: body("run1_page2.json"),
            AFTER_104: body("run1_last.json"),
        },
    )
    run = sync(source)
    assert routes[BASE].called
    assert (run.created, run.updated, run.unchanged) == (0, 0, 4)
    assert timezone.now() - source.last_full_sync_at < timedelta(minutes=1)
    assert source.reconcile_started_at is None


def test_a_reconcile_too_long_for_one_run_resumes_from_the_cursor(respx_mock, source, monkeypatch):
    first_run(respx_mock, source)
    Source.objects.filter(pk=source.pk).update(last_full_sync_at=timezone.now() - timedelta(days=8))
    source.refresh_from_db()
    monkeypatch.setattr("opportunities.services.api_sync.MAX_PAGES_PER_RUN", 1)
    routes = serve(
        respx_mock,
        {
            BASE: body("run1_page1.json"),
            AFTER_102: body("run1_page2.json"),
            AFTER_104: body("run1_last.json"),
        },
    )
    sync(source)
    assert source.reconcile_started_at is not None  # under way
    assert source.next_check_at <= timezone.now()  # and due again at once
    sync(source)
    assert routes[BASE].call_count == 1  # the second run went on from the cursor, not from the start
    assert routes[AFTER_102].called


def test_requests_within_a_run_are_spaced_by_the_sources_minimum_interval(respx_mock, source, monkeypatch):
    Source.objects.filter(pk=source.pk).update(min_request_interval_seconds=2.0)
    source.refresh_from_db()
    # A fake clock, so the test does not depend on how fast this machine is: every reading is a
    # tenth of a second of work, and a pause moves it on by the pause.
    clock = {"now": 1000.0}
    pauses: list[float] = []

    def monotonic() -> float:
        clock["now"] += 0.1
        return clock["now"]

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        clock["now"] += seconds

    monkeypatch.setattr(
        "opportunities.services.api_sync.time", SimpleNamespace(monotonic=monotonic, sleep=sleep)
    )
    first_run(respx_mock, source)
    assert len(pauses) == 2  # three requests, two gaps
    assert all(1.5 < pause <= 2.0 for pause in pauses)


def test_a_provider_that_loops_back_to_a_page_already_read_stops_the_run(respx_mock, source, taxonomy):
    looping = {"next": BASE, "items": [{"state": "deleted", "id": "1", "modified": 1}]}
    serve(respx_mock, {BASE: httpx.Response(200, json=looping)})
    run = sync(source)
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert "already read in this run" in run.error
    assert respx_mock.calls.call_count == 1
