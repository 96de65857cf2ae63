from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opportunities.feeds import hotosm
from opportunities.feeds.base import FeedError, PageRequest, Withdrawal
from opportunities.feeds.hotosm import HotosmAdapter
from opportunities.taxonomy import cause_slugs, skill_slugs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "hotosm"
SOURCE = "https://tasking-manager-tm4-production-api.hotosm.org/api/v2/projects/"
ACCEPT = (("Accept", "application/json"),)
PAGE_1 = PageRequest(url=f"{SOURCE}?page=1&omitMapResults=true", headers=ACCEPT)
ADAPTER = HotosmAdapter()


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _page(*results: object, pagination: object = None) -> bytes:
    pagination = pagination or {"hasNext": False, "page": 1, "pages": 1}
    return json.dumps({"mapResults": {}, "results": results, "pagination": pagination}).encode()


def _project(**fields: object) -> dict[str, object]:
    return {"projectId": 101, "name": "Buildings in Goma", "status": "PUBLISHED", **fields}


def _one(**fields: object):
    (listing,) = ADAPTER.parse_page(_page(_project(**fields)), request=PAGE_1).listings
    return listing


def _run(run: str):
    """A whole run as the service makes it: first request, then every next_request, in order."""
    request = ADAPTER.first_request(url=SOURCE, cursor={}, credentials={}, full=True)
    listings, withdrawals = {}, {}
    for number in (1, 2):
        assert request is not None
        assert request.url == (PAGE_1.url if number == 1 else f"{SOURCE}?omitMapResults=true&page={number}")
        page = ADAPTER.parse_page(_fixture(f"{run}_page{number}.json"), request=request)
        assert page.rejections == []
        listings |= {listing.source_item_id: listing for listing in page.listings}
        withdrawals |= {withdrawal.source_item_id: withdrawal for withdrawal in page.withdrawals}
        request = page.next_request
    assert request is None
    return listings, withdrawals


def test_it_is_a_full_snapshot_api_needing_no_credentials():
    assert (ADAPTER.format, ADAPTER.full_snapshot, ADAPTER.required_credentials) == ("hotosm", True, ())


@pytest.mark.parametrize(
    ("source_url", "expected"),
    [
        (SOURCE, f"{SOURCE}?page=1&omitMapResults=true"),
        (f"{SOURCE}?orderBy=priority&page=9", f"{SOURCE}?orderBy=priority&page=1&omitMapResults=true"),
        (f"{SOURCE}?omitMapResults=false", f"{SOURCE}?omitMapResults=false&page=1"),  # the source's choice
    ],
)
def test_the_first_request_asks_for_page_one_without_map_results(source_url, expected):
    request = ADAPTER.first_request(url=source_url, cursor={"page": 4}, credentials={}, full=False)
    assert request == PageRequest(url=expected, headers=ACCEPT)


def test_it_follows_has_next_and_stops_at_the_last_page():
    page_1 = ADAPTER.parse_page(_fixture("run1_page1.json"), request=PAGE_1)
    assert page_1.next_request == PageRequest(url=f"{SOURCE}?omitMapResults=true&page=2", headers=ACCEPT)
    assert (page_1.cursor, page_1.complete_snapshot) == (None, False)
    assert ADAPTER.parse_page(_fixture("run1_page2.json"), request=page_1.next_request).next_request is None


@pytest.mark.parametrize(
    ("pagination", "next_page"),
    [
        ({"hasNext": True, "page": 3, "nextNum": 4}, 4),
        ({"hasNext": True, "page": 3}, 4),  # no nextNum: the page after
        ({"hasNext": True, "page": 3, "nextNum": None}, 4),
        ({"hasNext": True, "nextNum": 2}, 2),  # no page: the requested page=1 is the guard
        ({"hasNext": False, "page": 3, "nextNum": 4}, None),
        ({"hasNext": "true", "page": 3}, None),
        ({"hasNext": True, "page": 3, "nextNum": 3}, None),  # itself
        ({"hasNext": True, "page": 3, "nextNum": 2}, None),  # backwards
        ({"hasNext": True, "page": True}, 2),  # a bool is no page number
        ("not an object", None),
    ],
)
def test_the_next_request_is_the_following_page_only(pagination, next_page):
    request = ADAPTER.parse_page(_page(_project(), pagination=pagination), request=PAGE_1).next_request
    expected = f"{SOURCE}?omitMapResults=true&page={next_page}"
    assert request == (PageRequest(url=expected, headers=ACCEPT) if next_page else None)


