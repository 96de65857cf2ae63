from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from opportunities.feeds import volunteerconnector
from opportunities.feeds.base import FeedError, PageRequest
from opportunities.feeds.volunteerconnector import (
    VolunteerConnectorAdapter,
    description_html,
    read_dates,
    read_hours_per_week,
)
from opportunities.taxonomy import cause_slugs, skill_slugs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "volunteerconnector"
API = "https://www.volunteerconnector.org/api/search/"
PAGE_1 = PageRequest(url=f"{API}?page=1", headers=(("Accept", "application/json"),))
ADAPTER = VolunteerConnectorAdapter()


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _page(*results: object, next_url: object = None) -> bytes:
    return json.dumps(
        {"count": len(results), "next": next_url, "previous": None, "results": results}
    ).encode()


def _item(**fields: object) -> dict[str, object]:
    return {
        "id": 1,
        "title": "Phone buddy",
        "url": "https://www.volunteerconnector.org/opportunity/1/",
        **fields,
    }


def _one(**fields: object):
    (listing,) = ADAPTER.parse_page(_page(_item(**fields)), request=PAGE_1).listings
    return listing


def _run(run: str):
    """A whole run as the service makes it: first request, then every next_request, in order."""
    request, listings = ADAPTER.first_request(url=API, cursor={}, credentials={}, full=True), []
    for number in (1, 2):
        assert request is not None
        assert request.url == f"{API}?page={number}"
        page = ADAPTER.parse_page(_fixture(f"{run}_page{number}.json"), request=request)
        assert (page.withdrawals, page.rejections) == ([], [])
        listings += page.listings
        request = page.next_request
    assert request is None
    return {listing.source_item_id: listing for listing in listings}


def test_it_is_a_full_snapshot_api_needing_no_credentials():
    assert ADAPTER.format == "volunteerconnector"
    assert ADAPTER.full_snapshot is True
    assert ADAPTER.required_credentials == ()


@pytest.mark.parametrize(
    ("source_url", "expected"),
    [
        (API, f"{API}?page=1"),
        (f"{API}?cc=64", f"{API}?cc=64&page=1"),
        (f"{API}?page=7&cc=64", f"{API}?cc=64&page=1"),  # always from the first page
    ],
)
def test_the_first_request_reads_page_one_and_keeps_the_source_query(source_url, expected):
    request = ADAPTER.first_request(url=source_url, cursor={"next": "x"}, credentials={"k": "v"}, full=False)
    assert request == PageRequest(url=expected, headers=(("Accept", "application/json"),))


def test_it_follows_next_and_stops_at_the_last_page():
    page_1 = ADAPTER.parse_page(_fixture("run1_page1.json"), request=PAGE_1)
    assert page_1.next_request == PageRequest(url=f"{API}?page=2", headers=(("Accept", "application/json"),))
    assert page_1.cursor is None  # a snapshot: nothing to resume
    assert page_1.complete_snapshot is False  # one page; the service judges the whole run
    page_2 = ADAPTER.parse_page(_fixture("run1_page2.json"), request=page_1.next_request)
    assert page_2.next_request is None


@pytest.mark.parametrize(
    "next_url",
    ["?page=2", "/api/search/?page=2", "ftp://example.org/page2", 2, {"href": "x"}, "", f"{API}?page=1"],
    ids=["query-only", "relative", "ftp", "number", "object", "empty", "itself"],
)
def test_a_next_that_is_not_an_absolute_http_url_of_another_page_ends_the_run(next_url):
    assert ADAPTER.parse_page(_page(_item(), next_url=next_url), request=PAGE_1).next_request is None


def test_it_maps_every_field_of_a_full_result():
    reading = _run("run1")["48884"]
    assert reading.title == "Online Reading Buddy for Grade 2-4 Students"
    assert reading.url == "https://www.volunteerconnector.org/opportunity/48884-online-reading-buddy/"
    assert reading.apply_url == reading.url
    assert reading.organization_name == "Frontier Literacy Society"
    assert reading.organization_url == "https://frontierliteracy.example.ca"
    assert (reading.location_type, reading.remote_scope, reading.eligible_countries) == (
        "remote",
        "countries",
        ("CA",),
    )
    assert (reading.country, reading.region) == ("CA", "")
    assert (reading.schedule, reading.hours_per_week) == ("ongoing", Decimal("2"))
    assert reading.commitment_text == "Ongoing · 2 hours per week"
    assert reading.cause_slugs == ("education-literacy", "children-youth")
    assert reading.skill_slugs == ("tutoring", "mentoring")
    assert reading.source_categories == ("Tutoring", "Mentoring", "Education & Literacy", "Children & Youth")
    # The API has no publication or update time.
    assert (reading.posted_at, reading.source_updated_at, reading.source_modified) == (None, None, "")
    assert reading.raw["organization"]["logo"].startswith("//cdn.")


