"""Idealist listings API v1: volunteer opportunities ("volops"), read incrementally.

`GET .../listings/volops?since=<ISO time>` lists summaries in `updated` order with `hasMore`; the next
page starts at the last summary's `updated` (Idealist's documented loop; `since` is inclusive, so a
repeated item is harmless). A published summary is completed by its detail, `GET .../volops/{id}`.
`isPublished: false` (summary or detail) and a 404 on a detail mean the listing is gone. HTTP Basic:
the API key is the user name. Idealist publishes no volop schema (detail fields come from its job
example and third-party clients): every field is optional and a wrong type drops only that field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from opportunities.feeds import values
from opportunities.feeds.base import (
    ApiAdapter,
    FeedError,
    ListingData,
    PageRequest,
    ParseResult,
    Rejection,
    Withdrawal,
    version_from_datetime,
)
from opportunities.feeds.countries import country_code
from opportunities.normalize import parse_datetime
from opportunities.taxonomy import causes_for_idealist

# Start each run a little before the cursor: an item updated while the last run paged is not skipped.
OVERLAP = timedelta(minutes=5)
EPOCH = "1970-01-01T00:00:00Z"
ACCEPT_JSON = (("Accept", "application/json"),)
LOCATION_TYPES = {"ONSITE": "onsite", "HYBRID": "hybrid", "REMOTE": "remote"}
# Idealist function codes -> our skill slugs. ADMINISTRATIVE, LEGAL and COMMUNICATIONS are in
# Idealist's API examples; the rest are as third-party clients spell them (unverified, so both
# spellings seen are listed). Unknown codes map to nothing but stay in source_categories.
_FUNCTIONS_BY_SKILL = {
    "administration": "ADMIN ADMINISTRATIVE", "counselling": "COUNSELING", "legal": "LEGAL",
    "data-analysis": "DATA_ANALYSIS DATA_MANAGEMENT", "design": "DESIGN GRAPHIC_DESIGN",
    "event-planning": "EVENTS EVENT_PLANNING", "finance-accounting": "ACCOUNTING FINANCE",
    "fundraising": "FUNDRAISING DEVELOPMENT_FUNDRAISING GRANT_WRITING", "medical": "HEALTH HEALTH_MEDICAL",
    "hr-recruiting": "HR HUMAN_RESOURCES VOLUNTEER_MGMT", "it-support": "TECHNOLOGY COMPUTERS_TECHNOLOGY IT",
    "marketing": "MARKETING_COMMUNICATIONS MARKETING COMMUNICATIONS PR", "mentoring": "MENTORING",
    "project-management": "PROJECT_MANAGEMENT PROJECT_MGMT", "public-speaking": "ADVOCACY",
    "research": "RESEARCH", "social-media": "SOCIAL_MEDIA", "transcription": "DATA_ENTRY",
    "software-development": "SOFTWARE_DEVELOPMENT WEB_DEVELOPMENT", "translation": "TRANSLATION",
    "tutoring": "TEACHING_TUTORING TUTORING EDUCATION", "writing": "WRITING_EDITING",
}  # fmt: skip
FUNCTION_SKILLS = {code: slug for slug, codes in _FUNCTIONS_BY_SKILL.items() for code in codes.split()}
# expectedTime is free text or, per one third-party client (unverified), a code like these.
EXPECTED_TIME_TEXT = {"FEW_HOURS_WEEK": "A few hours a week", "FEW_HOURS_MONTH": "A few hours a month",
                      "FULL_TIME": "Full time", "FLEXIBLE": "Flexible"}  # fmt: skip
_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
# "3 hours per week", "2-4 hrs a week", "5 h/week": the upper bound is what a volunteer must have.
_HOURS_PER_WEEK = re.compile(
    r"(\d+(?:[.,]\d+)?)(?:\s*(?:-|\u2013|to)\s*(\d+(?:[.,]\d+)?))?\s*(?:hours?|hrs?|h)\s*"
    r"(?:per|a|an|each|every|/)\s*week",
    re.IGNORECASE,
)


def _id(value: Any) -> str:
    return "" if isinstance(value, bool) or not isinstance(value, str | int) else str(value).strip()


def _http(value: Any) -> str:
    parts = urlsplit(values.text(value))
    return values.text(value) if parts.scheme in ("http", "https") and parts.netloc else ""


def _localized_url(value: Any) -> str:
    """Idealist gives a URL per language ({"en": ..., "es": ..., "pt": ...}): English first."""
    if isinstance(value, dict):
        return next((url for url in (_http(value.get("en")), *map(_http, value.values())) if url), "")
    return _http(value)


def _json(data: bytes, what: str) -> Any:
    try:  # values.loads: no NaN, no NUL, no lone surrogate, no RecursionError (hostile corpus)
        return values.loads(data)
    except ValueError as exc:
        raise FeedError(f"Not an {what}: the body is not valid JSON ({exc}).", permanent=True) from None


def _endpoint(url: str) -> str:
    """The list endpoint, without its query: detail URLs and the next page are built on it."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def _list_request(endpoint: str, since: str, auth: tuple[str, str] | None, unpublished: bool) -> PageRequest:
    params = {"since": since, **({"includeUnpublished": "true"} if unpublished else {})}
    # Colons stay readable, as in Idealist's own examples (`?since=2019-08-22T17:34:23Z`).
    return PageRequest(url=f"{endpoint}?{urlencode(params, safe=':')}", headers=ACCEPT_JSON, auth=auth)


