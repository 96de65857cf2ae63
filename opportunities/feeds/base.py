"""What every adapter shares: the canonical listing, the parse result and the error type.

Adapters are pure: bytes in, ListingData out. No ORM, no network, so a fixture file is all a
test needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
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
    # The source's own version of the item, comparable across pages (see `version_key`): an RPDE
    # `modified` number, or an update time as ISO 8601 UTC. A withdrawn item is revived only by a
    # newer version, so a stale page cannot bring it back.
    source_modified: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Withdrawal:
    """The source says this item is gone (RPDE `deleted`, Idealist `isPublished: false` or a 404)."""

    source_item_id: str
    source_modified: str = ""
    reason: str = ""


@dataclass(frozen=True)
class PageRequest:
    """One request a paging adapter asks the service to make. The service makes it through
    feeds/http.py (the only network seam), with every fetch rule, and hands back the bytes."""

    url: str
    headers: tuple[tuple[str, str], ...] = ()
    auth: tuple[str, str] | None = None  # HTTP Basic
    # A detail request names the item it is about: a 404 then means that item was withdrawn.
    item_id: str = ""


def version_from_datetime(moment: datetime | None) -> str:
    """A datetime as a source version that sorts as text: UTC, fixed width."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if moment else ""


def version_key(version: str) -> tuple[int, int | str]:
    """Order source versions: numbers numerically (RPDE change numbers and epoch times), anything
    else (ISO 8601 UTC strings) as text; "" before everything."""
    if not version:
        return (0, 0)
    if version.isdigit():
        return (1, int(version))
    return (2, version)


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
    # Paging adapters (ApiAdapter): items the source says are gone, the next page to fetch (None:
    # this was the last), and per-item detail requests to make before the page's listings are
    # complete. An ApiAdapter sets `cursor` itself: the state after this page.
    withdrawals: list[Withdrawal] = field(default_factory=list)
    next_request: PageRequest | None = None
    detail_requests: list[PageRequest] = field(default_factory=list)


class FeedAdapter:
    """Base class: subclasses set `format` and implement parse().

    `base_url` is the address the bytes came from (after redirects), for resolving relative
    links; it is "" for a local file.
    """

    format: ClassVar[str] = ""

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        raise NotImplementedError


class ApiAdapter(FeedAdapter):
    """A provider API read page by page. Still pure: it builds requests and parses bytes; the
    service makes every request (through feeds/http.py) and stores what the pages hold.

    The service's loop, per run:
        request = adapter.first_request(url=…, cursor=…, credentials=…, full=…)
        while request:
            page = adapter.parse_page(bytes, request=request)
            for detail in page.detail_requests:
                adapter.parse_detail(bytes or None on 404, request=detail) -> ListingData | Withdrawal
            store page.listings, page.withdrawals; then save page.cursor
            request = page.next_request
    """

    # Credential names the source must hold (e.g. ("api_key",)); missing ones pause the source.
    required_credentials: ClassVar[tuple[str, ...]] = ()
    # True: every run lists every live item (diff by id, the snapshot rules apply at the end of a
    # complete run). False: incremental by cursor; deletions come as withdrawals.
    full_snapshot: ClassVar[bool] = False

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        """The first request of a run. full=True: a full reconcile, ignoring the cursor."""
        raise NotImplementedError

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        raise NotImplementedError

    def parse_detail(self, data: bytes | None, *, request: PageRequest) -> ListingData | Withdrawal:
        """One detail response; data is None when the server answered 404."""
        raise NotImplementedError(f"{type(self).__name__} makes no detail requests")

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        """One page on its own (`manage.py ingest FILE`): its listings and withdrawals, no paging."""
        page = self.parse_page(data, request=PageRequest(url=base_url))
        page.next_request, page.detail_requests, page.complete_snapshot = None, [], False
        return page
