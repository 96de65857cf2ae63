"""ReliefWeb API v2 (UN OCHA): the jobs endpoint, volunteer opportunities only, read incrementally.

Requests are GETs with the API's bracketed query parameters: a filter on the job type and on
`date.changed`, sorted by (date.changed, id) ascending, `limit`/`offset` paging. Because pages are
in change order, the newest `date.changed` seen is a cursor that is safe to save after every page.
The API allows about 1,000 calls a day per appname, so one run reads at most five pages; the next
run goes on from the cursor. ReliefWeb has no deletion feed: closing dates expire postings.

`body` is Markdown and `body-html` its HTML rendering. Most postings are on site: the location type
is left to the service's text detection, never guessed here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from opportunities.feeds import values
from opportunities.feeds.base import (
    ApiAdapter,
    FeedError,
    ListingData,
    PageRequest,
    ParseResult,
    Rejection,
    version_from_datetime,
)
from opportunities.feeds.countries import country_code
from opportunities.normalize import parse_datetime

PAGE_SIZE = 200
MAX_PAGES_PER_RUN = 5  # the daily quota is shared by every run: stop at offset 1,000
OVERLAP = timedelta(minutes=5)  # a posting indexed a little after its change time is not skipped
VOLUNTEER_TYPE = "Volunteer Opportunity"  # job types: Job, Consultancy, Internship, Volunteer Opportunity
ACCEPT_JSON = (("Accept", "application/json"),)
FIELDS = (
    "id", "title", "body", "body-html", "how_to_apply", "how_to_apply-html", "url", "url_alias",
    "date.created", "date.changed", "date.closing", "source.name", "source.shortname", "source.homepage",
    "country.name", "country.iso3", "city.name", "type.name", "theme.name", "career_categories.name",
    "experience.name", "language.code",
)  # fmt: skip


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _names(value: Any, key: str = "name") -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for item in _dicts(value) if (name := values.text(item.get(key)))))


def _http(value: Any) -> str:
    parts = urlsplit(values.text(value))
    return values.text(value) if parts.scheme in ("http", "https") and parts.netloc else ""


def _iso(moment: datetime) -> str:
    """ISO 8601 UTC to the second, as ReliefWeb writes its dates (urlencode turns "+" into %2B)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _params(appname: str, since: datetime | None) -> list[tuple[str, str]]:
    params = [("appname", appname), ("limit", str(PAGE_SIZE)), ("offset", "0")]
    params += [("fields[include][]", name) for name in FIELDS]
    params += [("sort[]", "date.changed:asc"), ("sort[]", "id:asc")]
    params += [
        ("filter[operator]", "AND"),
        ("filter[conditions][0][field]", "type.name"),
        ("filter[conditions][0][value]", VOLUNTEER_TYPE),
    ]
    if since is not None:
        params += [
            ("filter[conditions][1][field]", "date.changed"),
            ("filter[conditions][1][value][from]", _iso(since)),
        ]
    return params


