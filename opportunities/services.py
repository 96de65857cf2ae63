"""Writes. Every function here is safe to run twice: upserts on natural keys, no blind inserts.

Tasks and commands call these; views call these. Nothing else writes catalogue rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from opportunities import normalize
from opportunities.feeds import get_adapter
from opportunities.feeds.base import FeedError, ListingData, Rejection
from opportunities.models import (
    Cause,
    FetchOutcome,
    FetchRun,
    Heartbeat,
    LocationType,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    RemoteScope,
    Schedule,
    Skill,
    Source,
    Status,
    TagMethod,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
UPSERT_BATCH_SIZE = 500
MAX_STORED_REJECTIONS = 50

# Columns a re-ingest may change. created_at and first_seen_at are deliberately absent:
# they keep the values of the first sighting.
UPSERT_FIELDS = [
    "url", "apply_url", "title", "summary", "description_html", "description_text", "organization",
    "location_type", "remote_scope", "eligible_countries", "city", "region", "country", "timezone",
    "schedule", "starts_at", "ends_at", "hours_per_week", "commitment_text", "languages",
    "source_categories", "posted_at", "source_updated_at", "expires_at", "last_seen_at", "status",
    "status_changed_at", "content_hash", "raw", "updated_at",
]  # fmt: skip


# --- Taxonomy ---------------------------------------------------------------------------------


def taxonomy_load(*, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Upsert causes and skills from the project's data files, keyed on slug. Returns counts."""
    causes_doc = json.loads((data_dir / "causes.json").read_text())
    descriptions = json.loads((data_dir / "cause_descriptions.json").read_text())["descriptions"]
    skills_doc = json.loads((data_dir / "skills.json").read_text())
    causes = [
        Cause(
            slug=entry["slug"],
            name=entry["name"],
            description=descriptions.get(entry["slug"], ""),
            sdg=entry.get("sdg", []),
            volunteermatch_codes=entry.get("volunteermatch", []),
            idealist_codes=entry.get("idealist", []),
            position=position,
        )
        for position, entry in enumerate(causes_doc["causes"])
    ]
    skills = [
        Skill(slug=entry["slug"], name=entry["name"], position=position)
        for position, entry in enumerate(skills_doc["skills"])
    ]
    with transaction.atomic():
        Cause.objects.bulk_create(
            causes,
            update_conflicts=True,
            unique_fields=["slug"],
            update_fields=[
                "name",
                "description",
                "sdg",
                "volunteermatch_codes",
                "idealist_codes",
                "position",
            ],
        )
        Skill.objects.bulk_create(
            skills, update_conflicts=True, unique_fields=["slug"], update_fields=["name", "position"]
        )
    return len(causes), len(skills)


# --- Sources ----------------------------------------------------------------------------------


def source_register(*, name: str, format: str, url: str, **defaults: object) -> tuple[Source, bool]:
    """Create the source NAME if it does not exist; an existing one is returned untouched."""
    get_adapter(format)  # refuse an unknown format before creating anything
    return Source.objects.get_or_create(name=name, defaults={"format": format, "url": url, **defaults})


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    rejections: list[Rejection] = field(default_factory=list)


def source_ingest_payload(*, source: Source, payload: bytes) -> FetchRun:
    """Parse one payload with the source's adapter and upsert its listings, recording a FetchRun.

    Idempotent: the same payload ingested twice reports every item `unchanged` the second time
    and writes no opportunity row. A refused payload changes no listing.
    """
    run = FetchRun.objects.create(source=source)
    try:
        parsed = get_adapter(source.format).parse(payload)
    except FeedError as exc:
        return _fetch_run_fail(run=run, source=source, error=str(exc), permanent=exc.permanent)

    counts = listings_upsert(source=source, listings=parsed.listings, seen_at=run.started_at)
    rejections = parsed.rejections + counts.rejections
    run.created, run.updated, run.unchanged = counts.created, counts.updated, counts.unchanged
    run.withdrawn = counts.withdrawn
    run.rejected = len(rejections)
    run.rejections = [f"item {r.position} {r.item_id!r}: {r.reason}" for r in rejections][
        :MAX_STORED_REJECTIONS
    ]
    run.outcome = FetchOutcome.OK
    run.finished_at = timezone.now()
    run.save()
    Source.objects.filter(pk=source.pk).update(
        last_fetched_at=run.finished_at,
        last_success_at=run.finished_at,
        consecutive_failures=0,
        last_error="",
        last_item_count=len(parsed.listings),
    )
    return run


def _fetch_run_fail(*, run: FetchRun, source: Source, error: str, permanent: bool) -> FetchRun:
    run.outcome = FetchOutcome.FAILED_PERMANENT if permanent else FetchOutcome.FAILED_TRANSIENT
    run.error = error
    run.finished_at = timezone.now()
    run.save()
    Source.objects.filter(pk=source.pk).update(
        last_fetched_at=run.finished_at, consecutive_failures=F("consecutive_failures") + 1, last_error=error
    )
    return run


# --- Opportunities ----------------------------------------------------------------------------