def test_plain_text_descriptions_become_escaped_paragraphs():
    assert _run("run1")["48884"].description_html == (
        "<p>Program Overview<br>Read with a child over video once a week &amp; help them love books.</p>"
        "<p>Requirements<br>A police check &lt;vulnerable sector&gt; is required.</p>"
    )


def test_html_descriptions_are_passed_through_raw_for_the_service_to_sanitize():
    french = _run("run1")["48901"]
    assert french.description_html.startswith(
        "<p>Aidez-nous à traduire nos fiches d’accueil en <strong>arabe"
    )
    assert french.title == "Traduction de documents pour nouveaux arrivants"
    assert description_html("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


@pytest.mark.parametrize(
    ("audience", "remote", "expected"),
    [
        ({"scope": "national"}, True, ("remote", "countries", ("CA",), "", "CA")),
        (
            {"scope": "regional", "regions": ["Québec", "Ontario"]},
            True,
            ("remote", "region", ("CA",), "Québec", "CA"),
        ),
        (
            {"scope": "local", "regions": ["Calgary, AB"]},
            True,
            ("remote", "region", ("CA",), "Calgary, AB", "CA"),
        ),
        (
            {"scope": "local", "latitude": 53.5, "longitude": -113.5},
            True,
            ("remote", "region", ("CA",), "", "CA"),
        ),
        (None, True, ("remote", "worldwide", (), "", "")),
        (
            {"scope": "national", "countries": ["United States"]},
            True,
            ("remote", "countries", ("US",), "", "US"),
        ),
        (
            {"scope": "national", "countries": ["Canada", "USA"]},
            True,
            ("remote", "countries", ("CA", "US"), "", ""),
        ),
        ({"scope": "local", "latitude": 53.5, "longitude": -113.5}, False, ("onsite", "", (), "", "CA")),
        ({"scope": "local", "latitude": True, "longitude": -113.5}, False, ("", "", (), "", "CA")),
        ({"scope": "regional", "regions": ["Alberta"]}, False, ("", "", (), "Alberta", "CA")),
        ({"scope": "national"}, "yes", ("", "", (), "", "CA")),  # only a real true is remote
        (["national"], True, ("remote", "worldwide", (), "", "")),
    ],
)
def test_the_audience_says_where_volunteers_must_be(audience, remote, expected):
    listing = _one(audience=audience, remote_or_online=remote)
    got = (
        listing.location_type,
        listing.remote_scope,
        listing.eligible_countries,
        listing.region,
        listing.country,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("Ongoing", ("ongoing", None, None)),
        ("ongoing, starting soon", ("ongoing", None, None)),
        ("Flexible", ("flexible", None, None)),
        ("June 6, 2026", ("one_time", datetime(2026, 6, 6, tzinfo=UTC), None)),
        (
            "April 15, 2026 - April 17, 2026",
            ("", datetime(2026, 4, 15, tzinfo=UTC), datetime(2026, 4, 17, tzinfo=UTC)),
        ),
        (
            "May 1, 2026 to June 30, 2026",
            ("", datetime(2026, 5, 1, tzinfo=UTC), datetime(2026, 6, 30, tzinfo=UTC)),
        ),
        ("April 17, 2026 - April 15, 2026", ("", None, None)),  # backwards
        ("April 15 - April 17", ("", None, None)),  # no year: not guessed
        ("April 15 - April 17, 2026", ("", None, None)),  # the start has no year of its own
        ("15 mai 2026", ("", None, None)),  # not a date dateutil reads
        ("Weekends in 2026", ("", None, None)),
        ("", ("", None, None)),
    ],
)
def test_free_text_dates_are_parsed_only_when_unambiguous(dates, expected):
    assert read_dates(dates) == expected


