"""RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 1.0, read with feedparser.

feedparser hides the differences between the formats (guid or id, pubDate or dc:date or published,
description or summary); this module maps its entries to ListingData. The XML is untrusted: a document
that declares entities or a DTD internal subset is refused before parsing, and the strict parser is
defusedxml's. Relative links are resolved here; HTML is passed through raw (the service sanitizes it).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import feedparser.api
from defusedxml import DefusedXmlException
from feedparser.encodings import convert_to_utf8

from opportunities.feeds import values
from opportunities.feeds.base import FeedAdapter, FeedError, ListingData, ParseResult, Rejection
from opportunities.normalize import clean_text, parse_datetime

# feedparser's strict parser is the first SAX driver of this list that imports. defusedxml's expat reader
# refuses entity declarations and external references with ValueErrors, which (unlike SAXExceptions)
# feedparser does not swallow by falling back to its loose parser: the whole parse stops.
feedparser.api.PREFERRED_XML_PARSERS = ["defusedxml.expatreader"]

MAX_TTL_SECONDS = 7 * 24 * 3600
ENTITIES_REFUSED = "Refused: the feed declares XML entities (entity-expansion protection)."
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
# RFC 822's zone names; dateutil does not know them and would read "09:00 EST" as 09:00 UTC.
_RFC822_ZONES = {"UT": "+0000", "EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
                 "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700"}  # fmt: skip
_NAMED_ZONE = re.compile(r"\b(UT|[ECMP][SD]T)\s*$")
_ISO_DATE = re.compile(r"\s*\d{4}-")
# Texts feedparser turns into dates anyway: a bare number (an epoch: "-62135596800" became 2063)
# and a zone a day or more off UTC ("+9999" moved a date back four days).
_NOT_A_DATE = re.compile(r"^\s*[+-]?\d+(?:\.\d*)?\s*$|[+-](?:2[4-9]|[3-9]\d):?\d\d\s*$")
_EMAIL = re.compile(r"<?(mailto:)?[\w.+-]+@[\w-]+(\.[\w-]+)+>?")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _get(entry: Any, key: str) -> Any:
    # dict.get skips FeedParserDict's aliases: its get("updated") answers with `published` (and warns).
    return dict.get(entry, key)


def _http(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _utf8_document(data: bytes, headers: dict[str, str]) -> bytes:
    """The document exactly as feedparser's parsers will see it (its own decoder: BOMs, UTF-16/32
    without BOM, EBCDIC, declared encodings), refused if it declares entities or a DTD subset."""
    if not data.strip():
        raise FeedError("Not an RSS or Atom feed: the body is empty.", permanent=True)
    document = _xml_chars_only(convert_to_utf8(headers, data, {}))
    if _ENTITY_DECLARATION.search(document):
        raise FeedError(ENTITIES_REFUSED, permanent=True)
    if _INTERNAL_SUBSET.search(document):
        raise FeedError(
            "Refused: the feed's DOCTYPE has an internal subset (entity-expansion protection).",
            permanent=True,
        )
    # feedparser drops a DOCTYPE only when it starts a line; one that shares the XML declaration's line
    # reaches expat as an external DTD reference and defusedxml refuses the whole feed. A plain DOCTYPE
    # is harmless (expat never fetches it), so give it a line of its own.
    head, doctype, rest = document.partition(b"<!DOCTYPE")
    return head + b"\n" + doctype + rest if doctype and not _ELEMENT.search(head) else document


def _xml_chars_only(document: bytes) -> bytes:
    """NUL bytes dropped, and references to characters XML forbids (&#0;, &#xD800;) replaced by
    U+FFFD. The strict parser refuses them, feedparser's loose fallback decodes them anyway, and
    neither a NUL nor a lone surrogate can be stored by PostgreSQL (or even hashed as UTF-8)."""
    if b"\x00" in document:
        document = document.replace(b"\x00", b"")
    if b"&#" not in document:
        return document

    def replace(ref: re.Match[bytes]) -> bytes:
        digits = (ref.group(1) or ref.group(2)).lstrip(b"0")
        if len(digits) > 8:  # past U+10FFFF in any base (and int() refuses 4,300 digits)
            return "\ufffd".encode()
        code = int(digits or b"0", 16 if ref.group(1) else 10)
        allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
        return ref.group(0) if allowed or 0x10000 <= code <= 0x10FFFF else "\ufffd".encode()

    return _CHAR_REF.sub(replace, document)


def _not_a_feed(document: bytes, parsed: Any) -> FeedError:
    root = _ELEMENT.search(document)
    found = f"its root element is <{root.group(1).decode()}>" if root else "it holds no XML element"
    if not root and parsed.get("bozo_exception"):
        found += f" ({parsed['bozo_exception']})"
    return FeedError(f"Not an RSS or Atom feed: {found}, not <rss>, <rdf:RDF> or <feed>.", permanent=True)


def _ttl(value: Any) -> int | None:
    """<ttl> is in minutes; zero, words and 10-digit numbers are ignored, long ones capped at a week."""
    text = values.text(value)
    return min(int(text) * 60, MAX_TTL_SECONDS) if re.fullmatch(r"\d{1,9}", text) and int(text) else None


def _date(entry: Any, key: str) -> datetime | None:
    raw = values.text(_get(entry, key))
    parsed = parse_datetime(_NAMED_ZONE.sub(lambda zone: _RFC822_ZONES[zone.group(1)], raw))
    # parse_datetime reads every real ISO 8601 date; for one it refused, feedparser's guess is wrong
    # (it rolls 2026-02-30 over to 2 March and reads "2026-október-07" as 1 November).
    if parsed is not None or _ISO_DATE.match(raw) or _NOT_A_DATE.search(raw):
        return parsed
    moment = _get(entry, f"{key}_parsed")  # feedparser knows a few formats dateutil does not (Greek...)
    return datetime(*moment[:6], tzinfo=UTC) if moment and 1990 <= moment.tm_year <= 2100 else None


def _html(detail: Any) -> str:
    value = values.text(detail.get("value")) if isinstance(detail, dict) else ""
    return html.escape(value, quote=False) if detail and detail.get("type") == "text/plain" else value


def _organization(entry: Any) -> str:
    """RSS 2.0's <author> is "jobs@ngo.example (Name)"; feedparser's own split of it cuts every domain
    ending longer than four letters, so the address is removed here. A bare address names nobody."""
    name = _EMAIL.sub("", values.text(_get(entry, "author"))).replace("()", "").strip()
    return name[1:-1].strip() if name.startswith("(") and name.endswith(")") else name


def _entry_link(entry: Any, feed_link: str) -> str:
    link = values.text(_get(entry, "link"))
    # feedparser copies a <guid> (or an Atom <id>) into the link when there is no link element; an id
    # such as "job-17" is no address, so such a link is kept only when it is already absolute.
    if _get(entry, "guidislink") and link == values.text(_get(entry, "id")):
        return _http(link)
    return _http(urljoin(feed_link, link)) if link else ""


def _item_id(entry: Any, link: str, fallback: str, position: int, seen: set[str]) -> str:
    """guid/id, else link, else a hash; a repeat inside the feed gets its link or position appended."""
    base = values.text(_get(entry, "id")) or link or _sha256(fallback)
    candidates = [base, f"{base}#{link}"] if link and link != base else [base]
    for candidate in [*candidates, f"{base}#{position}"]:
        item_id = candidate if len(candidate) <= 255 else _sha256(candidate)
        if item_id not in seen:
            break
    seen.add(item_id)
    return item_id


class RssAdapter(FeedAdapter):
    format = "rss"

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        # Without a content-type, feedparser reads a document with no encoding declaration as ISO-8859-1
        # as soon as any response header is given; application/xml makes that default UTF-8.
        headers = {"content-type": "application/xml"} | ({"content-location": base_url} if base_url else {})
        document = _utf8_document(data, headers)
        try:  # bytes in a stream: a str would be taken for a URL or a file path and opened
            parsed = feedparser.parse(
                io.BytesIO(document),
                sanitize_html=False,
                resolve_relative_uris=False,
                response_headers=headers,
            )
        except DefusedXmlException as exc:  # the second line of defence, if the checks above missed one
            message = (
                f"Refused: the XML parser met an entity or external DTD reference ({type(exc).__name__})."
            )
            raise FeedError(message, permanent=True) from None
        if not _get(parsed, "version") and not parsed.entries:
            raise _not_a_feed(document, parsed)
        feed = parsed.feed
        feed_link = _http(
            values.text(_get(feed, "link"))
        )  # feedparser resolved it against xml:base and base_url
        result = ParseResult(complete_snapshot=True, ttl_seconds=_ttl(_get(feed, "ttl")))
        seen: set[str] = set()
        for position, entry in enumerate(parsed.entries):
            try:
                result.listings.append(
                    self._listing(entry, position, feed_link, _get(feed, "language"), seen)
                )
            except ValueError as exc:
                item_id = values.text(_get(entry, "id")) or values.text(_get(entry, "link"))
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        return result

    def _listing(
        self, entry: Any, position: int, feed_link: str, language: Any, seen: set[str]
    ) -> ListingData:
        link = _entry_link(entry, feed_link)
        content_html = next(filter(None, map(_html, _get(entry, "content") or [])), "")
        summary_html = _html(_get(entry, "summary_detail"))
        teaser = clean_text(summary_html or content_html)
        title = values.text(_get(entry, "title"))
        if not clean_text(title):
            title = clean_text(teaser, max_chars=80)
        if not title:
            raise ValueError("item has no title and no description")
        if not (link or feed_link):
            raise ValueError("item has no link")
        tags = [tag for tag in _get(entry, "tags") or [] if isinstance(tag, dict)]
        categories = tuple(
            dict.fromkeys(
                filter(None, (values.text(t.get("term")) or values.text(t.get("label")) for t in tags))
            )
        )
        return ListingData(
            source_item_id=_item_id(entry, link, f"{title}\n{summary_html or content_html}", position, seen),
            title=title,
            url=link or feed_link,
            summary=clean_text(teaser, max_chars=200),
            description_html=content_html or summary_html,
            organization_name=_organization(entry),
            languages=values.language(_get(entry, "language") or language),
            source_categories=categories,
            # feedparser files RSS 1.0's dc:date under `updated`: without a publication date, that is it.
            posted_at=_date(entry, "published" if _get(entry, "published") else "updated"),
            source_updated_at=_date(entry, "updated"),
            raw={
                key: values.text(_get(entry, key)) for key in ("id", "link", "title", "published", "updated")
            }
            | {"tags": list(categories)},
        )
