from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opportunities.feeds import rss
from opportunities.feeds.base import FeedError
from opportunities.feeds.rss import RssAdapter
from tests.support.fixtures import HOSTILE_XML_FEEDS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
ENTITIES_REFUSED = "Refused: the feed declares XML entities (entity-expansion protection)."


def parse(name: str, **kwargs):
    return RssAdapter().parse((FIXTURES / name).read_bytes(), **kwargs)


def rss2(items: str, channel: str = "<link>https://board.example.org/</link>") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Roles</title>'
        f"{channel}{items}</channel></rss>"
    ).encode()


def atom(entry: str) -> bytes:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><link href="https://x.example/"/>'
        f"<entry><id>e-1</id><title>Role</title>{entry}</entry></feed>"
    ).encode()


@pytest.fixture(scope="module")
def board():
    return parse("rss2_volunteer_board.xml")


@pytest.fixture
def no_network(monkeypatch):
    """Records (and blocks) every attempt to open a connection or resolve a name."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return attempts


# --- Versions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "titles"),
    [
        (
            "rss2_volunteer_board.xml",
            [
                "Mentor <em>teens</em> online",
                "Traducción de materiales educativos",
                "Online-Nachhilfe in Mathematik für Schülerinnen und Schüler",
                "Mentor teens online (spring intake)",
                "Proofread grant applications & annual reports (€0 budget, big impact)",
                "Help a food bank keep its donor spreadsheet tidy: enter new pledges, remove dup…",
            ],
        ),
        (
            "rss1_volunteer.rdf",
            [
                "Remote IT helpdesk for a hospice charity",
                "Set up a donations website (WordPress)",
                "Spreadsheet clinic for small charities",
            ],
        ),
        (
            "rss091_netscape.xml",
            [
                "Map tree planting sites from satellite images",
                "Write a newsletter about river clean-ups",
                "Translate leaflets into Français",
            ],
        ),
        (
            "atom_citizen_science.xml",
            [
                "Count seabirds in drone photos",
                "Classify galaxy shapes",
                "Transcribe 19th-century weather logs",
            ],
        ),
        (
            "rss2_utf16_bom.xml",
            ["Écrivain public en ligne pour personnes âgées", "Modération d'un forum d'entraide"],
        ),
    ],
)
def test_it_reads_rss_2_rss_1_rss_0_91_atom_and_utf16_feeds(fixture, titles):
    result = parse(fixture)
    assert [listing.title for listing in result.listings] == titles
    assert result.complete_snapshot is True


def test_every_raw_record_is_small_and_json_serialisable():
    for fixture in ("rss2_volunteer_board.xml", "rss1_volunteer.rdf", "atom_citizen_science.xml"):
        for listing in parse(fixture).listings:
            assert set(listing.raw) == {"id", "link", "title", "published", "updated", "tags"}
            json.dumps(listing.raw)


# --- RSS 2.0 fields ---------------------------------------------------------------------------


def test_it_maps_the_rss_2_fields(board):
    mentor = board.listings[0]
    assert mentor.source_item_id == "vb-1001"
    assert mentor.url == "https://board.example.org/opportunities/mentor-teens"  # relative in the feed
    assert mentor.apply_url == ""
    assert mentor.organization_name == "Bright Futures Mentoring"  # dc:creator
    assert mentor.source_categories == ("Mentoring", "Youth")  # deduplicated, order kept
    assert mentor.languages == ("en",)  # <language>en-us</language>
    assert mentor.raw["id"] == "vb-1001"


def test_content_encoded_is_the_description_and_the_description_becomes_the_summary(board):
    mentor = board.listings[0]
    assert mentor.description_html.startswith("<p>Meet a teenager once a week by video call")
    assert mentor.summary == "Weekly video calls with a teenager planning their next step. One hour a week."


def test_html_is_passed_through_raw_for_the_service_to_sanitize(board):
    assert "<script>document.location=" in board.listings[0].description_html
    assert 'onerror="alert(document.cookie)"' in board.listings[1].description_html
    assert board.listings[1].summary == (
        "Traduce fichas de lectura del inglés al español. Dos horas por semana, desde casa."
    )


def test_the_summary_is_the_first_200_characters_of_the_description_as_plain_text():
    text = "Answer emails from families. " * 20
    result = RssAdapter().parse(
        rss2(
            f"<item><title>Inbox</title><description><![CDATA[<p>{text}</p>]]>"
            "</description><link>https://x.example/1</link></item>"
        )
    )
    summary = result.listings[0].summary
    assert len(summary) == 200
    assert summary.startswith("Answer emails from families. Answer")
    assert summary.endswith("…")
    assert "<p>" not in summary


def test_entities_in_titles_are_decoded_and_tags_kept(board):
    assert board.listings[0].title == "Mentor <em>teens</em> online"  # the service strips tags
    assert board.listings[4].title == "Proofread grant applications & annual reports (€0 budget, big impact)"


def test_an_item_language_overrides_the_feed_language(board):
    assert [listing.languages for listing in board.listings[:3]] == [("en",), ("es",), ("de",)]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-us", ("en",)),
        ("EN_gb", ("en",)),
        ("fr", ("fr",)),
        ("", ()),
        ("e", ()),
        ("english", ()),
        ("12", ()),
    ],
)
def test_the_language_keeps_only_the_primary_subtag(language, expected):
    channel = f"<link>https://x.example/</link><language>{language}</language>"
    result = RssAdapter().parse(rss2("<item><title>Role</title></item>", channel))
    assert result.listings[0].languages == expected


def test_categories_repeated_under_other_domains_are_kept_once():
    items = (
        '<item><title>Role</title><category domain="causes">Health</category><category>Remote</category>'
        '<category domain="tags">Health</category></item>'
    )
    assert RssAdapter().parse(rss2(items)).listings[0].source_categories == ("Health", "Remote")


# --- Identity and links -----------------------------------------------------------------------


def test_a_repeated_guid_gets_its_link_appended_so_both_items_are_kept(board):
    ids = [listing.source_item_id for listing in board.listings]
    assert ids.count("vb-1001") == 1
    assert "vb-1001#https://board.example.org/opportunities/mentor-teens-spring" in ids
    assert len(set(ids)) == len(ids)


def test_a_guid_repeated_without_a_distinct_link_gets_its_position_appended():
    items = (
        "<item><guid>r-1</guid><title>A</title><link>https://x.example/a</link></item>"
        "<item><guid>r-1</guid><title>B</title><link>https://x.example/a</link></item>"
        "<item><guid>r-1</guid><title>C</title><link>https://x.example/a</link></item>"
        "<item><guid>r-2</guid><title>D</title></item>"
        "<item><guid>r-2</guid><title>E</title></item>"
    )
    ids = [listing.source_item_id for listing in RssAdapter().parse(rss2(items)).listings]
    assert ids == ["r-1", "r-1#https://x.example/a", "r-1#2", "r-2", "r-2#4"]


def test_an_item_with_neither_link_nor_guid_gets_the_feed_link_and_a_content_hash(board):
    proofread = board.listings[4]
    assert proofread.url == "https://board.example.org/"
    assert re.fullmatch(r"[0-9a-f]{64}", proofread.source_item_id)
    assert proofread.raw["id"] == ""


def test_an_item_without_a_guid_is_identified_by_its_link():
    result = parse("rss091_netscape.xml")
    assert result.listings[0].source_item_id == "https://greenhands.example.com/roles/tree-mapping"


def test_a_content_hash_id_is_stable_across_runs():
    payload = rss2("<item><title>Sort donations</title><description>At home.</description></item>")
    first, second = RssAdapter().parse(payload), RssAdapter().parse(payload)
    assert first.listings[0].source_item_id == second.listings[0].source_item_id


def test_a_guid_longer_than_255_characters_is_replaced_by_its_sha256():
    guid = "urn:volunteer:" + "x" * 300
    result = RssAdapter().parse(rss2(f"<item><guid>{guid}</guid><title>Long</title></item>"))
    assert result.listings[0].source_item_id == hashlib.sha256(guid.encode()).hexdigest()


def test_an_item_without_a_title_takes_80_characters_of_its_description(board):
    untitled = board.listings[5]
    assert untitled.source_item_id == "vb-1006"
    assert len(untitled.title) == 80
    assert untitled.title.startswith("Help a food bank keep its donor spreadsheet tidy")


def test_an_item_without_title_or_description_is_rejected_and_the_rest_kept(board):
    assert [(r.position, r.item_id, r.reason) for r in board.rejections] == [
        (6, "vb-1007", "item has no title and no description")
    ]
    assert len(board.listings) == 6


def test_an_item_without_any_usable_link_is_rejected_when_the_feed_has_no_link_either():
    items = (
        "<item><title>No link</title></item>"
        "<item><title>Script link</title><link>javascript:alert(1)</link></item>"
        "<item><title>Relative</title><link>/roles/9</link></item>"
        "<item><title>Kept</title><link>https://x.example/roles/10</link></item>"
    )
    result = RssAdapter().parse(rss2(items, channel=""))
    assert [listing.url for listing in result.listings] == ["https://x.example/roles/10"]
    assert [(r.position, r.reason) for r in result.rejections] == [
        (0, "item has no link"),
        (1, "item has no link"),
        (2, "item has no link"),
    ]


def test_a_non_http_link_falls_back_to_the_feed_link():
    items = "<item><guid>m-1</guid><title>Mail us</title><link>mailto:hello@x.example</link></item>"
    assert RssAdapter().parse(rss2(items)).listings[0].url == "https://board.example.org/"


def test_relative_links_resolve_against_the_base_url_when_one_is_given():
    result = parse("rss2_volunteer_board.xml", base_url="https://feeds.board.example.org/rss.xml")
    assert result.listings[0].url == "https://feeds.board.example.org/opportunities/mentor-teens"


def test_a_relative_channel_link_resolves_against_the_base_url():
    result = RssAdapter().parse(
        rss2("<item><title>Role</title></item>", "<link>/volunteer/</link>"), base_url="https://x.example/rss"
    )
    assert result.listings[0].url == "https://x.example/volunteer/"


def test_a_guid_that_is_not_an_address_is_never_used_as_a_link():
    # feedparser copies a permalink <guid> into the link when the item has none.
    items = (
        "<item><guid>job-17</guid><title>Relative guid</title></item>"
        "<item><guid>https://x.example/roles/18</guid><title>Permalink guid</title></item>"
    )
    urls = [listing.url for listing in RssAdapter().parse(rss2(items)).listings]
    assert urls == ["https://board.example.org/", "https://x.example/roles/18"]


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("jobs@ngo.example (Helping Hands)", "Helping Hands"),  # feedparser itself says "ple (Helping Hands"
        ("jobs@ngo.example", ""),
        ("Helping Hands &lt;jobs@helping-hands.charity&gt;", "Helping Hands"),
        ("Helping Hands", "Helping Hands"),
    ],
)
def test_the_organisation_is_the_author_name_without_its_address(author, expected):
    result = RssAdapter().parse(rss2(f"<item><title>Role</title><author>{author}</author></item>"))
    assert result.listings[0].organization_name == expected


# --- Dates ------------------------------------------------------------------------------------


def test_dates_are_utc_and_named_rfc_822_zones_are_honoured(board):
    assert board.listings[0].posted_at == datetime(2026, 10, 6, 14, 0, tzinfo=UTC)  # 09:00 EST
    assert board.listings[3].posted_at == datetime(2026, 10, 7, 6, 30, tzinfo=UTC)  # 08:30 +0200
    assert board.listings[0].source_updated_at is None  # feedparser's own .get("updated") says pubDate


def test_impossible_and_far_future_dates_become_none_and_the_item_is_kept(board):
    spanish, german = board.listings[1], board.listings[2]
    assert spanish.posted_at is None  # 31 Feb 2026
    assert german.posted_at is None  # year 9999
    assert (spanish.title, german.title) == (
        "Traducción de materiales educativos",
        "Online-Nachhilfe in Mathematik für Schülerinnen und Schüler",
    )


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-02-30T10:00:00Z", None),  # feedparser alone would say 2 March
        ("2026-október-07T10:00+02:00", None),  # feedparser alone would say 1 November
        ("Thu, 01 Jan 1970 00:00:00 GMT", None),
        ("Thu, 01 Oct 2026 09:15:00 PDT", datetime(2026, 10, 1, 16, 15, tzinfo=UTC)),
        ("Τετ, 07 Οκτ 2026 10:00:00 +0300", datetime(2026, 10, 7, 7, 0, tzinfo=UTC)),  # via feedparser
        ("not a date", None),
    ],
)
def test_a_date_is_read_by_parse_datetime_then_by_feedparser_within_1990_to_2100(published, expected):
    result = RssAdapter().parse(atom(f"<published>{published}</published>"))
    assert result.listings[0].posted_at == expected


def test_rss_1_dc_date_is_both_posted_and_updated():
    first, second, _ = parse("rss1_volunteer.rdf").listings
    assert first.posted_at == first.source_updated_at == datetime(2026, 9, 28, 13, 30, tzinfo=UTC)
    assert second.posted_at == datetime(2026, 10, 1, tzinfo=UTC)


# --- RSS 1.0, RSS 0.91, Atom, UTF-16 ----------------------------------------------------------


def test_it_maps_the_rss_1_fields():
    hospice = parse("rss1_volunteer.rdf").listings[0]
    assert hospice.source_item_id == "https://helpdesk-volunteers.example.net/roles/41"  # rdf:about
    assert hospice.organization_name == "St Anne's Hospice"
    assert hospice.source_categories == ("IT support",)  # dc:subject
    assert hospice.languages == ("en",)  # dc:language en-GB


def test_rss_0_91_is_read_in_its_declared_latin_1_encoding():
    translation = parse("rss091_netscape.xml").listings[2]
    assert (
        translation.description_html
        == "Leaflets on composting, English to French, for café and market stalls."
    )
    assert translation.languages == ("en",)
    assert translation.posted_at is None


@pytest.mark.parametrize("same_line", [False, True])
def test_the_netscape_doctype_is_read_but_never_fetched(no_network, same_line):
    data = (FIXTURES / "rss091_netscape.xml").read_bytes()
    if same_line:  # a minified feed: the DOCTYPE follows the XML declaration on its line
        data = data.replace(b"?>\n<!DOCTYPE", b"?><!DOCTYPE")
    assert len(RssAdapter().parse(data).listings) == 3
    assert no_network == []


def test_it_maps_the_atom_fields_and_resolves_xml_base():
    seabirds, galaxies, weather = parse("atom_citizen_science.xml").listings
    assert seabirds.source_item_id == "tag:citizen-science.example.org,2026:project/118"
    assert seabirds.url == "https://citizen-science.example.org/projects/seabird-count"
    assert (
        galaxies.url == "https://citizen-science.example.org/projects/astronomy/galaxy-shapes"
    )  # entry base
    assert weather.url == "https://citizen-science.example.org/projects/weather-logs"
    assert seabirds.organization_name == "North Sea Bird Observatory"
    assert seabirds.source_categories == ("ecology", "image-classification")
    assert seabirds.languages == ("en",)  # xml:lang="en-GB"
    assert seabirds.posted_at == datetime(2026, 9, 30, 6, 0, tzinfo=UTC)
    assert seabirds.source_updated_at == datetime(2026, 10, 4, 16, 45, tzinfo=UTC)
    assert weather.source_updated_at == datetime(2026, 10, 6, 13, 20, tzinfo=UTC)


def test_atom_html_content_is_unescaped_and_text_summaries_become_the_summary():
    seabirds, galaxies, weather = parse("atom_citizen_science.xml").listings
    assert seabirds.description_html.startswith("<p>Mark every <strong>gull and puffin</strong>")
    assert seabirds.summary == "Mark every gull and puffin you can see."
    assert galaxies.description_html == (
        "<p>Decide whether each galaxy is <em>spiral</em> or <em>elliptical</em>.</p>"
    )  # type="xhtml"
    assert weather.description_html.startswith("<p>Type up ships' weather observations")  # html summary


def test_an_atom_entry_without_published_is_posted_when_last_updated():
    galaxies = parse("atom_citizen_science.xml").listings[1]
    assert galaxies.posted_at == galaxies.source_updated_at == datetime(2026, 10, 2, 12, 0, tzinfo=UTC)


def test_atom_text_content_is_escaped_into_html():
    listing = RssAdapter().parse(atom('<content type="text">a &lt; b &amp; c</content>')).listings[0]
    assert listing.description_html == "a &lt; b &amp; c"
    assert listing.summary == "a < b & c"


def test_a_utf16_feed_with_a_bom_keeps_its_accents():
    result = parse("rss2_utf16_bom.xml")
    assert (FIXTURES / "rss2_utf16_bom.xml").read_bytes()[:2] == b"\xff\xfe"
    assert result.listings[0].summary.startswith("Aidez des aînés à rédiger")
    assert result.listings[0].languages == ("fr",)
    assert result.listings[0].posted_at == datetime(2026, 10, 1, 7, 15, tzinfo=UTC)


def test_a_feed_without_an_encoding_declaration_is_utf8_even_with_a_base_url():
    # Given only a content-location, feedparser decodes as ISO-8859-1; it repairs element text
    # afterwards, but not attributes such as an Atom category term ("BÃ©nÃ©volat").
    data = atom('<category term="Bénévolat"/>').replace(b"<title>Role", "<title>Bénévole".encode())
    listing = RssAdapter().parse(data, base_url="https://x.example/feed").listings[0]
    assert listing.title == "Bénévole"
    assert listing.source_categories == ("Bénévolat",)


# --- TTL --------------------------------------------------------------------------------------


def test_ttl_minutes_become_seconds(board):
    assert board.ttl_seconds == 3600


@pytest.mark.parametrize(
    ("ttl", "expected"),
    [("15", 900), (" 30 ", 1800), ("0", None), ("-5", None), ("soon", None), ("1.5", None),
     ("999999", 7 * 24 * 3600), ("9" * 5000, None), ("", None)],
)  # fmt: skip
def test_ttl_ignores_nonsense_and_is_capped_at_a_week(ttl, expected):
    result = RssAdapter().parse(rss2("<item><title>Role</title></item>", f"<ttl>{ttl}</ttl>"))
    assert result.ttl_seconds == expected


def test_a_feed_without_ttl_has_none():
    assert parse("atom_citizen_science.xml").ttl_seconds is None


# --- Hostile documents ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("rss_billion_laughs.xml", ENTITIES_REFUSED),
        ("rss_billion_laughs_utf16.xml", ENTITIES_REFUSED),
        ("rss_quadratic_blowup.xml", ENTITIES_REFUSED),
        ("rss_external_entity.xml", ENTITIES_REFUSED),
        ("rss_external_dtd.xml", ENTITIES_REFUSED),
    ],
)
def test_hostile_documents_are_refused_permanently_and_quickly(no_network, fixture, message):
    data = (FIXTURES / fixture).read_bytes()
    started = time.perf_counter()
    with pytest.raises(FeedError) as exc:
        RssAdapter().parse(data)
    assert time.perf_counter() - started < 1
    assert str(exc.value) == message
    assert exc.value.permanent is True
    assert no_network == []


def test_the_hostile_fixtures_stay_small():
    assert (FIXTURES / "rss_quadratic_blowup.xml").stat().st_size < 200_000
    assert (FIXTURES / "rss_billion_laughs_utf16.xml").read_bytes()[:2] == b"\xff\xfe"


def test_a_dtd_internal_subset_is_refused_even_without_entities():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ATTLIST rss version CDATA "2.0">]>\n<rss><channel/></rss>'
    )
    with pytest.raises(FeedError, match="DOCTYPE has an internal subset") as exc:
        RssAdapter().parse(data)
    assert exc.value.permanent is True


@pytest.mark.parametrize(
    ("encoding", "codec"),
    [("UTF-16", "utf-16-le"), ("UTF-16", "utf-16-be"), ("UTF-32", "utf-32-be"), ("utf-7", "utf-7")],
)
def test_an_entity_declaration_is_found_in_any_encoding_feedparser_reads(encoding, codec):
    # No BOM: feedparser still reads these (it sniffs "<?" in UTF-16/32, then trusts the declaration).
    text = (FIXTURES / "rss_billion_laughs.xml").read_text()
    data = text.replace('version="1.0"', f'version="1.0" encoding="{encoding}"').encode(codec)
    with pytest.raises(FeedError, match="declares XML entities"):
        RssAdapter().parse(data)


@pytest.fixture
def first_check_missed(monkeypatch):
    """As if the text check before feedparser had missed the declaration."""
    monkeypatch.setattr(rss, "_ENTITY_DECLARATION", re.compile(rb"(?!)"))
    monkeypatch.setattr(rss, "_INTERNAL_SUBSET", re.compile(rb"(?!)"))


def test_defusedxml_refuses_entities_that_get_past_the_first_check(first_check_missed):
    with pytest.raises(FeedError) as exc:
        RssAdapter().parse((FIXTURES / "rss_billion_laughs.xml").read_bytes())
    assert str(exc.value) == (
        "Refused: the XML parser met an entity or external DTD reference (EntitiesForbidden)."
    )
    assert exc.value.permanent is True


@pytest.mark.parametrize(
    "fixture",
    HOSTILE_XML_FEEDS,
)
def test_past_the_first_check_nothing_is_expanded_read_or_fetched(first_check_missed, no_network, fixture):
    # Either defusedxml refuses, or feedparser drops the declarations and leaves "&a;" unexpanded.
    started = time.perf_counter()
    try:
        outputs = [repr(listing) + json.dumps(listing.raw) for listing in parse(fixture).listings]
    except FeedError as refused:
        outputs = [str(refused)]
    assert time.perf_counter() - started < 1
    assert sum(map(len, outputs)) < 20_000  # expanded, the quadratic one alone would be 100 MB
    assert not any("root:" in output or "lollol" in output or "AAAA" in output for output in outputs)
    assert no_network == []


def test_an_external_entity_never_reaches_the_output(no_network):
    with pytest.raises(FeedError) as exc:
        parse("rss_external_entity.xml")
    assert "root:" not in str(exc.value)
    assert no_network == []


# --- Not a feed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ((FIXTURES / "not_a_feed.html").read_bytes(), "its root element is <html>"),
        (b"", "the body is empty"),
        (b"  \n\t ", "the body is empty"),
        (bytes(range(256)) * 4, "it holds no XML element"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "it holds no XML element"),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>', "<urlset>"),
    ],
    ids=["html-page", "empty", "whitespace", "random-bytes", "json", "sitemap"],
)
def test_what_is_not_an_rss_or_atom_feed_is_refused_permanently(payload, message):
    with pytest.raises(FeedError) as exc:
        RssAdapter().parse(payload)
    assert str(exc.value).startswith("Not an RSS or Atom feed: ")
    assert message in str(exc.value)
    assert exc.value.permanent is True


def test_the_body_is_never_taken_for_a_file_path_or_url(no_network):
    # feedparser opens a str or bytes argument as a path or URL; the body must reach it as a stream.
    for body in (str(FIXTURES / "rss2_volunteer_board.xml").encode(), b"https://board.example.org/feed"):
        with pytest.raises(FeedError, match="Not an RSS or Atom feed"):
            RssAdapter().parse(body)
    assert no_network == []


def test_malformed_xml_that_feedparser_recovers_is_parsed():
    data = (
        b'<rss version="2.0"><channel><title>Tom & Jerry</title><link>https://x.example/</link>'
        b"<item><title>Fix & mend bikes</title><link>https://x.example/1</link></item>"
        b"<item><title>Unclosed <b>bold</title><link>https://x.example/2</link></item>"
    )
    result = RssAdapter().parse(data)
    assert [listing.url for listing in result.listings] == ["https://x.example/1", "https://x.example/2"]
    assert result.listings[0].title == "Fix & mend bikes"


def test_a_feed_with_no_items_is_an_empty_complete_snapshot():
    result = RssAdapter().parse(rss2(""))
    assert result.listings == []
    assert result.rejections == []
    assert result.complete_snapshot is True