def test_dates_and_duration_are_kept_as_commitment_text():
    festival = _run("run1")["48950"]
    assert festival.commitment_text == "April 15, 2026 - April 17, 2026"
    assert (festival.starts_at, festival.ends_at) == (
        datetime(2026, 4, 15, tzinfo=UTC),
        datetime(2026, 4, 17, tzinfo=UTC),
    )
    assert festival.hours_per_week is None  # duration: null


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("2 hours per week", Decimal("2")),
        ("1 hour a week", Decimal("1")),
        ("2-4 hours/week", Decimal("2")),  # the lower bound: the least asked
        ("1.5 hrs per wk", Decimal("1.5")),
        ("5 hours weekly", Decimal("5")),
        ("3-5 hours a month", Decimal("0.69")),
        ("4 hours per month", Decimal("0.92")),
        ("2-4 hours", None),  # no period
        ("A few hours", None),
        ("0 hours per week", None),
        ("500 hours per week", None),
        ("", None),
    ],
)
def test_duration_gives_hours_per_week_only_when_it_names_a_period(duration, expected):
    assert read_hours_per_week(duration) == expected


@pytest.mark.parametrize(
    ("activities", "causes", "skills"),
    [
        ([{"name": "Tutoring", "category": "Education & Literacy"}], ("education-literacy",), ("tutoring",)),
        (
            [{"name": "Advocacy", "category": "Legal"}],
            ("justice-legal", "advocacy-human-rights"),
            ("public-speaking",),
        ),
        (
            [{"name": "Grant Writing", "category": "Hunger & Food Security"}],
            ("hunger",),
            ("writing", "fundraising"),
        ),
        ([{"name": "Special Events", "category": "Arts & Culture"}], ("arts-culture",), ("event-planning",)),
        ([{"name": "Dog Walking", "category": "Animal Welfare"}], ("animals",), ()),
        ([{"name": "Social Media", "category": "Technology"}], ("technology",), ("social-media",)),
        (
            [{"name": "Active Listening", "category": "Mental Health"}],
            ("health-medicine", "crisis-mental-health"),
            ("counselling",),
        ),
        ([{"name": "Bookkeeping", "category": "Seniors"}], ("seniors",), ("finance-accounting",)),
        ([{"name": "Friendly Visiting", "category": "Misc"}], (), ()),
        ([{"name": "Coaching"}], (), ("mentoring",)),  # a name alone, no category
        ("Tutoring", (), ()),  # not a list
    ],
)
def test_activities_map_to_causes_and_skills_through_keyword_rules(activities, causes, skills):
    listing = _one(activities=activities)
    assert (listing.cause_slugs, listing.skill_slugs) == (causes, skills)


def test_categories_name_the_cause_but_never_a_skill():
    # "Legal" as a category is the area (a cause); only an activity's name says what one does.
    assert _one(activities=[{"name": "Reception", "category": "Legal"}]).skill_slugs == ("administration",)


def test_only_taxonomy_slugs_are_ever_emitted():
    for run in ("run1", "run2"):
        for listing in _run(run).values():
            assert set(listing.cause_slugs) <= cause_slugs()
            assert set(listing.skill_slugs) <= skill_slugs()


def test_source_categories_are_names_then_categories_without_repeats():
    assert _run("run1")["48901"].source_categories == (
        "Translation",
        "Immigrants & Newcomers",
        "Arts & Culture",
    )


def test_relative_urls_are_resolved_against_the_page_address():
    minimal, helpline = _run("run1")["49002"], _run("run1")["49010"]
    assert minimal.url == "https://www.volunteerconnector.org/opportunity/49002-board-treasurer/"
    assert helpline.organization_url == "https://www.volunteerconnector.org/org/alberta-distress-centre/"


