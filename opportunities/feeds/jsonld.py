"""schema.org JobPosting in JSON-LD (<script type="application/ld+json">) inside one HTML page.

schema.org has no volunteer type: JobPosting + employmentType VOLUNTEER is the convention, so every
JobPosting is kept and employmentType goes to source_categories for the service to judge. A page
is not a catalogue, so results are never complete snapshots. Blocks may be objects, lists or
@graphs, nested anywhere (mainEntity, ItemList); a malformed block is rejected, the rest are read.

Identity: `identifier` (text, PropertyValue.value, or the first usable of a list), else the
posting's `url`, else the page URL; when several postings on a page have neither (or only the
page's own URL), each gets "<page url>#<position>", position being 0-based among the page's
JobPostings. Over 255 characters: its sha-256.
Apply URL: applicationContact.url, else the posting's url when directApply is true, else ""
(apply from the listing page, which the service falls back to).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from opportunities.feeds.base import FeedAdapter, FeedError, ListingData, ParseResult, Rejection
from opportunities.feeds.countries import country_code
from opportunities.feeds.values import loads as json_loads
from opportunities.normalize import parse_datetime

MAX_ID_CHARS = 255
_JOBPOSTING = {
    prefix + "JobPosting" for prefix in ("", "schema:", "http://schema.org/", "https://schema.org/")
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_NUMBER = r"([0-9]+(?:[.,][0-9]+)?)"
_HOURS_PER_WEEK = re.compile(
    rf"{_NUMBER}(?:\s*(?:-|\u2013|\u2014|to)\s*{_NUMBER})?\s*(?:hours?|hrs?|h)\b\.?"
    r"(?:\s*/\s*(?:week|wk)\b|\s+(?:per|a|an|each|every)\s+(?:week|wk)\b|\s+weekly\b)",
    re.IGNORECASE,
)
_REGION_TYPES = {"State", "AdministrativeArea", "City", "Place"}
_CATEGORY_KEYS = ("skills", "occupationalCategory", "industry", "employmentType")


class JsonLdAdapter(FeedAdapter):
    format = "jsonld"

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        result = ParseResult(complete_snapshot=False)  # one page, not the whole catalogue
        blocks = _script_blocks(_decode(data))
        nodes = [node for value in _json_values(blocks, result) for node in _objects_in(value)]
        # A @graph links its nodes by "@id" ({"@id": "…#organization"}): index them to embed.
        index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
        postings = [_embed(n, index) for n in nodes if is_jobposting(n)]
        anonymous = sum(1 for node in postings if not _own_id(node, base_url))
        for position, node in enumerate(postings):
            try:
                listing = listing_from_jobposting(
                    node, page_url=base_url, position=position if anonymous > 1 else None
                )
            except ValueError as exc:
                result.rejections.append(Rejection(position, _identifier(node.get("identifier")), str(exc)))
            else:
                result.listings.append(listing)
        if not result.listings and not result.rejections:
            reason = f"no JobPosting in its {len(blocks)} JSON-LD block(s)" if blocks else "no JSON-LD"
            result.rejections.append(Rejection(0, base_url, f"The page has {reason}."))
        return result


def is_jobposting(node: dict[str, Any]) -> bool:
    """@type is JobPosting (bare, prefixed or as a schema.org URL), alone or in a list."""
    return any(isinstance(kind, str) and kind.strip() in _JOBPOSTING for kind in _list(node.get("@type")))


def listing_from_jobposting(
    node: dict[str, Any], *, page_url: str, position: int | None = None
) -> ListingData:
    """One JobPosting object as a listing, or ValueError saying why it is unusable.

    Pure and HTML-free: other carriers of JobPosting-like objects (OpenActive RPDE `data`) reuse
    it. `position` is given only when several postings on one page lack identifier and url.
    A wrongly typed field is dropped; the posting is kept.
    """
    if not isinstance(node, dict):
        raise ValueError("JobPosting is not an object")
    title = _text(node.get("title")) or _text(node.get("name"))
    if not title:
        raise ValueError("JobPosting has no title")
    url = _http_url(node.get("url"), page_url) or _http_url(page_url, "")
    if not url:
        raise ValueError("JobPosting has no usable url and the page URL is unknown")
    org_name, org_url, org_country = _organization(node.get("hiringOrganization"))
    work_hours = _text(node.get("workHours"))
    return ListingData(
        source_item_id=_item_id(node, url, page_url, position),
        title=title,
        url=url,
        apply_url=_apply_url(node, url, page_url),
        description_html=_text(node.get("description")),  # sanitized later, by the service
        organization_name=org_name,
        organization_url=org_url,
        organization_country=org_country,
        **_location(node),
        hours_per_week=_hours_per_week(work_hours),
        commitment_text=work_hours,
        languages=_languages(node.get("inLanguage")),
        # Free text, not our slugs; employmentType (VOLUNTEER or not) lets the service decide.
        source_categories=tuple(dict.fromkeys(t for key in _CATEGORY_KEYS for t in _texts(node.get(key)))),
        posted_at=parse_datetime(node.get("datePosted")),
        source_updated_at=parse_datetime(node.get("dateModified")),
        expires_at=_valid_through(node.get("validThrough")),
        raw=node,
    )


# --- The page: bytes -> text -> script blocks -> JSON values -> objects ---------------------------


def _decode(data: bytes) -> str:
    """A BOM wins, then a <meta charset> in the first 1024 bytes (as browsers do), then UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:1024]
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise FeedError("Not an HTML page: the body is binary (an image, archive or PDF?).", permanent=True)
    match = _META_CHARSET.search(head)
    try:
        return data.decode(_encoding(match.group(1)) if match else "utf-8", errors="replace")
    except LookupError:  # a label naming no text codec ("base64"): ignore it
        return data.decode("utf-8", errors="replace")


