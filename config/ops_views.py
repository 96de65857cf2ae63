"""Operations endpoints: /healthz (liveness), /readyz (readiness), /metrics (Prometheus, protected).

Thin: the checks live in config/health.py, the counters in config/metrics.py.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import CollectorRegistry

from config import health, metrics


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches nothing else, so a database outage does not make
    an orchestrator restart every web process (that is what /readyz is for)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 503 when this process cannot serve (database or broker unreachable).

    A stale beat heartbeat or overdue sources make the status "degraded" but keep 200: pulling
    every web process out of the load balancer would not restart beat. Monitoring that should page
    on them asks /readyz?strict=1, which answers 503 for any failing check.
    """
    now = timezone.now()
    checks = {"database": health.database_check(), "broker": health.broker_check()}
    if checks["database"].ok:
        checks["beat"] = health.heartbeat_check(now=now)
        overdue = health.sources_overdue_count(now=now)
        checks["sources"] = health.Check(
            overdue == 0,
            f"{overdue} source(s) overdue by more than {health.OVERDUE_AFTER.seconds // 60} minutes",
            {"overdue": overdue},
        )
    serving = checks["database"].ok and checks["broker"].ok
    everything = all(check.ok for check in checks.values())
    status = "ok" if everything else ("degraded" if serving else "unavailable")
    strict = request.GET.get("strict") in {"1", "true", "yes"}
    code = 200 if (everything or (serving and not strict)) else 503
    body = {"status": status, "checks": {name: check.as_dict() for name, check in checks.items()}}
    return JsonResponse(body, status=code)


def _metrics_allowed(request: HttpRequest) -> bool:
    """A bearer token (METRICS_TOKEN, for the scraper) or a staff session (for a person)."""
    token = settings.METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and secrets.compare_digest(header[7:].strip(), token):
        return True
    return bool(request.user.is_authenticated and request.user.is_staff)


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        response = HttpResponse(
            "Metrics need `Authorization: Bearer <METRICS_TOKEN>` or a staff login.\n",
            status=401,
            content_type="text/plain",
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = CollectorRegistry(auto_describe=False)
    registry.register(metrics.CacheCountersCollector(task_names=_task_names(), gauges=_gauges()))
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _task_names() -> list[str]:
    from config.celery import app

    app.loader.import_default_modules()
    return [name for name in app.tasks if name.startswith(("opportunities.", "accounts."))]


def _gauges() -> list[GaugeMetricFamily]:
    now = timezone.now()
    queues = GaugeMetricFamily("pitchin_queue_depth", "Messages waiting per Celery queue.", labels=["queue"])
    for queue, depth in health.queue_depths().items():
        if depth is not None:
            queues.add_metric([queue], depth)
    sources = GaugeMetricFamily("pitchin_sources", "Sources by state.", labels=["state"])
    sources.add_metric(["overdue"], health.sources_overdue_count(now=now))
    sources.add_metric(["paused"], health.sources_paused_count())
    ages = GaugeMetricFamily(
        "pitchin_heartbeat_age_seconds", "Seconds since each process last checked in.", labels=["name"]
    )
    for name, age in health.heartbeat_ages(now=now).items():
        ages.add_metric([name], age)
    return [queues, sources, ages]
