"""/healthz and /readyz: what an orchestrator and a monitor see."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from config import health
from opportunities.models import Heartbeat, Source


def test_healthz_answers_without_touching_the_database(anon):
    # No django_db mark: pytest-django raises on any database access.
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def _fresh_beat() -> None:
    Heartbeat.objects.create(name="beat", last_seen_at=timezone.now(), count=1)


@pytest.mark.django_db
def test_readyz_is_ok_when_database_broker_and_beat_are(anon):
    _fresh_beat()
    response = anon.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "beat", "sources"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["sources"]["overdue"] == 0


@pytest.mark.django_db
def test_a_stale_heartbeat_degrades_readiness_but_only_strict_mode_fails(anon, settings):
    Heartbeat.objects.create(name="beat", last_seen_at=timezone.now() - timedelta(minutes=10), count=1)
    response = anon.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert beat["age_seconds"] >= 600
    assert "celery beat" in beat["detail"]
    assert anon.get("/readyz?strict=1").status_code == 503


@pytest.mark.django_db
def test_no_heartbeat_at_all_says_what_to_start(anon):
    check = anon.get("/readyz").json()["checks"]["beat"]
    assert check["ok"] is False
    assert "no heartbeat yet" in check["detail"]


@pytest.mark.django_db
def test_overdue_sources_are_counted(anon):
    _fresh_beat()
    long_ago = timezone.now() - timedelta(hours=2)
    Source.objects.create(name="late", format="rss", url="https://a.example/feed", next_check_at=long_ago)
    Source.objects.create(
        name="on time", format="rss", url="https://b.example/feed", next_check_at=timezone.now()
    )
    Source.objects.create(
        name="paused", format="rss", url="https://c.example/feed", next_check_at=long_ago, enabled=False
    )
    Source.objects.create(name="files", format="rss", url="", next_check_at=long_ago)
    body = anon.get("/readyz").json()
    assert body["checks"]["sources"]["overdue"] == 1
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_an_unreachable_broker_makes_the_process_unready(anon, monkeypatch):
    _fresh_beat()
    monkeypatch.setattr(health, "broker_check", lambda: health.Check(False, "broker unreachable: refused"))
    response = anon.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["broker"]["detail"] == "broker unreachable: refused"


@pytest.mark.django_db
def test_an_unreachable_database_makes_the_process_unready(anon, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = anon.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "ok": False,
        "detail": "database unreachable: RuntimeError: connection refused",
    }
    assert "beat" not in body["checks"]  # not asked of a database that does not answer


def test_the_broker_check_reaches_the_configured_broker():
    check = health.broker_check()
    assert check.ok, check.detail
