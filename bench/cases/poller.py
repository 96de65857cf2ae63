"""Poller: one worker's fetch throughput against its parse-bound ceiling, and a slow feed's reach.

Target (issue 9): one worker with concurrent fetches against a loopback server with 200 ms latency
and 5 % timeouts sustains >= 0.6x its parse-bound ceiling; a slow feed never blocks the others.

- Ceiling: the app's own path with no network (`source_ingest_payload` on each feed's bytes), one
  feed after another, as fast as this process parses and stores.
- Networked: `source_fetch` for every feed on a ThreadPoolExecutor, which is what a Celery worker
  started with `--pool threads` runs its tasks on, against bench.feedfarm. Each feed has its own
  host name (feed-07.bench.test), so the per-host cap applies as in production; the names resolve to
  127.0.0.1 through the app's DNS seam (`opportunities.feeds.http.resolve`), and nothing else
  resolves at all, so no request can leave the machine.
- The client deadline (FEEDS_HTTP_TIMEOUT) is DEADLINE_SECONDS = 2 s here (20 s in production):
  a hanging request costs a thread 2 s, the figure the concurrency below is sized for.

Ceiling and networked passes alternate after a warm-up, each on fresh sources that are deleted
afterwards, so every pass meets the same database (otherwise each pass would re-cluster against
all the copies of the corpus stored before it, and later passes would be slower for that alone).

Throughput is items stored ÷ the time until the last item was stored, on both sides. A fetch that
hangs at the very end of a pass stores nothing and only delays the pass's last *failure*: in a
worker that keeps polling, its thread would simply be busy while others fetch. The full pass time,
end tail included, is reported beside it.
"""

from __future__ import annotations

import logging
import math
import statistics
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.db import close_old_connections, connections
from django.test.utils import override_settings

from bench.feedfarm import FeedFarm
from bench.harness import Figure, Result, percentile, ratio
from opportunities import services
from opportunities.feeds import get_adapter
from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import ApiAdapter, FeedError
from opportunities.models import FetchOutcome, FetchRun, Source

DEADLINE_SECONDS = 2.0
LATENCY_SECONDS = 0.2
HANG_FRACTION = 0.05
SEED = 9
RATIO_BOUND = 0.6
SLOW_FEED_BOUND = 1.2  # others' completion time with a slow feed ÷ without it
SLOW_FEED_SLACK_SECONDS = 0.5  # the slow fetch may end this much after its deadline
HOST_SUFFIX = ".bench.test"
WARMUP_FEEDS = 5
CONTENT_TYPES = {
    "rss": "application/rss+xml",
    "jsonfeed": "application/feed+json",
    "jsonld": "text/html; charset=utf-8",
    "sitemap": "application/xml",
}
LOCK_ERRORS = ("database is locked", "deadlock detected")

# Concurrency, by Little's law: threads busy = fetches started per second * seconds each holds a
# thread. At the ceiling C items/s with n items a feed, the worker finishes C / n feeds a second
# (about 300 items/s and 50-item feeds here: 6 feeds/s). A fetch holds its thread for the latency
# plus its own parse (0.2 s + n / C = 0.37 s), and 5 % of them for the whole 2 s deadline instead:
# 6 * (0.95 * 0.37 + 0.05 * 2.0) ≈ 2.7 threads on average, the figure the details recompute from
# the run. Sixteen covers that with room for hangs that bunch up (three hanging at once hold three
# threads for 2 s) and for a machine three times faster. More is not better: the deadline clock runs
# while a thread waits for the GIL, and at 48 threads fetches the farm answered in 200 ms timed out
# waiting for their turn to read the body (12 timeouts where the farm hung 3); 4 to 32 threads gave
# the same throughput, the worker being CPU-bound from 4 on.
DEFAULT_CONCURRENCY = 16


class Feed(Protocol):
    """What the poller needs of a corpus feed (bench.corpus.CorpusFeed has it)."""

    name: str
    format: str
    url: str
    body: bytes
    items: int


