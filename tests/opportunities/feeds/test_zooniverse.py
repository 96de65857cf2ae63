from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opportunities.feeds import zooniverse
from opportunities.feeds.base import FeedError, PageRequest, Withdrawal
from opportunities.feeds.zooniverse import ZooniverseAdapter, markdown_html
from opportunities.taxonomy import cause_slugs, skill_slugs

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers" / "zooniverse"
SOURCE = "https://www.zooniverse.org/api/projects?launch_approved=true"
ACCEPT = (("Accept", "application/vnd.api+json; version=1"),)
PAGE_1 = PageRequest(url=f"{SOURCE}&page=1&page_size=100", headers=ACCEPT)
ADAPTER = ZooniverseAdapter()


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _page(*projects: object, meta: object = None) -> bytes:
    return json.dumps(
        {"projects": projects, "meta": {"projects": meta or {"page": 1, "next_page": None}}}
    ).encode()


def _project(**fields: object) -> dict[str, object]:
    return {"id": "1", "display_name": "Snapshot Safari", "slug": "meredithspalmer/snapshot-safari", **fields}


def _one(**fields: object):
    (listing,) = ADAPTER.parse_page(_page(_project(**fields)), request=PAGE_1).listings
    return listing


def _run(run: str):
    """A whole run as the service makes it: first request, then every next_request, in order."""
    request = ADAPTER.first_request(url=SOURCE, cursor={}, credentials={}, full=True)
    listings, withdrawals = {}, {}
    for number in (1, 2):
        assert request is not None
        assert request.url == (PAGE_1.url if number == 1 else f"{SOURCE}&page_size=100&page={number}")
        page = ADAPTER.parse_page(_fixture(f"{run}_page{number}.json"), request=request)
        assert page.rejections == []
        listings |= {listing.source_item_id: listing for listing in page.listings}
        withdrawals |= {withdrawal.source_item_id: withdrawal for withdrawal in page.withdrawals}
        request = page.next_request
    assert request is None
    return listings, withdrawals


def test_it_is_a_full_snapshot_api_needing_no_credentials():
    assert (ADAPTER.format, ADAPTER.full_snapshot, ADAPTER.required_credentials) == ("zooniverse", True, ())


@pytest.mark.parametrize(
    ("source_url", "expected"),
    [
        (SOURCE, f"{SOURCE}&page=1&page_size=100"),
        (
            "https://www.zooniverse.org/api/projects",
            "https://www.zooniverse.org/api/projects?page=1&page_size=100",
        ),
        (f"{SOURCE}&page=4&page_size=20", f"{SOURCE}&page_size=20&page=1"),  # its own page_size is kept
    ],
)
def test_the_first_request_asks_for_page_one_as_json_api(source_url, expected):
    request = ADAPTER.first_request(url=source_url, cursor={"page": 3}, credentials={}, full=False)
    assert request == PageRequest(url=expected, headers=ACCEPT)


def test_it_follows_meta_next_page_and_stops_at_the_last_page():
    page_1 = ADAPTER.parse_page(_fixture("run1_page1.json"), request=PAGE_1)
    assert page_1.next_request == PageRequest(url=f"{SOURCE}&page_size=100&page=2", headers=ACCEPT)
    assert (page_1.cursor, page_1.complete_snapshot) == (None, False)
    assert ADAPTER.parse_page(_fixture("run1_page2.json"), request=page_1.next_request).next_request is None


@pytest.mark.parametrize(
    "meta",
    [
        {"page": 2, "next_page": None},
        {"page": 2, "next_page": "3"},
        {"page": 2, "next_page": True},
        {"page": 2, "next_page": 2},  # itself
        {"page": 2, "next_page": 1},  # backwards
        "not an object",
    ],
)
def test_no_next_request_unless_next_page_is_a_later_page_number(meta):
    assert ADAPTER.parse_page(_page(_project(), meta=meta), request=PAGE_1).next_request is None


def test_without_meta_page_the_requested_page_guards_against_going_back():
    request = PageRequest(url=f"{SOURCE}&page=3", headers=ACCEPT)
    assert ADAPTER.parse_page(_page(_project(), meta={"next_page": 2}), request=request).next_request is None
    forward = ADAPTER.parse_page(_page(_project(), meta={"next_page": 4}), request=request).next_request
    assert forward == PageRequest(url=f"{SOURCE}&page=4", headers=ACCEPT)


def test_it_maps_every_field_of_a_live_project():
    penguins = _run("run1")[0]["1234"]
    assert penguins.title == "Penguin Watch"
    assert (
        penguins.url == penguins.apply_url == "https://www.zooniverse.org/projects/penguintom79/penguin-watch"
    )
    assert penguins.summary == "Count penguins in photos from remote cameras across Antarctica."
    assert (penguins.organization_name, penguins.organization_url) == (
        "Zooniverse",
        "https://www.zooniverse.org",
    )
    assert (penguins.location_type, penguins.remote_scope, penguins.eligible_countries) == (
        "remote",
        "worldwide",
        (),
    )
    assert (penguins.schedule, penguins.hours_per_week) == ("flexible", None)
    assert penguins.commitment_text == "Classify online at your own pace"
    assert penguins.languages == ("en",)
    assert penguins.cause_slugs == ("science-research", "environment", "animals")
    assert penguins.skill_slugs == ("data-analysis", "research")
    assert penguins.source_categories == ("nature", "animals", "climate")
    assert penguins.posted_at == datetime(2014, 9, 17, 10, tzinfo=UTC)  # launch_date
    assert penguins.source_updated_at == datetime(2026, 3, 2, 9, 15, 27, 341000, tzinfo=UTC)
    assert penguins.source_modified == "2026-03-02T09:15:27.341000Z"


