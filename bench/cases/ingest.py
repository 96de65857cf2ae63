"""Ingestion: the whole pipeline against bare feedparser, re-ingesting unchanged feeds, the bulk
upsert against an update_or_create loop, and queries per feed against items per feed."""

from __future__ import annotations

import dataclasses

import feedparser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.cases.writes import counting_writes
from bench.corpus import build_corpus
from bench.harness import Figure, Result, Samples, ratio, time_call
from opportunities import services
from opportunities.feeds import get_adapter
from opportunities.models import FetchRun, Opportunity, Organization, Source
from opportunities.services import listings as listings_service

CORPUS_FEEDS, CORPUS_ITEMS = 60, 50
BATCH_ITEMS = 1000


def _reset() -> None:
    """Back to an empty catalogue (the taxonomy stays), outside any timed region."""
    Opportunity.objects.all().delete()
    Organization.objects.all().delete()
    FetchRun.objects.all().delete()
    Source.objects.all().delete()


def _sources(feeds: list, *, tag: str) -> list[Source]:
    return [
        Source.objects.create(name=f"{tag} {feed.name}", format=feed.format, url=feed.url) for feed in feeds
    ]


def _fresh(sources: list[Source]) -> list[Source]:
    by_pk = Source.objects.in_bulk([source.pk for source in sources])
    return [by_pk[source.pk] for source in sources]


def _ingest_all(sources: list[Source], feeds: list) -> None:
    for source, feed in zip(sources, feeds, strict=True):
        run = services.source_ingest_payload(source=source, payload=feed.body)
        if run.error:
            raise RuntimeError(f"{feed.name}: {run.error}")


def run(*, vendor: str, mode: str) -> list[Result]:
    repeats = 5 if mode == "quick" else 9
    feeds = [
        feed for feed in build_corpus(feeds=CORPUS_FEEDS, items_per_feed=CORPUS_ITEMS) if feed.format == "rss"
    ]
    items = sum(feed.items for feed in feeds)
    size = sum(len(feed.body) for feed in feeds)
    results = _pipeline(feeds, items=items, size=size, vendor=vendor, repeats=repeats)
    results.append(_bulk_versus_loop(feeds, vendor=vendor, repeats=repeats))
    results.append(_queries_per_feed(vendor=vendor))
    return results


def _pipeline(feeds: list, *, items: int, size: int, vendor: str, repeats: int) -> list[Result]:
    """Rounds of: bare feedparser over the bytes; the pipeline into an empty catalogue; the same
    bytes again (nothing changed). Interleaved, so drift in the machine's speed hits all three."""
    parse, first, again, reparsed, written = [], [], [], [], []
    for round_number in range(repeats + 1):  # round 0 warms caches, imports and the database
        _reset()
        sources = _sources(feeds, tag=f"r{round_number}")
        parse_time = time_call(lambda: [feedparser.parse(feed.body) for feed in feeds])
        first_time = time_call(lambda sources=sources: _ingest_all(sources, feeds))
        # As the fetch task does: each run reads its source afresh (validators, last body's hash).
        sources = _fresh(sources)
        with counting_writes() as log:
            again_time = time_call(lambda sources=sources: _ingest_all(sources, feeds))
        # The same bytes with the hash forgotten (as after a parser upgrade): every item is parsed
        # and compared, and still none is written.
        Source.objects.update(payload_hash="")
        sources = _fresh(sources)
        with counting_writes() as log_reparsed:
            reparsed_time = time_call(lambda sources=sources: _ingest_all(sources, feeds))
        if round_number:
            parse.append(parse_time)
            first.append(first_time)
            again.append(again_time)
            reparsed.append(reparsed_time)
            written.append(log.listing_rows + log_reparsed.listing_rows)
    stored = Opportunity.objects.count()
    parse_s, first_s, again_s, reparsed_s = Samples(parse), Samples(first), Samples(again), Samples(reparsed)
    corpus = {
        "feeds": len(feeds),
        "items": items,
        "bytes": size,
        "stored_listings": stored,
        "rounds": repeats,
    }
    return [
        ratio(
            "ingest.pipeline_vs_feedparser",
            "Ingest pipeline items/s ÷ bare feedparser.parse() items/s",
            vendor=vendor,
            numerator=Figure("pipeline", items / first_s.median, "items/s"),
            denominator=Figure("feedparser.parse", items / parse_s.median, "items/s"),
            op=">=",
            bound=0.5,
            details={"corpus": corpus, "pipeline": first_s.summary(), "feedparser": parse_s.summary()},
        ),
        Result(
            "ingest.reingest_rows_written",
            "Re-ingest of the unchanged corpus (skipped, then re-parsed): listing rows written",
            vendor,
            max(written),
            "rows",
            "==",
            0,
            details={"per_round": written, "tables": sorted(log.rows)},
        ),
        ratio(
            "ingest.reingest_vs_first",
            "Re-ingest of the unchanged corpus: time ÷ first ingest",
            vendor=vendor,
            numerator=Figure("re-ingest", again_s.median * 1000, "ms"),
            denominator=Figure("first ingest", first_s.median * 1000, "ms"),
            op="<=",
            bound=0.3,
            details={"again": again_s.summary(), "first": first_s.summary()},
        ),
        ratio(
            "ingest.reparse_vs_first",
            "Re-ingest, unchanged but parsed again (hash forgotten): time ÷ first ingest",
            vendor=vendor,
            numerator=Figure("re-parse", reparsed_s.median * 1000, "ms"),
            denominator=Figure("first ingest", first_s.median * 1000, "ms"),
            op="<=",
            bound=0.3,
            gated=False,
            details={"reparsed": reparsed_s.summary(), "first": first_s.summary()},
        ),
    ]


