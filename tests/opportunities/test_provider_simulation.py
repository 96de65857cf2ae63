"""Every provider adapter synced end to end from a loopback server (allowed through
FETCH_ALLOWED_PRIVATE_HOSTS): real sockets, address checks, paging and detail requests."""

from __future__ import annotations

import time

import pytest

from opportunities import services, tasks
from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source
from tests.support.provider_server import EXPECTED_ROWS, provider_server, provider_sources


@pytest.fixture
def simulated_providers(settings, monkeypatch):
    monkeypatch.setattr("opportunities.services.api_sync.time.sleep", lambda seconds: None)
    with provider_server() as base:
        settings.FETCH_ALLOWED_PRIVATE_HOSTS = [base.removeprefix("http://")]
        for fields in provider_sources(base):
            fields = dict(fields)
            credentials = fields.pop("credentials")
            source = Source(min_request_interval_seconds=0, **fields)
            source.set_credentials(credentials)
            source.save()
        yield base


def rows_by_format() -> dict[str, int]:
    return {fmt: Opportunity.objects.filter(source__format=fmt).count() for fmt in EXPECTED_ROWS}


@pytest.mark.django_db
def test_every_provider_syncs_from_the_loopback_server_through_real_sockets(simulated_providers, taxonomy):
    for source in Source.objects.order_by("name"):
        run = services.source_fetch(source=source)
        assert run.outcome == FetchOutcome.OK, (source.name, run.error)
    assert rows_by_format() == EXPECTED_ROWS


@pytest.mark.django_db
def test_without_the_setting_the_loopback_server_is_refused(simulated_providers, taxonomy, settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    run = services.source_fetch(source=Source.objects.get(format="rpde"))
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert "127.0.0.1" in run.error
    assert not Opportunity.objects.exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_syncs_every_provider_end_to_end(simulated_providers, taxonomy, live_worker):
    tasks.sources_dispatch_due.apply_async(queue=live_worker)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and FetchRun.objects.filter(finished_at__isnull=False).count() < 6:
        time.sleep(0.2)
    outcomes = dict(FetchRun.objects.values_list("source__format", "outcome"))
    assert outcomes == dict.fromkeys(EXPECTED_ROWS, FetchOutcome.OK)
    assert rows_by_format() == EXPECTED_ROWS