def test_map_results_are_ignored():
    page = json.loads(_fixture("run1_page1.json"))
    page["mapResults"] = "anything at all"
    result = ADAPTER.parse_page(json.dumps(page).encode(), request=PAGE_1)
    assert [listing.source_item_id for listing in result.listings] == ["15432", "15500"]


def test_it_maps_every_field_of_a_published_project():
    flood = _run("run1")[0]["15432"]
    assert flood.title == "Cyclone Freddy Response: Buildings in Quelimane"
    assert flood.url == flood.apply_url == "https://tasks.hotosm.org/projects/15432"
    assert flood.summary.startswith("Map buildings so responders can plan flood relief")
    assert flood.description_html == (
        "<p>Map buildings so responders can plan flood relief in Quelimane.</p>"
        "<p>Beginners welcome: use iD and follow the instructions.</p>"
    )
    assert (flood.organization_name, flood.organization_url) == (
        "Humanitarian OpenStreetMap Team",
        "https://www.hotosm.org",
    )
    assert (flood.location_type, flood.remote_scope, flood.eligible_countries, flood.country) == (
        "remote",
        "worldwide",
        (),
        "",  # Mozambique is where the map is, not where volunteers must be
    )
    assert (flood.schedule, flood.hours_per_week) == ("flexible", None)
    assert flood.commitment_text == "Map at your own pace: 57 % mapped, 31 % validated"
    assert flood.languages == ("en",)
    assert flood.cause_slugs == ("disaster-relief", "environment")
    assert flood.skill_slugs == ("mapping",)
    assert flood.source_categories == ("URGENT priority", "Mozambique")
    assert flood.source_updated_at == datetime(2026, 3, 1, 14, 22, 5, 120331, tzinfo=UTC)
    assert flood.source_modified == "2026-03-01T14:22:05.120331Z"
    assert flood.expires_at == datetime(2026, 6, 30, tzinfo=UTC)  # dueDate


def test_a_french_project_with_a_country_string_and_no_organisation():
    malaria = _run("run1")[0]["15500"]
    assert malaria.title == "Cartographie pour la campagne contre le paludisme - Kasaï"
    assert malaria.languages == ("fr",)
    assert malaria.description_html == (
        "<p>Cartographiez les bâtiments pour la distribution de moustiquaires &amp; "
        "la campagne de vaccination.</p>"
    )
    assert (malaria.organization_name, malaria.organization_url) == (
        "Humanitarian OpenStreetMap Team",
        "https://www.hotosm.org",
    )
    assert malaria.source_categories == ("HIGH priority", "Democratic Republic of the Congo")
    assert malaria.cause_slugs == ("disaster-relief", "health-medicine")
    assert malaria.expires_at is None  # dueDate: null


@pytest.mark.parametrize(
    ("fields", "causes"),
    [
        ({}, ("disaster-relief",)),
        (
            {"shortDescription": "Support the malaria bed-net campaign."},
            ("disaster-relief", "health-medicine"),
        ),
        ({"name": "Cholera response: water points"}, ("disaster-relief", "health-medicine")),
        ({"shortDescription": "Measles vaccination campaign"}, ("disaster-relief", "health-medicine")),
        ({"name": "Health facilities in Kenya"}, ("disaster-relief", "health-medicine")),
        ({"name": "Flood risk: buildings"}, ("disaster-relief", "environment")),
        ({"shortDescription": "Climate resilience"}, ("disaster-relief", "environment")),
        ({"name": "Deforestation watch"}, ("disaster-relief", "environment")),
        (
            {"shortDescription": "For the city development plan."},
            ("disaster-relief", "international-development"),
        ),
        ({"name": "Urban planning base map"}, ("disaster-relief", "international-development")),
        (
            {"name": "Planificación urbana, inundación"},
            ("disaster-relief", "environment", "international-development"),
        ),
        ({"name": "Roads in Sylhet", "shortDescription": "Trace the road network."}, ("disaster-relief",)),
        ({"shortDescription": ["malaria"]}, ("disaster-relief",)),  # not a string: dropped
    ],
)
def test_causes_are_disaster_relief_plus_keyword_rules_on_name_and_description(fields, causes):
    assert _one(**fields).cause_slugs == causes


