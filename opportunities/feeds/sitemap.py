"""sitemaps.org 0.9 <urlset>: the listing pages a publisher wants read as JSON-LD.

A sitemap holds no listings itself: it names pages (each with its <lastmod>) for the service to
fetch and parse with the jsonld adapter. It lists every page the site has, so it is a complete
snapshot. XML goes through defusedxml with DTDs refused outright (entity bombs, external
entities); a gzipped sitemap is inflated under a hard cap so a small bomb cannot eat the worker.
"""

from __future__ import annotations

import zlib
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from opportunities.feeds.base import FeedAdapter, FeedError, ParseResult, Rejection
from opportunities.normalize import parse_datetime

MAX_URLS = 5_000
MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_URL_CHARS = 2048  # the sitemaps.org limit
_GZIP_MAGIC = b"\x1f\x8b"
_INFLATE_STEP = 1024 * 1024


class SitemapAdapter(FeedAdapter):
    format = "sitemap"

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        root = _parse_xml(_gunzip(data) if data.startswith(_GZIP_MAGIC) else data)
        # Any namespace the root uses (0.9, an old Google one, none), but children must share it:
        # an <image:loc> inside a <url> is not the page's <loc>.
        ns = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
        name = root.tag[len(ns) :]
        if name == "sitemapindex":
            raise FeedError(_index_message(root, ns, base_url), permanent=True)
        if name != "urlset":
            raise FeedError(f"Not a sitemap: the root element is <{name}>, not <urlset>.", permanent=True)

        result = ParseResult(complete_snapshot=True, follow_format="jsonld")
        pages: dict[str, datetime | None] = {}  # insertion-ordered: the sitemap's order is kept
        for position, entry in enumerate(root.iterfind(f"{ns}url")):
            loc = (entry.findtext(f"{ns}loc") or "").strip()
            if reason := _bad_loc(loc):
                result.rejections.append(Rejection(position, loc, reason))
                continue
            lastmod = parse_datetime(entry.findtext(f"{ns}lastmod"))
            if loc not in pages or (lastmod and (pages[loc] is None or lastmod > pages[loc])):
                pages[loc] = lastmod  # a repeated page keeps its first place and its newest lastmod
        follow = list(pages.items())
        if len(follow) > MAX_URLS:
            dropped = len(follow) - MAX_URLS
            reason = f"{dropped} more page URLs dropped: we read at most {MAX_URLS:,} per sitemap; split it."
            result.rejections.append(Rejection(MAX_URLS, follow[MAX_URLS][0], reason))
        result.follow_urls = follow[:MAX_URLS]
        return result


def _gunzip(data: bytes) -> bytes:
    """Inflate in steps, counting output, so a bomb stops at the cap instead of filling memory."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing only
    output = bytearray()
    pending = data
    try:
        while not inflater.eof:
            chunk = inflater.decompress(pending, _INFLATE_STEP)
            output += chunk
            if len(output) > MAX_INFLATED_BYTES:
                cap = MAX_INFLATED_BYTES // (1024 * 1024)
                raise FeedError(
                    f"The gzipped sitemap inflates to over the size cap ({cap} MB).", permanent=True
                )
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                raise FeedError("Not a sitemap: the gzip data is truncated.", permanent=True)
    except zlib.error as exc:
        raise FeedError(f"Not a sitemap: the gzip data is corrupt ({exc}).", permanent=True) from None
    return bytes(output)


def _parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:  # DTDForbidden first: a bomb's entities live in its DTD
        raise FeedError(
            f"Refused: the sitemap declares a DTD, entities or external references ({type(exc).__name__})."
            " Sitemaps need none, and they can hide entity bombs or read local files.",
            permanent=True,
        ) from None
    except ParseError as exc:
        raise FeedError(f"Not a sitemap: the body is not well-formed XML ({exc}).", permanent=True) from None


def _bad_loc(loc: str) -> str:
    """Why a <loc> cannot be followed, or "" when it can."""
    if not loc:
        return "<url> has no <loc>"
    if len(loc) > MAX_URL_CHARS:
        return f"<loc> is longer than {MAX_URL_CHARS:,} characters"
    try:
        parts = urlsplit(loc)
    except ValueError:
        return "<loc> is not a valid URL"
    if not parts.scheme:
        return "<loc> is relative; sitemaps must give absolute http(s) URLs"
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return f"<loc> is not an http(s) URL (scheme {parts.scheme!r})"
    return ""


def _index_message(root: Element, ns: str, base_url: str) -> str:
    children = [(s.findtext(f"{ns}loc") or "").strip() for s in root.iterfind(f"{ns}sitemap")]
    children = [child for child in children if child]
    shown = ", ".join(children[:3]) or "(it lists none)"
    more = f" (and {len(children) - 3} more)" if len(children) > 3 else ""
    return (
        f"{base_url or 'This'} is a sitemap index; add each child sitemap as its own source: {shown}{more}."
    )