def _batch(feeds: list) -> list:
    listings = []
    for feed in feeds:
        listings += get_adapter(feed.format).parse(feed.body, base_url=feed.url).listings
        if len(listings) >= BATCH_ITEMS:
            break
    return listings[:BATCH_ITEMS]


def _rows(source: Source, listings: list, *, suffix: str = "") -> list[Opportunity]:
    """Opportunity rows as the upsert service builds them (canonical fields, timestamps)."""
    now = timezone.now()
    rows = []
    for listing in listings:
        fields = listings_service.opportunity_fields(
            dataclasses.replace(listing, title=listing.title + suffix)
        )
        rows.append(
            Opportunity(
                source=source,
                source_item_id=listing.source_item_id,
                first_seen_at=now,
                last_seen_at=now,
                created_at=now,
                updated_at=now,
                **fields,
            )
        )
    return rows


def _bulk_write(rows: list[Opportunity]) -> None:
    with transaction.atomic():
        listings_service.opportunities_write(rows)


def _loop_write(rows: list[Opportunity]) -> None:
    """The naive way: update_or_create per row on the natural key. In one transaction, as the
    service's batch is (one commit per row would only widen the gap)."""
    with transaction.atomic():
        for row in rows:
            fields = {name: getattr(row, name) for name in listings_service.UPSERT_FIELDS}
            Opportunity.objects.update_or_create(
                source=row.source,
                source_item_id=row.source_item_id,
                defaults=fields,
                create_defaults={**fields, "first_seen_at": row.first_seen_at, "created_at": row.created_at},
            )


def _bulk_versus_loop(feeds: list, *, vendor: str, repeats: int) -> Result:
    """The write of one 1,000-listing batch (new rows, then the same rows with every title
    changed) by the service's bulk upsert and by an update_or_create loop, in turns. Rows are
    prepared beforehand on both sides: this compares the writes, not the normalising."""
    listings = _batch(feeds)
    bulk, loop = [], []
    for round_number in range(repeats + 1):
        bulk_time = _insert_then_update(_bulk_write, f"bulk {round_number}", listings)
        loop_time = _insert_then_update(_loop_write, f"loop {round_number}", listings)
        if round_number:
            bulk.append(bulk_time)
            loop.append(loop_time)
    bulk_s, loop_s = Samples(bulk), Samples(loop)
    return ratio(
        "ingest.bulk_vs_update_or_create",
        f"Bulk upsert speed ÷ update_or_create loop ({len(listings):,} items, insert then update)",
        vendor=vendor,
        numerator=Figure("update_or_create loop", loop_s.median * 1000, "ms"),
        denominator=Figure("bulk upsert", bulk_s.median * 1000, "ms"),
        op=">=",
        bound=10,
        details={"bulk": bulk_s.summary(), "loop": loop_s.summary(), "items": len(listings)},
    )


def _insert_then_update(write, name: str, listings: list) -> float:  # type: ignore[no-untyped-def]
    _reset()
    source = Source.objects.create(name=f"batch {name}", format="rss", url="http://batch.bench.test/")
    new, changed = _rows(source, listings), _rows(source, listings, suffix=" (updated)")
    return time_call(lambda: write(new)) + time_call(lambda: write(changed))


def _queries_per_feed(*, vendor: str) -> Result:
    """Queries for one first ingest and one re-ingest of a feed of 10, 100 and 500 new items."""
    counts = {}
    for size in (10, 100, 500):
        _reset()
        feed = build_corpus(feeds=1, items_per_feed=size, seed=size)[0]
        source = Source.objects.create(name=f"queries {size}", format=feed.format, url=feed.url)
        with CaptureQueriesContext(connection) as first:
            services.source_ingest_payload(source=source, payload=feed.body)
        with CaptureQueriesContext(connection) as again:
            services.source_ingest_payload(source=source, payload=feed.body)
        counts[size] = {"first": len(first), "again": len(again)}
    spread = max(c["first"] for c in counts.values()) - min(c["first"] for c in counts.values())
    spread_again = max(c["again"] for c in counts.values()) - min(c["again"] for c in counts.values())
    return Result(
        "ingest.queries_per_feed_spread",
        "Queries per feed: difference between 10, 100 and 500 items",
        vendor,
        spread + spread_again,
        "queries",
        "==",
        0,
        details={"queries": counts},
        note="queries at 10/100/500 items (first, again): "
        + ", ".join(f"{size}: {c['first']}/{c['again']}" for size, c in counts.items()),
    )
