"""Metrics for /metrics, in Prometheus' text format.

Counters are kept in the shared cache (Redis in production), not in process memory: fetches run on
worker machines that nobody scrapes, and gunicorn has several processes. An increment is one INCR;
the scrape reads every counter with one MGET, because the set of keys is known in advance (task
names, fetch outcomes, error classes, duration buckets). Gauges (queue depth, sources overdue,
heartbeat age) are read from the broker and the database at scrape time.

On the file cache of `make run` an increment is read-modify-write, so two processes can lose one;
good enough on a laptop, exact with Redis.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from django.core.cache import cache
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector

PREFIX = "metrics:v1:"
TASK_STATES = ("succeeded", "failed", "retried")
# Seconds. Fetches take 0.1 to 20 s; e-mail fan-outs up to minutes; the hard limit is 300 s.
DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0)
FETCH_RESULTS = (
    "ok",
    "not_modified",
    "failed_transient",
    "failed_permanent",
    "refused",
    "already-running",
    "skipped",
)
# What went wrong with a failed fetch, by how an operator would react to it.
FETCH_ERROR_CLASSES = ("rate_limited", "server_error", "client_error", "timeout", "network", "refused")


def _key(*parts: str) -> str:
    return PREFIX + ":".join(parts)


def increment(*parts: str, amount: int = 1) -> None:
    """Add AMOUNT to a counter. Never raises: a metric must not fail the work it counts."""
    key = _key(*parts)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key, amount)
    except Exception:  # a cache outage must not fail a fetch or a request
        return


def task_finished(*, task: str, state: str, seconds: float) -> None:
    increment("task", task, state)
    if state == "retried":
        return  # its duration is counted once, when the last attempt ends
    bucket = bisect.bisect_left(DURATION_BUCKETS, seconds)  # index of the smallest le >= seconds
    increment("duration", task, str(bucket))
    increment("duration_ms", task, amount=int(seconds * 1000))


def fetch_finished(*, result: str) -> None:
    if result in FETCH_RESULTS:
        increment("fetch", result)


def fetch_error(*, http_status: int | None, permanent: bool, message: str) -> None:
    """Count one failed fetch by class (the FeedError that ended it)."""
    if http_status == 429:
        kind = "rate_limited"
    elif http_status is not None and http_status >= 500:
        kind = "server_error"
    elif http_status is not None:
        kind = "client_error"
    elif permanent:
        kind = "refused"  # unsafe address, over the cap, unparseable, hostile markup
    elif "deadline" in message:
        kind = "timeout"
    else:
        kind = "network"
    increment("fetch_error", kind)


class CacheCountersCollector(Collector):
    """Reads every known counter in one get_many, then the gauges."""

    def __init__(self, *, task_names: Iterable[str], gauges: Iterable[GaugeMetricFamily]) -> None:
        self.task_names = sorted(task_names)
        self.gauges = list(gauges)

    def _keys(self) -> list[str]:
        keys = [_key("fetch", result) for result in FETCH_RESULTS]
        keys += [_key("fetch_error", kind) for kind in FETCH_ERROR_CLASSES]
        for task in self.task_names:
            keys += [_key("task", task, state) for state in TASK_STATES]
            keys += [_key("duration", task, str(i)) for i in range(len(DURATION_BUCKETS) + 1)]
            keys.append(_key("duration_ms", task))
        return keys

    def collect(self) -> Iterator[CounterMetricFamily | GaugeMetricFamily | HistogramMetricFamily]:
        values = cache.get_many(self._keys())

        def value(*parts: str) -> int:
            return int(values.get(_key(*parts), 0))

        fetches = CounterMetricFamily("pitchin_fetches", "Source fetches by result.", labels=["result"])
        for result in FETCH_RESULTS:
            fetches.add_metric([result], value("fetch", result))
        yield fetches
        errors = CounterMetricFamily("pitchin_fetch_errors", "Failed fetches by class.", labels=["class"])
        for kind in FETCH_ERROR_CLASSES:
            errors.add_metric([kind], value("fetch_error", kind))
        yield errors
        tasks = CounterMetricFamily(
            "pitchin_tasks", "Celery tasks finished, by state.", labels=["task", "state"]
        )
        durations = HistogramMetricFamily(
            "pitchin_task_duration_seconds", "Celery task run time.", labels=["task"]
        )
        for task in self.task_names:
            for state in TASK_STATES:
                tasks.add_metric([task, state], value("task", task, state))
            cumulative, buckets = 0, []
            for i, bound in enumerate([*DURATION_BUCKETS, float("inf")]):
                cumulative += value("duration", task, str(i))
                buckets.append(("+Inf" if bound == float("inf") else repr(bound), cumulative))
            durations.add_metric([task], buckets, sum_value=value("duration_ms", task) / 1000)
        yield tasks
        yield durations
        yield from self.gauges