class IdealistAdapter(ApiAdapter):
    format = "idealist"
    required_credentials = ("api_key",)
    full_snapshot = False

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        since = None if full else parse_datetime(cursor.get("since"))
        start = version_from_datetime(since - OVERLAP) if since else EPOCH
        # An incremental read asks for unpublished listings too (a third-party importer does; unverified):
        # they are how we learn of withdrawals. A full read from 1970 only needs the live ones.
        return _list_request(_endpoint(url), start, (credentials.get("api_key", ""), ""), since is not None)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        volops, has_more = _list_page(data)
        endpoint = _endpoint(request.url)
        result, details = ParseResult(complete_snapshot=False), {}
        last: datetime | None = None
        for position, summary in enumerate(volops):
            item = summary if isinstance(summary, dict) else {}
            last = parse_datetime(item.get("updated")) or last
            try:
                outcome = _read_summary(summary, endpoint, request.auth)
            except ValueError as exc:
                result.rejections.append(Rejection(position, _id(item.get("id")), str(exc)))
                continue
            if isinstance(outcome, Withdrawal):
                result.withdrawals.append(outcome)
                details.pop(outcome.source_item_id, None)
            else:
                details[outcome.item_id] = outcome  # one request per id, whatever the page repeats
        result.detail_requests = list(details.values())
        # An empty page leaves the stored cursor as it is (None): the request's `since` may hold the overlap.
        result.cursor = {"since": version_from_datetime(last)} if last else None
        if has_more:
            result.next_request = _next_request(request, endpoint, last)
        return result

    def parse_detail(self, data: bytes | None, *, request: PageRequest) -> ListingData | Withdrawal:
        if data is None:
            return Withdrawal(request.item_id, reason="404 on detail")
        volop = values.obj(_json(data, "Idealist volop detail")).get("volop")
        if not isinstance(volop, dict):
            raise FeedError('Not an Idealist volop detail: "volop" must be an object.', permanent=True)
        item_id = request.item_id or _id(volop.get("id"))
        if not item_id:
            raise FeedError('Idealist volop detail has no "id".', permanent=True)
        updated = parse_datetime(volop.get("updated"))
        if volop.get("isPublished") is False:
            return Withdrawal(item_id, version_from_datetime(updated), "isPublished: false")
        return _listing(item_id, volop, updated)


def _list_page(data: bytes) -> tuple[list[Any], bool]:
    page = _json(data, "Idealist listings page")
    if not isinstance(page, dict) or not isinstance(page.get("volops"), list):
        raise FeedError('Not an Idealist listings page: "volops" must be a list.', permanent=True)
    if not isinstance(page.get("hasMore"), bool):
        raise FeedError('Not an Idealist listings page: "hasMore" must be true or false.', permanent=True)
    return page["volops"], page["hasMore"]


def _read_summary(summary: Any, endpoint: str, auth: tuple[str, str] | None) -> Withdrawal | PageRequest:
    """An unpublished summary is a withdrawal; a published one asks for its detail."""
    if not isinstance(summary, dict):
        raise ValueError("summary is not an object")
    item_id = _id(summary.get("id"))
    if not item_id:
        raise ValueError('summary has no "id"')
    if summary.get("isPublished") is False:
        version = version_from_datetime(parse_datetime(summary.get("updated")))
        return Withdrawal(item_id, version, "isPublished: false")
    url = f"{endpoint}/{quote(item_id, safe='')}"
    return PageRequest(url=url, headers=ACCEPT_JSON, auth=auth, item_id=item_id)


def _next_request(request: PageRequest, endpoint: str, last: datetime | None) -> PageRequest:
    """The next page starts at the last summary's `updated` (no overlap inside a run)."""
    query = dict(parse_qsl(urlsplit(request.url).query))
    since = parse_datetime(query.get("since"))
    if last is None or (since is not None and last <= since):
        raise FeedError(
            "Idealist listings page says hasMore but its summaries do not move `updated` past "
            f"since={query.get('since')!r}: paging would repeat this page.",
            permanent=True,
        )
    return _list_request(endpoint, version_from_datetime(last), request.auth, "includeUnpublished" in query)


