from __future__ import annotations

import codecs
import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from opportunities.feeds import get_adapter
from opportunities.feeds.base import FeedError, ListingData, ParseResult
from opportunities.feeds.countries import country_code
from opportunities.feeds.jsonld import listing_from_jobposting

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
PAGE = "https://volunteer.example.org/roles/tutor"


def parse(data: bytes, base_url: str = PAGE) -> ParseResult:
    return get_adapter("jsonld").parse(data, base_url=base_url)


def parse_fixture(name: str, base_url: str) -> ParseResult:
    return parse((FIXTURES / name).read_bytes(), base_url)


def page(*blocks: Any, script_type: str = "application/ld+json") -> bytes:
    """An HTML page with one ld+json <script> per block (a str is written as is, else as JSON)."""
    scripts = "".join(
        f'<script type="{script_type}">{b if isinstance(b, str) else json.dumps(b)}</script>' for b in blocks
    )
    return f"<!doctype html><html><head><title>Roles</title>{scripts}</head><body></body></html>".encode()


def posting(**fields: Any) -> dict[str, Any]:
    """A minimal JobPosting; a field given as None is left out."""
    node = {"@context": "https://schema.org", "@type": "JobPosting", "identifier": "t-1", "title": "Tutor"}
    node.update(fields)
    return {key: value for key, value in node.items() if value is not None}


def listing(**fields: Any) -> ListingData:
    return listing_from_jobposting(posting(**fields), page_url=PAGE)


# --- The fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def single() -> ListingData:
    result = parse_fixture(
        "jsonld_single.html", "https://volunteer.harborlight.example.org/roles/grant-writer"
    )
    assert result.rejections == []
    assert len(result.listings) == 1
    return result.listings[0]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("source_item_id", "HLFB-VOL-0427"),
        ("title", "Remote grant-writing volunteer"),
        ("url", "https://volunteer.harborlight.example.org/roles/grant-writer"),
        ("apply_url", "https://volunteer.harborlight.example.org/roles/grant-writer"),  # directApply
        ("summary", ""),
        ("organization_name", "Harbor Light Food Bank"),
        ("organization_url", "https://harborlight.example.org"),  # from sameAs
        ("organization_country", "US"),
        ("location_type", "remote"),
        ("remote_scope", "countries"),
        ("eligible_countries", ("US",)),
        ("city", ""),
        ("hours_per_week", Decimal(4)),
        ("commitment_text", "2-4 hours per week"),
        ("languages", ("en",)),
        (
            "source_categories",
            ("Grant writing", "Research", "Editing", "Fundraising", "Nonprofit / Food security", "VOLUNTEER"),
        ),
        ("posted_at", datetime(2026, 9, 14, tzinfo=UTC)),
        ("source_updated_at", datetime(2026, 10, 1, 12, 15, tzinfo=UTC)),
        ("expires_at", datetime(2027, 1, 1, 4, 59, tzinfo=UTC)),
        ("cause_slugs", ()),
        ("skill_slugs", ()),  # skills are free text, not our slugs
    ],
)
def test_it_maps_every_field_of_a_single_posting(single, field, expected):
    assert getattr(single, field) == expected


def test_the_description_html_is_passed_through_for_the_service_to_sanitize(single):
    assert single.description_html.startswith("<p>Help our two-person development team <strong>")
    assert "<ul><li>Find funders" in single.description_html


def test_raw_is_the_node_itself_and_serialisable(single):
    assert single.raw["identifier"]["value"] == "HLFB-VOL-0427"
    assert single.raw["totalJobOpenings"] == 2
    json.dumps(single.raw)


