"""Sources: registering, fetching and ingesting them, scheduling, pausing and re-enabling.

source_fetch is the one path every fetch takes (the Celery task, `manage.py source_fetch`,
`manage.py ingest URL`, the admin's "fetch now"). It is safe to deliver twice: a lease on the
source lets one worker in at a time, and the upsert underneath writes nothing when nothing changed.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone

from config import metrics
from opportunities import tasks
from opportunities.credentials import CredentialsUnreadable
from opportunities.feeds import get_adapter
from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import ApiAdapter, FeedError
from opportunities.models import FetchOutcome, FetchRun, Source
from opportunities.services import api_sync, listings, pages

SNAPSHOT_MIN_RATIO = 0.7  # a snapshot under 70 % of the last good one is not applied
PAUSE_AFTER_FAILURES = 3
PAUSE_AT_ONCE_STATUSES = {401, 403, 404, 410}  # retrying the same request cannot help
MAX_STORED_REJECTIONS = 50
# Longer than any fetch can run (the task's hard time limit), so a lease outlives its worker
# only when the worker died, and then expires by itself.
LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A due source is not dispatched again while its fetch is queued or running.
DISPATCH_GRACE = timedelta(minutes=15)
DISPATCH_BATCH = 500
# 20 batches a minute: 600,000 dispatches an hour. One batch a run capped a deployment at 30,000
# sources an hour, so 100,000 hourly sources fell further behind every minute (docs/scaling.md).
DISPATCH_MAX_BATCHES = 20
# Bump when an adapter reads more (or differently) from the same bytes: every feed is then parsed
# again once, instead of being skipped as unchanged (Source.payload_hash).
PAYLOAD_HASH_VERSION = "1"


def source_register(*, name: str, format: str, url: str, **defaults: Any) -> tuple[Source, bool]:
    """Create the source NAME if it does not exist; an existing one is returned untouched."""
    get_adapter(format)  # refuse an unknown format before creating anything
    return Source.objects.get_or_create(name=name, defaults={"format": format, "url": url, **defaults})


def source_fetch(
    *,
    source: Source,
    progress: listings.Progress | None = None,
    holder: str = "",
    redelivered: bool = False,
) -> FetchRun | None:
    """Fetch, parse and upsert one source under a lease. None: another fetch holds the lease.

    `holder` names this attempt (the Celery task id; empty for a command or the admin). When the
    broker hands the same task out again (`redelivered`: its worker died, or the task was rejected
    when its process was lost), the lease that task took is ours to take over at once, rather than
    an obstacle until it expires. That is safe because the broker redelivers an unacknowledged
    task only after the visibility timeout, which outlasts the task's hard time limit (settings
    checks it): the first delivery cannot still be running.

    Any fetch left "running" by an earlier holder is recorded as abandoned once the lease is ours.
    A fetch that finds the lease held by another makes sure the source is due again when that
    lease runs out: if the holder died without a redelivery (killed at its time limit), the next
    dispatch after that does the work this one could not.
    """
    now = timezone.now()
    lease_until = now + LEASE
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    if holder and redelivered:
        free |= Q(lease_holder=holder)
    claimed = (
        Source.objects.filter(pk=source.pk).filter(free).update(lease_until=lease_until, lease_holder=holder)
    )
    if not claimed:
        _due_when_lease_ends(source=source)
        return None
    try:
        source.refresh_from_db()
        _runs_abandon(source=source, now=now)
        return _fetch_claimed(source=source, progress=progress)
    finally:
        # Only our own lease: if it ran out and another worker took the source, leave theirs.
        Source.objects.filter(pk=source.pk, lease_until=lease_until).update(lease_until=None, lease_holder="")


def _due_when_lease_ends(*, source: Source) -> None:
    """The lease is someone else's: bring the source's next check forward to the lease's end, so
    the work is not lost if that holder never finishes. A holder that does finish writes its own
    schedule (and last_fetched_at), which the condition on last_fetched_at leaves alone."""
    held = Source.objects.filter(pk=source.pk).values("lease_until", "last_fetched_at").first()
    if held is None or held["lease_until"] is None:
        return  # the holder finished meanwhile: its schedule stands
    fetched = held["last_fetched_at"]
    Source.objects.filter(
        Q(last_fetched_at=fetched) if fetched else Q(last_fetched_at__isnull=True),
        pk=source.pk,
        lease_until=held["lease_until"],
        next_check_at__gt=held["lease_until"],
    ).update(next_check_at=held["lease_until"])


def _runs_abandon(*, source: Source, now: datetime) -> None:
    """We hold the lease, so no other fetch of this source is under way: a run still "running"
    belongs to a worker that died (killed, out of memory, past its hard time limit)."""
    FetchRun.objects.filter(source=source, outcome=FetchOutcome.RUNNING).update(
        outcome=FetchOutcome.FAILED_TRANSIENT,
        finished_at=now,
        error="Abandoned: the worker running this fetch stopped before it finished (killed, out of "
        "memory or past its time limit). A later fetch took the source over.",
    )


def _fetch_claimed(*, source: Source, progress: listings.Progress | None) -> FetchRun:
    run = FetchRun.objects.create(source=source)
    try:
        return _fetch_run(run=run, source=source, progress=progress)
    except DatabaseError as exc:
        # A deadlock, a serialization failure, a dropped connection: another try may well work,
        # so it is a transient failure (the task retries it), not a run left "running".
        if _run_stopped(run=run, source=source, exc=exc):
            return run
        raise
    except Exception as exc:
        # A bug or the soft time limit: recorded on the run, then raised for the logs.
        _run_stopped(run=run, source=source, exc=exc)
        raise


def _run_stopped(*, run: FetchRun, source: Source, exc: Exception) -> bool:
    """Record an unexpected error as a transient failure. False when it cannot be written: in a
    caller's transaction that the error broke, or with the database gone."""
    if transaction.get_connection().needs_rollback:
        return False
    run.outcome = FetchOutcome.RUNNING  # whatever the run had reached, it did not finish
    error = FeedError(f"Stopped by an unexpected error ({type(exc).__name__}: {exc})", permanent=False)
    try:
        source.refresh_from_db(fields=["consecutive_failures", "fetch_interval_minutes"])
        _run_failed(run=run, source=source, error=error)
    except DatabaseError:
        return False
    return True


