"""The issue's acceptance, end to end: every format through `ingest` and the fetch service,
hostile files refused with a clear message while other sources carry on."""

from __future__ import annotations

import time
from io import StringIO
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from opportunities import services
from opportunities.feeds import http as feeds_http
from opportunities.models import FetchOutcome, Opportunity, Source
from tests.support.fixtures import HOSTILE_XML_FEEDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"
pytestmark = pytest.mark.django_db


def ingest(path: Path, fmt: str, source: str) -> str:
    out = StringIO()
    call_command("ingest", str(path), "--format", fmt, "--source", source, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    ("fixture", "fmt"),
    [
        ("rss2_volunteer_board.xml", "rss"),
        ("rss1_volunteer.rdf", "rss"),
        ("rss091_netscape.xml", "rss"),
        ("atom_citizen_science.xml", "rss"),
        ("rss2_utf16_bom.xml", "rss"),
        ("jsonfeed_basic.json", "jsonfeed"),
        ("jsonld_graph.html", "jsonld"),
        ("jsonld_many_blocks.html", "jsonld"),
    ],
)
def test_every_format_ingests_then_reingests_with_no_change(taxonomy, fixture, fmt):
    first = ingest(FIXTURES / fixture, fmt, "s")
    created = int(first.split(",")[0].removeprefix("created "))
    assert created > 0
    rows = list(Opportunity.objects.order_by("pk").values())
    # The same bytes again are recognised by their hash and not parsed at all…
    if fmt != "jsonld":  # (a JSON-LD page is one page of a catalogue, never skipped)
        assert ingest(FIXTURES / fixture, fmt, "s").startswith("not modified since the last ingest")
    # …and parsed again (as after a parser upgrade), every item is found unchanged: none written.
    Source.objects.update(payload_hash="")
    second = ingest(FIXTURES / fixture, fmt, "s")
    assert second.startswith("created 0, updated 0, ")
    assert f"unchanged {Opportunity.objects.count()}," in second
    assert list(Opportunity.objects.order_by("pk").values()) == rows


def test_script_and_handlers_in_a_feed_are_neutralised(taxonomy):
    ingest(FIXTURES / "rss2_volunteer_board.xml", "rss", "board")
    for html in Opportunity.objects.values_list("description_html", flat=True):
        assert "<script" not in html
        assert "onerror" not in html
        assert "document.cookie" not in html


@pytest.mark.parametrize(
    "fixture",
    HOSTILE_XML_FEEDS,
)
def test_a_hostile_xml_file_is_refused_fast_and_damages_nothing(taxonomy, fixture):
    ingest(FIXTURES / "jsonfeed_basic.json", "jsonfeed", "other")
    other_rows = list(Opportunity.objects.order_by("pk").values())
    started = time.monotonic()
    with pytest.raises(CommandError, match=r"refused: Refused: the feed declares XML entities"):
        ingest(FIXTURES / fixture, "rss", "hostile")
    assert time.monotonic() - started < 2
    assert list(Opportunity.objects.order_by("pk").values()) == other_rows
    assert Source.objects.get(name="hostile").consecutive_failures == 1


def test_a_sitemap_entity_bomb_is_refused(taxonomy):
    with pytest.raises(CommandError, match="Refused"):
        ingest(FIXTURES / "sitemap_entity_bomb.xml", "sitemap", "bomb")


# --- A sitemap, followed page by page through the fetch service -----------------------------

SITEMAP_URL = "https://volunteer.harborlight.example.org/sitemap.xml"
PAGES = {
    "https://volunteer.harborlight.example.org/roles/grant-writer": "jsonld_single.html",
    "https://volunteer.harborlight.example.org/roles/pantry-data-entry": "jsonld_graph.html",
}


def sitemap(lastmods: dict[str, str]) -> bytes:
    urls = "".join(
        f"<url><loc>{url}</loc><lastmod>{lastmod}</lastmod></url>" for url, lastmod in lastmods.items()
    )
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


@pytest.fixture
def site(respx_mock, monkeypatch, taxonomy):
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])
    routes = {
        url: respx_mock.get(url).mock(
            return_value=httpx.Response(200, content=(FIXTURES / name).read_bytes())
        )
        for url, name in PAGES.items()
    }
    source = Source.objects.create(name="Harbor Light", format="sitemap", url=SITEMAP_URL)
    return source, routes


def fetch(source: Source):
    run = services.source_fetch(source=source)
    source.refresh_from_db()
    return run


def test_a_sitemap_is_read_through_its_pages_and_unchanged_pages_are_not_fetched_again(site, respx_mock):
    source, routes = site
    lastmods = dict.fromkeys(PAGES, "2026-10-01")
    respx_mock.get(SITEMAP_URL).mock(side_effect=[httpx.Response(200, content=sitemap(lastmods))] * 2)
    first = fetch(source)
    assert first.outcome == FetchOutcome.OK
    assert first.created == 3  # one posting on the first page, two in the second page's @graph
    assert all(route.call_count == 1 for route in routes.values())

    second = fetch(source)
    assert (second.created, second.updated, second.withdrawn) == (0, 0, 0)
    assert all(route.call_count == 1 for route in routes.values())  # lastmod unchanged: not fetched
    assert Opportunity.objects.filter(status="active", missed_snapshots=0).count() == 3


def test_a_page_that_leaves_the_sitemap_has_its_listings_counted_missing(site, respx_mock):
    source, _routes = site
    first_page, second_page = PAGES
    respx_mock.get(SITEMAP_URL).mock(
        side_effect=[
            httpx.Response(200, content=sitemap(dict.fromkeys(PAGES, "2026-10-01"))),
            httpx.Response(200, content=sitemap({second_page: "2026-10-01"})),
        ]
    )
    fetch(source)
    Source.objects.filter(pk=source.pk).update(last_item_count=None)  # let the shrunken snapshot in
    source.refresh_from_db()
    fetch(source)
    # the first page held posting HLFB-VOL-0427; the second page's two postings were re-read
    assert list(Opportunity.objects.filter(missed_snapshots=1).values_list("source_item_id", "url")) == [
        ("HLFB-VOL-0427", first_page)
    ]
    assert Opportunity.objects.filter(missed_snapshots=0).count() == 2


def test_a_page_that_cannot_be_read_keeps_its_listings(site, respx_mock):
    source, routes = site
    first_page = next(iter(PAGES))
    respx_mock.get(SITEMAP_URL).mock(
        side_effect=[
            httpx.Response(200, content=sitemap(dict.fromkeys(PAGES, "2026-10-01"))),
            httpx.Response(200, content=sitemap(dict.fromkeys(PAGES, "2026-11-01"))),
        ]
    )
    fetch(source)
    routes[first_page].mock(return_value=httpx.Response(503))
    run = fetch(source)
    assert run.outcome == FetchOutcome.OK
    assert any("page not read: HTTP 503" in line for line in run.rejections)
    assert Opportunity.objects.filter(missed_snapshots=0, status="active").count() == 3
