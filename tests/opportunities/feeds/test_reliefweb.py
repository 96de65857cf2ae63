"""The ReliefWeb adapter: the GET requests it builds and the job pages it reads. Pure: fixtures only."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

from opportunities.feeds import get_adapter
from opportunities.feeds.base import FeedError, PageRequest
from opportunities.feeds.reliefweb import FIELDS, ReliefWebAdapter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "reliefweb"
ENDPOINT = "https://api.reliefweb.int/v2/jobs"
CREDENTIALS = {"appname": "pitchin-Xk29"}
RUN1_CURSOR = {"since": "2026-03-01T16:20:42+00:00"}
BASE_PARAMS = {
    "appname": ["pitchin-Xk29"],
    "limit": ["200"],
    "offset": ["0"],
    "fields[include][]": list(FIELDS),
    "sort[]": ["date.changed:asc", "id:asc"],
    "filter[operator]": ["AND"],
    "filter[conditions][0][field]": ["type.name"],
    "filter[conditions][0][value]": ["Volunteer Opportunity"],
}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def split(url: str) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", parse_qs(parts.query, keep_blank_values=True)


def at_offset(request: PageRequest, offset: int) -> PageRequest:
    """The same request at another offset (as the adapter's own next requests are)."""
    parts = urlsplit(request.url)
    query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query) if k != "offset")
    return PageRequest(url=f"{ENDPOINT}?offset={offset}&{query}", headers=request.headers)


@pytest.fixture
def adapter() -> ReliefWebAdapter:
    return ReliefWebAdapter()


@pytest.fixture
def first(adapter) -> PageRequest:
    return adapter.first_request(url=ENDPOINT, cursor={}, credentials=CREDENTIALS, full=False)


@pytest.fixture
def page1(adapter, first):
    return adapter.parse_page(fixture("run1_page1.json"), request=first)


@pytest.fixture
def page2(adapter, page1):
    return adapter.parse_page(fixture("run1_page2.json"), request=page1.next_request)


def by_id(page) -> dict:
    return {listing.source_item_id: listing for listing in page.listings}


# --- requests -------------------------------------------------------------------------------


def test_the_registry_names_the_adapter():
    adapter = get_adapter("reliefweb")
    assert isinstance(adapter, ReliefWebAdapter)
    assert adapter.required_credentials == ("appname",)
    assert adapter.full_snapshot is False


def test_a_first_sync_filters_on_the_volunteer_type_only(first):
    assert split(first.url) == (ENDPOINT, BASE_PARAMS)
    assert ("Accept", "application/json") in first.headers
    assert first.auth is None


def test_the_first_request_of_a_run_filters_from_five_minutes_before_the_cursor(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=False)
    assert split(request.url) == (
        ENDPOINT,
        BASE_PARAMS
        | {
            "filter[conditions][1][field]": ["date.changed"],
            "filter[conditions][1][value][from]": ["2026-03-01T16:15:42+00:00"],
        },
    )


def test_the_date_is_url_encoded_so_its_plus_sign_survives(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=False)
    assert "2026-03-01T16%3A15%3A42%2B00%3A00" in request.url


@pytest.mark.parametrize(
    ("cursor", "full"), [({}, False), ({"since": "not a date"}, False), (RUN1_CURSOR, True)]
)
def test_no_date_condition_without_a_usable_cursor_or_on_a_full_read(adapter, cursor, full):
    request = adapter.first_request(url=ENDPOINT, cursor=cursor, credentials=CREDENTIALS, full=full)
    assert split(request.url)[1] == BASE_PARAMS


def test_a_query_on_the_source_url_is_replaced(adapter):
    request = adapter.first_request(
        url=f"{ENDPOINT}?appname=old&limit=5", cursor={}, credentials=CREDENTIALS, full=False
    )
    assert split(request.url) == (ENDPOINT, BASE_PARAMS)


# --- paging and the cursor --------------------------------------------------------------------


def test_the_next_request_moves_the_offset_and_keeps_everything_else(page1, first):
    endpoint, query = split(page1.next_request.url)
    assert endpoint == ENDPOINT
    assert query == BASE_PARAMS | {"offset": ["3"]}
    assert page1.next_request.headers == first.headers


def test_the_last_page_has_no_next_request(page2):
    assert page2.next_request is None


def test_the_cursor_after_each_page_is_the_newest_change_seen(page1, page2):
    assert page1.cursor == {"since": "2026-03-01T12:45:10+00:00"}
    assert page2.cursor == RUN1_CURSOR


def test_the_cursor_counts_rejected_postings_too(adapter, first):
    body = json.loads(fixture("run1_page1.json"))
    body["data"] = [body["data"][1]]  # the Job posting only: rejected, but read
    page = adapter.parse_page(json.dumps(body).encode(), request=first)
    assert page.listings == []
    assert page.cursor == {"since": "2026-03-01T11:30:00+00:00"}