def _fetch_run(*, run: FetchRun, source: Source, progress: listings.Progress | None) -> FetchRun:
    adapter = get_adapter(source.format)
    if isinstance(adapter, ApiAdapter):
        return _sync_api(run=run, source=source, adapter=adapter, progress=progress)
    try:
        response = feeds_http.fetch(
            source.url, etag=source.etag, last_modified=source.last_modified, auth=_basic_auth(source)
        )
    except FeedError as exc:
        return _run_failed(run=run, source=source, error=exc)
    run.http_status = response.status
    if response.not_modified:
        run.outcome = FetchOutcome.NOT_MODIFIED
        return _run_succeeded(run=run, source=source, response=response, item_count=source.last_item_count)
    return _ingest(run=run, source=source, payload=response.content, response=response, progress=progress)


def _sync_api(
    *, run: FetchRun, source: Source, adapter: ApiAdapter, progress: listings.Progress | None
) -> FetchRun:
    """A provider API, page by page. Earlier pages stay stored when a later one fails; the run
    is recorded as failed and the next one resumes from the last stored page."""
    try:
        missing = api_sync.missing_credentials(source=source, adapter=adapter)
    except CredentialsUnreadable as exc:
        return _run_failed(run=run, source=source, error=FeedError(str(exc), permanent=True), pause_now=True)
    if missing:
        needed = ", ".join(missing)
        error = FeedError(
            f"Needs the credential {needed}: add it on the source in admin, or with `manage.py source_add "
            f"{source.name!r} {source.format} {source.url} --credential {missing[0]}=…`, then re-enable it.",
            permanent=True,
        )
        return _run_failed(run=run, source=source, error=error, pause_now=True)
    totals = api_sync.api_sync(run=run, source=source, adapter=adapter, progress=progress)
    _run_counts(run=run, counts=totals.counts, rejections=totals.rejections)
    if totals.error is not None:
        return _run_failed(run=run, source=source, error=totals.error)
    item_count = source.last_item_count
    if totals.read_everything and source.full_snapshot:
        item_count = len(totals.seen_ids)
        if _snapshot_shrank(source=source, item_count=item_count):
            return _run_refused_snapshot(run=run, source=source, item_count=item_count)
        run.withdrawn += listings.listings_mark_missing(
            source=source, seen_ids=totals.seen_ids, now=run.started_at
        )
    run.outcome = FetchOutcome.OK
    # Stopped by the run's budget, not at the last page: carry on at the next dispatch.
    come_back = None if totals.complete else timedelta(0)
    return _run_succeeded(run=run, source=source, response=None, item_count=item_count, next_in=come_back)