def test_a_graph_page_gives_its_two_postings_with_the_organization_it_references():
    result = parse_fixture("jsonld_graph.html", "https://bridges.example.org/volunteer/")
    assert result.rejections == []
    partner, coordinator = result.listings
    assert partner.source_item_id == "https://bridges.example.org/volunteer/conversation-partner"  # url
    assert (partner.location_type, partner.remote_scope, partner.eligible_countries) == (
        "remote",
        "worldwide",
        (),
    )
    assert partner.apply_url == "https://bridges.example.org/apply?role=conversation-partner"
    assert partner.languages == ("en", "de")
    assert partner.hours_per_week == Decimal(1)
    assert partner.source_categories == ("Patience and clear spoken English", "VOLUNTEER", "PART_TIME")
    assert partner.expires_at == datetime(2027, 1, 31, 23, 59, 59, tzinfo=UTC)
    for posting_ in (partner, coordinator):
        assert posting_.organization_name == "Bridges Language Exchange e.V."
        assert posting_.organization_url == "https://bridges.example.org/"
        assert posting_.organization_country == "DE"
        json.dumps(posting_.raw)
    assert coordinator.source_item_id == "BR-EVT-12"  # the first usable identifier of a list
    assert coordinator.title == "Event coordinator for our monthly language café (Berlin or remote)"
    assert (coordinator.location_type, coordinator.remote_scope) == ("hybrid", "countries")
    assert coordinator.eligible_countries == ("DE",)
    assert (coordinator.city, coordinator.region, coordinator.country) == ("Berlin", "Berlin", "DE")
    assert coordinator.hours_per_week is None
    assert coordinator.commitment_text == "Flexible, mostly evenings"
    assert coordinator.apply_url == ""


def test_many_blocks_keep_the_good_postings_and_reject_the_malformed_one():
    result = parse_fixture("jsonld_many_blocks.html", "https://solidarites-numeriques.example.org/missions/")
    assert [x.source_item_id for x in result.listings] == [
        "SN-FR-2026-031",
        "88123",
        "https://solidarites-numeriques.example.org/missions/lisbonne-banco-alimentar",
    ]
    [rejection] = result.rejections
    assert rejection.position == 1
    assert rejection.reason.startswith("JSON-LD block 2 is not valid JSON: Expecting property name")
    assert "NEXT-1" not in {x.source_item_id for x in result.listings}  # application/json is ignored


def test_many_blocks_keep_non_english_text_and_entities_as_written():
    french, portuguese, lisbon = parse_fixture(
        "jsonld_many_blocks.html", "https://solidarites-numeriques.example.org/missions/"
    ).listings
    # Script content is raw text in HTML: "&amp;" stays for the service's clean_text to decode.
    assert french.title == "Traduction bénévole à distance : fiches santé &amp; nutrition"
    assert "l&rsquo;anglais vers le fran&ccedil;ais" in french.description_html
    assert "\n<p>Relecture assurée" in french.description_html  # a raw newline inside a JSON string
    assert french.url == "https://solidarites-numeriques.example.org/missions/"  # the page's
    assert french.eligible_countries == ("FR", "BE", "CA")  # "Atlantide" dropped
    assert french.organization_country == "FR"
    assert french.hours_per_week is None  # "3 heures par semaine" is not read
    assert french.languages == ("fr",)
    assert portuguese.title == "Mentoria voluntária online para jovens empreendedoras"
    assert portuguese.organization_name == "Rede Solidária Mulheres Empreendedoras"  # a bare string
    assert portuguese.eligible_countries == ("BR",)  # "Brasil"
    assert portuguese.hours_per_week == Decimal(2)
    assert portuguese.languages == ("pt",)
    assert portuguese.source_categories == ("VOLUNTEER", "Mentoria")
    assert (lisbon.location_type, lisbon.remote_scope, lisbon.city, lisbon.country) == (
        "onsite",
        "",
        "Lisboa",
        "PT",
    )


def test_a_page_without_json_ld_is_an_empty_result_with_one_rejection():
    result = parse_fixture("jsonld_none.html", "https://volunteer.harborlight.example.org/about")
    assert result.listings == []
    assert result.complete_snapshot is False
    [rejection] = result.rejections
    assert rejection.reason == "The page has no JSON-LD."
    assert rejection.item_id == "https://volunteer.harborlight.example.org/about"


def test_json_ld_without_a_jobposting_is_an_empty_result_with_one_rejection():
    result = parse(page({"@type": "BreadcrumbList", "itemListElement": []}, {"@type": "Organization"}))
    assert result.listings == []
    assert [r.reason for r in result.rejections] == ["The page has no JobPosting in its 2 JSON-LD block(s)."]


def test_a_page_whose_only_block_is_malformed_gets_that_rejection_alone():
    result = parse(page('{"@type": "JobPosting", "title": "Tutor",}'))
    assert [r.reason.split(":")[0] for r in result.rejections] == ["JSON-LD block 1 is not valid JSON"]


