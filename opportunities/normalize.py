"""Pure helpers that turn what a source sent into what we store: safe HTML, plain text, UTC dates,
folded organisation names, canonical URLs and a content hash. No ORM, no network."""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import nh3
from dateutil import parser as dateutil_parser

from opportunities.feeds.values import fold

TITLE_MAX_CHARS = 300
SUMMARY_MAX_CHARS = 1000

# Images are left out on purpose: a remote <img> in a listing is a tracking pixel on our pages.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|tr|blockquote|pre|dd|dt)\s*>|<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# C0/C1 control characters except tab and newline: they break XML exports and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def sanitize_html(value: str, *, base_url: str = "") -> str:
    """Keep structure and links; drop scripts, event handlers, styles, iframes and unsafe URLs.
    Relative links are made absolute against base_url (the listing's page): on our pages they
    would otherwise point into Pitch In."""

    def resolve_links(element: str, attribute: str, value: str) -> str | None:
        if element == "a" and attribute == "href" and base_url:
            return urljoin(base_url, value)
        return value

    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
        attribute_filter=resolve_links,
    ).strip()


def html_to_text(value: str) -> str:
    """Readable plain text of an HTML fragment, paragraphs kept as blank-line breaks."""
    with_breaks = _BLOCK_END.sub("\n\n", value)
    stripped = nh3.clean(with_breaks, tags=set(), strip_comments=True)
    text = html.unescape(stripped)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(value: Any, *, max_chars: int | None = None) -> str:
    """One line of plain text: entities decoded, tags and control characters removed, spaces folded."""
    if value is None:
        return ""
    text = html_to_text(str(value)) if "<" in str(value) or "&" in str(value) else str(value)
    text = _CONTROL.sub("", text)
    text = " ".join(text.split())
    if max_chars is not None and len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text


def parse_datetime(value: Any) -> datetime | None:
    """An aware UTC datetime, or None when the value is missing or not a real date.

    A date without a zone is taken as UTC (the feed gave us nothing better). Impossible dates
    (2026-02-30) and absurd years are dropped rather than guessed at.
    """
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parsed = dateutil_parser.isoparse(text)
    except (ValueError, OverflowError):
        # RSS dates are RFC 2822; the standard library reads those ten times faster than
        # dateutil's guessing parser, which stays the fallback for everything else.
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            parsed = _guess_datetime(text)
            if parsed is None:
                return None
    if not 1990 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # an offset of a day or more (+99:99): no real zone
        return None


# dateutil fills what a text lacks from this default: year 1 is outside the years we accept, so a
# text with no year ("Mon", "10:00", "-1") is dropped instead of becoming a day of this month.
_NO_DATE = datetime(1, 1, 1)  # naive on purpose: never stored, only its year is looked at
_BARE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")


def _guess_datetime(text: str) -> datetime | None:
    # A bare number is an epoch or a fragment, not a date: dateutil reads "-62135596800" as 2063.
    if _BARE_NUMBER.fullmatch(text):
        return None
    try:
        return dateutil_parser.parse(text, default=_NO_DATE)
    except (ValueError, OverflowError):
        return None


_LEGAL_SUFFIXES = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|plc|gmbh|ggmbh|e\s?v|ev|ngo|cic|co|corp|corporation|"
    r"ong|asbl|a\s?c|cio)\b\.?$"
)


def normalize_org_name(name: str) -> str:
    """A key under which one organisation's spellings meet: "Lumen Literacy Trust Ltd." and
    "lumen literacy trust" give the same key. Accents are folded, legal suffixes removed."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = folded.replace("&", " and ")
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = " ".join(folded.split())
    while True:
        shorter = _LEGAL_SUFFIXES.sub("", folded).strip()
        if shorter == folded or not shorter:
            break
        folded = shorter
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|_hsenc|_hsmi)$", re.IGNORECASE
)


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, default port and fragment dropped, tracking parameters removed."""
    url = url.strip()
    if not url:
        return ""
    try:  # "http://[::1" and ports past 65535 raise; such a URL is no link
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        return ""
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    default_port = {"http": 80, "https": 443}[scheme]
    netloc = f"{host}:{port}" if port and port != default_port else host
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def content_hash(fields: dict[str, Any]) -> str:
    """sha-256 of the canonical fields: equal hashes mean nothing a person could see changed."""
    encoded = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


# Words for where the work happens, in the five languages we tag (en, es, fr, de, pt). Phrases,
# matched on word boundaries in folded text, so "online" does not match "onlineshop".
_REMOTE_PHRASES = (
    "remote", "remotely", "virtual", "virtually", "online", "from home", "work from home", "from anywhere",
    "home-based", "home based", "telecommute", "telework",
    "remoto", "en linea", "desde casa", "a distancia", "teletrabajo",  # es
    "a distance", "en ligne", "teletravail", "depuis chez vous", "virtuel", "virtuelle",  # fr
    "von zu hause", "virtuell", "ortsunabhangig", "homeoffice", "home-office",  # de
    "de casa", "em casa", "a distancia", "teletrabalho",  # pt
)  # fmt: skip
_HYBRID_PHRASES = ("hybrid", "hibrido", "hibrida", "hybride", "partly remote", "part remote")
_ONSITE_PHRASES = (
    "in person", "in-person", "on site", "on-site", "onsite",
    "presencial", "en persona", "en personne", "sur place", "vor ort", "in praesenz", "presencialmente",
)  # fmt: skip


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in phrases) + r")\b")


_REMOTE, _HYBRID, _ONSITE = (_phrase_pattern(p) for p in (_REMOTE_PHRASES, _HYBRID_PHRASES, _ONSITE_PHRASES))


def detect_location_type(title: str, description: str) -> str:
    """ "remote", "hybrid" or "onsite" from what a listing says, or "" when it does not say.

    Used only when the format has no field for it. Both remote and in-person words → hybrid.
    """
    text = fold(f"{title}\n{description}")
    if _HYBRID.search(text):
        return "hybrid"
    remote, onsite = bool(_REMOTE.search(text)), bool(_ONSITE.search(text))
    if remote and onsite:
        return "hybrid"
    if remote:
        return "remote"
    return "onsite" if onsite else ""
