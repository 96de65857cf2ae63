"""Following a sitemap: fetch its listing pages and read each with the follow format's adapter.

The state of each page (its lastmod when we read it, and the items it held) is kept in the
source's cursor, so a page that has not changed is not fetched again and its listings still
count as seen in the snapshot.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from opportunities.feeds import get_adapter
from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import FeedError, ParseResult, Rejection
from opportunities.models import Source

PAGES_PER_RUN = 100
# Leave the rest of the task's soft time limit for parsing and upserting.
RUN_BUDGET_SECONDS = settings.CELERY_TASK_SOFT_TIME_LIMIT * 0.6


def pages_follow(*, source: Source, parsed: ParseResult) -> ParseResult:
    """Read the pages a sitemap lists. Pages past this run's budget are read next run; until then
    the listings we know from them count as seen, and a page never read yet makes the snapshot
    incomplete (nothing is expired for being absent)."""
    adapter = get_adapter(parsed.follow_format)
    cursor = source.cursor if isinstance(source.cursor, dict) else {}
    known: dict[str, dict[str, Any]] = (
        cursor.get("pages", {}) if isinstance(cursor.get("pages"), dict) else {}
    )
    result = ParseResult(rejections=list(parsed.rejections), ttl_seconds=parsed.ttl_seconds)
    state: dict[str, dict[str, Any]] = {}
    started, fetched = time.monotonic(), 0

    def carry(url: str) -> None:
        if url in known:
            state[url] = known[url]
            result.carried_item_ids.update(known[url].get("items", []))
        else:
            result.complete_snapshot = False

    for position, (url, lastmod) in enumerate(parsed.follow_urls):
        lastmod_iso = lastmod.isoformat() if lastmod else None
        if lastmod_iso and known.get(url, {}).get("lastmod") == lastmod_iso:
            carry(url)  # unchanged since we read it
            continue
        if fetched >= PAGES_PER_RUN or time.monotonic() - started > RUN_BUDGET_SECONDS:
            carry(url)  # next run
            continue
        fetched += 1
        try:
            response = feeds_http.fetch(url)
            page = adapter.parse(response.content, base_url=response.url)
        except FeedError as exc:
            result.rejections.append(Rejection(position, url, f"page not read: {exc}"))
            carry(url)
            continue
        result.listings.extend(page.listings)
        result.rejections.extend(Rejection(position, url, reason.reason) for reason in page.rejections)
        state[url] = {"lastmod": lastmod_iso, "items": [listing.source_item_id for listing in page.listings]}
    result.cursor = {**cursor, "pages": state}
    return result