def _basic_auth(source: Source) -> tuple[str, str] | None:
    try:
        credentials = source.get_credentials()
    except CredentialsUnreadable as exc:
        raise FeedError(str(exc), permanent=True) from None
    if "username" in credentials:
        return credentials["username"], credentials.get("password", "")
    return None


def source_ingest_payload(
    *, source: Source, payload: bytes, progress: listings.Progress | None = None
) -> FetchRun:
    """Ingest bytes already in hand (a file) through the same steps as a fetch, same cap included."""
    run = FetchRun.objects.create(source=source)
    if len(payload) > settings.FEEDS_MAX_BYTES:
        error = FeedError(
            f"Refused: the body is {len(payload):,} bytes, over the {settings.FEEDS_MAX_BYTES:,}-byte cap.",
            permanent=True,
        )
        return _run_failed(run=run, source=source, error=error)
    return _ingest(run=run, source=source, payload=payload, response=None, progress=progress)


def _ingest(
    *,
    run: FetchRun,
    source: Source,
    payload: bytes,
    response: feeds_http.FetchResponse | None,
    progress: listings.Progress | None,
) -> FetchRun:
    digest = payload_digest(source=source, payload=payload)
    if digest == source.payload_hash:
        return _ingest_same_snapshot(run=run, source=source, response=response)
    try:
        parsed = get_adapter(source.format).parse(payload, base_url=response.url if response else source.url)
        followed = bool(parsed.follow_urls)
        if followed:
            parsed = pages.pages_follow(source=source, parsed=parsed)
    except FeedError as exc:
        return _run_failed(run=run, source=source, error=exc)
    item_count = len({listing.source_item_id for listing in parsed.listings} | parsed.carried_item_ids)
    snapshot = parsed.complete_snapshot and source.full_snapshot
    if snapshot and _snapshot_shrank(source=source, item_count=item_count):
        return _run_refused_snapshot(run=run, source=source, item_count=item_count)

    counts = listings.parsed_store(source=source, parsed=parsed, seen_at=run.started_at, progress=progress)
    if snapshot:
        seen = counts.seen_ids | parsed.carried_item_ids
        counts.withdrawn += listings.listings_mark_missing(source=source, seen_ids=seen, now=run.started_at)
    _run_counts(run=run, counts=counts, rejections=parsed.rejections + counts.rejections)
    run.outcome = FetchOutcome.OK
    return _run_succeeded(
        run=run,
        source=source,
        response=response,
        item_count=item_count,
        ttl=parsed.ttl_seconds,
        # Only a self-contained complete snapshot can be skipped when it comes back unchanged.
        payload_hash=digest if parsed.complete_snapshot and not followed else "",
    )


