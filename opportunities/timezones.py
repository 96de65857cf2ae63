"""Working-hours overlap between a visitor and listings in other time zones. Pure: no ORM, no network.

A listing with a ``timezone`` (an IANA name) runs its live sessions during working hours there; a listing
without one is async-friendly and matches any visitor, so the search filter is
``Q(timezone="") | Q(timezone__in=zones_overlapping(...))`` and this module only computes ``zones``.

Assumptions, stated once so callers do not have to guess:

* A listing's live hours are ``LISTING_HOURS`` (09:00-17:00) local time in its zone. Listings do not
  tell us their hours, so this is the ordinary office day.
* Each zone's UTC offset is the one in force at local noon on the given date. That captures DST (New York
  and London switch on different weeks) while staying one number per zone per day; on the night of a
  change itself the window can be off by the hour that moved, which is fine for a search filter.
* Both windows repeat every 24 hours, so overlap is measured on the daily circle: a 09-17 Tokyo day
  (00-08 UTC) overlaps a 17-24 Los Angeles evening (01-08 UTC the next day) by 7 hours.

Hours are whole hours 0..24 with end > start. A window never wraps midnight in its own zone, but once
converted to UTC it may, which the arithmetic below handles by working modulo one day.
"""

from __future__ import annotations

import datetime
import functools
import math
from collections import defaultdict
from numbers import Real
from zoneinfo import ZoneInfo, available_timezones

LISTING_HOURS: tuple[int, int] = (9, 17)

_DAY = 24 * 3600
_HOUR = 3600

# Names that available_timezones() may list but that are not places: "Factory" is tzdata's placeholder
# for "zone not configured" (offset 0, abbreviation "-00"); "localtime" mirrors whatever the host is set
# to, so its meaning changes from machine to machine; "posixrules" is a template for POSIX TZ strings.
_EXCLUDED_ZONES = frozenset({"Factory", "localtime", "posixrules"})


@functools.lru_cache(maxsize=1)
def _valid_zones() -> frozenset[str]:
    # available_timezones() walks the zoneinfo tree on disk (tens of ms), so do it once per process.
    return frozenset(available_timezones() - _EXCLUDED_ZONES)


def valid_zone_names() -> list[str]:
    """Every zone name is_valid_zone accepts, sorted (the API documents them as its enum)."""
    return sorted(_valid_zones())


def is_valid_zone(name: str) -> bool:
    """True for an IANA zone name we accept from a visitor or a listing.

    Membership in a fixed set, never a ZoneInfo() lookup: user input such as "../etc" must not reach the
    filesystem, and an odd name that happens to load (a stray file under the zoneinfo root) is not a zone.
    """
    return isinstance(name, str) and name in _valid_zones()


def overlap_hours(
    visitor_zone: str,
    visitor_hours: tuple[int, int],
    listing_zone: str,
    on: datetime.date,
    listing_hours: tuple[int, int] = LISTING_HOURS,
) -> float:
    """Hours per day that the visitor's window and the listing's window share, both converted to UTC
    with the offsets in force on ``on``. Fractional for zones such as Asia/Kolkata (+5:30)."""
    _check_zone(visitor_zone, "visitor zone")
    _check_zone(listing_zone, "listing zone")
    _check_hours(visitor_hours, "visitor hours")
    _check_hours(listing_hours, "listing hours")
    _check_date(on)
    seconds = _overlap_seconds(
        _utc_window(visitor_hours, _utc_offset_seconds(visitor_zone, on)),
        _utc_window(listing_hours, _utc_offset_seconds(listing_zone, on)),
    )
    return seconds / _HOUR


def zones_overlapping(
    visitor_zone: str,
    visitor_hours: tuple[int, int],
    min_hours: float,
    on: datetime.date,
) -> frozenset[str]:
    """Every valid zone whose ``LISTING_HOURS`` window overlaps the visitor's window by at least
    ``min_hours`` on ``on``. Called on each search request, so the answer is cached per argument tuple:
    a repeat call returns the same frozenset object in microseconds.

    Validation runs before the cache lookup so that every bad argument, unhashable ones such as a list
    of hours included, is a ValueError rather than a TypeError from inside lru_cache.
    """
    _check_zone(visitor_zone, "visitor zone")
    _check_hours(visitor_hours, "visitor hours")
    _check_min_hours(min_hours)
    _check_date(on)
    return _zones_overlapping_cached(visitor_zone, visitor_hours, min_hours, on)