@pytest.mark.parametrize("data", [b"", b"just some text", b"<html><body>hello</body></html>"])
def test_empty_or_plain_pages_are_not_errors(data):
    result = parse(data)
    assert result.listings == []
    assert len(result.rejections) == 1


def test_a_page_is_never_a_complete_snapshot():
    assert parse(page(posting())).complete_snapshot is False


# --- Finding the blocks and the postings ------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        posting(),
        [{"@type": "Organization", "name": "Org"}, posting()],
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, posting()]},
        {"@type": "WebPage", "mainEntity": posting()},
        {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "position": 1, "item": posting()}]},
        posting(**{"@type": ["JobPosting", "VolunteerRole"]}),
        posting(**{"@type": "https://schema.org/JobPosting"}),
        posting(**{"@type": "http://schema.org/JobPosting"}),
        posting(**{"@type": "schema:JobPosting"}),
    ],
    ids=[
        "object",
        "list",
        "graph",
        "main-entity",
        "item-list",
        "type-list",
        "https-url",
        "http-url",
        "curie",
    ],
)
def test_it_finds_a_jobposting_in_every_block_shape(block):
    result = parse(page(block))
    assert [x.source_item_id for x in result.listings] == ["t-1"]
    assert result.rejections == []


@pytest.mark.parametrize(
    "node_type",
    ["Organization", "JobPostingDraft", "jobposting", ["WebPage"], 7, None, "https://example.org/JobPosting"],
)
def test_other_types_are_not_postings(node_type):
    assert parse(page(posting(**{"@type": node_type}))).listings == []


@pytest.mark.parametrize(
    "script_type",
    [
        "application/ld+json",
        "APPLICATION/LD+JSON",
        "application/ld+json; charset=utf-8",
        "  application/ld+json  ",
        "application/ld+json;profile=http://www.w3.org/ns/json-ld#compacted",
    ],
)
def test_the_script_type_is_matched_without_case_spaces_or_parameters(script_type):
    assert len(parse(page(posting(), script_type=script_type)).listings) == 1


@pytest.mark.parametrize("attrs", ['type="application/json"', 'type="text/javascript"', "", "type"])
def test_other_scripts_are_ignored(attrs):
    data = f"<html><head><script {attrs}>{json.dumps(posting())}</script></head></html>".encode()
    assert parse(data).listings == []


def test_fifty_blocks_with_one_malformed_give_49_listings_and_one_rejection():
    blocks: list[Any] = [posting(identifier=f"role-{n}", title=f"Role {n}") for n in range(50)]
    blocks[17] = '{"@type": "JobPosting", "identifier": "role-17", "title": "Role 17"'  # truncated
    result = parse(page(*blocks))
    assert len(result.listings) == 49
    assert "role-17" not in {x.source_item_id for x in result.listings}
    [rejection] = result.rejections
    assert (rejection.position, rejection.reason.split(":")[0]) == (17, "JSON-LD block 18 is not valid JSON")


def test_a_deeply_nested_block_is_rejected_and_the_others_are_kept():
    result = parse(page("[" * 100_000 + "]" * 100_000, posting()))
    assert len(result.listings) == 1
    assert [r.reason for r in result.rejections] == ["JSON-LD block 1 is not valid JSON: nested too deeply"]


def test_a_page_cut_off_inside_a_block_reports_that_block():
    data = page(posting()) + b'<script type="application/ld+json">{"@type": "JobPosting", "tit'
    result = parse(data)
    assert len(result.listings) == 1
    assert [r.reason.split(":")[0] for r in result.rejections] == ["JSON-LD block 2 is not valid JSON"]


def test_markup_that_stops_html_parser_keeps_the_blocks_before_it():
    result = parse(page(posting()) + b"<body><![foo[ broken ]]><p>more</p></body>")
    assert len(result.listings) == 1


def test_a_posting_that_cannot_be_used_is_rejected_and_the_others_kept():
    result = parse(page(posting(identifier="no-title", title=None), posting(identifier="ok")))
    assert [x.source_item_id for x in result.listings] == ["ok"]
    [rejection] = result.rejections
    assert (rejection.position, rejection.item_id, rejection.reason) == (
        0,
        "no-title",
        "JobPosting has no title",
    )


