"""The Idealist adapter: requests it builds, pages and details it reads. Pure: fixtures only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from opportunities.feeds import get_adapter
from opportunities.feeds.base import FeedError, ListingData, PageRequest, Withdrawal
from opportunities.feeds.idealist import FUNCTION_SKILLS, IdealistAdapter
from opportunities.taxonomy import skill_slugs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "idealist"
ENDPOINT = "https://www.idealist.org/api/v1/listings/volops"
CREDENTIALS = {"api_key": "k3y-abc"}
V1 = "3f9a1c7e5b2d4e8f9a0b1c2d3e4f5a6b"  # remote, WORLD
V2 = "8c2e4a6b0d1f4357b9a8c7d6e5f40312"  # remote, COUNTRY, in Spanish
V3 = "b71d5e3c9a2f4b6e8d0c1a3f5e7b9d24"  # hybrid, STATE
V4 = "e4c8a2f6b0d94e1c8b7a6f5e4d3c2b10"  # on site, optional fields missing
V5 = "5a0b9c8d7e6f40312a1b2c3d4e5f6a7b"  # its detail is a 404
V6 = "c3d2e1f0a9b84c7d6e5f4a3b2c1d0e9f"  # isPublished: false
RUN1_CURSOR = {"since": "2026-03-02T13:45:09.330021Z"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def split(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query, keep_blank_values=True)


@pytest.fixture
def adapter() -> IdealistAdapter:
    return IdealistAdapter()


@pytest.fixture
def first(adapter) -> PageRequest:
    return adapter.first_request(url=ENDPOINT, cursor={}, credentials=CREDENTIALS, full=False)


@pytest.fixture
def page1(adapter, first):
    return adapter.parse_page(fixture("run1_page1.json"), request=first)


@pytest.fixture
def page2(adapter, page1):
    return adapter.parse_page(fixture("run1_page2.json"), request=page1.next_request)


def detail(adapter, item_id: str, name: str | None = None) -> ListingData | Withdrawal:
    request = PageRequest(url=f"{ENDPOINT}/{item_id}", item_id=item_id)
    return adapter.parse_detail(fixture(name or f"detail_{item_id}.json"), request=request)


# --- requests -------------------------------------------------------------------------------


def test_the_registry_names_the_adapter():
    adapter = get_adapter("idealist")
    assert isinstance(adapter, IdealistAdapter)
    assert adapter.required_credentials == ("api_key",)
    assert adapter.full_snapshot is False


def test_a_first_sync_reads_from_1970_with_basic_auth_and_json(first):
    assert split(first.url) == (ENDPOINT, {"since": ["1970-01-01T00:00:00Z"]})
    assert first.auth == ("k3y-abc", "")
    assert ("Accept", "application/json") in first.headers


@pytest.mark.parametrize("cursor", [{}, {"since": "garbage"}, {"since": None}])
def test_without_a_usable_cursor_the_read_starts_in_1970(adapter, cursor):
    request = adapter.first_request(url=ENDPOINT, cursor=cursor, credentials=CREDENTIALS, full=False)
    assert split(request.url)[1] == {"since": ["1970-01-01T00:00:00Z"]}


def test_the_first_request_of_a_run_starts_five_minutes_before_the_cursor(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=False)
    endpoint, query = split(request.url)
    assert endpoint == ENDPOINT
    assert query == {"since": ["2026-03-02T13:40:09.330021Z"], "includeUnpublished": ["true"]}
    assert request.auth == ("k3y-abc", "")


def test_a_full_reconcile_ignores_the_cursor(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=True)
    assert split(request.url)[1] == {"since": ["1970-01-01T00:00:00Z"]}


def test_a_query_or_trailing_slash_on_the_source_url_is_not_kept(adapter):
    url = f"{ENDPOINT}/?since=x"
    request = adapter.first_request(url=url, cursor={}, credentials=CREDENTIALS, full=False)
    assert split(request.url) == (ENDPOINT, {"since": ["1970-01-01T00:00:00Z"]})


def test_since_keeps_its_colons_readable(first):
    assert "since=1970-01-01T00:00:00Z" in first.url


# --- list pages -------------------------------------------------------------------------------


def test_a_page_asks_for_the_detail_of_each_published_summary(page1, first):
    assert [request.item_id for request in page1.detail_requests] == [V1, V2, V3]
    for request in page1.detail_requests:
        assert request.url == f"{ENDPOINT}/{request.item_id}"
        assert request.auth == first.auth
        assert ("Accept", "application/json") in request.headers
    assert page1.listings == []
    assert page1.complete_snapshot is False


def test_the_next_page_starts_at_the_last_updated_without_overlap(page1):
    endpoint, query = split(page1.next_request.url)
    assert endpoint == ENDPOINT
    assert query == {"since": ["2026-03-02T10:05:47.000311Z"]}
    assert page1.next_request.auth == ("k3y-abc", "")


def test_the_cursor_after_each_page_is_its_last_updated(page1, page2):
    assert page1.cursor == {"since": "2026-03-02T10:05:47.000311Z"}
    assert page2.cursor == RUN1_CURSOR


def test_the_last_page_has_no_next_request(page2):
    assert page2.next_request is None


def test_an_unpublished_summary_is_a_withdrawal_with_its_version(page2):
    assert page2.withdrawals == [
        Withdrawal(V6, source_modified="2026-03-02T13:45:09.330021Z", reason="isPublished: false")
    ]
    assert [request.item_id for request in page2.detail_requests] == [V4, V5]


def test_an_incremental_run_keeps_asking_for_unpublished_listings_on_later_pages(adapter):
    cursor = {"since": "2026-03-01T00:00:00Z"}
    request = adapter.first_request(url=ENDPOINT, cursor=cursor, credentials=CREDENTIALS, full=False)
    page = adapter.parse_page(fixture("run1_page1.json"), request=request)
    assert split(page.next_request.url)[1]["includeUnpublished"] == ["true"]


def test_run_two_rereads_the_changed_listing_and_withdraws_the_unpublished_one(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=False)
    page = adapter.parse_page(fixture("run2_page1.json"), request=request)
    assert [r.item_id for r in page.detail_requests] == [V1]
    assert page.withdrawals == [Withdrawal(V3, "2026-03-03T09:12:45.015300Z", "isPublished: false")]
    assert page.cursor == {"since": "2026-03-03T09:12:45.015300Z"}
    assert page.next_request is None
    listing = adapter.parse_detail(fixture(f"run2_detail_{V1}.json"), request=page.detail_requests[0])
    assert listing.title == "Remote grant writer (foundations and corporate giving)"
    assert listing.source_modified == "2026-03-03T07:30:12.640000Z"


def test_an_empty_page_leaves_the_cursor_alone(adapter, first):
    page = adapter.parse_page(b'{"volops": [], "hasMore": false}', request=first)
    assert page.cursor is None
    assert page.next_request is None
    assert page.detail_requests == []
    assert page.withdrawals == []


def test_a_bad_summary_is_rejected_and_the_rest_of_the_page_is_read(adapter, first):
    body = {
        "volops": [
            "not an object",
            {"updated": "2026-03-02T08:00:00Z", "name": "no id"},
            {"id": True, "updated": "2026-03-02T08:30:00Z"},
            {"id": 12345, "updated": "2026-03-02T09:00:00Z", "isPublished": True},
        ],
        "hasMore": False,
    }
    page = adapter.parse_page(json.dumps(body).encode(), request=first)
    assert [(r.position, r.reason) for r in page.rejections] == [
        (0, "summary is not an object"),
        (1, 'summary has no "id"'),
        (2, 'summary has no "id"'),
    ]
    assert [r.item_id for r in page.detail_requests] == ["12345"]
    assert page.cursor == {"since": "2026-03-02T09:00:00.000000Z"}


def test_a_summary_repeated_on_a_page_is_requested_once(adapter, first):
    summary = {"id": V1, "updated": "2026-03-02T08:00:00Z", "isPublished": True}
    body = json.dumps({"volops": [summary, summary], "hasMore": False}).encode()
    assert [r.item_id for r in adapter.parse_page(body, request=first).detail_requests] == [V1]


def test_a_summary_published_then_unpublished_on_one_page_is_only_withdrawn(adapter, first):
    body = {
        "volops": [
            {"id": V1, "updated": "2026-03-02T08:00:00Z", "isPublished": True},
            {"id": V1, "updated": "2026-03-02T08:05:00Z", "isPublished": False},
        ],
        "hasMore": False,
    }
    page = adapter.parse_page(json.dumps(body).encode(), request=first)
    assert page.detail_requests == []
    assert [w.source_item_id for w in page.withdrawals] == [V1]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", '"volops" must be a list'),
        (b'{"volops": {}, "hasMore": false}', '"volops" must be a list'),
        (b'{"jobs": [], "hasMore": false}', '"volops" must be a list'),
        (b'{"volops": []}', '"hasMore" must be true or false'),
        (b'{"volops": [], "hasMore": "yes"}', '"hasMore" must be true or false'),
    ],
)
def test_an_unusable_page_is_a_permanent_error(adapter, first, body, message):
    with pytest.raises(FeedError, match=message) as caught:
        adapter.parse_page(body, request=first)
    assert caught.value.permanent is True
    assert "Idealist listings page" in str(caught.value)


@pytest.mark.parametrize(
    "volops",
    [
        [],  # hasMore with nothing on the page
        [{"id": V1, "updated": "2026-03-02T10:05:47.000311Z"}],  # nothing after `since`
        [{"id": V1}],  # no usable `updated`
    ],
)
def test_has_more_without_progress_is_an_error_not_an_endless_loop(adapter, volops):
    request = PageRequest(url=f"{ENDPOINT}?since=2026-03-02T10:05:47.000311Z")
    body = json.dumps({"volops": volops, "hasMore": True}).encode()
    with pytest.raises(FeedError, match="paging would repeat this page") as caught:
        adapter.parse_page(body, request=request)
    assert caught.value.permanent is True


def test_parse_reads_one_page_file_on_its_own(adapter):
    page = adapter.parse(fixture("run1_page2.json"))
    assert page.withdrawals == [Withdrawal(V6, "2026-03-02T13:45:09.330021Z", "isPublished: false")]
    assert page.next_request is None
    assert page.detail_requests == []
    assert page.complete_snapshot is False


def test_parse_of_a_page_with_more_to_come_stops_there(adapter):
    page = adapter.parse(fixture("run1_page1.json"), base_url=ENDPOINT)
    assert page.next_request is None
    assert page.detail_requests == []
    assert page.cursor == {"since": "2026-03-02T10:05:47.000311Z"}


# --- details ----------------------------------------------------------------------------------


def test_a_404_on_a_detail_withdraws_that_listing(adapter, page2):
    request = next(r for r in page2.detail_requests if r.item_id == V5)
    assert adapter.parse_detail(None, request=request) == Withdrawal(V5, reason="404 on detail")


def test_a_detail_that_says_unpublished_is_a_withdrawal(adapter):
    body = {"volop": {"id": V1, "updated": "2026-03-04T10:00:00Z", "isPublished": False, "name": "x"}}
    request = PageRequest(url=f"{ENDPOINT}/{V1}", item_id=V1)
    assert adapter.parse_detail(json.dumps(body).encode(), request=request) == Withdrawal(
        V1, "2026-03-04T10:00:00.000000Z", "isPublished: false"
    )


REMOTE_WORLD = {
    "source_item_id": V1,
    "title": "Remote grant writer for a community food bank",
    "url": f"https://www.idealist.org/en/volunteer-opportunity/{V1}-remote-grant-writer",
    "apply_url": "https://eastsidefoodbank.example.org/volunteer/grant-writer",
    "organization_name": "Eastside Community Food Bank",
    "organization_url": "https://www.idealist.org/en/nonprofit/0d1e2f3a4b5c46d7e8f9a0b1c2d3e4f5-eastside-community-food-bank",
    "organization_country": "US",
    "location_type": "remote",
    "remote_scope": "worldwide",
    "eligible_countries": (),
    "city": "Seattle",
    "region": "Washington",
    "country": "US",
    "timezone": "America/Los_Angeles",
    "schedule": "ongoing",
    "starts_at": None,
    "ends_at": None,
    "hours_per_week": Decimal("4"),
    "commitment_text": "2-4 hours per week",
    "languages": ("en",),
    "cause_slugs": ("hunger", "poverty"),
    "skill_slugs": ("writing", "fundraising", "research"),
    "source_categories": (
        "areasOfFocus HUNGER_FOOD_SECURITY",
        "areasOfFocus POVERTY",
        "functions WRITING_EDITING",
        "functions FUNDRAISING",
        "functions RESEARCH",
    ),
    "posted_at": datetime(2026, 2, 10, 14, 2, 55, 118004, tzinfo=UTC),
    "source_updated_at": datetime(2026, 3, 2, 8, 15, 11, 204518, tzinfo=UTC),
    "expires_at": datetime(2026, 6, 30, 23, 59, 59, tzinfo=UTC),
    "source_modified": "2026-03-02T08:15:11.204518Z",
}
REMOTE_COUNTRY_SPANISH = {
    "title": "Tutor/a de español en línea para familias recién llegadas",
    "url": f"https://www.idealist.org/es/oportunidad-voluntariado/{V2}-tutora-espanol",
    "apply_url": "",  # applyEmail only
    "organization_url": "https://www.idealist.org/es/ong/1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6-puentes-comunitarios",
    "location_type": "remote",
    "remote_scope": "countries",
    "eligible_countries": ("MX",),
    "country": "MX",
    "timezone": "America/Mexico_City",
    "schedule": "one_time",
    "starts_at": datetime(2026, 4, 4, 16, 0, tzinfo=UTC),  # 10:00 in Mexico City (UTC-6)
    "ends_at": datetime(2026, 4, 4, 19, 30, tzinfo=UTC),
    "hours_per_week": None,
    "commitment_text": "Una sesión de 3 horas y media",
    "languages": ("es",),
    "cause_slugs": ("education-literacy", "immigrants-refugees"),
    "skill_slugs": ("tutoring", "translation"),
}
HYBRID_STATE = {
    "location_type": "hybrid",
    "remote_scope": "region",
    "region": "Oregon",
    "city": "Portland",  # hybrid: the on-site part is there
    "country": "US",  # from "USA"
    "eligible_countries": ("US",),
    "timezone": "",  # "Not/AZone" is no IANA zone
    "starts_at": datetime(2026, 3, 16, tzinfo=UTC),  # a date alone: 00:00 UTC
    "schedule": "ongoing",
    "commitment_text": "A few hours a month",
    "hours_per_week": None,
    "cause_slugs": ("environment",),  # the listing's list is empty: the organisation's is used
    "skill_slugs": ("it-support",),  # BOARD_MEMBER is unknown and dropped
    "source_categories": (
        "areasOfFocus ENVIRONMENT",
        "areasOfFocus CLIMATE_CHANGE",
        "functions TECHNOLOGY",
        "functions BOARD_MEMBER",
    ),
    "expires_at": None,
}
ONSITE_SPARSE = {
    "title": "Weekend warehouse sorter",
    "location_type": "onsite",
    "remote_scope": "",
    "eligible_countries": (),
    "city": "Chicago",
    "region": "Illinois",
    "country": "US",
    "organization_name": "",
    "organization_url": "",
    "description_html": "",
    "apply_url": "",
    "starts_at": None,
    "schedule": "flexible",
    "commitment_text": "",  # a number, not text: dropped
    "hours_per_week": None,
    "cause_slugs": (),
    "skill_slugs": (),  # a string, not a list: dropped
    "source_categories": (),
    "languages": (),
    "expires_at": None,
}
CASES = [(V1, REMOTE_WORLD), (V2, REMOTE_COUNTRY_SPANISH), (V3, HYBRID_STATE), (V4, ONSITE_SPARSE)]


@pytest.mark.parametrize(
    ("item_id", "field", "expected"),
    [(item_id, field, value) for item_id, fields in CASES for field, value in fields.items()],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_a_detail_maps_to_a_listing(adapter, item_id, field, expected):
    listing = detail(adapter, item_id)
    assert isinstance(listing, ListingData)
    assert getattr(listing, field) == expected


def test_a_detail_keeps_its_html_and_raw_object(adapter):
    listing = detail(adapter, V1)
    assert listing.description_html.startswith("<p>Help us write <strong>two grant proposals</strong>")
    assert listing.raw["id"] == V1
    assert listing.raw["org"]["name"] == "Eastside Community Food Bank"


def test_a_remote_state_listing_is_not_bound_to_the_organisations_city(adapter):
    volop = json.loads(fixture(f"detail_{V3}.json"))["volop"] | {"locationType": "REMOTE"}
    request = PageRequest(url=f"{ENDPOINT}/{V3}", item_id=V3)
    listing = adapter.parse_detail(json.dumps({"volop": volop}).encode(), request=request)
    assert (listing.remote_scope, listing.region, listing.city) == ("region", "Oregon", "")


def test_a_remote_city_listing_keeps_its_city(adapter):
    changes = {"locationType": "REMOTE", "remoteZone": "CITY"}
    volop = json.loads(fixture(f"detail_{V3}.json"))["volop"] | changes
    request = PageRequest(url=f"{ENDPOINT}/{V3}", item_id=V3)
    listing = adapter.parse_detail(json.dumps({"volop": volop}).encode(), request=request)
    assert (listing.remote_scope, listing.city, listing.eligible_countries) == ("region", "Portland", ("US",))


def test_an_onsite_listing_has_no_remote_scope_even_if_a_zone_is_given(adapter):
    volop = json.loads(fixture(f"detail_{V4}.json"))["volop"] | {"remoteZone": "WORLD"}
    request = PageRequest(url=f"{ENDPOINT}/{V4}", item_id=V4)
    assert adapter.parse_detail(json.dumps({"volop": volop}).encode(), request=request).remote_scope == ""


@pytest.mark.parametrize(
    ("expected_time", "text", "hours"),
    [
        ("3 hours per week", "3 hours per week", Decimal("3")),
        ("2-4 hrs a week", "2-4 hrs a week", Decimal("4")),
        ("About 1.5 h/week", "About 1.5 h/week", Decimal("1.5")),
        ("5 to 10 hours each week", "5 to 10 hours each week", Decimal("10")),
        ("10 hours per month", "10 hours per month", None),
        ("FEW_HOURS_WEEK", "A few hours a week", None),
        ("SOME_NEW_CODE", "Some new code", None),
        ("400 hours per week", "400 hours per week", None),
        (None, "", None),
    ],
)
def test_expected_time_becomes_commitment_text_and_hours(adapter, expected_time, text, hours):
    volop = {"id": V1, "name": "x", "expectedTime": expected_time}
    request = PageRequest(url=f"{ENDPOINT}/{V1}", item_id=V1)
    listing = adapter.parse_detail(json.dumps({"volop": volop}).encode(), request=request)
    assert (listing.commitment_text, listing.hours_per_week) == (text, hours)


@pytest.mark.parametrize(
    ("fields", "starts_at", "schedule"),
    [
        ({"startDate": "2026-05-02", "startTime": "09:30", "timezone": "Europe/Berlin"},
         datetime(2026, 5, 2, 7, 30, tzinfo=UTC), "one_time"),  # CEST, UTC+2
        ({"startDate": "2026-05-02", "startTime": "09:30"}, datetime(2026, 5, 2, tzinfo=UTC), "one_time"),
        ({"startDate": "2026-05-02", "startTime": "late", "timezone": "Europe/Berlin"},
         datetime(2026, 5, 2, tzinfo=UTC), "one_time"),
        ({"startDate": "1066-10-14"}, None, "flexible"),
        ({"isRecurring": True, "startDate": "2026-05-02"}, datetime(2026, 5, 2, tzinfo=UTC), "ongoing"),
        ({}, None, "flexible"),
    ],
)  # fmt: skip
def test_dates_times_and_schedule(adapter, fields, starts_at, schedule):
    request = PageRequest(url=f"{ENDPOINT}/{V1}", item_id=V1)
    listing = adapter.parse_detail(json.dumps({"volop": {"name": "x", **fields}}).encode(), request=request)
    assert (listing.starts_at, listing.schedule) == (starts_at, schedule)
    assert starts_at is None or listing.starts_at.tzinfo is UTC


def test_the_first_url_of_any_language_is_used_when_there_is_no_english_one(adapter):
    volop = {"name": "x", "url": {"en": None, "es": "mailto:x@y", "pt": "https://www.idealist.org/pt/x"}}
    request = PageRequest(url=f"{ENDPOINT}/{V1}", item_id=V1)
    listing = adapter.parse_detail(json.dumps({"volop": volop}).encode(), request=request)
    assert listing.url == "https://www.idealist.org/pt/x"


def test_every_function_code_maps_to_a_known_skill():
    assert set(FUNCTION_SKILLS.values()) <= skill_slugs()


def test_the_request_id_names_the_listing_even_without_an_id_in_the_body(adapter):
    request = PageRequest(url=f"{ENDPOINT}/{V1}", item_id=V1)
    assert adapter.parse_detail(b'{"volop": {"name": "x"}}', request=request).source_item_id == V1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Server error</html>", "not valid JSON"),
        (b"[]", '"volop" must be an object'),
        (b'{"job": {}}', '"volop" must be an object'),
        (b'{"volop": {"id": "x1", "name": "  "}}', 'has no "name"'),
    ],
)
def test_an_unusable_detail_is_a_permanent_error(adapter, body, message):
    with pytest.raises(FeedError, match=message) as caught:
        adapter.parse_detail(body, request=PageRequest(url=f"{ENDPOINT}/x1", item_id="x1"))
    assert caught.value.permanent is True
    assert "Idealist" in str(caught.value)