def test_a_result_with_only_id_title_and_url_is_kept_with_empty_fields():
    minimal = _run("run1")["49002"]
    assert (minimal.title, minimal.location_type, minimal.remote_scope) == (
        "Board Treasurer (virtual meetings)",
        "remote",
        "worldwide",
    )
    assert (minimal.description_html, minimal.organization_name, minimal.commitment_text) == ("", "", "")
    assert (minimal.cause_slugs, minimal.skill_slugs, minimal.schedule, minimal.hours_per_week) == (
        (),
        (),
        "",
        None,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"organization": "Frontier Literacy"},
        {"organization": {"name": 5, "url": ["x"]}},
        {"audience": "national"},
        {"dates": 2026, "duration": 2},
        {"description": {"text": "x"}},
        {"activities": [None, "Tutoring", {"name": 3}]},
    ],
)
def test_a_wrongly_typed_field_drops_only_that_field(fields):
    listing = _one(**fields)
    assert (listing.source_item_id, listing.title) == ("1", "Phone buddy")


def test_bad_results_become_rejections_and_the_rest_of_the_page_is_kept():
    page = _page(
        "not an object",
        _item(id=None),
        _item(id=True),
        _item(title=""),
        _item(url=None),
        _item(url="javascript:alert(1)"),
        _item(id=7),
    )
    result = ADAPTER.parse_page(page, request=PAGE_1)
    assert [listing.source_item_id for listing in result.listings] == ["7"]
    assert [(r.position, r.item_id, r.reason) for r in result.rejections] == [
        (0, "", "result is not an object"),
        (1, "None", 'result has no "id"'),
        (2, "True", 'result has no "id"'),
        (3, "1", 'result has no "title"'),
        (4, "1", 'result has no http(s) "url"'),
        (5, "1", 'result has no http(s) "url"'),
    ]


def test_a_truncated_page_is_a_permanent_error_saying_so():
    with pytest.raises(FeedError, match="not valid JSON") as caught:
        ADAPTER.parse_page(_fixture("malformed.json"), request=PAGE_1)
    assert caught.value.permanent is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_fixture("wrong_shape.json"), "\"results\" must be a list \\(the API said: 'Invalid page.'\\)"),
        (b'{"count": 0, "results": {"id": 1}}', '"results" must be a list\\.'),
        (b"[]", '"results" must be a list\\.'),
    ],
)
def test_a_page_of_the_wrong_shape_is_a_permanent_error_saying_what_was_wrong(body, message):
    with pytest.raises(FeedError, match=f"Not a VolunteerConnector page: {message}") as caught:
        ADAPTER.parse_page(body, request=PAGE_1)
    assert caught.value.permanent is True


def test_parse_reads_one_page_file_on_its_own():
    result = ADAPTER.parse(_fixture("run1_page1.json"), base_url=f"{API}?page=1")
    assert [listing.source_item_id for listing in result.listings] == ["48884", "48901", "48950"]
    assert (result.next_request, result.complete_snapshot) == (None, False)


def test_a_page_read_from_a_file_resolves_relative_links_against_the_site():
    (minimal, _) = ADAPTER.parse(_fixture("run1_page2.json")).listings
    assert minimal.url == "https://www.volunteerconnector.org/opportunity/49002-board-treasurer/"


def test_the_second_snapshot_changes_one_drops_one_and_adds_one():
    first, second = _run("run1"), _run("run2")
    assert set(first) == {"48884", "48901", "48950", "49002", "49010"}
    assert set(second) == {"48884", "48901", "49002", "49010", "49120"}
    assert second["48901"].title == "Traduction de fiches d'accueil (arabe, dari)"
    assert second["48901"].title != first["48901"].title
    for unchanged in ("48884", "49002", "49010"):
        assert second[unchanged] == first[unchanged]
    grants = second["49120"]
    assert (grants.cause_slugs, grants.skill_slugs) == (("hunger",), ("writing", "fundraising"))
    assert (grants.starts_at, grants.ends_at) == (
        datetime(2026, 5, 1, tzinfo=UTC),
        datetime(2026, 6, 30, tzinfo=UTC),
    )
    assert grants.hours_per_week == Decimal("5")


def test_a_rule_naming_a_slug_the_taxonomy_lacks_is_never_emitted(monkeypatch):
    monkeypatch.setattr(volunteerconnector, "CAUSE_KEYWORDS", ((r"tutor", "tutoring-cause"),))
    monkeypatch.setattr(volunteerconnector, "SKILL_KEYWORDS", ((r"tutor", "teach"), (r"tutor", "tutoring")))
    listing = _one(activities=[{"name": "Tutoring", "category": "Education"}])
    assert (listing.cause_slugs, listing.skill_slugs) == ((), ("tutoring",))