# --- Bytes in: encodings and what is not HTML ----------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"GIF89a\x01\x00\x01\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"<html>\x00\x01\x02\x03</html>",
    ],
    ids=["png", "gif", "jpeg", "pdf", "zip", "gzip", "nul-bytes"],
)
def test_binary_bodies_are_refused_permanently(data):
    with pytest.raises(FeedError, match="Not an HTML page") as exc:
        parse(data)
    assert exc.value.permanent is True


TITLE = "Bénévole – “cafés” à distance"
BLOCK = json.dumps(posting(title=TITLE), ensure_ascii=False)


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8
        + f'<meta charset="windows-1252"><script type="application/ld+json">{BLOCK}</script>'.encode(),
        codecs.BOM_UTF16_LE + f'<script type="application/ld+json">{BLOCK}</script>'.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + f'<script type="application/ld+json">{BLOCK}</script>'.encode("utf-16-be"),
        f'<meta charset="windows-1252"><script type="application/ld+json">{BLOCK}</script>'.encode("cp1252"),
        # The HTML standard reads an ISO-8859-1 label as windows-1252 (curly quotes are 0x93/0x94).
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            f'<script type="application/ld+json">{BLOCK}</script>'
        ).encode("cp1252"),
        f'<meta charset="utf-8"><script type="application/ld+json">{BLOCK}</script>'.encode(),
        f'<script type="application/ld+json">{BLOCK}</script>'.encode(),
        f'<meta charset="x-no-such-codec"><script type="application/ld+json">{BLOCK}</script>'.encode(),
        f'<meta charset="base64"><script type="application/ld+json">{BLOCK}</script>'.encode(),
        f'<meta charset="utf-16"><script type="application/ld+json">{BLOCK}</script>'.encode(),
    ],
    ids=[
        "utf8-bom-wins",
        "utf16le-bom",
        "utf16be-bom",
        "meta-charset",
        "http-equiv-latin1",
        "meta-utf8",
        "default-utf8",
        "unknown-label",
        "non-text-codec",
        "utf16-label-without-bom",
    ],
)
def test_the_page_encoding_comes_from_the_bom_then_meta_then_utf8(data):
    [found] = parse(data).listings
    assert found.title == TITLE


def test_undecodable_bytes_are_replaced_not_fatal():
    data = page(posting(title="Tutor")).replace(b"Tutor", b"Tu\xfftor")  # no valid UTF-8
    [found] = parse(data).listings
    assert found.title == "Tu\ufffdtor"


# --- listing_from_jobposting: identity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"identifier": "vol-9"}, "vol-9"),
        ({"identifier": "  vol-9  "}, "vol-9"),
        ({"identifier": 42}, "42"),
        ({"identifier": {"@type": "PropertyValue", "name": "Org", "value": "PV-1"}}, "PV-1"),
        ({"identifier": {"@type": "PropertyValue", "value": 7}}, "7"),
        ({"identifier": ["", {"value": ""}, {"value": "third"}, "fourth"]}, "third"),
        (
            {"identifier": True, "url": "https://volunteer.example.org/roles/7"},
            "https://volunteer.example.org/roles/7",
        ),
        ({"identifier": None, "url": "/roles/8"}, "https://volunteer.example.org/roles/8"),
        ({"identifier": None, "url": "javascript:alert(1)"}, PAGE),
        ({"identifier": None}, PAGE),
        ({"identifier": "x" * 256}, hashlib.sha256(("x" * 256).encode()).hexdigest()),
        ({"identifier": "x" * 255}, "x" * 255),
    ],
)
def test_identity_is_identifier_then_url_then_page(fields, expected):
    assert listing(**fields).source_item_id == expected


@pytest.mark.parametrize("url", [None, PAGE])
def test_several_postings_without_their_own_identity_get_the_page_and_their_position(url):
    result = parse(
        page(posting(identifier=None, url=url, title="A"), posting(identifier=None, url=url, title="B"))
    )
    assert [x.source_item_id for x in result.listings] == [f"{PAGE}#0", f"{PAGE}#1"]


def test_one_posting_without_its_own_identity_is_the_page_itself():
    result = parse(page(posting(identifier="has-id"), posting(identifier=None, url=PAGE)))
    assert [x.source_item_id for x in result.listings] == ["has-id", PAGE]