def test_description_and_markdown_introduction_become_escaped_paragraphs():
    assert _run("run1")[0]["1234"].description_html == (
        "<p>Count penguins in photos from remote cameras across Antarctica.</p>"
        "<p>Why penguins?</p>"
        "<p>Penguin colonies tell us how the Southern Ocean is changing.<br>"
        "Our cameras take a photo every hour.</p>"
        "<p>Read the results so far (https://www.penguinwatch.org/results) &amp; join in.</p>"
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("# Title\n\nBody", "<p>Title</p><p>Body</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        (
            "See [the <b>blog</b>](https://x.example/blog).",
            "<p>See the &lt;b&gt;blog&lt;/b&gt; (https://x.example/blog).</p>",
        ),
        ("![pixel](https://t.example/p.gif)", ""),
        ("> quoted **bold**\r\nnext line", "<p>quoted bold<br>next line</p>"),
        ("", ""),
    ],
)
def test_markdown_is_shown_as_its_text_never_as_markup(markdown, html):
    assert markdown_html(markdown) == html


@pytest.mark.parametrize(
    ("fields", "causes"),
    [
        ({"tags": ["space"], "description": "Find planets around other stars."}, ("science-research",)),
        ({"tags": ["climate"]}, ("science-research", "environment")),
        ({"display_name": "Weather Rescue"}, ("science-research", "environment")),
        ({"description": "Follow ocean currents."}, ("science-research", "environment")),
        ({"tags": ["wildlife"]}, ("science-research", "animals")),
        ({"description": "Spot birds and penguins."}, ("science-research", "animals")),
        ({"tags": ["history"]}, ("science-research", "arts-culture")),
        ({"tags": ["arts"]}, ("science-research", "arts-culture")),
        ({"tags": ["transcription"]}, ("science-research", "arts-culture")),
        ({"tags": ["medicine"]}, ("science-research", "health-medicine")),
        ({"description": "Spot cancer cells."}, ("science-research", "health-medicine")),
        ({"tags": ["health", "climate"]}, ("science-research", "environment", "health-medicine")),
        ({"introduction": "The history of the universe, with animals."}, ("science-research",)),  # not read
        ({"tags": "climate"}, ("science-research",)),  # not a list: dropped
        ({"tags": ["physics"], "description": "Particle tracks in artificial light."}, ("science-research",)),
    ],
)
def test_causes_are_science_plus_keyword_rules_on_tags_name_and_description(fields, causes):
    assert _one(**fields).cause_slugs == causes


@pytest.mark.parametrize(
    ("fields", "skills"),
    [
        ({"tags": ["transcription"]}, ("transcription",)),
        ({"description": "Transcribe ship logs."}, ("transcription",)),
        ({"introduction": "Help us by transcribing diaries."}, ("transcription",)),
        ({"description": "Classify galaxies."}, ("data-analysis", "research")),
        ({}, ("data-analysis", "research")),
    ],
)
def test_skills_are_transcription_when_the_project_says_so_else_data_analysis_and_research(fields, skills):
    assert _one(**fields).skill_slugs == skills


def test_only_taxonomy_slugs_are_ever_emitted():
    for run in ("run1", "run2"):
        for listing in _run(run)[0].values():
            assert "science-research" in listing.cause_slugs
            assert set(listing.cause_slugs) <= cause_slugs()
            assert set(listing.skill_slugs) <= skill_slugs()


@pytest.mark.parametrize(
    ("language", "expected"), [("en", ("en",)), ("en-us", ("en",)), ("es_MX", ("es",)), ("", ()), (None, ())]
)
def test_languages_come_from_primary_language(language, expected):
    assert _one(primary_language=language).languages == expected


def test_a_non_english_project_keeps_its_text():
    plantas = _run("run1")[0]["3456"]
    assert plantas.title == "Plantas de la Amazonía"
    assert plantas.languages == ("es",)
    assert plantas.description_html.startswith("<p>Ayúdanos a identificar especímenes")
    assert plantas.cause_slugs == ("science-research", "environment")  # from the "nature" tag