def _encoding(label: bytes) -> str:
    try:
        name = codecs.lookup(label.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return "utf-8"
    # The HTML standard reads latin-1 and ASCII labels as windows-1252, and a UTF-16/32 or UTF-7
    # label on a page without a BOM as UTF-8 (the page got this far as ASCII-compatible bytes).
    if name in {"iso8859-1", "ascii"}:
        return "cp1252"
    return "utf-8" if name.startswith(("utf-16", "utf-32", "utf-7")) else name


class _LdJsonScripts(HTMLParser):
    """The raw text of every <script type="application/ld+json"> (type compared without its
    parameters or case). Script content is raw text in HTML: entities stay as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            mime = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            self._parts = [] if mime == "application/ld+json" else None

    def handle_data(self, data: str) -> None:
        if self._parts is not None:
            self._parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._parts is not None:
            self.blocks.append("".join(self._parts))
            self._parts = None


def _script_blocks(text: str) -> list[str]:
    parser = _LdJsonScripts()
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:  # html.parser gives up on some broken markup ("<![x["): keep what it read
        pass
    parser.handle_endtag("script")  # a page cut off inside a block still reports that block
    return parser.blocks


def _json_values(blocks: list[str], result: ParseResult) -> list[Any]:
    values = []
    for number, block in enumerate(blocks, start=1):
        try:
            # strict=False: raw newlines inside strings (multi-line descriptions) are common.
            # json_loads: no NaN, no NUL, no lone surrogate, no RecursionError (hostile corpus).
            values.append(json_loads(block, strict=False))
        except ValueError as exc:
            result.rejections.append(
                Rejection(number - 1, "", f"JSON-LD block {number} is not valid JSON: {exc}")
            )
    return values


def _objects_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON value, in document order; iterative, as blocks can nest deeply."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))


def _embed(node: dict[str, Any], index: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The posting with its top-level {"@id": …} references replaced by the nodes they name."""

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
            return index.get(value["@id"], value)
        return value

    return {key: resolve(value) for key, value in node.items()}


# --- Field readers: schema.org allows text, an object or a list almost anywhere --------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    """Text, a named object (DefinedTerm, CategoryCode) or a list of those."""
    texts = (_text(item.get("name")) if isinstance(item, dict) else _text(item) for item in _list(value))
    return [text for text in texts if text]


def _http_url(value: Any, base: str) -> str:
    if not _text(value):
        return ""
    try:
        url = urljoin(base, value.strip())
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and friends
        return ""
    usable = parts.scheme in {"http", "https"} and parts.netloc and not any(ch.isspace() for ch in url)
    return url if usable else ""  # "not a url" must not become a page-relative link


def _identifier(value: Any) -> str:
    for item in _list(value):
        if isinstance(item, dict):  # PropertyValue
            item = item.get("value", item.get("@value"))
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        if _text(item):
            return item.strip()
    return ""


def _own_id(node: dict[str, Any], page_url: str) -> str:
    """identifier, else a url of the posting's own (a url that is just the page's is not)."""
    url = _http_url(node.get("url"), page_url)
    return _identifier(node.get("identifier")) or (url if url != page_url else "")


def _item_id(node: dict[str, Any], url: str, page_url: str, position: int | None) -> str:
    item_id = _own_id(node, page_url) or (url if position is None else f"{url}#{position}")
    return hashlib.sha256(item_id.encode()).hexdigest() if len(item_id) > MAX_ID_CHARS else item_id


def _organization(value: Any) -> tuple[str, str, str]:
    """(name, url, country) of hiringOrganization: a name or an Organization. Its own `url` is
    preferred to `sameAs`, which often lists social-media profiles before the website; both
    must be absolute (the organisation's site is not a path on the listing page's host)."""
    if _text(value):
        return _text(value), "", ""
    org = next(iter(_objects(value)), {})
    same_as = (_http_url(item, "") for item in _list(org.get("sameAs")))
    url = _http_url(org.get("url"), "") or next((item for item in same_as if item), "")
    address = next(iter(_objects(org.get("address"))), {})
    return _text(org.get("name")) or _text(org.get("legalName")), url, _country(address)


def _country(address: dict[str, Any]) -> str:
    value = address.get("addressCountry")
    return country_code(_text(value.get("name")) if isinstance(value, dict) else _text(value))


def _apply_url(node: dict[str, Any], url: str, page_url: str) -> str:
    for contact in _objects(node.get("applicationContact")):
        if found := _http_url(contact.get("url"), page_url):
            return found
    return url if node.get("directApply") in (True, "true", "True") else ""


def _location(node: dict[str, Any]) -> dict[str, Any]:
    """TELECOMMUTE is remote, plus a jobLocation hybrid; a jobLocation alone is on site; neither
    is left "" for the service to detect from the text."""
    remote = any(_text(kind).upper() == "TELECOMMUTE" for kind in _list(node.get("jobLocationType")))
    places = _objects(node.get("jobLocation"))
    has_place = bool(places or _text(node.get("jobLocation")))
    location_type = ("hybrid" if has_place else "remote") if remote else ("onsite" if has_place else "")
    address = next((a for place in places for a in _objects(place.get("address"))), {})
    scope, countries, region = _remote_scope(node.get("applicantLocationRequirements"), location_type)
    return {
        "location_type": location_type,
        "remote_scope": scope,
        "eligible_countries": countries,
        "city": _text(address.get("addressLocality")),
        "region": _text(address.get("addressRegion")) or region,
        "country": _country(address),
    }


def _remote_scope(value: Any, location_type: str) -> tuple[str, tuple[str, ...], str]:
    """(remote_scope, eligible countries, region name) from applicantLocationRequirements. No
    requirement on a remote posting is worldwide; names we cannot place leave the scope "" rather
    than claim worldwide; a state or area that is not a country is a region."""
    if location_type not in {"remote", "hybrid"}:
        return "", (), ""
    requirements = [item for item in _list(value) if item]
    if not requirements:
        return ("worldwide" if location_type == "remote" else ""), (), ""
    codes: list[str] = []
    regions: list[str] = []
    for item in requirements:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if code := country_code(name):
            codes.append(code)
        elif name and isinstance(item, dict) and set(_list(item.get("@type"))) & _REGION_TYPES:
            regions.append(name)
    countries = tuple(dict.fromkeys(codes))
    if regions:
        return "region", countries, regions[0]
    return ("countries" if countries else ""), countries, ""


def _hours_per_week(text: str) -> Decimal | None:
    """ "2-4 hours per week" -> 4 (the upper bound), "3 hours a week" -> 3, anything else None."""
    match = _HOURS_PER_WEEK.search(text)
    if not match:
        return None
    hours = Decimal((match.group(2) or match.group(1)).replace(",", "."))
    return hours if 0 <= hours <= 168 else None


def _languages(value: Any) -> tuple[str, ...]:
    """Primary subtags: "en-US" -> "en". A Language object may carry its code as alternateName."""
    codes = []
    for item in _list(value):
        tag = _text(item.get("alternateName")) if isinstance(item, dict) else _text(item)
        primary = re.split(r"[-_]", tag, maxsplit=1)[0].lower()
        if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3:
            codes.append(primary)
    return tuple(dict.fromkeys(codes))


def _valid_through(value: Any) -> Any:
    """A bare date means "valid through that day": it expires at the day's end (UTC), not its start."""
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        return parse_datetime(value.strip() + "T23:59:59")
    return parse_datetime(value)