def _listing(item_id: str, volop: dict[str, Any], updated: datetime | None) -> ListingData:
    title = values.text(volop.get("name"))
    if not title:
        raise FeedError(f'Idealist volop {item_id} has no "name".', permanent=True)
    org = values.obj(volop.get("org"))
    commitment, hours = _commitment(volop.get("expectedTime"))
    causes, skills, categories = _tags(volop, org)
    locale = values.text(volop.get("locale")).lower()
    return ListingData(
        source_item_id=item_id,
        title=title,
        url=_localized_url(volop.get("url")),
        apply_url=_http(volop.get("applyUrl")),  # applyEmail is not a link: we do not publish it
        description_html=values.text(volop.get("description")),
        organization_name=values.text(org.get("name")),
        organization_url=_localized_url(org.get("url")),
        organization_country=country_code(values.text(values.obj(org.get("address")).get("country"))),
        **_location(volop),
        **_schedule(volop),
        hours_per_week=hours,
        commitment_text=commitment,
        languages=(locale,) if re.fullmatch(r"[a-z]{2}", locale) else (),
        cause_slugs=causes,
        skill_slugs=skills,
        source_categories=categories,
        posted_at=parse_datetime(volop.get("firstPublished")),
        source_updated_at=updated,
        expires_at=parse_datetime(volop.get("expires")),
        source_modified=version_from_datetime(updated),
        raw=volop,
    )


def _location(volop: dict[str, Any]) -> dict[str, Any]:
    address = values.obj(volop.get("address"))
    country = country_code(values.text(address.get("country")))
    kind = LOCATION_TYPES.get(values.text(volop.get("locationType")).upper(), "")
    fields = {
        "location_type": kind,
        "city": values.text(address.get("city")),
        "region": values.text(address.get("state")),
    }
    fields["country"] = country
    zone = values.text(volop.get("remoteZone")).upper() if kind != "onsite" else ""  # who may join remotely
    if zone == "WORLD":
        fields["remote_scope"] = "worldwide"
    elif zone == "COUNTRY":
        eligible = country_code(values.text(volop.get("remoteCountry"))) or country
        fields.update(remote_scope="countries", eligible_countries=(eligible,) if eligible else ())
    elif zone in ("STATE", "CITY"):
        fields.update(remote_scope="region", eligible_countries=(country,) if country else ())
        fields["region"] = values.text(volop.get("remoteState")) or fields["region"]
        if zone == "STATE" and kind == "remote":
            fields["city"] = ""  # anyone in the state: the organisation's city is no limit
    return fields


def _schedule(volop: dict[str, Any]) -> dict[str, Any]:
    try:
        zone = ZoneInfo(values.text(volop.get("timezone"))) if values.text(volop.get("timezone")) else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    starts_at = _moment(volop.get("startDate"), volop.get("startTime"), zone)
    schedule = "ongoing" if volop.get("isRecurring") is True else "one_time" if starts_at else "flexible"
    return {
        "starts_at": starts_at,
        "ends_at": _moment(volop.get("endDate"), volop.get("endTime"), zone),
        "timezone": zone.key if zone else "",
        "schedule": schedule,
    }


def _moment(day: Any, clock: Any, zone: ZoneInfo | None) -> datetime | None:
    """A date and a time of day in the listing's zone, as UTC; a date alone is 00:00 UTC."""
    try:
        on = date.fromisoformat(values.text(day)[:10])
    except ValueError:
        return None
    if not 1990 <= on.year <= 2100:
        return None
    try:
        at = time.fromisoformat(values.text(clock)).replace(tzinfo=None) if zone else None
    except ValueError:
        at = None
    if at is None:
        return datetime.combine(on, time(0), tzinfo=UTC)
    return datetime.combine(on, at, tzinfo=zone).astimezone(UTC)


def _commitment(value: Any) -> tuple[str, Decimal | None]:
    text = values.text(value)
    if _CODE.fullmatch(text):
        text = EXPECTED_TIME_TEXT.get(text, text.replace("_", " ").capitalize())
    match = _HOURS_PER_WEEK.search(text)
    if not match:
        return text, None
    hours = Decimal((match.group(2) or match.group(1)).replace(",", "."))
    return text, hours if 0 < hours <= 168 else None


def _codes(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else []
    return tuple(dict.fromkeys(c.strip().upper() for c in items if isinstance(c, str) and c.strip()))


def _tags(volop: dict[str, Any], org: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    """Causes from the listing's areasOfFocus (else its organisation's), skills from its functions,
    and every raw code in source_categories, so a tag can cite what the source said."""
    areas = _codes(volop.get("areasOfFocus")) or _codes(org.get("areasOfFocus"))
    functions = _codes(volop.get("functions"))
    causes = tuple(dict.fromkeys(slug for code in areas for slug in causes_for_idealist(code)))
    skills = tuple(dict.fromkeys(FUNCTION_SKILLS[code] for code in functions if code in FUNCTION_SKILLS))
    labels = tuple(f"areasOfFocus {code}" for code in areas) + tuple(
        f"functions {code}" for code in functions
    )
    return causes, skills, labels