def test_only_taxonomy_slugs_are_ever_emitted():
    for run in ("run1", "run2"):
        for listing in _run(run)[0].values():
            assert listing.skill_slugs == ("mapping",)
            assert "disaster-relief" in listing.cause_slugs
            assert set(listing.cause_slugs) <= cause_slugs()
            assert set(listing.skill_slugs) <= skill_slugs()


@pytest.mark.parametrize(
    ("fields", "categories"),
    [
        (
            {"priority": "urgent", "country": ["Haiti", "Dominican Republic"]},
            ("URGENT priority", "Haiti", "Dominican Republic"),
        ),
        ({"priority": "LOW", "country": "Nepal"}, ("LOW priority", "Nepal")),
        ({"country": ["Nepal", "Nepal", "", None]}, ("Nepal",)),
        ({"priority": None, "country": None}, ()),
    ],
)
def test_source_categories_are_the_priority_and_the_countries(fields, categories):
    assert _one(**fields).source_categories == categories


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"percentMapped": 57, "percentValidated": 31}, "Map at your own pace: 57 % mapped, 31 % validated"),
        ({"percentMapped": 0, "percentValidated": 0}, "Map at your own pace: 0 % mapped, 0 % validated"),
        ({"percentMapped": 80}, "Map at your own pace: 80 % mapped"),
        ({"percentMapped": "80", "percentValidated": True}, "Map at your own pace"),
        ({}, "Map at your own pace"),
    ],
)
def test_commitment_text_gives_the_progress_it_knows(fields, text):
    assert _one(**fields).commitment_text == text


def test_an_organisation_other_than_hot_is_named_without_hot_s_address():
    partner = _one(organisationName="OSM Bangladesh")
    assert (partner.organization_name, partner.organization_url) == ("OSM Bangladesh", "")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": "ARCHIVED"}, "project status is ARCHIVED, not PUBLISHED"),
        ({"status": "draft"}, "project status is DRAFT, not PUBLISHED"),
        ({"percentValidated": 100}, "project is fully validated (100 % validated)"),
        ({"status": "ARCHIVED", "percentValidated": 100}, "project status is ARCHIVED, not PUBLISHED"),
    ],
)
def test_a_project_with_no_mapping_left_is_a_withdrawal_saying_why(fields, reason):
    page = ADAPTER.parse_page(_page(_project(lastUpdated="2026-01-31T17:45:00Z", **fields)), request=PAGE_1)
    assert page.listings == []
    assert page.withdrawals == [
        Withdrawal("101", source_modified="2026-01-31T17:45:00.000000Z", reason=reason)
    ]


@pytest.mark.parametrize("fields", [{"percentValidated": 99}, {"status": None}, {"status": "published"}])
def test_a_published_project_with_validation_left_is_a_listing(fields):
    assert _one(**fields).source_item_id == "101"


def test_the_fixture_withdrawals_carry_their_versions():
    listings, withdrawals = _run("run1")
    assert withdrawals == {
        "15610": Withdrawal(
            "15610", "2026-01-31T17:45:00.000000Z", "project is fully validated (100 % validated)"
        ),
        "15801": Withdrawal(
            "15801", "2025-11-11T11:11:11.000000Z", "project status is ARCHIVED, not PUBLISHED"
        ),
    }
    assert not withdrawals.keys() & listings.keys()