def test_an_owner_display_name_names_the_organization_when_the_payload_has_one():
    owned = _one(links={"owner": {"id": "9", "display_name": "Penguin Lifelines", "type": "user_groups"}})
    assert (owned.organization_name, owned.organization_url) == ("Penguin Lifelines", "")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"state": "finished"}, 'project state is "finished", not "live"'),
        ({"state": "paused"}, 'project state is "paused", not "live"'),
        ({"state": "development"}, 'project state is "development", not "live"'),
        ({"live": False}, "project is not live"),
        ({"state": "live", "launch_approved": False}, "project is not launch-approved"),
    ],
)
def test_a_project_not_open_to_volunteers_is_a_withdrawal_saying_why(fields, reason):
    page = ADAPTER.parse_page(_page(_project(updated_at="2026-01-20T08:00:00Z", **fields)), request=PAGE_1)
    assert page.listings == []
    assert page.withdrawals == [Withdrawal("1", source_modified="2026-01-20T08:00:00.000000Z", reason=reason)]


def test_a_finished_project_in_the_fixture_is_withdrawn_with_its_version():
    listings, withdrawals = _run("run1")
    assert "9012" not in listings
    assert withdrawals == {
        "9012": Withdrawal("9012", "2026-01-20T08:00:00.000000Z", 'project state is "finished", not "live"')
    }


def test_a_project_with_only_id_slug_and_name_is_kept():
    bats = _run("run1")[0]["7890"]  # an integer id in the payload
    assert (bats.title, bats.url) == (
        "Bat Detective Redux",
        "https://www.zooniverse.org/projects/bats/bat-detective-redux",
    )
    assert (bats.summary, bats.description_html, bats.languages, bats.source_categories) == ("", "", (), ())
    assert (bats.source_updated_at, bats.source_modified, bats.posted_at) == (None, "", None)
    assert bats.cause_slugs == ("science-research", "animals")  # "Bat" in its name


@pytest.mark.parametrize(
    "fields",
    [
        {"description": 5},
        {"tags": [1, None, "space"]},
        {"updated_at": "last week"},
        {"links": []},
        {"launch_date": 3},
    ],
)
def test_a_wrongly_typed_field_drops_only_that_field(fields):
    assert _one(**fields).source_item_id == "1"


def test_bad_projects_become_rejections_and_the_rest_of_the_page_is_kept():
    page = _page(
        ["not", "an", "object"],
        _project(id=None),
        _project(id=False),
        _project(display_name=" "),
        _project(slug=None),
        _project(id="2"),
    )
    result = ADAPTER.parse_page(page, request=PAGE_1)
    assert [listing.source_item_id for listing in result.listings] == ["2"]
    assert [(r.position, r.item_id, r.reason) for r in result.rejections] == [
        (0, "", "project is not an object"),
        (1, "None", 'project has no "id"'),
        (2, "False", 'project has no "id"'),
        (3, "1", 'project has no "display_name"'),
        (4, "1", 'project has no "slug" (its page address)'),
    ]


def test_a_truncated_page_is_a_permanent_error_saying_so():
    with pytest.raises(
        FeedError, match="Not a Zooniverse projects page: the body is not valid JSON"
    ) as caught:
        ADAPTER.parse_page(_fixture("malformed.json"), request=PAGE_1)
    assert caught.value.permanent is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_fixture("wrong_shape.json"), "\\(the API said: 'Unsupported page_size: must be at most 100'\\)"),
        (b'{"users": []}', '"projects" must be a list\\.'),
        (b'{"projects": {"id": "1"}}', '"projects" must be a list\\.'),
        (b'"projects"', '"projects" must be a list\\.'),
    ],
)
def test_a_page_of_the_wrong_shape_is_a_permanent_error_saying_what_was_wrong(body, message):
    with pytest.raises(FeedError, match=f"Not a Zooniverse projects page: .*{message}") as caught:
        ADAPTER.parse_page(body, request=PAGE_1)
    assert caught.value.permanent is True


def test_parse_reads_one_page_file_on_its_own():
    result = ADAPTER.parse(_fixture("run1_page1.json"))
    assert [listing.source_item_id for listing in result.listings] == ["1234", "5678"]
    assert [withdrawal.source_item_id for withdrawal in result.withdrawals] == ["9012"]
    assert (result.next_request, result.complete_snapshot) == (None, False)


def test_the_second_snapshot_changes_one_drops_one_and_adds_one():
    (first, first_gone), (second, second_gone) = _run("run1"), _run("run2")
    assert set(first) == {"1234", "5678", "3456", "7890"}
    assert set(second) == {"1234", "5678", "3456", "2468"}
    assert first_gone.keys() == second_gone.keys() == {"9012"}
    renamed = second["5678"]
    assert renamed.title == "Old Weather: Second World War Logbooks" != first["5678"].title
    assert renamed.source_modified > first["5678"].source_modified  # a newer version
    assert (renamed.cause_slugs, renamed.skill_slugs) == (
        ("science-research", "environment", "arts-culture"),
        ("transcription",),
    )
    for unchanged in ("1234", "3456"):
        assert second[unchanged] == first[unchanged]
    assert second["2468"].cause_slugs == ("science-research", "health-medicine")


def test_a_rule_naming_a_slug_the_taxonomy_lacks_is_never_emitted(monkeypatch):
    monkeypatch.setattr(zooniverse, "CAUSE_KEYWORDS", ((r"space", "astronomy"), (r"space", "technology")))
    assert _one(tags=["space"]).cause_slugs == ("science-research", "technology")
