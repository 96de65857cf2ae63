"""Working-hours overlap between a visitor and listings in other zones: pure arithmetic, no database."""

from __future__ import annotations

import datetime
from zoneinfo import available_timezones

import pytest

from opportunities.timezones import LISTING_HOURS, is_valid_zone, overlap_hours, zones_overlapping

WINTER = datetime.date(2026, 1, 15)  # nobody in the northern hemisphere on DST
# The US moved its clocks on 8 March 2026, the UK waits until 29 March: a three-week gap of 4 h, not 5 h.
US_DST_ONLY = datetime.date(2026, 3, 20)
SUMMER = datetime.date(2026, 7, 1)  # both on DST again
OFFICE = (9, 17)


def test_listing_hours_are_the_ordinary_office_day():
    assert LISTING_HOURS == (9, 17)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("UTC", True),
        ("America/New_York", True),
        ("Asia/Kolkata", True),
        ("Asia/Kathmandu", True),
        ("", False),
        ("../etc/passwd", False),
        ("/etc/localtime", False),
        ("localtime", False),
        ("Factory", False),
        ("posixrules", False),
        ("america/new_york", False),
        ("Mars/Olympus_Mons", False),
        (None, False),
    ],
)
def test_is_valid_zone_accepts_iana_places_and_rejects_paths_and_placeholders(name, valid):
    assert is_valid_zone(name) is valid


@pytest.mark.parametrize(
    ("visitor_zone", "visitor_hours", "listing_zone", "on", "expected"),
    [
        # Same zone, same office day: the whole 8 h.
        ("Europe/Berlin", OFFICE, "Europe/Berlin", WINTER, 8.0),
        # NY 9-17 is 14-22 UTC, London 9-17 is 9-17 UTC: 14-17 shared.
        ("America/New_York", OFFICE, "Europe/London", WINTER, 3.0),
        ("Europe/London", OFFICE, "America/New_York", WINTER, 3.0),
        # NY on EDT (13-21 UTC), London still on GMT (9-17 UTC): 13-17 shared.
        ("Europe/London", OFFICE, "America/New_York", US_DST_ONLY, 4.0),
        ("Europe/London", OFFICE, "America/New_York", SUMMER, 3.0),
        # LA evening 17-24 PST is 01-08 UTC next day; Tokyo 9-17 JST is 00-08 UTC: 7 h across midnight UTC.
        ("America/Los_Angeles", (17, 24), "Asia/Tokyo", WINTER, 7.0),
        # LA office day 17-01 UTC touches Tokyo's 00-08 UTC for one hour after midnight.
        ("America/Los_Angeles", OFFICE, "Asia/Tokyo", WINTER, 1.0),
        # Kolkata +5:30 is 03:30-11:30 UTC; Kathmandu +5:45 is 03:15-11:15 UTC.
        ("Europe/London", OFFICE, "Asia/Kolkata", WINTER, 2.5),
        ("Europe/London", OFFICE, "Asia/Kathmandu", WINTER, 2.25),
        ("Asia/Kolkata", OFFICE, "Asia/Kathmandu", WINTER, 7.75),
        # Opposite sides of the world share nothing.
        ("Europe/London", OFFICE, "Pacific/Auckland", WINTER, 0.0),
        # Sydney (+11 in January) 9-17 is 22-06 UTC: a visitor awake all day in UTC meets it at both ends of
        # the UTC day (2 h + 6 h), and gets the full 8 h, not just the larger piece.
        ("UTC", (0, 24), "Australia/Sydney", WINTER, 8.0),
    ],
)
def test_overlap_hours_compares_both_windows_in_utc_on_the_date(
    visitor_zone, visitor_hours, listing_zone, on, expected
):
    assert overlap_hours(visitor_zone, visitor_hours, listing_zone, on) == expected


def test_overlap_hours_uses_the_listing_hours_given():
    assert overlap_hours("Europe/London", OFFICE, "Europe/London", WINTER, listing_hours=(16, 20)) == 1.0


@pytest.mark.parametrize(
    ("visitor_zone", "visitor_hours", "on"),
    [
        ("America/New_York", OFFICE, WINTER),
        ("Europe/London", OFFICE, US_DST_ONLY),
        ("America/Los_Angeles", (17, 24), WINTER),
        ("Asia/Kolkata", (6, 10), SUMMER),
        ("Pacific/Kiritimati", (0, 24), SUMMER),
    ],
)
@pytest.mark.parametrize("min_hours", [0, 1, 2.5, 4, 7.75, 8])
def test_zones_overlapping_agrees_with_overlap_hours_for_every_zone(
    visitor_zone, visitor_hours, on, min_hours
):
    result = zones_overlapping(visitor_zone, visitor_hours, min_hours, on)
    expected = {
        zone
        for zone in available_timezones()
        if is_valid_zone(zone) and overlap_hours(visitor_zone, visitor_hours, zone, on) >= min_hours
    }
    assert result == expected