@dataclass(frozen=True)
class Fetch:
    """One source's fetch (or payload ingest) within a pass; times in seconds after the pass began."""

    feed: str
    started: float
    finished: float
    stored: int  # rows created or updated: what the run actually wrote
    outcome: str
    error: str = ""
    http_seconds: float | None = None  # inside feeds.http.fetch: what the client deadline bounds

    @property
    def seconds(self) -> float:
        return self.finished - self.started

    @property
    def timed_out(self) -> bool:
        return self.outcome == FetchOutcome.FAILED_TRANSIENT and "deadline" in self.error


@dataclass(frozen=True)
class Pass:
    fetches: list[Fetch]

    @property
    def stored(self) -> int:
        return sum(fetch.stored for fetch in self.fetches)

    @property
    def storing_seconds(self) -> float:
        """Until the last item was stored: the window the worker was doing useful work in."""
        return max((fetch.finished for fetch in self.fetches if fetch.stored), default=math.nan)

    @property
    def seconds(self) -> float:
        """Until the last fetch ended, a hang's deadline included."""
        return max(fetch.finished for fetch in self.fetches)

    @property
    def items_per_second(self) -> float:
        return self.stored / self.storing_seconds

    def finished_without(self, feed: str) -> float:
        return max(fetch.finished for fetch in self.fetches if fetch.feed != feed)

    def stored_without(self, feed: str) -> int:
        return sum(fetch.stored for fetch in self.fetches if fetch.feed != feed)

    def errors(self, needles: Sequence[str]) -> list[str]:
        return [fetch.error for fetch in self.fetches if any(n in fetch.error for n in needles)]


def run(*, feeds: list, vendor: str, rounds: int = 3, concurrency: int = DEFAULT_CONCURRENCY) -> list[Result]:
    pollable = [feed for feed in feeds if not isinstance(get_adapter(feed.format), ApiAdapter)]
    hosts = [f"feed-{index:02d}{HOST_SUFFIX}" for index in range(len(pollable))]
    payloads = {
        feed.name: (feed.body, CONTENT_TYPES.get(feed.format, "application/xml")) for feed in pollable
    }
    # Twice as many feeds as threads, so a thread the slow feed holds is one the others would
    # have used; fewer than the whole corpus, to keep the run short.
    slow_subset = pollable[: 2 * concurrency]
    slow_feed = slow_subset[0].name  # submitted first, so it holds a thread from the very start
    with ExitStack() as stack:
        stack.enter_context(_bench_network(hosts))
        farm = stack.enter_context(
            FeedFarm(payloads, latency=LATENCY_SECONDS, hang_fraction=HANG_FRACTION, seed=SEED)
        )
        steady = stack.enter_context(FeedFarm(payloads, latency=LATENCY_SECONDS, hang_fraction=0, seed=SEED))
        dripping = stack.enter_context(
            FeedFarm(payloads, latency=LATENCY_SECONDS, hang_fraction=0, drip=slow_feed, seed=SEED)
        )

        def ceiling() -> Pass:
            return _ceiling_pass(pollable)

        def networked(on: FeedFarm, subset: Sequence[Feed] = pollable) -> Callable[[], Pass]:
            return lambda: _networked_pass(subset, hosts=hosts, farm=on, concurrency=concurrency)

        # Warm-up (imports, connections, the adapters' caches) on a few feeds, against the farm
        # without hangs, so the hanging farm's passes line up with the measured rounds.
        _ceiling_pass(pollable[:WARMUP_FEEDS])
        networked(steady, pollable[:WARMUP_FEEDS])()
        ceilings, fetched = _alternate_passes(ceiling, networked(farm), rounds=rounds)
        # Fewer rounds: the bound has a wide margin, and each pair costs two passes.
        without_slow, with_slow = _alternate_passes(
            networked(steady, slow_subset), networked(dripping, slow_subset), rounds=1 + rounds // 2
        )
    offered = sum(feed.items for feed in pollable)
    return [
        _throughput_result(
            vendor=vendor,
            ceilings=ceilings,
            fetched=fetched,
            offered=offered,
            concurrency=concurrency,
            feeds=pollable,
        ),
        _isolation_result(vendor=vendor, slow_feed=slow_feed, without_slow=without_slow, with_slow=with_slow),
        _deadline_result(vendor=vendor, slow_feed=slow_feed, with_slow=with_slow),
        _lock_result(vendor=vendor, passes=[*ceilings, *fetched, *without_slow, *with_slow]),
    ]