def test_the_position_counts_every_posting_on_the_page():
    result = parse(page(posting(identifier="has-id"), [posting(identifier=None), posting(identifier=None)]))
    assert [x.source_item_id for x in result.listings] == ["has-id", f"{PAGE}#1", f"{PAGE}#2"]


def test_a_bare_rpde_style_object_is_usable_without_a_page():
    data = {
        "@context": ["https://openactive.io/", "https://schema.org/"],
        "@type": "VolunteerRole",
        "identifier": "oa-123",
        "title": "Park run marshal coordinator (remote)",
        "url": "https://openactive.example.org/roles/oa-123",
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "Country", "name": "GB"},
        "datePosted": "2026-10-01T12:00:00Z",
    }
    result = listing_from_jobposting(data, page_url="")
    assert (result.source_item_id, result.url) == ("oa-123", "https://openactive.example.org/roles/oa-123")
    assert (result.location_type, result.remote_scope, result.eligible_countries) == (
        "remote",
        "countries",
        ("GB",),
    )
    assert result.posted_at == datetime(2026, 10, 1, 12, tzinfo=UTC)
    assert result.raw is data


@pytest.mark.parametrize(
    ("node", "page_url", "message"),
    [
        (posting(title=None), PAGE, "JobPosting has no title"),
        (posting(title="   "), PAGE, "JobPosting has no title"),
        (posting(title=["Tutor"]), PAGE, "JobPosting has no title"),
        (posting(url=None), "", "JobPosting has no usable url and the page URL is unknown"),
        (posting(url="/roles/1"), "", "JobPosting has no usable url and the page URL is unknown"),
        (["not", "an", "object"], PAGE, "JobPosting is not an object"),
    ],
)
def test_an_unusable_node_raises_value_error_with_the_reason(node, page_url, message):
    with pytest.raises(ValueError, match=message):
        listing_from_jobposting(node, page_url=page_url)


def test_name_stands_in_for_a_missing_title():
    assert listing(title=None, name="Remote tutor").title == "Remote tutor"


# --- listing_from_jobposting: the other fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"applicationContact": {"@type": "ContactPoint", "url": "https://org.example/apply"}},
            "https://org.example/apply",
        ),
        (
            {"applicationContact": [{"email": "a@org.example"}, {"url": "/apply/7"}]},
            "https://volunteer.example.org/apply/7",
        ),
        ({"applicationContact": {"url": "mailto:a@org.example"}, "directApply": True}, PAGE),
        (
            {"applicationContact": {"url": "https://org.example/apply"}, "directApply": True},
            "https://org.example/apply",
        ),
        (
            {"directApply": True, "url": "https://volunteer.example.org/r/7"},
            "https://volunteer.example.org/r/7",
        ),
        ({"directApply": False}, ""),
        ({"directApply": "yes please"}, ""),
        ({}, ""),
    ],
)
def test_apply_url_is_the_contact_url_else_the_posting_when_direct_apply(fields, expected):
    assert listing(**fields).apply_url == expected


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ("Lumen Literacy Trust", ("Lumen Literacy Trust", "", "")),
        (
            {"name": "Lumen", "url": "https://lumen.example.org", "sameAs": "https://x.example/lumen"},
            ("Lumen", "https://lumen.example.org", ""),
        ),
        (
            {"name": "Lumen", "sameAs": ["not a url", "https://lumen.example.org"]},
            ("Lumen", "https://lumen.example.org", ""),
        ),
        (
            {"legalName": "Lumen Ltd", "address": [{"addressCountry": "United Kingdom"}]},
            ("Lumen Ltd", "", "GB"),
        ),
        (
            {"name": "Lumen", "address": {"addressCountry": {"@type": "Country", "name": "ie"}}},
            ("Lumen", "", "IE"),
        ),
        ({"name": "Lumen", "address": {"addressCountry": "Narnia"}}, ("Lumen", "", "")),
        ([{"name": "First"}, {"name": "Second"}], ("First", "", "")),
        ({"@id": "https://elsewhere.example/#org"}, ("", "", "")),  # a reference we cannot resolve
        (7, ("", "", "")),
    ],
)
def test_hiring_organization(organization, expected):
    found = listing(hiringOrganization=organization)
    assert (found.organization_name, found.organization_url, found.organization_country) == expected


