"""Writing listings: canonical fields, bulk upserts, tags, and taking listings down.

Every function here is safe to run twice: upserts on natural keys, no blind inserts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from opportunities import dedupe, normalize
from opportunities.feeds.base import ListingData, ParseResult, Rejection, Withdrawal, version_key
from opportunities.models import (
    LocationType,
    Opportunity,
    Organization,
    RemoteScope,
    Schedule,
    Source,
    Status,
)
from opportunities.services import clusters, tags

UPSERT_BATCH_SIZE = 500
UPDATE_CHUNK_SIZE = 500  # ids per UPDATE … WHERE id IN (…): well under SQLite's variable limit
MISSING_SNAPSHOTS_TO_EXPIRE = 3
MAX_URL_CHARS = 2048  # Opportunity.url, apply_url and Organization.url

# Columns a re-ingest may change. created_at and first_seen_at are deliberately absent:
# they keep the values of the first sighting.
UPSERT_FIELDS = [
    "url", "apply_url", "title", "summary", "description_html", "description_text", "organization",
    "location_type", "remote_scope", "eligible_countries", "city", "region", "country", "timezone",
    "schedule", "starts_at", "ends_at", "hours_per_week", "commitment_text", "languages",
    "source_categories", "posted_at", "source_updated_at", "expires_at", "last_seen_at", "status",
    "status_changed_at", "missed_snapshots", "source_modified", "stated_causes", "stated_skills",
    "dedupe_url_key", "cluster_rank", "content_hash", "raw", "updated_at",
]  # fmt: skip

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    written_ids: list[int] = field(default_factory=list)  # rows created or updated: to re-cluster


def listings_upsert(
    *, source: Source, listings: Sequence[ListingData], seen_at: datetime, progress: Progress | None = None
) -> UpsertCounts:
    """Bulk upsert on (source, source_item_id). A listing whose content hash is unchanged is not
    written at all, so re-ingesting an unchanged feed costs reads only."""
    counts = UpsertCounts()
    unique: dict[str, ListingData] = {}
    for position, listing in enumerate(listings):
        if listing.source_item_id in unique:
            counts.rejections.append(
                Rejection(position, listing.source_item_id, "repeats an earlier item's id")
            )
            continue
        if not _link(listing.url):
            # A listing is a link to apply: a javascript:, data: or file: URL (or a relative or
            # oversized one) would be an href on our pages. Adapters check; this is for every one.
            reason = f"its URL {listing.url[:100]!r} is not an absolute http(s) URL"
            reason += f" of at most {MAX_URL_CHARS:,} characters"
            counts.rejections.append(Rejection(position, listing.source_item_id, reason))
            continue
        unique[listing.source_item_id] = listing
    counts.seen_ids = set(unique)
    batch_listings = list(unique.values())
    for start in range(0, len(batch_listings), UPSERT_BATCH_SIZE):
        batch = batch_listings[start : start + UPSERT_BATCH_SIZE]
        _upsert_batch(source=source, listings=batch, seen_at=seen_at, counts=counts)
        if progress:
            progress(start + len(batch), len(batch_listings))
    return counts


@transaction.atomic
def _upsert_batch(
    *, source: Source, listings: list[ListingData], seen_at: datetime, counts: UpsertCounts
) -> None:
    existing = {
        row["source_item_id"]: row
        for row in Opportunity.objects.filter(
            source=source, source_item_id__in=[listing.source_item_id for listing in listings]
        ).values("source_item_id", "content_hash", "status", "status_changed_at", "source_modified")
    }
    stale = {item.source_item_id for item in listings if _is_stale(item, existing.get(item.source_item_id))}
    counts.rejections.extend(
        Rejection(-1, item_id, "an older version than the one we hold (stale page)")
        for item_id in sorted(stale)
    )
    listings = [listing for listing in listings if listing.source_item_id not in stale]
    fields_by_id = {listing.source_item_id: opportunity_fields(listing) for listing in listings}
    changed = [
        listing
        for listing in listings
        if listing.source_item_id not in existing
        or existing[listing.source_item_id]["content_hash"]
        != fields_by_id[listing.source_item_id]["content_hash"]
        or existing[listing.source_item_id]["status"] != _status_for(listing, seen_at)
    ]
    counts.unchanged += len(listings) - len(changed)
    if not changed:
        return
    org_ids = organizations_upsert(listings=changed)
    written_at = timezone.now()
    rows = []
    for listing in changed:
        fields = fields_by_id[listing.source_item_id]
        before = existing.get(listing.source_item_id)
        status = _status_for(listing, seen_at)
        organization_key = normalize.normalize_org_name(listing.organization_name)
        rows.append(
            Opportunity(
                source=source,
                source_item_id=listing.source_item_id,
                organization_id=org_ids.get(organization_key),
                status=status,
                status_changed_at=before["status_changed_at"]
                if before and before["status"] == status
                else seen_at,
                first_seen_at=seen_at,
                last_seen_at=seen_at,
                missed_snapshots=0,
                created_at=seen_at,
                # The write's own time, not the fetch's: the change feed orders by it, and a long
                # fetch's later batches must not land behind a partner's cursor (api/changes.py).
                updated_at=written_at,
                **fields,
            )
        )
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
    written_ids = [opportunity.pk for opportunity in opportunities_write(rows)]
    tags.opportunities_tag(opportunity_ids=written_ids, touch=False)
    counts.written_ids.extend(written_ids)


def opportunities_write(rows: list[Opportunity]) -> list[Opportunity]:
    """Insert or update a batch in one statement (INSERT … ON CONFLICT (source, source_item_id)
    DO UPDATE), with primary keys set on the rows: one round trip, not one per listing."""
    return Opportunity.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["source", "source_item_id"], update_fields=UPSERT_FIELDS
    )


def _is_stale(listing: ListingData, stored: dict[str, object] | None) -> bool:
    """Never go back to an older version; and a withdrawn listing (a tombstone) comes back only
    with a strictly newer one, so a stale page or replica cannot revive it."""
    if stored is None:
        return False
    incoming, held = version_key(listing.source_modified), version_key(str(stored["source_modified"]))
    if stored["status"] == Status.WITHDRAWN:
        # With no version on either side there is nothing to compare: trust the source's word now.
        return bool(listing.source_modified or stored["source_modified"]) and incoming <= held
    return bool(listing.source_modified and stored["source_modified"]) and incoming < held


def _status_for(listing: ListingData, now: datetime) -> str:
    if listing.expires_at is not None and listing.expires_at <= now:
        return Status.EXPIRED
    return Status.ACTIVE


def _choice(value: str, allowed: Iterable[str]) -> str:
    value = value.strip().lower().replace("-", "_") if value else ""
    value = {"one_time": "one_time", "onetime": "one_time", "on_site": "onsite"}.get(value, value)
    return value if value in allowed else ""


def opportunity_fields(listing: ListingData) -> dict[str, object]:
    """The stored, canonical form of a listing (sanitized, trimmed, validated) with its hash."""
    description_html = normalize.sanitize_html(listing.description_html, base_url=listing.url)
    description_text = normalize.html_to_text(description_html)
    title = normalize.clean_text(listing.title, max_chars=normalize.TITLE_MAX_CHARS)
    # The format's own field first; failing that, what the title and text say ("online", "à distance").
    location_type = _choice(listing.location_type, LocationType.values) or normalize.detect_location_type(
        title, description_text
    )
    fields: dict[str, object] = {
        # Never the raw text: a URL that is not http(s) must not reach an href (listings_upsert
        # rejects such listings; the fallback keeps a row that slipped through harmless).
        "url": _link(listing.url),
        "apply_url": _link(listing.apply_url),
        "title": title,
        "summary": normalize.clean_text(listing.summary, max_chars=normalize.SUMMARY_MAX_CHARS),
        "description_html": description_html,
        "description_text": description_text,
        "location_type": location_type,
        "remote_scope": _choice(listing.remote_scope, RemoteScope.values)
        if location_type != "onsite"
        else "",
        "eligible_countries": sorted({code for code in listing.eligible_countries if len(code) == 2}),
        "city": normalize.clean_text(listing.city, max_chars=200),
        "region": normalize.clean_text(listing.region, max_chars=200),
        "country": listing.country if len(listing.country) == 2 else "",
        "timezone": listing.timezone[:64],
        "schedule": _choice(listing.schedule, Schedule.values),
        "starts_at": listing.starts_at,
        "ends_at": listing.ends_at,
        "hours_per_week": listing.hours_per_week,
        "commitment_text": normalize.clean_text(listing.commitment_text, max_chars=300),
        "languages": sorted(set(listing.languages)),
        "source_categories": list(listing.source_categories),
        "posted_at": listing.posted_at,
        "source_updated_at": listing.source_updated_at,
        "expires_at": listing.expires_at,
        "source_modified": listing.source_modified[:64],
        "stated_causes": sorted(set(listing.cause_slugs)),
        "stated_skills": sorted(set(listing.skill_slugs)),
        "dedupe_url_key": dedupe.apply_url_key(listing.apply_url or listing.url)[:500],
        "cluster_rank": _richness(description_text, listing),
        "raw": listing.raw,
    }
    hashed = {key: value for key, value in fields.items() if key != "raw"}
    hashed["organization"] = listing.organization_name
    hashed["causes"] = sorted(listing.cause_slugs)
    hashed["skills"] = sorted(listing.skill_slugs)
    fields["content_hash"] = normalize.content_hash(hashed)
    return fields


def _link(url: str) -> str:
    """The canonical http(s) URL, or "" when there is none that fits the URL columns."""
    canonical = normalize.canonical_url(url)
    return canonical if len(canonical) <= MAX_URL_CHARS else ""


def _richness(description_text: str, listing: ListingData) -> int:
    """How much a person learns from this version of a listing: the one shown for its cluster."""
    filled = [listing.apply_url, listing.organization_name, listing.location_type, listing.commitment_text,
              listing.expires_at, listing.hours_per_week, listing.languages, listing.posted_at]  # fmt: skip
    return min(len(description_text), 5000) + 200 * sum(1 for value in filled if value)


def organizations_upsert(*, listings: Iterable[ListingData]) -> dict[str, int]:
    """Organisations keyed by folded name; the first spelling seen is kept as the display name."""
    by_key: dict[str, Organization] = {}
    for listing in listings:
        key = normalize.normalize_org_name(listing.organization_name)
        if key and key not in by_key:
            by_key[key] = Organization(
                name=normalize.clean_text(listing.organization_name, max_chars=300),
                normalized_name=key,
                url=_link(listing.organization_url),
                country=listing.organization_country if len(listing.organization_country) == 2 else "",
            )
    if not by_key:
        return {}
    Organization.objects.bulk_create(by_key.values(), ignore_conflicts=True)
    return dict(Organization.objects.filter(normalized_name__in=by_key).values_list("normalized_name", "id"))


def listings_mark_missing(*, source: Source, seen_ids: set[str], now: datetime) -> int:
    """After a complete snapshot: count one more miss for each active listing it did not contain,
    expire those missed MISSING_SNAPSHOTS_TO_EXPIRE times in a row, and clear the count of
    listings seen again. Returns how many were expired. Rows whose state does not change are
    not written."""
    rows = Opportunity.objects.filter(source=source, status=Status.ACTIVE).values_list(
        "pk", "source_item_id", "missed_snapshots"
    )
    missed_again, expire, seen_again = [], [], []
    for pk, item_id, missed in rows.iterator():
        if item_id in seen_ids:
            if missed:
                seen_again.append(pk)
        elif missed + 1 >= MISSING_SNAPSHOTS_TO_EXPIRE:
            expire.append(pk)
        else:
            missed_again.append(pk)
    with transaction.atomic():
        _update_in_chunks(missed_again, missed_snapshots=F("missed_snapshots") + 1)
        _update_in_chunks(seen_again, missed_snapshots=0)
        _update_in_chunks(
            expire,
            status=Status.EXPIRED,
            missed_snapshots=MISSING_SNAPSHOTS_TO_EXPIRE,
            status_changed_at=now,
            updated_at=now,
        )
    return len(expire)


def listings_missed_again(*, source: Source, now: datetime) -> int:
    """The same complete snapshot as last time came again: what it lacked is missed once more.
    It listed exactly the active listings with no miss counted (its ingest cleared theirs)."""
    listed = Opportunity.objects.filter(source=source, status=Status.ACTIVE, missed_snapshots=0)
    return listings_mark_missing(
        source=source, seen_ids=set(listed.values_list("source_item_id", flat=True)), now=now
    )


def listings_withdraw(*, source: Source, withdrawals: Sequence[Withdrawal], now: datetime) -> int:
    """The source says these are gone: withdraw ours, keeping each row as a tombstone with the
    version of the deletion. A deletion older than the version we hold is stale and ignored.
    Returns how many listings were withdrawn; already withdrawn ones are not written again."""
    latest: dict[str, Withdrawal] = {}
    for withdrawal in withdrawals:
        held = latest.get(withdrawal.source_item_id)
        if held is None or version_key(withdrawal.source_modified) >= version_key(held.source_modified):
            latest[withdrawal.source_item_id] = withdrawal
    rows = Opportunity.objects.filter(source=source, source_item_id__in=list(latest)).only(
        "pk", "source_item_id", "status", "source_modified"
    )
    to_withdraw = []
    for row in rows:
        withdrawal = latest[row.source_item_id]
        # A deletion with no version (an Idealist 404) is the source's word now: it always applies.
        older = version_key(withdrawal.source_modified) < version_key(row.source_modified)
        if row.status == Status.WITHDRAWN or (withdrawal.source_modified and older):
            continue
        row.status, row.status_changed_at, row.updated_at = Status.WITHDRAWN, now, now
        row.source_modified = withdrawal.source_modified[:64] or row.source_modified
        to_withdraw.append(row)
    Opportunity.objects.bulk_update(
        to_withdraw,
        ["status", "status_changed_at", "updated_at", "source_modified"],
        batch_size=UPDATE_CHUNK_SIZE,
    )
    return len(to_withdraw)


def parsed_store(
    *, source: Source, parsed: ParseResult, seen_at: datetime, progress: Progress | None = None
) -> UpsertCounts:
    """Store what one payload or page held: upsert its listings, withdraw what it says is gone,
    re-cluster the rows written, and only then save the cursor after it (the rows it accounts for
    are stored). Callers that need all of it in one transaction wrap the call in one."""
    counts = listings_upsert(source=source, listings=parsed.listings, seen_at=seen_at, progress=progress)
    counts.withdrawn = listings_withdraw(source=source, withdrawals=parsed.withdrawals, now=seen_at)
    clusters.clusters_update(opportunity_ids=counts.written_ids)
    if parsed.cursor is not None:
        Source.objects.filter(pk=source.pk).update(cursor=parsed.cursor)
    return counts


def opportunity_mark_changed(*, opportunity_id: int) -> None:
    """A listing changed outside ingestion (an edit in the admin): move it in the change feed."""
    Opportunity.objects.filter(pk=opportunity_id).update(updated_at=timezone.now())


def opportunities_expire(*, now: datetime) -> int:
    """Active listings whose deadline has passed become expired. Idempotent: a second run finds none."""
    return Opportunity.objects.filter(status=Status.ACTIVE, expires_at__lte=now).update(
        status=Status.EXPIRED, status_changed_at=now, updated_at=now
    )


def _update_in_chunks(pks: list[int], **values: object) -> None:
    for start in range(0, len(pks), UPDATE_CHUNK_SIZE):
        Opportunity.objects.filter(pk__in=pks[start : start + UPDATE_CHUNK_SIZE]).update(**values)