def _alternate_passes(
    a: Callable[[], Pass], b: Callable[[], Pass], *, rounds: int
) -> tuple[list[Pass], list[Pass]]:
    """A B A B … (harness.alternate's order, keeping each pass's own figures, not its wall time)."""
    passes_a, passes_b = [], []
    for _ in range(rounds):
        passes_a.append(a())
        passes_b.append(b())
    return passes_a, passes_b


# --- Passes -------------------------------------------------------------------------------------


def _ceiling_pass(feeds: Sequence[Feed]) -> Pass:
    sources = _fresh_sources(feeds, urls=[feed.url for feed in feeds])
    try:
        began = time.perf_counter()
        fetches = []
        for feed, source in zip(feeds, sources, strict=True):
            started = time.perf_counter() - began
            fetch_run = services.source_ingest_payload(source=source, payload=feed.body)
            fetches.append(_fetch_row(feed.name, started, time.perf_counter() - began, fetch_run))
        return Pass(fetches)
    finally:
        _delete(sources)


def _networked_pass(feeds: Sequence[Feed], *, hosts: list[str], farm: FeedFarm, concurrency: int) -> Pass:
    urls = [farm.url_for(feed.name, host=host) for feed, host in zip(feeds, hosts[: len(feeds)], strict=True)]
    sources = _fresh_sources(feeds, urls=urls)
    try:
        with ThreadPoolExecutor(concurrency, thread_name_prefix="bench-poller") as worker:
            began = time.perf_counter()
            futures = [
                worker.submit(_fetch_in_worker, feed.name, source, began)
                for feed, source in zip(feeds, sources, strict=True)
            ]
            fetches = [future.result() for future in futures]
            _close_worker_connections(worker, concurrency)
        return Pass(fetches)
    finally:
        _delete(sources)


def _fetch_in_worker(feed: str, source: Source, began: float) -> Fetch:
    started = time.perf_counter() - began
    _last_http.seconds = None
    try:
        fetch_run = services.source_fetch(source=source)
    except Exception as exc:  # a worker logs a task's crash and carries on; the bench counts it
        error = f"{type(exc).__name__}: {exc}"
        return Fetch(feed, started, time.perf_counter() - began, 0, "crashed", error, _last_http.seconds)
    finally:
        # What Celery's Django fix-up does after every task: drop a connection past CONN_MAX_AGE
        # (on SQLite, every time) or broken, keep a healthy persistent one.
        close_old_connections()
    if fetch_run is None:
        return Fetch(feed, started, time.perf_counter() - began, 0, "leased", "another worker held the lease")
    return _fetch_row(feed, started, time.perf_counter() - began, fetch_run, http_seconds=_last_http.seconds)


def _fetch_row(
    feed: str, started: float, finished: float, fetch_run: FetchRun, *, http_seconds: float | None = None
) -> Fetch:
    stored = fetch_run.created + fetch_run.updated
    return Fetch(feed, started, finished, stored, str(fetch_run.outcome), fetch_run.error, http_seconds)


def _close_worker_connections(worker: ThreadPoolExecutor, concurrency: int) -> None:
    """Every pool thread closes its own connections (Django's are per thread): one task per thread,
    held at a barrier until all have arrived, so no thread can take two."""
    barrier = threading.Barrier(concurrency)

    def close_mine() -> None:
        barrier.wait(timeout=30)
        connections.close_all()

    for future in [worker.submit(close_mine) for _ in range(concurrency)]:
        future.result()


def _fresh_sources(feeds: Sequence[Feed], *, urls: list[str]) -> list[Source]:
    first = Source.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return Source.objects.bulk_create(
        Source(name=f"bench-poller-{first + index + 1}", format=feed.format, url=url)
        for index, (feed, url) in enumerate(zip(feeds, urls, strict=True))
    )


def _delete(sources: list[Source]) -> None:
    Source.objects.filter(pk__in=[source.pk for source in sources]).delete()


_last_http = threading.local()  # .seconds: this thread's last feeds.http.fetch, timed