def test_the_cursor_is_the_newest_change_whatever_the_order_on_the_page(adapter, first):
    body = json.loads(fixture("run1_page1.json"))
    body["data"].reverse()
    page = adapter.parse_page(json.dumps(body).encode(), request=first)
    assert page.cursor == {"since": "2026-03-01T12:45:10+00:00"}


def test_an_empty_page_leaves_the_cursor_alone_and_stops(adapter, first):
    page = adapter.parse_page(b'{"totalCount": 40, "count": 0, "data": []}', request=first)
    assert page.cursor is None
    assert page.next_request is None


def page_of(size: int, total: int) -> bytes:
    """A page of `size` copies of a volunteer posting (distinct ids), out of `total`."""
    posting = json.loads(fixture("run1_page1.json"))["data"][0]
    data = [posting | {"id": str(5000000 + n)} for n in range(size)]
    return json.dumps({"totalCount": total, "count": size, "data": data}).encode()


@pytest.mark.parametrize(
    ("offset", "size", "total", "has_next"),
    [
        (0, 200, 5000, True),
        (600, 200, 5000, True),
        (800, 200, 5000, False),  # the fifth page of 200: the run stops at offset 1,000
        (996, 3, 5000, True),  # short pages: the cap is the offset, not the page count
        (997, 3, 5000, False),
        (0, 3, 3, False),  # everything read
        (0, 200, 200, False),
    ],
)
def test_one_run_reads_at_most_a_thousand_postings(adapter, first, offset, size, total, has_next):
    page = adapter.parse_page(page_of(size, total), request=at_offset(first, offset))
    assert (page.next_request is not None) == has_next
    if has_next:
        assert split(page.next_request.url)[1]["offset"] == [str(offset + size)]
    assert page.cursor == {"since": "2026-03-01T10:00:00+00:00"}  # progress is kept when stopping


def test_a_run_stopped_by_the_cap_goes_on_from_its_cursor(adapter, first):
    page = adapter.parse_page(page_of(200, 5000), request=at_offset(first, 800))
    assert page.next_request is None
    request = adapter.first_request(url=ENDPOINT, cursor=page.cursor, credentials=CREDENTIALS, full=False)
    query = split(request.url)[1]
    assert query["offset"] == ["0"]
    assert query["filter[conditions][1][value][from]"] == ["2026-03-01T09:55:00+00:00"]


def test_run_two_reads_the_changed_and_the_new_posting(adapter):
    request = adapter.first_request(url=ENDPOINT, cursor=RUN1_CURSOR, credentials=CREDENTIALS, full=False)
    page = adapter.parse_page(fixture("run2_page1.json"), request=request)
    listings = by_id(page)
    assert list(listings) == ["4201337", "4201608"]
    changed = listings["4201337"]
    assert changed.title == "Community Health Volunteer Coordinator (Volunteer) – deadline extended"
    assert changed.source_modified == "2026-03-02T08:00:00.000000Z"
    assert changed.expires_at == datetime(2026, 4, 15, tzinfo=UTC)
    assert listings["4201608"].country == "SY"  # iso3 "syr": ReliefWeb's name is not in our table
    assert page.cursor == {"since": "2026-03-02T09:30:00+00:00"}
    assert page.next_request is None
    assert page.withdrawals == []  # ReliefWeb has no deletions: closing dates expire postings


# --- postings ---------------------------------------------------------------------------------


def test_a_non_volunteer_posting_is_rejected_with_a_reason(page1):
    assert [(r.position, r.item_id, r.reason) for r in page1.rejections] == [
        (1, "4201402", "not a volunteer posting (type: Job)")
    ]
    assert list(by_id(page1)) == ["4201337", "4201455"]


@pytest.mark.parametrize(
    ("posting", "reason"),
    [
        ("not an object", 'posting has no "fields" object'),
        ({"id": "1"}, 'posting has no "fields" object'),
        ({"fields": {"title": "x", "type": [{"name": "Volunteer Opportunity"}]}}, 'posting has no "id"'),
        ({"id": "2", "fields": {"title": "x"}}, "not a volunteer posting (type: none)"),
        ({"id": "3", "fields": {"title": "x", "type": "Volunteer"}}, "not a volunteer posting (type: none)"),
        ({"id": "4", "fields": {"title": " ", "type": [{"name": "Volunteer"}]}}, 'posting has no "title"'),
    ],
)
def test_a_bad_posting_is_rejected_and_the_page_goes_on(adapter, first, posting, reason):
    good = json.loads(fixture("run1_page1.json"))["data"][0]
    body = {"totalCount": 2, "count": 2, "data": [posting, good]}
    page = adapter.parse_page(json.dumps(body).encode(), request=first)
    assert [r.reason for r in page.rejections] == [reason]
    assert list(by_id(page)) == ["4201337"]


