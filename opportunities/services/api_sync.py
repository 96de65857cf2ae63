"""Syncing a provider API page by page (feeds.base.ApiAdapter).

Each page's rows, withdrawals and the cursor after it are stored in one transaction: a crash
resumes from the last stored page, never past rows that were not committed. The cursor overlaps
(adapters start a run a little before it) and the upserts are idempotent, so re-reading is harmless.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import ApiAdapter, FeedError, ListingData, PageRequest, ParseResult, Rejection
from opportunities.models import FetchRun, Source
from opportunities.services import listings

FULL_RECONCILE_EVERY = timedelta(days=7)
MAX_PAGES_PER_RUN = 200
# Leave the rest of the task's soft time limit for the last page's upsert.
RUN_BUDGET_SECONDS = settings.CELERY_TASK_SOFT_TIME_LIMIT * 0.6


@dataclass
class SyncTotals:
    counts: listings.UpsertCounts = field(default_factory=listings.UpsertCounts)
    rejections: list[Rejection] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    pages: int = 0
    from_first_page: bool = False  # this run started at the source's first page
    complete: bool = False  # read to the last page
    error: FeedError | None = None

    @property
    def read_everything(self) -> bool:
        """Every page, first to last, in this one run: only then is absence from it meaningful."""
        return self.from_first_page and self.complete and self.error is None


class _Throttle:
    """At most one request per `interval` seconds to one source within a run (politeness)."""

    def __init__(self, interval: float) -> None:
        self.interval, self._last = interval, 0.0

    def wait(self) -> None:
        pause = self._last + self.interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last = time.monotonic()


def missing_credentials(*, source: Source, adapter: ApiAdapter) -> list[str]:
    held = source.get_credentials()
    return [name for name in adapter.required_credentials if not held.get(name)]


def api_sync(
    *, run: FetchRun, source: Source, adapter: ApiAdapter, progress: listings.Progress | None = None
) -> SyncTotals:
    """Read pages until the adapter says there are no more, the run's page or time budget is
    spent, or a page fails. Returns what happened; the caller records the run."""
    totals, throttle, started = SyncTotals(), _Throttle(source.min_request_interval_seconds), time.monotonic()
    totals.from_first_page = _starts_from_first_page(source=source, adapter=adapter, now=timezone.now())
    request: PageRequest | None = adapter.first_request(
        url=source.url,
        cursor={} if totals.from_first_page else (source.cursor or {}),
        credentials=source.get_credentials(),
        full=totals.from_first_page,
    )
    requested: set[str] = set()
    while request is not None:
        if totals.pages >= MAX_PAGES_PER_RUN or time.monotonic() - started > RUN_BUDGET_SECONDS:
            return totals  # not complete: the cursor says where the next run goes on
        if request.url in requested:  # a provider sending us round in circles
            totals.error = FeedError(
                f"The API sent us back to a page already read in this run: {request.url}", permanent=True
            )
            return totals
        requested.add(request.url)
        try:
            page = adapter.parse_page(_get(request, throttle).content, request=request)
            _read_details(adapter, page, throttle)
        except FeedError as exc:
            totals.error = exc
            return totals
        _store_page(run=run, source=source, page=page, totals=totals)
        if progress:
            progress(len(totals.seen_ids), len(totals.seen_ids))
        request = page.next_request
    totals.complete = True
    _reconcile_finished(source=source, adapter=adapter)
    return totals


def _starts_from_first_page(*, source: Source, adapter: ApiAdapter, now: datetime) -> bool:
    """Snapshot APIs always start at page one. A cursor API starts there on its first sync and
    for the weekly reconcile (which catches what incremental reads missed); a reconcile too big
    for one run is marked under way and resumed from the cursor by the runs after it."""
    if adapter.full_snapshot:
        return True
    due = source.last_full_sync_at is None or now - source.last_full_sync_at > FULL_RECONCILE_EVERY
    if due and source.reconcile_started_at is None:
        Source.objects.filter(pk=source.pk).update(reconcile_started_at=now)
        source.reconcile_started_at = now
        return True
    return False


def _reconcile_finished(*, source: Source, adapter: ApiAdapter) -> None:
    if adapter.full_snapshot:
        Source.objects.filter(pk=source.pk).update(last_full_sync_at=timezone.now())
    elif source.reconcile_started_at is not None:
        Source.objects.filter(pk=source.pk).update(
            last_full_sync_at=source.reconcile_started_at, reconcile_started_at=None
        )


def _get(request: PageRequest, throttle: _Throttle) -> feeds_http.FetchResponse:
    throttle.wait()
    return feeds_http.fetch(request.url, headers=dict(request.headers), auth=request.auth)


def _read_details(adapter: ApiAdapter, page: ParseResult, throttle: _Throttle) -> None:
    """Detail requests complete the page's listings; a 404 means that item is gone. One detail
    that fails otherwise is a rejection, not a failed run (a 429 or 5xx stops the run, though:
    the provider wants us to slow down)."""
    for position, request in enumerate(page.detail_requests):
        try:
            data: bytes | None = _get(request, throttle).content
        except FeedError as exc:
            if exc.http_status == 404:
                data = None
            elif exc.permanent:
                page.rejections.append(Rejection(position, request.item_id, f"detail not read: {exc}"))
                continue
            else:
                raise
        try:
            outcome = adapter.parse_detail(data, request=request)
        except FeedError as exc:  # one unreadable detail is that item's problem, not the run's
            page.rejections.append(Rejection(position, request.item_id, f"detail not usable: {exc}"))
            continue
        if isinstance(outcome, ListingData):
            page.listings.append(outcome)
        else:
            page.withdrawals.append(outcome)


@transaction.atomic
def _store_page(*, run: FetchRun, source: Source, page: ParseResult, totals: SyncTotals) -> None:
    """The page's rows and the cursor after it, committed together."""
    counts = listings.parsed_store(source=source, parsed=page, seen_at=run.started_at)
    total = totals.counts
    total.created, total.updated = total.created + counts.created, total.updated + counts.updated
    total.unchanged, total.withdrawn = total.unchanged + counts.unchanged, total.withdrawn + counts.withdrawn
    totals.rejections.extend(page.rejections + counts.rejections)
    totals.seen_ids |= counts.seen_ids | {withdrawal.source_item_id for withdrawal in page.withdrawals}
    totals.pages += 1
