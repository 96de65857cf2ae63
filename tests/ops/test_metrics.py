"""/metrics: Prometheus text for a scraper with the token or a staff login; nobody else."""

from __future__ import annotations

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from config import metrics
from opportunities import tasks
from opportunities.models import Source
from tests.factories import UserFactory

TOKEN = "scrape-me-0123456789"


@pytest.fixture
def scraper(settings) -> Client:
    settings.METRICS_TOKEN = TOKEN
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def _samples(response) -> dict[tuple[str, tuple], float]:
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.mark.django_db
def test_anonymous_gets_401_with_instructions(anon, settings):
    settings.METRICS_TOKEN = TOKEN
    response = anon.get("/metrics")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"METRICS_TOKEN" in response.content
    assert b"pitchin_" not in response.content


@pytest.mark.django_db
def test_a_signed_in_person_who_is_not_staff_is_refused(alice_client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert alice_client.get("/metrics").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer wrong-token", f"Basic {TOKEN}", "Bearer ", ""])
def test_a_wrong_token_is_refused(settings, header):
    settings.METRICS_TOKEN = TOKEN
    assert Client(HTTP_AUTHORIZATION=header).get("/metrics").status_code == 401


@pytest.mark.django_db
def test_with_no_token_configured_an_empty_bearer_does_not_open_it(settings):
    settings.METRICS_TOKEN = ""
    assert Client(HTTP_AUTHORIZATION="Bearer ").get("/metrics").status_code == 401


@pytest.mark.django_db
def test_staff_may_read_metrics_in_a_browser(settings):
    settings.METRICS_TOKEN = ""
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_the_scraper_sees_every_family(scraper):
    response = scraper.get("/metrics")
    assert response.status_code == 200
    names = {family.name for family in text_string_to_metric_families(response.content.decode())}
    assert {
        "pitchin_fetches",
        "pitchin_fetch_errors",
        "pitchin_tasks",
        "pitchin_task_duration_seconds",
        "pitchin_queue_depth",
        "pitchin_sources",
        "pitchin_heartbeat_age_seconds",
    } <= names
    samples = _samples(response)
    assert samples[("pitchin_queue_depth", (("queue", "fetch"),))] == 0


@pytest.mark.django_db
def test_a_task_run_is_counted_with_its_duration(scraper):
    tasks.heartbeat_record.delay("beat")
    tasks.heartbeat_record.delay("beat")
    samples = _samples(scraper.get("/metrics"))
    task = "opportunities.tasks.heartbeat_record"
    assert samples[("pitchin_tasks_total", (("state", "succeeded"), ("task", task)))] == 2
    assert samples[("pitchin_task_duration_seconds_count", (("task", task),))] == 2
    assert samples[("pitchin_task_duration_seconds_bucket", (("le", "+Inf"), ("task", task)))] == 2
    assert samples[("pitchin_heartbeat_age_seconds", (("name", "beat"),))] < 60


@pytest.mark.django_db
def test_a_fetch_result_and_its_error_class_are_counted(scraper, respx_mock, monkeypatch):
    from opportunities.feeds import http as feeds_http

    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])
    respx_mock.get("https://feeds.example.org/down.xml").respond(503, headers={"Retry-After": "120"})
    source = Source.objects.create(name="down", format="rss", url="https://feeds.example.org/down.xml")
    tasks.source_fetch.apply(args=[source.pk], retries=tasks.source_fetch.max_retries)  # no more retries
    samples = _samples(scraper.get("/metrics"))
    assert samples[("pitchin_fetches_total", (("result", "failed_transient"),))] == 1
    assert samples[("pitchin_fetch_errors_total", (("class", "server_error"),))] == 1
    assert samples[("pitchin_fetch_errors_total", (("class", "rate_limited"),))] == 0


@pytest.mark.parametrize(
    ("status", "permanent", "message", "kind"),
    [
        (429, False, "HTTP 429", "rate_limited"),
        (503, False, "HTTP 503", "server_error"),
        (404, True, "HTTP 404", "client_error"),
        (None, True, "Refused: resolves to 10.0.0.1", "refused"),
        (None, False, "took longer than the 20 s deadline", "timeout"),
        (None, False, "Could not fetch: connection reset", "network"),
    ],
)
def test_fetch_errors_are_classed_by_what_an_operator_would_do(status, permanent, message, kind, monkeypatch):
    counted = []
    monkeypatch.setattr(metrics, "increment", lambda *parts, amount=1: counted.append(parts))
    metrics.fetch_error(http_status=status, permanent=permanent, message=message)
    assert counted == [("fetch_error", kind)]


def test_a_broken_cache_never_fails_the_counted_work(monkeypatch):
    class DownCache:
        def add(self, *args, **kwargs):
            raise ConnectionError("redis is down")

        incr = add

    monkeypatch.setattr(metrics, "cache", DownCache())
    metrics.increment("fetch", "ok")  # does not raise
