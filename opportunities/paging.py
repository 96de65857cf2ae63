"""Keyset ("cursor") paging for the browse lists: the next page starts after the last row shown.

Offset paging reads and throws away every earlier row, so page 500 costs 500 pages; a keyset
condition lets the index seek straight to the position, at any depth. The cursor is opaque to
people (base64 of JSON) but not secret: a tampered one only moves the starting point, and a
malformed one is refused with a clear error.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, Q
from django.db.models.expressions import OrderBy


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    CLOSING = "closing"
    CHOICES = [(RELEVANCE, "Best match"), (NEWEST, "Newest"), (CLOSING, "Closing soon")]
    VALUES = frozenset(value for value, _ in CHOICES)


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last row's sort key and id (the id breaks ties). A backwards
    position is where a page started, for the link to the page before it."""

    sort: str
    key: datetime | float | None
    id: int
    backwards: bool = False


# The field each sort orders by, and whether it runs descending. Rows with no value come last.
_KEY_FIELDS = {
    Sort.NEWEST: ("posted_at", True),
    Sort.CLOSING: ("expires_at", False),
    Sort.RELEVANCE: ("search_rank", True),
}


def ordering(sort: str) -> list[OrderBy]:
    field, descending = _KEY_FIELDS[sort]
    if descending:
        return [F(field).desc(nulls_last=True), F("id").desc()]
    return [F(field).asc(nulls_last=True), F("id").asc()]


def reverse_ordering(sort: str) -> list[OrderBy]:
    """`ordering(sort)` read backwards (nulls first), for walking to the previous page."""
    field, descending = _KEY_FIELDS[sort]
    if descending:
        return [F(field).asc(nulls_first=True), F("id").asc()]
    return [F(field).desc(nulls_first=True), F("id").desc()]


def before(position: Position) -> Q:
    """The rows that come before `position` in its sort order: the mirror image of `after`."""
    field, descending = _KEY_FIELDS[position.sort]
    ahead, id_ahead = ("gt", "gt") if descending else ("lt", "lt")
    if position.key is None:
        return Q(**{f"{field}__isnull": False}) | Q(
            **{f"{field}__isnull": True, f"id__{id_ahead}": position.id}
        )
    return Q(**{f"{field}__{ahead}": position.key}) | Q(
        **{field: position.key, f"id__{id_ahead}": position.id}
    )


def after(position: Position) -> Q:
    """The rows that come after `position` in its sort order (nulls last, id breaking ties)."""
    field, descending = _KEY_FIELDS[position.sort]
    beyond, id_beyond = ("lt", "lt") if descending else ("gt", "gt")
    if position.key is None:
        return Q(**{f"{field}__isnull": True, f"id__{id_beyond}": position.id})
    return (
        Q(**{f"{field}__{beyond}": position.key})
        | Q(**{field: position.key, f"id__{id_beyond}": position.id})
        | Q(**{f"{field}__isnull": True})
    )


def position_of(sort: str, row: object, *, backwards: bool = False) -> Position:
    field, _ = _KEY_FIELDS[sort]
    return Position(sort=sort, key=getattr(row, field), id=row.pk, backwards=backwards)  # type: ignore[attr-defined]


def encode(position: Position) -> str:
    key = position.key.isoformat() if isinstance(position.key, datetime) else position.key
    fields: list[object] = [position.sort, key, position.id]
    if position.backwards:
        fields.append("before")
    raw = json.dumps(fields, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, *, sort: str) -> Position:
    """The position a cursor names, for the given sort; BadCursor if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, row_id, *direction = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadCursor("This page link is damaged: start again from the first page.") from error
    if cursor_sort != sort:
        raise BadCursor("This page link belongs to another sort order: start again from the first page.")
    if (
        not isinstance(row_id, int)
        or isinstance(row_id, bool)
        or not 0 < row_id < 2**63  # a database id: anything else would overflow the query
        or direction not in ([], ["before"])
    ):
        raise BadCursor("This page link is damaged: start again from the first page.")
    return Position(sort=sort, key=_key(sort, key), id=row_id, backwards=bool(direction))


def _key(sort: str, key: object) -> datetime | float | None:
    if key is None:
        return None
    if sort == Sort.RELEVANCE:
        if isinstance(key, int | float) and not isinstance(key, bool) and math.isfinite(key):
            return float(key)
    elif isinstance(key, str):
        try:
            moment = datetime.fromisoformat(key)
            if moment.tzinfo is not None:
                moment.astimezone(UTC)  # year 1 at +01:00 has no UTC time: refuse it here
                return moment
        except (ValueError, OverflowError):
            pass
    raise BadCursor("This page link is damaged: start again from the first page.")