def _with_offset(url: str, offset: int) -> str:
    """The same request with another offset: every other parameter is kept as it was."""
    parts = urlsplit(url)
    query = [(key, str(offset) if key == "offset" else value) for key, value in parse_qsl(parts.query, True)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _offset(url: str) -> int:
    value = dict(parse_qsl(urlsplit(url).query)).get("offset", "0")
    return int(value) if value.isdigit() else 0


class ReliefWebAdapter(ApiAdapter):
    format = "reliefweb"
    required_credentials = ("appname",)
    full_snapshot = False

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        since = None if full else parse_datetime(cursor.get("since"))
        parts = urlsplit(url)
        endpoint = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        params = _params(credentials.get("appname", ""), since - OVERLAP if since else None)
        return PageRequest(url=f"{endpoint}?{urlencode(params)}", headers=ACCEPT_JSON)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        postings, total = _page(data)
        result = ParseResult(complete_snapshot=False)
        latest: datetime | None = None
        for position, posting in enumerate(postings):
            fields = values.obj(posting.get("fields")) if isinstance(posting, dict) else {}
            changed = parse_datetime(values.obj(fields.get("date")).get("changed"))
            latest = max(latest, changed) if latest and changed else (latest or changed)
            try:
                result.listings.append(_listing(posting, fields, changed))
            except ValueError as exc:
                result.rejections.append(
                    Rejection(position=position, item_id=_item_id(posting), reason=str(exc))
                )
        # Sorted by date.changed: everything up to the newest change seen is read. An empty page
        # leaves the stored cursor alone (None) rather than saving the overlapped `since`.
        result.cursor = {"since": _iso(latest)} if latest else None
        next_offset = _offset(request.url) + len(postings)
        if postings and next_offset < total and next_offset < PAGE_SIZE * MAX_PAGES_PER_RUN:
            result.next_request = PageRequest(
                url=_with_offset(request.url, next_offset), headers=request.headers, auth=request.auth
            )
        return result


def _page(data: bytes) -> tuple[list[Any], int]:
    page = values.json_page(data, what="ReliefWeb API page", list_key="data")
    total = page.get("totalCount")
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        raise FeedError('Not a ReliefWeb API page: "totalCount" must be a whole number.', permanent=True)
    return page["data"], total


def _item_id(posting: Any) -> str:
    if not isinstance(posting, dict):
        return ""
    for value in (posting.get("id"), values.obj(posting.get("fields")).get("id")):
        if not isinstance(value, bool) and isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""


def _listing(posting: Any, fields: dict[str, Any], changed: datetime | None) -> ListingData:
    if not isinstance(posting, dict) or not fields:
        raise ValueError('posting has no "fields" object')
    item_id = _item_id(posting)
    if not item_id:
        raise ValueError('posting has no "id"')
    types = _names(fields.get("type"))
    # The request filters on the type already; a page read on its own (or a changed filter) may not.
    if not any("volunteer" in name.casefold() for name in types):
        raise ValueError(f"not a volunteer posting (type: {', '.join(types) or 'none'})")
    title = values.text(fields.get("title"))
    if not title:
        raise ValueError('posting has no "title"')
    org = next(iter(_dicts(fields.get("source"))), {})
    countries = [
        # ReliefWeb writes iso3 in lower case; country_code reads alpha-3 only in capitals.
        country_code(values.text(c.get("iso3")).upper()) or country_code(values.text(c.get("name")))
        for c in _dicts(fields.get("country"))
    ]
    dates = values.obj(fields.get("date"))
    return ListingData(
        source_item_id=item_id,
        title=title,
        url=_http(fields.get("url_alias"))
        or _http(fields.get("url"))
        or f"https://reliefweb.int/job/{item_id}",
        description_html=_description(fields),
        organization_name=values.text(org.get("name")) or values.text(org.get("shortname")),
        organization_url=_http(org.get("homepage")),
        country=next((code for code in countries if code), ""),  # "World" has no code: dropped
        city=next(iter(_names(fields.get("city"))), ""),
        languages=tuple(code.lower() for code in _names(fields.get("language"), "code") if len(code) == 2),
        source_categories=_names(fields.get("theme"))
        + _names(fields.get("career_categories"))
        + _names(fields.get("experience")),
        posted_at=parse_datetime(dates.get("created")),
        source_updated_at=changed,
        expires_at=parse_datetime(dates.get("closing")),
        source_modified=version_from_datetime(changed),
        raw=posting,
    )


def _description(fields: dict[str, Any]) -> str:
    """The posting and, under its own heading, how to apply. HTML is passed on raw (the service
    sanitizes it); Markdown is not rendered but escaped into paragraphs."""
    body = values.text(fields.get("body-html")) or values.paragraphs(values.text(fields.get("body")))
    how_to_apply = values.text(fields.get("how_to_apply-html")) or values.paragraphs(
        values.text(fields.get("how_to_apply"))
    )
    return body + (f"<h2>How to apply</h2>{how_to_apply}" if how_to_apply else "")
