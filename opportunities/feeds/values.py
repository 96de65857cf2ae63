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


# Deeper than any feed or JSON-LD block needs; far enough under Python's recursion limit that a
# value we accept can still be encoded again (a JSONField is json.dumps-ed deep inside the ORM).
MAX_JSON_DEPTH = 100
_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def loads(data: bytes | str, *, strict: bool = True) -> Any:
    """json.loads for untrusted documents. A ValueError with a reason to show ("nested too deeply")
    when it is not JSON or nests past MAX_JSON_DEPTH, never a RecursionError. NaN, Infinity and
    numbers past a float (1e999) are not JSON: they read as null. Every string loses its NUL
    characters and has lone surrogates ("\\ud800") replaced: PostgreSQL stores neither."""
    try:
        document = json.loads(data, strict=strict, parse_constant=_no_number, parse_float=_finite_float)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if isinstance(document, str):
        return storable(document)
    stack: list[tuple[Any, int]] = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:  # iterative: a document may nest deeply
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError("nested too deeply")
        for key, value in list(node.items()) if isinstance(node, dict) else enumerate(node):
            if isinstance(value, str):
                node[key] = storable(value)
            elif isinstance(value, dict | list):
                stack.append((value, depth + 1))
            if isinstance(key, str) and _UNSTORABLE.search(key):
                node[storable(key)] = node.pop(key)
    return document


def storable(value: str) -> str:
    """The text without NUL characters and with lone surrogates replaced by U+FFFD."""
    if not _UNSTORABLE.search(value):
        return value
    return _SURROGATE.sub("\ufffd", value.replace("\x00", ""))


def _no_number(name: str) -> None:
    return None


def _finite_float(text: str) -> float | None:
    number = float(text)
    return number if number - number == 0 else None  # inf - inf is nan; nan - nan too


def json_page(data: bytes, *, what: str, list_key: str) -> dict[str, Any]:
    """A provider's JSON page, or a permanent FeedError saying what was wrong with it (and what
    the API said, when it answered with one of the usual error shapes)."""
    try:
        page = loads(data)
    except ValueError as exc:
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