PLACE = {"@type": "Place", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"jobLocationType": "TELECOMMUTE"}, ("remote", "worldwide", ())),
        ({"jobLocationType": ["telecommute"]}, ("remote", "worldwide", ())),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "Country", "name": "United States"},
            },
            ("remote", "countries", ("US",)),
        ),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": [
                    {"@type": "Country", "name": "USA"},
                    {"@type": "Country", "name": "Canada"},
                    {"@type": "Country", "name": "Narnia"},
                    {"@type": "Country", "name": "US"},
                ],
            },
            ("remote", "countries", ("US", "CA")),
        ),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "AdministrativeArea", "name": "Deutschland"},
            },
            ("remote", "countries", ("DE",)),
        ),
        (
            {"jobLocationType": "TELECOMMUTE", "applicantLocationRequirements": "United Kingdom"},
            ("remote", "countries", ("GB",)),
        ),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "Country", "name": "Narnia"},
            },
            ("remote", "", ()),
        ),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "State", "name": "California"},
            },
            ("remote", "region", ()),
        ),
        ({"jobLocationType": "TELECOMMUTE", "jobLocation": PLACE}, ("hybrid", "", ())),
        (
            {
                "jobLocationType": "TELECOMMUTE",
                "jobLocation": [PLACE],
                "applicantLocationRequirements": {"name": "Germany"},
            },
            ("hybrid", "countries", ("DE",)),
        ),
        ({"jobLocation": PLACE, "applicantLocationRequirements": {"name": "Germany"}}, ("onsite", "", ())),
        ({"jobLocation": "Berlin, Germany"}, ("onsite", "", ())),
        ({}, ("", "", ())),
        ({"jobLocationType": "FULL_TIME"}, ("", "", ())),
    ],
)
def test_location_type_and_remote_scope(fields, expected):
    found = listing(**fields)
    assert (found.location_type, found.remote_scope, found.eligible_countries) == expected


def test_a_state_requirement_names_the_region():
    found = listing(
        jobLocationType="TELECOMMUTE", applicantLocationRequirements={"@type": "State", "name": "California"}
    )
    assert found.region == "California"


@pytest.mark.parametrize(
    ("job_location", "expected"),
    [
        (PLACE, ("Berlin", "", "DE")),
        (
            [
                {"@type": "Place"},
                {
                    "address": [
                        {"addressLocality": "Lyon", "addressRegion": "ARA", "addressCountry": "France"}
                    ]
                },
            ],
            ("Lyon", "ARA", "FR"),
        ),
        (
            {"address": {"addressLocality": "Porto", "addressCountry": {"@type": "Country", "name": "PRT"}}},
            ("Porto", "", "PT"),
        ),
        ({"address": {"addressLocality": "Nowhere", "addressCountry": "Atlantis"}}, ("Nowhere", "", "")),
        ({"address": "12 High Street, Leeds"}, ("", "", "")),
    ],
)
def test_the_job_location_address(job_location, expected):
    found = listing(jobLocation=job_location)
    assert (found.city, found.region, found.country) == expected


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("US", "US"),
        ("us", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("the United States of America", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Great Britain", "GB"),
        ("DEU", "DE"),
        ("Deutschland", "DE"),
        ("  germany ", "DE"),
        ("The Netherlands", "NL"),
        ("Côte d'Ivoire", "CI"),
        ("España", "ES"),
        ("Türkiye", "TR"),
        ("India", "IN"),
        ("Nigeria", "NG"),
        ("Brasil", "BR"),
        ("FJ", "FJ"),  # every ISO code, even for a country the name table lacks
        ("XX", ""),
        ("can", ""),  # a lower-case word, not the alpha-3 code
        ("Narnia", ""),
        ("Georgia", ""),  # a country and a US state: not guessed
        ("", ""),
    ],
)
def test_country_names_and_codes_map_to_iso_alpha2(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("work_hours", "hours"),
    [
        ("2-4 hours per week", Decimal(4)),
        ("3 hours a week", Decimal(3)),
        ("2–4 hrs/week", Decimal(4)),
        ("2 to 5 hours each week", Decimal(5)),
        ("Up to 10 hours weekly", Decimal(10)),
        ("About 1.5 hours per week", Decimal("1.5")),
        ("1,5 hours per week", Decimal("1.5")),
        ("4h / week", Decimal(4)),
        ("1 hour per week", Decimal(1)),
        ("168 hours a week", Decimal(168)),
        ("200 hours per week", None),
        ("1 hour per day", None),
        ("10 hours per month", None),
        ("3 heures par semaine", None),
        ("Flexible", None),
        ("", None),
    ],
)
def test_work_hours_give_hours_per_week_when_readable(work_hours, hours):
    found = listing(workHours=work_hours)
    assert found.hours_per_week == hours
    assert found.commitment_text == work_hours


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en-US", ("en",)),
        (["pt_BR", "pt-PT", "ES"], ("pt", "es")),
        ({"@type": "Language", "name": "English", "alternateName": "en"}, ("en",)),
        ("zh-Hant-TW", ("zh",)),
        ("English", ()),
        (5, ()),
    ],
)
def test_in_language_gives_primary_subtags(value, expected):
    assert listing(inLanguage=value).languages == expected


