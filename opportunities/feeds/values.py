"""Small, forgiving readers every adapter shares: a value of the wrong type reads as empty, so one
bad field drops that field and never the item. Pure: no ORM, no network."""

from __future__ import annotations

import json
import re
import unicodedata
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from opportunities.feeds.base import FeedError

_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_]|$)")
_BLANK_LINE = re.compile(r"\n\s*\n")


def text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def text_list(value: Any) -> tuple[str, ...]:
    return tuple(text(item) for item in value if text(item)) if isinstance(value, list) else ()


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_NON_ASCII_RUN = re.compile(r"([^\x00-\x7f]+)")


def fold(value: str) -> str:
    """Case and accents folded, for matching words in any of our languages.

    Only the runs of non-ASCII characters need Unicode's tables; the rest is lower-cased in C.
    Splitting there changes nothing: ASCII characters are starters that NFKD never decomposes or
    reorders, and case folding is per character. (Tagging and deduplication fold every word of
    every listing: the per-character path was a quarter of ingestion's time.)"""
    if value.isascii():
        return value.lower()
    parts = _NON_ASCII_RUN.split(value)  # ASCII, non-ASCII, ASCII, …
    return "".join(
        part.lower() if index % 2 == 0 else _fold_unicode(part) for index, part in enumerate(parts)
    )


def _fold_unicode(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def language(value: Any) -> tuple[str, ...]:
    """A language tag's primary subtag ("en-US" -> ("en",)), or () when there is none."""
    match = _LANGUAGE.match(text(value))
    return (match.group(1).lower(),) if match else ()


def paragraphs(value: str) -> str:
    """Plain text (or Markdown, shown as written) as escaped HTML paragraphs; line breaks as <br>."""
    blocks = _BLANK_LINE.split(value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [
        [escape(line.strip(), quote=False) for line in block.split("\n") if line.strip()] for block in blocks
    ]
    return "".join(f"<p>{'<br>'.join(block)}</p>" for block in lines if block)


def with_query(url: str, **params: str) -> str:
    """The URL with these query parameters set (replacing any of the same name), the rest kept."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode([*query, *params.items()])))


def query_value(url: str, name: str) -> str:
    return dict(parse_qsl(urlsplit(url).query)).get(name, "")


def json_page(data: bytes, *, what: str, list_key: str) -> dict[str, Any]:
    """A provider's JSON page, or a permanent FeedError saying what was wrong with it (and what
    the API said, when it answered with one of the usual error shapes)."""
    try:
        page = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"Not a {what}: the body is not valid JSON ({exc}).", permanent=True) from None
    if not isinstance(page, dict) or not isinstance(page.get(list_key), list):
        said = _api_said(page)
        raise FeedError(f'Not a {what}: "{list_key}" must be a list{said}.', permanent=True)
    return page


def _api_said(page: Any) -> str:
    """DRF's {"detail"}, the Tasking Manager's {"Error"}, JSON:API's {"errors": [{"message"}]}."""
    page = obj(page)
    errors = page.get("errors") if isinstance(page.get("errors"), list) else []
    message = (
        text(page.get("detail"))
        or text(page.get("Error"))
        or (text(obj(errors[0]).get("message")) if errors else "")
    )
    return f" (the API said: {message!r})" if message else ""