# One entry per (visitor zone, hours, threshold, day) in use: a few hundred cover a busy day. Each holds a
# frozenset of at most ~600 shared name strings, so 256 entries keep memory to a few MB.
@functools.lru_cache(maxsize=256)
def _zones_overlapping_cached(
    visitor_zone: str,
    visitor_hours: tuple[int, int],
    min_hours: float,
    on: datetime.date,
) -> frozenset[str]:
    # Zones sharing a UTC offset share an answer, so the overlap is computed once per distinct offset
    # (~40 on any date), not once per zone (~600).
    visitor_window = _utc_window(visitor_hours, _utc_offset_seconds(visitor_zone, on))
    matching: set[str] = set()
    for offset, zones in _zones_by_offset(on).items():
        seconds = _overlap_seconds(visitor_window, _utc_window(LISTING_HOURS, offset))
        # Compare in hours, exactly as overlap_hours() reports them, so the two functions never disagree.
        if seconds / _HOUR >= min_hours:
            matching.update(zones)
    return frozenset(matching)


@functools.lru_cache(maxsize=8)
def _zones_by_offset(on: datetime.date) -> dict[int, tuple[str, ...]]:
    # The expensive part (one offset per zone) depends only on the date, so every visitor on the same day
    # shares it. A handful of dates covers "today" in every zone plus the odd explicit date.
    groups: defaultdict[int, list[str]] = defaultdict(list)
    for zone in _valid_zones():
        groups[_utc_offset_seconds(zone, on)].append(zone)
    return {offset: tuple(sorted(zones)) for offset, zones in groups.items()}


def _utc_offset_seconds(zone: str, on: datetime.date) -> int:
    # Local noon, not midnight: DST changes happen in the small hours, so noon sees the day's settled offset.
    noon = datetime.datetime.combine(on, datetime.time(12), tzinfo=ZoneInfo(zone))
    return int(noon.utcoffset().total_seconds())  # never None: noon is aware and ZoneInfo always answers


def _utc_window(hours: tuple[int, int], offset_seconds: int) -> tuple[int, int]:
    """Local (start, end) hours as UTC seconds from the day's start; may fall outside 0..24 h."""
    start, end = hours
    return start * _HOUR - offset_seconds, end * _HOUR - offset_seconds


def _overlap_seconds(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Shared seconds of two daily-repeating windows, each at most a day long.

    Both starts are moved into [0, 24 h), so a copy of ``b`` shifted by -24 h, 0 or +24 h is the only one
    that can touch ``a``. The pieces are summed rather than maxed: two long windows can meet at both ends
    of the day (visitor 0-24 against any listing), and the copies of ``b`` never overlap one another.
    """
    a_start, a_end = _normalise(a)
    b_start, b_end = _normalise(b)
    return sum(
        max(0, min(a_end, b_end + shift) - max(a_start, b_start + shift)) for shift in (-_DAY, 0, _DAY)
    )


def _normalise(window: tuple[int, int]) -> tuple[int, int]:
    start, end = window
    shifted = start % _DAY  # Python's % is non-negative for a positive divisor
    return shifted, shifted + (end - start)


def _check_zone(name: str, what: str) -> None:
    if not is_valid_zone(name):
        raise ValueError(
            f"Unknown time zone for {what}: {name!r}; expected an IANA name such as 'Europe/London'."
        )


def _check_hours(hours: tuple[int, int], what: str) -> None:
    # bool is an int subclass; True/False as an hour is a caller bug, not 1/0.
    if (
        not isinstance(hours, tuple)
        or len(hours) != 2
        or not all(isinstance(h, int) and not isinstance(h, bool) for h in hours)
    ):
        raise ValueError(f"Bad {what}: {hours!r}; expected a (start, end) tuple of whole hours.")
    start, end = hours
    if start < 0 or end > 24 or end <= start:
        raise ValueError(f"Bad {what}: {hours!r}; need 0 <= start < end <= 24 (no wrapping past midnight).")


def _check_min_hours(min_hours: float) -> None:
    # `not >= 0` also rejects NaN, which compares false with everything.
    if (
        not isinstance(min_hours, Real)
        or isinstance(min_hours, bool)
        or math.isnan(min_hours)
        or not min_hours >= 0
    ):
        raise ValueError(f"Bad minimum overlap: {min_hours!r}; expected a number of hours >= 0.")


def _check_date(on: datetime.date) -> None:
    # A datetime is a date subclass, but which zone's calendar day it means is ambiguous, and as a cache
    # key it would change every microsecond; the caller should pick the date.
    if not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
        raise ValueError(f"Bad date: {on!r}; expected a datetime.date (not a datetime).")