KENYA = {
    "title": "Community Health Volunteer Coordinator (Volunteer)",
    "url": "https://reliefweb.int/job/4201337/community-health-volunteer-coordinator-volunteer",
    "apply_url": "",
    "organization_name": "Kenya Red Cross Society",
    "organization_url": "https://www.redcross.or.ke",
    "country": "KE",  # from iso3 "ken"
    "city": "Kisumu",
    "location_type": "",  # left to the service's text detection
    "remote_scope": "",
    "eligible_countries": (),
    "languages": ("en",),
    "source_categories": ("Health", "Coordination", "Program/Project Management", "0-2 years"),
    "posted_at": datetime(2026, 2, 20, 9, 12, 33, tzinfo=UTC),
    "source_updated_at": datetime(2026, 3, 1, 10, tzinfo=UTC),
    "expires_at": datetime(2026, 3, 31, tzinfo=UTC),
    "source_modified": "2026-03-01T10:00:00.000000Z",
    "description_html": (
        "<h3>About</h3><p>Kenya Red Cross Society seeks a <strong>volunteer coordinator</strong> "
        "for its community health programme in Kisumu.</p><h2>How to apply</h2>"
        '<p>Send your CV to <a href="mailto:volunteers@redcross.example.or.ke">'
        "volunteers@redcross.example.or.ke</a>.</p>"
    ),
}
WORLD_MARKDOWN = {
    "url": "https://reliefweb.int/node/4201455",  # no url_alias
    "organization_name": "UN Volunteers",
    "organization_url": "",
    "country": "",  # "World" is no country
    "city": "",
    "expires_at": None,
    "languages": ("fr", "en"),
    "source_categories": ("Coordination", "Information Management"),
    "description_html": (
        "<p>Translate situation reports from French into English.</p>"
        "<p>About 3 hours a week, from home.</p><h2>How to apply</h2>"
        '<p>Apply through the UN Volunteers online portal &amp; quote "RW-4201455".</p>'
    ),
}
TWO_COUNTRIES = {"country": "UA", "city": "Lviv", "organization_url": "https://www.nrc.no"}
SPARSE = {
    "title": "Volunteer Data Entry Assistant",
    "url": "https://reliefweb.int/job/4201511",
    "description_html": "",
    "organization_name": "",
    "country": "",
    "posted_at": None,
    "expires_at": None,
    "source_categories": (),
    "source_modified": "2026-03-01T16:20:42.000000Z",
}
CASES = [("4201337", KENYA), ("4201455", WORLD_MARKDOWN), ("4201490", TWO_COUNTRIES), ("4201511", SPARSE)]


@pytest.mark.parametrize(
    ("item_id", "field", "expected"),
    [(item_id, field, value) for item_id, fields in CASES for field, value in fields.items()],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_a_posting_maps_to_a_listing(page1, page2, item_id, field, expected):
    listing = (by_id(page1) | by_id(page2))[item_id]
    assert getattr(listing, field) == expected


def test_a_listing_keeps_the_raw_posting(page1):
    assert by_id(page1)["4201337"].raw["fields"]["source"][0]["shortname"] == "KRCS"


def test_the_id_may_come_from_the_fields_alone(adapter, first):
    posting = json.loads(fixture("run1_page1.json"))["data"][0]
    del posting["id"]
    body = {"totalCount": 1, "data": [posting]}
    assert by_id(adapter.parse_page(json.dumps(body).encode(), request=first)).keys() == {"4201337"}


def test_parse_reads_one_page_file_on_its_own(adapter):
    page = adapter.parse(fixture("run1_page1.json"), base_url=ENDPOINT)
    assert list(by_id(page)) == ["4201337", "4201455"]
    assert [r.item_id for r in page.rejections] == ["4201402"]
    assert page.next_request is None
    assert page.complete_snapshot is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>Forbidden</html>", "not valid JSON"),
        (b"[]", '"data" must be a list'),
        (b'{"totalCount": 1, "data": {}}', '"data" must be a list'),
        (b'{"error": {"status": 400, "message": "Invalid appname"}}', '"data" must be a list'),
        (b'{"data": []}', '"totalCount" must be a whole number'),
        (b'{"totalCount": "5", "data": []}', '"totalCount" must be a whole number'),
        (b'{"totalCount": true, "data": []}', '"totalCount" must be a whole number'),
    ],
)
def test_an_unusable_page_is_a_permanent_error(adapter, first, body, message):
    with pytest.raises(FeedError, match=message) as caught:
        adapter.parse_page(body, request=first)
    assert caught.value.permanent is True
    assert "ReliefWeb API page" in str(caught.value)