def test_a_project_with_only_id_name_and_status_is_kept():
    planning = _run("run1")[0]["15720"]  # no percentages, lastUpdated, locale or countries
    assert (planning.title, planning.organization_name) == (
        "Urban Planning Base Map: Dodoma",
        "Tanzania Development Trust",
    )
    assert (planning.commitment_text, planning.languages, planning.source_categories) == (
        "Map at your own pace",
        (),
        ("LOW priority",),
    )
    assert (planning.source_updated_at, planning.source_modified, planning.expires_at) == (None, "", None)
    assert planning.description_html == "<p>Map land use to support the city's development plan.</p>"


@pytest.mark.parametrize(
    "fields",
    [
        {"shortDescription": 5},
        {"lastUpdated": "yesterday"},
        {"dueDate": 12},
        {"locale": ["en"]},
        {"priority": 1},
    ],
)
def test_a_wrongly_typed_field_drops_only_that_field(fields):
    assert _one(**fields).source_item_id == "101"


def test_bad_projects_become_rejections_and_the_rest_of_the_page_is_kept():
    page = _page(
        None,
        _project(projectId=None),
        _project(projectId="abc"),
        _project(projectId=True),
        _project(name=""),
        _project(projectId="102"),
    )
    result = ADAPTER.parse_page(page, request=PAGE_1)
    assert [listing.source_item_id for listing in result.listings] == ["102"]
    assert [(r.position, r.item_id, r.reason) for r in result.rejections] == [
        (0, "", "project is not an object"),
        (1, "None", 'project has no numeric "projectId"'),
        (2, "abc", 'project has no numeric "projectId"'),
        (3, "True", 'project has no numeric "projectId"'),
        (4, "101", 'project has no "name"'),
    ]


def test_a_truncated_page_is_a_permanent_error_saying_so():
    with pytest.raises(
        FeedError, match="Not a Tasking Manager projects page: the body is not valid JSON"
    ) as caught:
        ADAPTER.parse_page(_fixture("malformed.json"), request=PAGE_1)
    assert caught.value.permanent is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_fixture("wrong_shape.json"), "\\(the API said: 'Unable to fetch projects'\\)"),
        (b'{"detail": "Not authenticated"}', "\\(the API said: 'Not authenticated'\\)"),
        (b'{"mapResults": {}, "pagination": {}}', '"results" must be a list\\.'),
        (b"[1, 2]", '"results" must be a list\\.'),
    ],
)
def test_a_page_of_the_wrong_shape_is_a_permanent_error_saying_what_was_wrong(body, message):
    with pytest.raises(FeedError, match=f"Not a Tasking Manager projects page: .*{message}") as caught:
        ADAPTER.parse_page(body, request=PAGE_1)
    assert caught.value.permanent is True


def test_parse_reads_one_page_file_on_its_own():
    result = ADAPTER.parse(_fixture("run1_page1.json"))
    assert [listing.source_item_id for listing in result.listings] == ["15432", "15500"]
    assert [withdrawal.source_item_id for withdrawal in result.withdrawals] == ["15610"]
    assert (result.next_request, result.complete_snapshot) == (None, False)


def test_the_second_snapshot_changes_one_drops_one_and_adds_one():
    (first, first_gone), (second, second_gone) = _run("run1"), _run("run2")
    assert set(first) == {"15432", "15500", "15720"}
    assert set(second) == {"15432", "15500", "15900"}
    assert first_gone.keys() == second_gone.keys() == {"15610", "15801"}
    renamed = second["15500"]
    assert renamed.title == "Cartographie contre le paludisme : Kasaï-Central" != first["15500"].title
    assert renamed.source_modified > first["15500"].source_modified
    assert second["15432"] == first["15432"]
    forest = second["15900"]
    assert (forest.cause_slugs, forest.source_categories) == (
        ("disaster-relief", "environment"),
        ("MEDIUM priority", "Brazil"),
    )


def test_a_rule_naming_a_slug_the_taxonomy_lacks_is_never_emitted(monkeypatch):
    monkeypatch.setattr(hotosm, "CAUSE_KEYWORDS", ((r"roads", "roads"), (r"roads", "community")))
    assert _one(name="Roads in Goma").cause_slugs == ("disaster-relief", "community")