@contextmanager
def _bench_network(hosts: list[str]) -> Iterator[None]:
    """The bench's hosts resolve to 127.0.0.1 and are allowed though private; any other name fails
    to resolve, so a stray URL in a feed cannot send a packet off this machine. Every fetch is
    timed on its own, apart from the parse and the writes around it."""
    known = set(hosts)
    original, original_fetch = feeds_http.resolve, feeds_http.fetch

    def resolve(host: str, port: int) -> list[str]:
        if host in known:
            return ["127.0.0.1"]
        raise FeedError(
            f"Could not resolve {host}: the benchmark resolves only its own hosts.", permanent=False
        )

    def timed_fetch(url: str, **options: Any) -> feeds_http.FetchResponse:
        started = time.perf_counter()
        try:
            return original_fetch(url, **options)
        finally:
            _last_http.seconds = time.perf_counter() - started

    allowed = [*settings.FETCH_ALLOWED_PRIVATE_HOSTS, *hosts, "127.0.0.1"]
    # httpx logs every request at INFO: thousands of lines that would bury the bench's own output.
    httpx_logger = logging.getLogger("httpx")
    httpx_level = httpx_logger.level
    feeds_http.resolve, feeds_http.fetch = resolve, timed_fetch
    httpx_logger.setLevel(logging.WARNING)
    try:
        with override_settings(FEEDS_HTTP_TIMEOUT=DEADLINE_SECONDS, FETCH_ALLOWED_PRIVATE_HOSTS=allowed):
            yield
    finally:
        feeds_http.resolve, feeds_http.fetch = original, original_fetch
        httpx_logger.setLevel(httpx_level)


# --- Results ------------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _ms_summary(seconds: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(seconds) * 1000, 1),
        "p95": round(percentile(seconds, 95) * 1000, 1),
    }


def _throughput_result(
    *,
    vendor: str,
    ceilings: list[Pass],
    fetched: list[Pass],
    offered: int,
    concurrency: int,
    feeds: Sequence[Feed],
) -> Result:
    ceiling = _median([p.items_per_second for p in ceilings])
    networked = _median([p.items_per_second for p in fetched])
    whole_pass = _median([p.stored / p.seconds for p in fetched])
    ok = [f for p in fetched for f in p.fetches if f.outcome == FetchOutcome.OK]
    # Little's law with this run's own figures (see DEFAULT_CONCURRENCY).
    feeds_per_second = ceiling / (offered / len(feeds))
    hold = (1 - HANG_FRACTION) * (LATENCY_SECONDS + 1 / feeds_per_second) + HANG_FRACTION * DEADLINE_SECONDS
    return ratio(
        "poller.networked_vs_ceiling",
        "Poller: items/s fetching (200 ms latency, 5 % timeouts) ÷ parse-bound ceiling",
        vendor=vendor,
        numerator=Figure("networked items/s (one worker, thread pool)", round(networked, 1), "items/s"),
        denominator=Figure(
            "parse-bound ceiling items/s (source_ingest_payload, no network)", round(ceiling, 1), "items/s"
        ),
        op=">=",
        bound=RATIO_BOUND,
        details={
            "feeds": len(feeds),
            "items_offered_per_pass": offered,
            "items_stored_per_pass": [p.stored for p in fetched],
            "ceiling_items_per_second": [round(p.items_per_second, 1) for p in ceilings],
            "networked_items_per_second": [round(p.items_per_second, 1) for p in fetched],
            "networked_items_per_second_whole_pass": round(whole_pass, 1),
            "ratio_whole_pass": round(whole_pass / ceiling, 3),
            "ceiling_pass_seconds": [round(p.storing_seconds, 3) for p in ceilings],
            "networked_pass_seconds": [round(p.seconds, 3) for p in fetched],
            "timeouts_per_pass": [sum(f.timed_out for f in p.fetches) for p in fetched],
            # More timeouts than hangs: fetches the worker itself starved (see DEFAULT_CONCURRENCY).
            "hangs_per_pass": math.ceil(HANG_FRACTION * len(feeds)),
            "other_failures": sorted(
                {f.error for p in fetched for f in p.fetches if f.error and not f.timed_out}
            ),
            # The HTTP part alone (latency included), then the whole task: the gap is the parse
            # and the writes, slowed by the other threads that share the GIL and the database.
            "http_ms_ok": _ms_summary([f.http_seconds or 0.0 for f in ok]),
            "task_ms_ok": _ms_summary([f.seconds for f in ok]),
            "concurrency": concurrency,
            "threads_needed_littles_law": round(feeds_per_second * hold, 1),
            "latency_seconds": LATENCY_SECONDS,
            "hang_fraction": HANG_FRACTION,
            "client_deadline_seconds": DEADLINE_SECONDS,
            "per_host_concurrency": settings.FEEDS_PER_HOST_CONCURRENCY,
        },
        note=(
            f"Client deadline {DEADLINE_SECONDS:g} s (FEEDS_HTTP_TIMEOUT), so each timeout holds a thread that long. "
            "Items/s = items stored ÷ time to the last item stored, both sides; the whole pass, its last "
            "timeout included, is in the details."
        ),
    )