def _ingest_same_snapshot(
    *, run: FetchRun, source: Source, response: feeds_http.FetchResponse | None
) -> FetchRun:
    """Byte for byte the complete snapshot we stored last time: parsing it again could change no
    listing. It still counts as one more snapshot for what it lacks (three misses expire)."""
    run.outcome = FetchOutcome.NOT_MODIFIED
    run.unchanged = source.last_item_count or 0
    if source.full_snapshot:
        run.withdrawn = listings.listings_missed_again(source=source, now=run.started_at)
    return _run_succeeded(run=run, source=source, response=response, item_count=source.last_item_count)


def payload_digest(*, source: Source, payload: bytes) -> str:
    salt = f"{PAYLOAD_HASH_VERSION}:{source.format}:".encode()
    return hashlib.sha256(salt + payload).hexdigest()


def _snapshot_shrank(*, source: Source, item_count: int) -> bool:
    """All for Good's guard: a half-broken feed must not wipe out the listings we hold."""
    last = source.last_item_count
    return bool(last and item_count < SNAPSHOT_MIN_RATIO * last)


def _run_counts(*, run: FetchRun, counts: listings.UpsertCounts, rejections: list) -> None:
    run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
    run.withdrawn, run.rejected = counts.withdrawn, len(rejections)
    run.rejections = [f"item {r.position} {r.item_id!r}: {r.reason}" for r in rejections][
        :MAX_STORED_REJECTIONS
    ]


def _run_refused_snapshot(*, run: FetchRun, source: Source, item_count: int) -> FetchRun:
    error = FeedError(
        f"Refused: this snapshot lists {item_count} items, under {SNAPSHOT_MIN_RATIO:.0%} of the last good "
        f"one ({source.last_item_count}). The listings we hold were kept. If the feed really shrank, "
        f"re-enable the source in admin or with `manage.py source_fetch --reenable {source.name!r}`.",
        permanent=True,
    )
    run.outcome = FetchOutcome.REFUSED
    return _run_failed(run=run, source=source, error=error)


def _run_succeeded(
    *,
    run: FetchRun,
    source: Source,
    response: feeds_http.FetchResponse | None,
    item_count: int | None,
    ttl: int | None = None,
    next_in: timedelta | None = None,
    payload_hash: str | None = None,
) -> FetchRun:
    now = timezone.now()
    run.finished_at = now
    run.save()
    fresh_for = response.fresh_for_seconds if response else None
    changes: dict[str, Any] = {} if payload_hash is None else {"payload_hash": payload_hash}
    Source.objects.filter(pk=source.pk).update(
        **changes,
        etag=response.etag if response else source.etag,
        last_modified=response.last_modified if response else source.last_modified,
        last_fetched_at=now,
        last_success_at=now,
        consecutive_failures=0,
        last_error="",
        last_item_count=item_count,
        next_check_at=now + (next_in if next_in is not None else _interval(source, ttl, fresh_for)),
    )
    return run


def _interval(source: Source, *hints: float | None) -> timedelta:
    """Our interval, or longer when the feed asks (ttl, max-age, Retry-After); never over 24 h."""
    seconds = max([source.fetch_interval_minutes * 60, *(hint for hint in hints if hint)])
    return timedelta(seconds=min(seconds, settings.FEEDS_MAX_INTERVAL_MINUTES * 60))