def listings_upsert(*, source: Source, listings: Sequence[ListingData], seen_at: datetime) -> UpsertCounts:
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
        unique[listing.source_item_id] = listing
    batch: list[ListingData] = []
    for listing in unique.values():
        batch.append(listing)
        if len(batch) == UPSERT_BATCH_SIZE:
            _upsert_batch(source=source, listings=batch, seen_at=seen_at, counts=counts)
            batch = []
    if batch:
        _upsert_batch(source=source, listings=batch, seen_at=seen_at, counts=counts)
    return counts


@transaction.atomic
def _upsert_batch(
    *, source: Source, listings: list[ListingData], seen_at: datetime, counts: UpsertCounts
) -> None:
    existing = {
        row["source_item_id"]: row
        for row in Opportunity.objects.filter(
            source=source, source_item_id__in=[listing.source_item_id for listing in listings]
        ).values("source_item_id", "content_hash", "status", "status_changed_at")
    }
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
                created_at=seen_at,
                updated_at=seen_at,
                **fields,
            )
        )
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
    written = Opportunity.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["source", "source_item_id"], update_fields=UPSERT_FIELDS
    )
    _tags_replace(opportunities=written, listings=changed)


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
    description_html = normalize.sanitize_html(listing.description_html)
    location_type = _choice(listing.location_type, LocationType.values)
    fields: dict[str, object] = {
        "url": normalize.canonical_url(listing.url) or listing.url[:2048],
        "apply_url": normalize.canonical_url(listing.apply_url),
        "title": normalize.clean_text(listing.title, max_chars=normalize.TITLE_MAX_CHARS),
        "summary": normalize.clean_text(listing.summary, max_chars=normalize.SUMMARY_MAX_CHARS),
        "description_html": description_html,
        "description_text": normalize.html_to_text(description_html),
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
        "raw": listing.raw,
    }
    hashed = {key: value for key, value in fields.items() if key != "raw"}
    hashed["organization"] = listing.organization_name
    hashed["causes"] = sorted(listing.cause_slugs)
    hashed["skills"] = sorted(listing.skill_slugs)
    fields["content_hash"] = normalize.content_hash(hashed)
    return fields


def organizations_upsert(*, listings: Iterable[ListingData]) -> dict[str, int]:
    """Organisations keyed by folded name; the first spelling seen is kept as the display name."""
    by_key: dict[str, Organization] = {}
    for listing in listings:
        key = normalize.normalize_org_name(listing.organization_name)
        if key and key not in by_key:
            by_key[key] = Organization(
                name=normalize.clean_text(listing.organization_name, max_chars=300),
                normalized_name=key,
                url=normalize.canonical_url(listing.organization_url),
                country=listing.organization_country if len(listing.organization_country) == 2 else "",
            )
    if not by_key:
        return {}
    Organization.objects.bulk_create(by_key.values(), ignore_conflicts=True)
    return dict(Organization.objects.filter(normalized_name__in=by_key).values_list("normalized_name", "id"))


def _tags_replace(*, opportunities: list[Opportunity], listings: list[ListingData]) -> None:
    """Replace the source-stated tags of rewritten rows. Manual tags are never touched."""
    pairs = list(zip(opportunities, listings, strict=True))
    _source_tags_replace(
        tag_model=OpportunityCause, target="cause", pairs=pairs, slugs_of=lambda item: item.cause_slugs
    )
    _source_tags_replace(
        tag_model=OpportunitySkill, target="skill", pairs=pairs, slugs_of=lambda item: item.skill_slugs
    )


def _source_tags_replace(
    *,
    tag_model: type[OpportunityCause] | type[OpportunitySkill],
    target: str,
    pairs: list[tuple[Opportunity, ListingData]],
    slugs_of: Callable[[ListingData], tuple[str, ...]],
) -> None:
    """One tag kind (cause or skill): delete the rows' source tags, insert the listing's."""
    target_model = tag_model._meta.get_field(target).related_model
    ids_by_slug = dict(target_model.objects.values_list("slug", "id"))
    tag_model.objects.filter(
        opportunity_id__in=[opportunity.pk for opportunity, _ in pairs], method=TagMethod.SOURCE
    ).delete()
    tags = [
        tag_model(
            opportunity_id=opportunity.pk,
            method=TagMethod.SOURCE,
            reason=f"source: stated {target} {slug}",
            **{f"{target}_id": ids_by_slug[slug]},
        )
        for opportunity, listing in pairs
        for slug in dict.fromkeys(slugs_of(listing))
        if slug in ids_by_slug
    ]
    # ignore_conflicts: a manual tag for the same cause or skill wins over the source's.
    tag_model.objects.bulk_create(tags, ignore_conflicts=True)


# --- Operations -------------------------------------------------------------------------------


def heartbeat_record(*, name: str) -> Heartbeat:
    """Note that process NAME is alive now. Redelivery only moves the timestamp forward."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(last_seen_at=now, count=F("count") + 1):
        try:
            with transaction.atomic():
                Heartbeat.objects.create(name=name, last_seen_at=now, count=1)
        except IntegrityError:  # another worker created it between our UPDATE and INSERT
            Heartbeat.objects.filter(name=name).update(last_seen_at=now, count=F("count") + 1)
    return Heartbeat.objects.get(name=name)