def _isolation_result(
    *, vendor: str, slow_feed: str, without_slow: list[Pass], with_slow: list[Pass]
) -> Result:
    before = _median([p.finished_without(slow_feed) for p in without_slow])
    after = _median([p.finished_without(slow_feed) for p in with_slow])
    return ratio(
        "poller.slow_feed_isolation",
        "Poller: the other feeds' completion time with one dripping feed ÷ without it",
        vendor=vendor,
        numerator=Figure("others done, one feed dripping", round(after, 3), "s"),
        denominator=Figure("others done, no slow feed", round(before, 3), "s"),
        op="<=",
        bound=SLOW_FEED_BOUND,
        details={
            "slow_feed": slow_feed,
            "others_done_seconds_without": [round(p.finished_without(slow_feed), 3) for p in without_slow],
            "others_done_seconds_with": [round(p.finished_without(slow_feed), 3) for p in with_slow],
            "others_stored_with": [p.stored_without(slow_feed) for p in with_slow],
            "others_stored_without": [p.stored_without(slow_feed) for p in without_slow],
        },
        note=(
            "Both sides without random hangs, so the slow feed is the only difference; it sends its headers, "
            "then one byte every 50 ms."
        ),
    )


def _deadline_result(*, vendor: str, slow_feed: str, with_slow: list[Pass]) -> Result:
    slow = [fetch for p in with_slow for fetch in p.fetches if fetch.feed == slow_feed]
    clear = all(fetch.timed_out for fetch in slow)
    longest = max(fetch.http_seconds or math.inf for fetch in slow)
    return Result(
        "poller.slow_feed_deadline",
        "Poller: the dripping feed's fetch ends at the client deadline, with a deadline error in its FetchRun",
        vendor,
        round(longest * 1000, 1) if clear else math.inf,
        "ms",
        "<=",
        (DEADLINE_SECONDS + SLOW_FEED_SLACK_SECONDS) * 1000,
        details={
            "http_seconds": [round(fetch.http_seconds or math.inf, 3) for fetch in slow],
            # The task also records the failure, waiting its turn for the GIL and the write lock.
            "task_seconds": [round(fetch.seconds, 3) for fetch in slow],
            "outcomes": sorted({fetch.outcome for fetch in slow}),
            "errors": sorted({fetch.error for fetch in slow}),
        },
        note=""
        if clear
        else "The slow feed's run did not end with the deadline error (see errors): counted as a miss.",
    )


def _lock_result(*, vendor: str, passes: list[Pass]) -> Result:
    errors = [error for p in passes for error in p.errors(LOCK_ERRORS)]
    crashes = sorted({f.error for p in passes for f in p.fetches if f.outcome == "crashed"})
    return Result(
        "poller.lock_errors",
        'Poller: "database is locked" (or deadlock) errors with concurrent writers',
        vendor,
        len(errors),
        "errors",
        "==",
        0,
        details={
            "examples": sorted(set(errors))[:5],
            "crashes": crashes[:5],
            "database_options": {
                key: value
                for key, value in settings.DATABASES["default"].get("OPTIONS", {}).items()
                if key in ("timeout", "transaction_mode")
            },
        },
    )