def _run_failed(*, run: FetchRun, source: Source, error: FeedError, pause_now: bool = False) -> FetchRun:
    """Record the failure; back off, and pause the source when retrying cannot help."""
    now = timezone.now()
    if run.outcome == FetchOutcome.RUNNING:
        run.outcome = FetchOutcome.FAILED_PERMANENT if error.permanent else FetchOutcome.FAILED_TRANSIENT
    run.error = str(error)
    run.http_status = error.http_status or run.http_status
    if error.retry_after_seconds is not None:
        run.retry_after_seconds = round(error.retry_after_seconds)
    run.finished_at = now
    run.save()
    metrics.fetch_error(http_status=error.http_status, permanent=error.permanent, message=str(error))
    failures = source.consecutive_failures + 1
    changes: dict[str, Any] = {
        "last_fetched_at": now,
        "consecutive_failures": F("consecutive_failures") + 1,
        "last_error": str(error),
        "next_check_at": now + _backoff(source, failures, error),
    }
    at_once = pause_now or error.http_status in PAUSE_AT_ONCE_STATUSES
    if error.permanent and (at_once or failures >= PAUSE_AFTER_FAILURES):
        changes["enabled"] = False
        changes["paused_reason"] = (
            f"Paused on {now:%Y-%m-%d %H:%M} UTC after {failures} failed fetch(es) in a row: {error} "
            "Fix the source, then re-enable it in admin or with `manage.py source_fetch --reenable NAME`."
        )
    Source.objects.filter(pk=source.pk).update(**changes)
    return run


def _backoff(source: Source, failures: int, error: FeedError) -> timedelta:
    if error.permanent:
        return _interval(source, error.retry_after_seconds)
    # Exponential in consecutive failures, with jitter so a failed host is not hit in lockstep.
    seconds = source.fetch_interval_minutes * 60 * 2 ** min(failures - 1, 10) * random.uniform(1.0, 1.25)  # noqa: S311
    return _interval(source, seconds, error.retry_after_seconds)


def retry_delay(*, run: FetchRun, attempt: int) -> float | None:
    """Seconds before a task retries a transient failure: 30 s doubling with jitter, or what the
    server asked for (Retry-After) if longer. None when that is past the task back-off cap: the
    scheduled next_check_at (which honours it) takes over, so a retry never outlives Redis's
    visibility timeout."""
    backoff = 30 * 2**attempt * random.uniform(0.8, 1.2)  # noqa: S311
    delay = max(backoff, run.retry_after_seconds or 0)
    return delay if delay <= settings.CELERY_TASK_RETRY_BACKOFF_MAX else None


def sources_dispatch_due(*, now: datetime | None = None) -> int:
    """Enqueue a fetch for every enabled source that is due, most overdue first, in batches of
    DISPATCH_BATCH (each its own transaction, so its fetches start while the next is claimed), up
    to DISPATCH_MAX_BATCHES a run. Two beats running at once enqueue each source once: the
    dispatch is claimed by a conditional UPDATE of next_check_at."""
    now = now or timezone.now()
    dispatched = 0
    for _ in range(DISPATCH_MAX_BATCHES):
        claimed, seen = _dispatch_batch(now=now)
        dispatched += claimed
        if seen < DISPATCH_BATCH:
            break
    return dispatched


def _dispatch_batch(*, now: datetime) -> tuple[int, int]:
    due = list(
        Source.objects.filter(enabled=True)
        .exclude(url="")
        .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        .order_by(F("next_check_at").asc(nulls_first=True), "pk")
        .values_list("pk", "next_check_at")[:DISPATCH_BATCH]
    )
    dispatched = 0
    with transaction.atomic():
        for pk, next_check_at in due:
            claim = Source.objects.filter(pk=pk, next_check_at=next_check_at)
            if next_check_at is None:
                claim = Source.objects.filter(pk=pk, next_check_at__isnull=True)
            if claim.update(next_check_at=now + DISPATCH_GRACE):
                tasks.source_fetch.delay_on_commit(pk)
                dispatched += 1
    return dispatched, len(due)


def source_fetch_enqueue(*, source: Source) -> None:
    """ "Fetch now": run the fetch on a worker as soon as this transaction commits."""
    tasks.source_fetch.delay_on_commit(source.pk)


def source_reenable(*, source: Source) -> None:
    """Undo a pause: enabled, failures forgotten, due now. The next snapshot is accepted whatever
    its size (re-enabling is how a person confirms a feed really shrank)."""
    Source.objects.filter(pk=source.pk).update(
        enabled=True,
        paused_reason="",
        consecutive_failures=0,
        last_item_count=None,
        payload_hash="",
        next_check_at=timezone.now(),
    )
