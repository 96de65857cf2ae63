"""Seed the configured database (migrated, taxonomy loaded, otherwise empty) with a deterministic
catalogue: sources, organisations, listings with duplicate clusters and cause and skill tags, then
the people (bench/people.py) with saved listings, hours and goals.

Rows are written as ingestion and the services would have written them (see
opportunities/services/listings.py, clusters.py, tags.py), but made directly, in batches
(bench/bulk.py): running the real pipeline over a million listings would take hours. Every choice
comes from a stream seeded with (seed, kind, index) (bench/randomness.py), so a row depends only on
its own index, never on batch boundaries, and two databases seeded with the same seed hold identical
rows, on SQLite or PostgreSQL (database_fingerprint() proves it).

Time: every timestamp is measured back from EPOCH, not from now(). Listings were posted over the
365 days before it (2025-11-01 to 2026-11-01); active listings that expire do so 30-540 days after
it, so they stay active until at least December 2026. Pages that filter on dates relative to the real
clock ("posted in the last 30 days") see fewer listings the later the benchmark runs: on 2026-11-22
the last 30 days hold about 2.5 % of them.
"""

from __future__ import annotations

import hashlib
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from accounts.models import HoursEntry, User
from bench import text, words
from bench.bulk import BackgroundWriter, sequences_reset, statistics_refresh
from bench.people import HEAVY_PASSWORD, HEAVY_USERNAME, people_create
from bench.randomness import (
    DAY,
    DEFAULT_SEED,
    EPOCH,
    Stream,
    before_epoch,
    pick_cause,
    stream,
    weighted,
)
from opportunities import dedupe, normalize
from opportunities.feeds import ADAPTERS
from opportunities.feeds.base import version_from_datetime
from opportunities.models import (
    Cause,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    SavedOpportunity,
    Skill,
    Source,
    Status,
    TagMethod,
)

__all__ = [
    "DEFAULT_SEED",
    "EPOCH",
    "HEAVY_PASSWORD",
    "HEAVY_USERNAME",
    "database_fingerprint",
    "seed_database",
]

BATCH = 5000

SOURCES = 20
LISTINGS_PER_ORGANISATION = 25
# Duplicate clusters: in every block of CLUSTER_BLOCK listings, a seeded shuffle picks 15 % that form
# clusters of 2 and 3 (alternately), each member from another source, all with one apply URL.
CLUSTER_BLOCK = 1000
CLUSTERED_SHARE = 0.15

Progress = Callable[[str, int, int], None]
SEEDED_MODELS = (
    Organization,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    User,
    SavedOpportunity,
    HoursEntry,
)

# Source formats, cycled over the SOURCES sources: mostly feeds, one of each provider API.
SOURCE_FORMATS = ["rss", "jsonfeed", "rss", "jsonld", "rss", "jsonfeed", "idealist", "rss",
                  "volunteerconnector", "sitemap", "rss", "jsonfeed", "reliefweb", "rss", "rpde",
                  "jsonfeed", "zooniverse", "rss", "hotosm", "jsonfeed"]  # fmt: skip
STATUS_WEIGHTS = ((Status.ACTIVE, 0.85), (Status.EXPIRED, 0.10), (Status.WITHDRAWN, 0.05))
LOCATION_WEIGHTS = (("remote", 0.45), ("onsite", 0.35), ("hybrid", 0.15), ("", 0.05))


@dataclass(frozen=True)
class _Org:
    id: int
    name: str
    slug: str
    country: str


@dataclass(frozen=True)
class _Catalogue:
    """What every listing row needs to know about the rest of the database."""

    seed: int
    listings: int
    sources: list[Source]
    organisations: list[_Org]
    causes: dict[str, Cause]
    skill_ids: dict[str, int]