@pytest.mark.parametrize(
    ("visitor_zone", "visitor_hours", "min_hours", "on", "included", "excluded"),
    [
        (
            "America/New_York",
            OFFICE,
            3,
            WINTER,
            {"Europe/London", "UTC", "America/Chicago"},
            {"Europe/Berlin"},
        ),
        ("Europe/London", OFFICE, 4, US_DST_ONLY, {"America/New_York"}, {"America/Chicago"}),
        ("Europe/London", OFFICE, 4, WINTER, set(), {"America/New_York"}),
        ("America/Los_Angeles", (17, 24), 7, WINTER, {"Asia/Tokyo"}, {"Europe/London"}),
        ("Europe/London", OFFICE, 2.5, WINTER, {"Asia/Kolkata"}, {"Asia/Kathmandu"}),
        ("Europe/London", OFFICE, 2.75, WINTER, set(), {"Asia/Kolkata"}),
    ],
)
def test_zones_overlapping_includes_only_zones_with_enough_shared_hours(
    visitor_zone, visitor_hours, min_hours, on, included, excluded
):
    result = zones_overlapping(visitor_zone, visitor_hours, min_hours, on)
    assert included <= result
    assert not (excluded & result)


def test_min_hours_zero_returns_every_valid_zone():
    result = zones_overlapping("Europe/London", OFFICE, 0, WINTER)
    assert result == {zone for zone in available_timezones() if is_valid_zone(zone)}
    assert "UTC" in result
    assert not {"Factory", "localtime"} & result


@pytest.mark.parametrize("min_hours", [0, 0.5, 3, 8])
def test_result_is_a_frozenset_of_valid_names_with_the_visitors_own_zone(min_hours):
    result = zones_overlapping("Asia/Kolkata", OFFICE, min_hours, WINTER)
    assert isinstance(result, frozenset)
    assert all(is_valid_zone(zone) for zone in result)
    assert "Asia/Kolkata" in result


def test_asking_for_more_hours_than_the_listing_day_matches_nothing():
    assert zones_overlapping("Asia/Kolkata", (0, 24), 8.5, WINTER) == frozenset()


def test_the_same_arguments_return_the_cached_object():
    first = zones_overlapping("America/Sao_Paulo", (8, 16), 2, WINTER)
    assert zones_overlapping("America/Sao_Paulo", (8, 16), 2, WINTER) is first


@pytest.mark.parametrize("zone", ["", "Nowhere/City", "../etc/passwd", "Factory", "localtime"])
def test_an_unknown_visitor_zone_is_a_value_error(zone):
    with pytest.raises(ValueError, match="Unknown time zone for visitor zone"):
        zones_overlapping(zone, OFFICE, 1, WINTER)
    with pytest.raises(ValueError, match="Unknown time zone for visitor zone"):
        overlap_hours(zone, OFFICE, "UTC", WINTER)


def test_an_unknown_listing_zone_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown time zone for listing zone"):
        overlap_hours("UTC", OFFICE, "Nowhere/City", WINTER)


@pytest.mark.parametrize(
    "hours",
    [(-1, 17), (9, 25), (17, 9), (9, 9), (22, 2), (9.5, 17), (True, 17), (9,), (9, 17, 18), [9, 17], "9-17"],
)
def test_bad_visitor_hours_are_a_value_error(hours):
    with pytest.raises(ValueError, match="Bad visitor hours"):
        zones_overlapping("UTC", hours, 1, WINTER)
    with pytest.raises(ValueError, match="Bad visitor hours"):
        overlap_hours("UTC", hours, "UTC", WINTER)


def test_bad_listing_hours_are_a_value_error():
    with pytest.raises(ValueError, match="Bad listing hours"):
        overlap_hours("UTC", OFFICE, "UTC", WINTER, listing_hours=(17, 9))


@pytest.mark.parametrize("min_hours", [-1, -0.25, float("nan"), "3", None])
def test_a_bad_minimum_overlap_is_a_value_error(min_hours):
    with pytest.raises(ValueError, match="Bad minimum overlap"):
        zones_overlapping("UTC", OFFICE, min_hours, WINTER)


@pytest.mark.parametrize("on", [datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC), "2026-01-15", None])
def test_a_date_that_is_not_a_plain_date_is_a_value_error(on):
    with pytest.raises(ValueError, match="Bad date"):
        zones_overlapping("UTC", OFFICE, 1, on)
    with pytest.raises(ValueError, match="Bad date"):
        overlap_hours("UTC", OFFICE, "UTC", on)
