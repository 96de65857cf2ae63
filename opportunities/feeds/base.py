"""What every adapter shares: the canonical listing, the parse result and the error type.

Adapters are pure: bytes in, ListingData out. No ORM, no network, so a fixture file is all a
test needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar


class FeedError(Exception):
    """A feed could not be used. permanent=True: retrying will not help (4xx, unparseable body);
    permanent=False: a timeout, 5xx or 429 that a later attempt may get past."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool,
        http_status: int | None = None,
        retry_after_seconds: float | None = None,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.http_status = http_status
        # What the server asked for (Retry-After), honoured when the next attempt is scheduled.
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class ListingData:
    """One opportunity in canonical form, as an adapter read it (before normalisation)."""

    source_item_id: str
    title: str
    url: str
    apply_url: str = ""
    summary: str = ""
    description_html: str = ""
    organization_name: str = ""
    organization_url: str = ""
    organization_country: str = ""
    location_type: str = ""
    remote_scope: str = ""
    eligible_countries: tuple[str, ...] = ()
    city: str = ""
    region: str = ""
    country: str = ""
    timezone: str = ""
    schedule: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    hours_per_week: Decimal | None = None
    commitment_text: str = ""
    languages: tuple[str, ...] = ()
    # Cause and skill slugs the source itself states in structured data (our own demo feeds do).
    cause_slugs: tuple[str, ...] = ()
    skill_slugs: tuple[str, ...] = ()
    source_categories: tuple[str, ...] = ()
    posted_at: datetime | None = None
    source_updated_at: datetime | None = None
    expires_at: datetime | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Rejection:
    """An item left out of a feed, and why; the rest of the feed is still ingested."""

    position: int
    item_id: str
    reason: str


@dataclass
class ParseResult:
    listings: list[ListingData] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    # True when the payload lists every live item of the source (a snapshot), so an item that
    # is missing from it may be gone; False for pages of an incremental API.
    complete_snapshot: bool = True
    # The feed's own hint of how long it stays fresh (RSS <ttl>), in seconds.
    ttl_seconds: int | None = None
    # Pages the service must fetch and parse with `follow_format` (a sitemap's listing pages),
    # each with its <lastmod> when the sitemap gave one.
    follow_urls: list[tuple[str, datetime | None]] = field(default_factory=list)
    follow_format: str = ""
    # Set by the service, not by adapters: state to save on the source only once these listings
    # are stored (so a crash resumes rather than skips), and ids of items the source still lists
    # that this run did not re-read (a sitemap page whose lastmod has not changed).
    cursor: dict[str, Any] | None = None
    carried_item_ids: set[str] = field(default_factory=set)


class FeedAdapter:
    """Base class: subclasses set `format` and implement parse().

    `base_url` is the address the bytes came from (after redirects), for resolving relative
    links; it is "" for a local file.
    """

    format: ClassVar[str] = ""

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        raise NotImplementedError