def seed_database(listings: int, *, seed: int = DEFAULT_SEED, progress: Progress | None = None) -> dict:
    """Fill the empty, migrated database with `listings` listings and everything around them.
    Returns counts, the ids the benchmark needs and the seconds each stage took."""
    if Opportunity.objects.exists() or Source.objects.exists() or User.objects.exists():
        raise RuntimeError("seed_database needs a freshly migrated database (it writes explicit ids)")
    if not Cause.objects.exists():
        raise RuntimeError("load the taxonomy first: manage.py load_taxonomy")
    report = progress or (lambda stage, done, total: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    sources = _sources_create()
    organisations = _organisations_create(seed, max(1, listings // LISTINGS_PER_ORGANISATION), report)
    seconds["organisations"] = round(time.perf_counter() - started, 2)
    catalogue = _Catalogue(
        seed=seed,
        listings=listings,
        sources=sources,
        organisations=organisations,
        causes={cause.slug: cause for cause in Cause.objects.all()},
        skill_ids=dict(Skill.objects.values_list("slug", "id")),
    )
    started = time.perf_counter()
    listing_counts = _listings_create(catalogue, report)
    seconds["listings"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    people = people_create(
        seed=seed,
        listings=listings,
        organisation_names=[organisation.name for organisation in organisations],
        report=report,
    )
    seconds["people"] = round(time.perf_counter() - started, 2)
    sequences_reset([Source, Organization, Opportunity, User])
    started = time.perf_counter()
    statistics_refresh(SEEDED_MODELS)
    seconds["analyze"] = round(time.perf_counter() - started, 2)
    return {
        "seed": seed,
        "epoch": EPOCH.isoformat(),
        "sources": len(sources),
        "organizations": len(organisations),
        **listing_counts,
        **people,
        "planted_counts": text.planted_counts(seed, listings),
        "seconds": seconds,
    }


# --- sources and organisations -----------------------------------------------------------------------


def _sources_create() -> list[Source]:
    rows = []
    for number in range(1, SOURCES + 1):
        fmt = SOURCE_FORMATS[(number - 1) % len(SOURCE_FORMATS)]
        assert fmt in ADAPTERS, fmt  # noqa: S101 - a typo here must fail loudly, not seed nonsense
        host = f"source-{number:02d}.bench.test"
        rows.append(
            Source(
                id=number,
                name=f"Bench source {number:02d} ({fmt})",
                format=fmt,
                url=f"https://{host}/{'feed.json' if fmt == 'jsonfeed' else 'feed.xml'}",
                homepage_url=f"https://{host}/",
                fetch_interval_minutes=(60, 120, 180, 360)[number % 4],
                full_snapshot=fmt not in ("rpde", "idealist", "reliefweb"),
                attribution=f"Listing from Bench source {number:02d}." if number % 3 == 0 else "",
                last_full_sync_at=EPOCH - timedelta(hours=number),
                next_check_at=EPOCH + timedelta(minutes=5 * number),
                last_fetched_at=EPOCH - timedelta(minutes=number),
                last_success_at=EPOCH - timedelta(minutes=number),
                last_item_count=0,
                created_at=EPOCH - timedelta(days=400),
            )
        )
    Source.objects.bulk_create(rows)
    return rows


def _organisations_create(seed: int, count: int, report: Progress) -> list[_Org]:
    """`count` organisations whose folded names (the unique key) all differ."""
    rng = stream(seed, Stream.ORGANISATIONS, 0)
    writer = text.TextGenerator(rng)
    taken: set[str] = set()
    organisations: list[_Org] = []
    batch: list[Organization] = []
    while len(organisations) < count:
        name = writer.organisation_name()
        key = normalize.normalize_org_name(name)
        if key in taken:
            continue
        taken.add(key)
        place = rng.choice(words.PLACES)
        slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:60] or f"org-{len(organisations) + 1}"
        organisation = _Org(id=len(organisations) + 1, name=name, slug=slug, country=place[2])
        organisations.append(organisation)
        joined = before_epoch(rng.uniform(400, 1500) * DAY)
        batch.append(
            Organization(
                id=organisation.id,
                name=name,
                normalized_name=key,
                url=f"https://{slug}.bench.test/",
                logo_url=f"https://{slug}.bench.test/logo.png" if rng.random() < 0.3 else "",
                country=organisation.country,
                created_at=joined,
                updated_at=joined,
            )
        )
        if len(batch) == BATCH or len(organisations) == count:
            Organization.objects.bulk_create(batch)
            batch = []
            report("organisations", len(organisations), count)
    return organisations


# --- listings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Membership:
    cluster_id: int  # the smallest member id, as clusters_update stores it
    member: int  # 0, 1 or 2: which copy of the opportunity this listing is
    size: int


@lru_cache(maxsize=4)
def _block_clusters(seed: int, listings: int, block: int) -> dict[int, _Membership]:
    """The clusters of one block of CLUSTER_BLOCK listings, by listing index: pairs and triples of
    positions a seeded shuffle picked, so duplicates are spread out as they arrive in real life."""
    start = block * CLUSTER_BLOCK
    size = min(CLUSTER_BLOCK, listings - start)
    positions = list(range(size))
    stream(seed, Stream.CLUSTER, block).shuffle(positions)
    clustered = int(size * CLUSTERED_SHARE) // 5 * 5  # whole groups of five: a pair and a triple
    memberships: dict[int, _Membership] = {}
    for group in range(0, clustered, 5):
        for members in (positions[group : group + 2], positions[group + 2 : group + 5]):
            cluster_id = start + min(members) + 1
            for number, position in enumerate(members):
                memberships[start + position] = _Membership(cluster_id, number, len(members))
    return memberships


def _membership(seed: int, listings: int, index: int) -> _Membership | None:
    return _block_clusters(seed, listings, index // CLUSTER_BLOCK).get(index)


def _listings_create(catalogue: _Catalogue, report: Progress) -> dict:
    total = catalogue.listings
    counts = {"listings": total, "active_listings": 0, "clustered_listings": 0, "clusters": 0,
              "cause_tags": 0, "skill_tags": 0}  # fmt: skip
    sample: list[int] = []
    sample_every = max(1, total // 2000)
    with BackgroundWriter() as writer:
        for start in range(0, total, BATCH):
            rows, causes, skills = [], [], []
            for index in range(start, min(start + BATCH, total)):
                listing, cause_tags, skill_tags = _listing(catalogue, index)
                rows.append(listing)
                causes += cause_tags
                skills += skill_tags
                if listing["status"] == Status.ACTIVE:
                    counts["active_listings"] += 1
                    if index % sample_every == 0 and len(sample) < 1000:
                        sample.append(listing["id"])
                if _membership(catalogue.seed, total, index):
                    counts["clustered_listings"] += 1
                    counts["clusters"] += listing["cluster_id"] == listing["id"]
            writer.put([(Opportunity, rows), (OpportunityCause, causes), (OpportunitySkill, skills)])
            counts["cause_tags"] += len(causes)
            counts["skill_tags"] += len(skills)
            report("listings", start + len(rows), total)
    counts["active_sample_ids"] = sample
    return counts


def _listing(catalogue: _Catalogue, index: int) -> tuple[dict, list[dict], list[dict]]:
    """Listing number `index` (id index + 1), with its tags. A member of a duplicate cluster takes
    what the copies share (organisation, texts, apply URL, dates) from its cluster's own stream and
    only what differs between sites (source, page URL, status, optional fields) from its own."""
    seed, pk = catalogue.seed, index + 1
    own = stream(seed, Stream.LISTING, index)
    membership = _membership(seed, catalogue.listings, index)
    shared = stream(seed, Stream.CLUSTER_CONTENT, membership.cluster_id) if membership else own

    causes = [pick_cause(shared)]
    for _ in range(shared.choice((0, 0, 1, 1, 2))):
        extra = pick_cause(shared)
        if extra not in causes:
            causes.append(extra)
    skills = shared.sample(list(words.SKILLS), shared.choice((0, 0, 1, 1, 2)))
    organisation = catalogue.organisations[int(len(catalogue.organisations) * shared.random() ** 1.5)]
    location_type = weighted(shared, LOCATION_WEIGHTS)
    place = shared.choice(words.PLACES)
    language = shared.choice(words.LANGUAGES)
    commitment = shared.choice(words.COMMITMENTS)
    posted_at = before_epoch(shared.uniform(0, 365) * DAY)
    if membership:
        apply_url = f"https://{organisation.slug}.bench.test/volunteer/roles/{membership.cluster_id}"
        source = catalogue.sources[(shared.randrange(SOURCES) + 7 * membership.member) % SOURCES]
        # The copies appear on their sites within days of each other.
        posted_at = min(posted_at + timedelta(hours=own.uniform(0, 72)) * membership.member, EPOCH)
    else:
        apply_url = (
            f"https://{organisation.slug}.bench.test/volunteer/roles/{pk}" if own.random() < 0.6 else ""
        )
        source = catalogue.sources[min(int(SOURCES * own.random() ** 1.3), SOURCES - 1)]
    url = f"https://{source.url.split('/')[2]}/opportunities/{pk}"
    written = text.TextGenerator(shared).listing(
        cause=causes[0],
        organisation=organisation.name,
        link=apply_url or url,
        skills=skills,
        commitment=commitment,
        language=language,
        city=place[0] if location_type in ("onsite", "hybrid") else "",
        extra_causes=causes[1:],
    )
    written = text.plant(written, text.planted_words(seed, index), own, in_title=0.0 if membership else 0.2)
    if membership and membership.member and own.random() < 0.5:
        # Another site's wording of the same title ("Volunteer:" is noise to the duplicate finder).
        written = text.ListingText("Volunteer: " + written.title, written.summary, written.description)

    # What differs from one copy (or one listing) to the next.
    lifecycle = _lifecycle(own, posted_at)
    has_hours = own.random() < 0.7
    hours_per_week = Decimal(own.choice(("0.5", "1.0", "1.5", "2.0", "3.0", "4.0", "5.0", "8.0", "10.0")))
    commitment_text = commitment if own.random() < 0.7 else ""
    updated = own.random() < 0.4
    source_updated_at = min(posted_at + timedelta(days=own.uniform(0, 20)), EPOCH) if updated else None
    location = _location(own, location_type, place)
    schedule = own.choice(("ongoing", "ongoing", "flexible", "one_time", ""))
    starts_at = ends_at = None
    if schedule == "one_time":
        starts_at = posted_at + timedelta(days=own.randint(7, 90), hours=own.randint(8, 18))
        ends_at = starts_at + timedelta(hours=own.randint(2, 8))
    languages = [language] if language == "en" or own.random() < 0.7 else sorted({language, "en"})
    expires_at = lifecycle.pop("expires_at")

    fields = {
        "url": url,
        "apply_url": apply_url,
        "title": written.title,
        "summary": written.summary,
        "description_html": written.description.html,
        "description_text": written.description.text,
        **location,
        "schedule": schedule,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "hours_per_week": hours_per_week if has_hours else None,
        "commitment_text": commitment_text,
        "languages": languages,
        "source_categories": _categories(source.format, causes, catalogue),
        "posted_at": posted_at,
        "source_updated_at": source_updated_at,
        "expires_at": expires_at,
        "source_modified": version_from_datetime(source_updated_at) if source.format != "rss" else "",
        "stated_causes": sorted(causes) if source.format == "jsonfeed" else [],
        "stated_skills": sorted(skills) if source.format == "jsonfeed" else [],
        "dedupe_url_key": dedupe.apply_url_key(apply_url or url)[:500],
        "cluster_rank": _richness(
            written.description.text,
            apply_url,
            commitment_text,
            location_type,
            expires_at,
            has_hours,
            languages,
            posted_at,
        ),
    }
    # The same fields opportunity_fields() hashes, so the hash means what the app's does.
    fields["content_hash"] = normalize.content_hash(
        {**fields, "organization": organisation.name, "causes": sorted(causes), "skills": sorted(skills)}
    )
    item_id = _item_id(source.format, pk, url)
    listing = {
        "id": pk,
        "source_id": source.id,
        "source_item_id": item_id,
        "organization_id": organisation.id,
        "cluster_id": membership.cluster_id if membership else pk,
        **lifecycle,
        "raw": {"id": item_id, "link": url, "title": written.title, "published": posted_at.isoformat()},
        **fields,
    }
    cause_tags = [
        _cause_tag(pk, slug, rank, source.format, catalogue, own, lifecycle["first_seen_at"])
        for rank, slug in enumerate(causes)
    ]
    stated = source.format == "jsonfeed"
    skill_tags = [
        {
            "opportunity_id": pk,
            "skill_id": catalogue.skill_ids[slug],
            "method": TagMethod.SOURCE if stated else TagMethod.RULE,
            "reason": f"source: stated skill {slug}"
            if stated
            else f'rule: "{words.SKILLS[slug]}" in description',
            "confidence": 1.0 if stated else round(own.uniform(0.6, 0.9), 2),
            "created_at": lifecycle["first_seen_at"],
        }
        for slug in skills
        if slug in catalogue.skill_ids
    ]
    return listing, cause_tags, skill_tags


def _lifecycle(rng: random.Random, posted_at: datetime) -> dict:
    """Status and the dates that go with it: first seen a little after posting; an active listing
    seen in the last hours, an expired or withdrawn one last seen when it went."""
    status = weighted(rng, STATUS_WEIGHTS)
    first_seen_at = min(posted_at + timedelta(minutes=rng.uniform(5, 360)), EPOCH)
    lifecycle = {
        "status": status,
        "first_seen_at": first_seen_at,
        "created_at": first_seen_at,
        "status_changed_at": first_seen_at,
        "missed_snapshots": 0,
        "expires_at": None,
        "last_seen_at": EPOCH - timedelta(minutes=rng.uniform(0, 180)),
    }
    if status == Status.ACTIVE:
        if rng.random() < 0.3:
            lifecycle["expires_at"] = EPOCH + timedelta(days=rng.uniform(30, 540))
    else:
        span = (EPOCH - first_seen_at).total_seconds()
        changed = first_seen_at + timedelta(seconds=int(span * rng.uniform(0.2, 1.0)))
        lifecycle |= {"status_changed_at": changed, "last_seen_at": changed}
        if status == Status.EXPIRED and rng.random() < 0.6:
            lifecycle["expires_at"] = changed
        elif status == Status.EXPIRED:
            lifecycle["missed_snapshots"] = 3  # dropped from three complete snapshots in a row
    lifecycle["updated_at"] = lifecycle["status_changed_at"]
    return lifecycle


def _location(rng: random.Random, location_type: str, place: tuple[str, str, str, str]) -> dict:
    """Where: a city for onsite and hybrid roles, a remote scope (and sometimes fixed hours in a
    time zone) for remote and hybrid ones."""
    city, region, country, timezone = place
    location = {"location_type": location_type, "remote_scope": "", "eligible_countries": [], "city": "",
                "region": "", "country": "", "timezone": ""}  # fmt: skip
    if location_type in ("onsite", "hybrid"):
        location |= {"city": city, "region": region, "country": country}
    if location_type in ("remote", "hybrid"):
        scope = rng.choice(("worldwide", "worldwide", "countries", "region", ""))
        location["remote_scope"] = scope
        if scope == "countries":
            location["eligible_countries"] = sorted(
                set(rng.sample(words.REMOTE_COUNTRIES, rng.randint(1, 4)))
            )
        if rng.random() < 0.3:
            location["timezone"] = timezone
    return location


def _item_id(fmt: str, pk: int, url: str) -> str:
    """What each kind of source uses as an item's id: RSS a permalink guid, APIs a number."""
    if fmt in ("rss", "jsonld", "sitemap"):
        return url
    if fmt == "jsonfeed":
        return f"bench-{pk}"
    return str(pk)


def _categories(fmt: str, causes: list[str], catalogue: _Catalogue) -> list[str]:
    """The source's own labels: provider codes for the APIs, words for the feeds."""
    cause = catalogue.causes[causes[0]]
    if fmt == "idealist" and cause.idealist_codes:
        return [cause.idealist_codes[0]]
    if fmt == "volunteerconnector" and cause.volunteermatch_codes:
        return [cause.volunteermatch_codes[0]]
    if fmt in ("rss", "jsonfeed"):
        return [words.CAUSES[slug][2][0] for slug in causes]
    return []


def _cause_tag(
    pk: int,
    slug: str,
    rank: int,
    fmt: str,
    catalogue: _Catalogue,
    rng: random.Random,
    created_at: datetime,
) -> dict:
    """A tag made the way tagging.tag_causes would have made it for this kind of source."""
    cause = catalogue.causes[slug]
    method, reason, confidence = TagMethod.RULE, "", 0.0
    if fmt == "jsonfeed":
        method, reason, confidence = TagMethod.SOURCE, f"source: stated cause {slug}", 1.0
    elif rank == 0 and fmt == "idealist" and cause.idealist_codes:
        code = cause.idealist_codes[0]
        method, reason, confidence = TagMethod.SOURCE, f"source: Idealist category {code}", 0.95
    elif rank == 0 and fmt == "volunteerconnector" and cause.volunteermatch_codes:
        code = cause.volunteermatch_codes[0]
        method, reason, confidence = TagMethod.SOURCE, f"source: VolunteerMatch category {code}", 0.95
    elif rank == 0 and fmt == "rss" and rng.random() < 0.3:
        label = words.CAUSES[slug][2][0]
        method, reason, confidence = TagMethod.CROSSWALK, f'crosswalk: "{label}" → {slug}', 0.9
    else:
        phrase = rng.choice(words.CAUSES[slug][0]).lower()
        place = "title" if rank == 0 else "description"
        reason = f'rule: "{phrase}" in {place}'
        confidence = round(min(0.95, 0.4 + rng.uniform(2.0, 6.0) / 10), 2) if rank == 0 else 0.6
    return {"opportunity_id": pk, "cause_id": cause.id, "method": method, "reason": reason,
            "confidence": confidence, "created_at": created_at}  # fmt: skip


def _richness(
    description_text: str,
    apply_url: str,
    commitment_text: str,
    location_type: str,
    expires_at: datetime | None,
    has_hours: bool,
    languages: list[str],
    posted_at: datetime,
) -> int:
    """listings._richness: the text's length plus 200 per filled field (the organisation is always
    filled here)."""
    filled = [apply_url, True, location_type, commitment_text, expires_at, has_hours, languages, posted_at]
    return min(len(description_text), 5000) + 200 * sum(1 for value in filled if value)


# --- checking --------------------------------------------------------------------------------------


def _fingerprint_rows() -> Iterator[tuple]:
    def stamp(moment: datetime | None) -> str:
        return moment.astimezone(UTC).isoformat() if moment else ""

    listings = Opportunity.objects.order_by("id").values_list(
        "id", "source_id", "source_item_id", "title", "organization_id", "cluster_id", "cluster_rank",
        "status", "posted_at", "expires_at", "content_hash", "dedupe_url_key", "hours_per_week",
    )  # fmt: skip
    for row in listings.iterator(chunk_size=5000):
        hours = row[12]
        yield (
            "listing",
            *row[:8],
            stamp(row[8]),
            stamp(row[9]),
            *row[10:12],
            str(float(hours)) if hours else "",
        )
    for model, field in ((OpportunityCause, "cause__slug"), (OpportunitySkill, "skill__slug")):
        tags = model.objects.order_by("opportunity_id", field).values_list(
            "opportunity_id", field, "method", "reason", "confidence"
        )
        yield from ((model.__name__, *row) for row in tags.iterator(chunk_size=5000))
    yield from (
        ("user", *row) for row in User.objects.order_by("id").values_list("id", "username", "timezone")
    )
    saved = SavedOpportunity.objects.order_by("user_id", "opportunity_id")
    yield from (("saved", *row) for row in saved.values_list("user_id", "opportunity_id", "stage").iterator())
    entries = HoursEntry.objects.order_by("user_id", "date", "id").values_list(
        "user_id", "date", "minutes", "trust", "opportunity_id", "organization_name", "timezone"
    )
    yield from (
        ("hours", *row[:1], row[1].isoformat(), *row[2:]) for row in entries.iterator(chunk_size=5000)
    )


def database_fingerprint() -> str:
    """sha-256 over the seeded rows that matter (listings, tags, users, saved, hours), in a fixed
    order and a vendor-neutral form: equal on two databases seeded alike, SQLite or PostgreSQL."""
    digest = hashlib.sha256()
    for row in _fingerprint_rows():
        digest.update(repr(row).encode())
        digest.update(b"\n")
    return digest.hexdigest()