def test_categories_are_free_text_from_four_fields_without_repeats():
    found = listing(
        skills=[{"@type": "DefinedTerm", "name": "Translation"}, "Proofreading"],
        occupationalCategory={"@type": "CategoryCode", "name": "Translators", "codeValue": "27-3091"},
        industry=["Health", "Translation"],
        employmentType=["VOLUNTEER", "PART_TIME"],
    )
    assert found.source_categories == (
        "Translation",
        "Proofreading",
        "Translators",
        "Health",
        "VOLUNTEER",
        "PART_TIME",
    )
    assert found.skill_slugs == ()


@pytest.mark.parametrize(
    ("fields", "attribute", "expected"),
    [
        ({"datePosted": "2026-10-02"}, "posted_at", datetime(2026, 10, 2, tzinfo=UTC)),
        ({"datePosted": "2026-10-02T09:30:00+02:00"}, "posted_at", datetime(2026, 10, 2, 7, 30, tzinfo=UTC)),
        ({"datePosted": "2026-02-30"}, "posted_at", None),
        ({"datePosted": 20261002}, "posted_at", None),
        (
            {"dateModified": "2026-10-20T12:00:00-05:00"},
            "source_updated_at",
            datetime(2026, 10, 20, 17, tzinfo=UTC),
        ),
        ({"validThrough": "2026-12-31"}, "expires_at", datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ({"validThrough": "2026-12-31T18:00:00+01:00"}, "expires_at", datetime(2026, 12, 31, 17, tzinfo=UTC)),
        ({"validThrough": "soon"}, "expires_at", None),
        ({}, "expires_at", None),
    ],
)
def test_dates_are_aware_utc_or_none(fields, attribute, expected):
    assert getattr(listing(**fields), attribute) == expected


def test_the_description_is_not_sanitized_here():
    html = '<p onclick="x()">Hi</p><script>alert(1)</script>'
    assert listing(description=html).description_html == html


def test_wrongly_typed_fields_are_dropped_and_the_posting_kept():
    found = listing(
        url=12,
        description={"html": "<p>x</p>"},
        hiringOrganization=7,
        jobLocationType=9,
        jobLocation=3,
        applicantLocationRequirements=[None, 4],
        workHours=["2 hours per week"],
        skills=5,
        employmentType={"no": "name"},
        inLanguage=3,
        datePosted=["2026-10-02"],
        directApply="maybe",
    )
    assert (found.source_item_id, found.title, found.url) == ("t-1", "Tutor", PAGE)
    assert (found.description_html, found.organization_name, found.location_type) == ("", "", "")
    assert (found.hours_per_week, found.commitment_text, found.source_categories) == (None, "", ())
    assert (found.languages, found.posted_at, found.apply_url) == ((), None, "")


@pytest.mark.parametrize("value", ["not a url", "/about", "mailto:a@org.example", "https://"])
def test_organization_urls_must_be_absolute_http(value):
    assert listing(hiringOrganization={"name": "Lumen", "url": value, "sameAs": value}).organization_url == ""


@pytest.mark.parametrize("value", ["see our site", "ftp://org.example/role", "http://[::1"])
def test_a_posting_url_that_is_not_an_http_link_falls_back_to_the_page(value):
    assert listing(url=value).url == PAGE
