from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opportunities.feeds import get_adapter, sitemap
from opportunities.feeds.base import FeedError, ParseResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ROLES = "https://volunteer.harborlight.example.org/roles"


def parse(data: bytes, base_url: str = "") -> ParseResult:
    return get_adapter("sitemap").parse(data, base_url=base_url)


def urlset(*entries: str, ns: str = f' xmlns="{NS}"') -> bytes:
    """A <urlset> of <url> entries, each a loc or "loc|lastmod"."""
    urls = []
    for entry in entries:
        loc, _, lastmod = entry.partition("|")
        urls.append(
            f"<url><loc>{loc}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>"
        )
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset{ns}>{"".join(urls)}</urlset>'.encode()


@pytest.fixture
def listings() -> ParseResult:
    return parse(
        (FIXTURES / "sitemap_listings.xml").read_bytes(),
        "https://volunteer.harborlight.example.org/sitemap.xml",
    )


def test_it_lists_the_pages_to_follow_with_their_lastmod_deduplicated_in_order(listings):
    assert listings.follow_urls == [
        # Repeated later with a newer lastmod: first place, newest date.
        (f"{ROLES}/grant-writer", datetime(2026, 10, 5, 8, 0, tzinfo=UTC)),
        (f"{ROLES}/pantry-data-entry", datetime(2026, 10, 3, 12, 20, tzinfo=UTC)),  # whitespace stripped
        (f"{ROLES}/newsletter-editor?lang=en&src=sitemap", None),
    ]
    assert all(not url.endswith(".jpg") for url, _ in listings.follow_urls)  # <image:loc> is not a page


def test_it_is_a_complete_snapshot_of_pages_to_read_as_json_ld(listings):
    assert listings.listings == []
    assert listings.follow_format == "jsonld"
    assert listings.complete_snapshot is True


def test_it_rejects_locs_that_are_not_absolute_http_urls(listings):
    assert [(r.position, r.item_id, r.reason) for r in listings.rejections] == [
        (
            4,
            "ftp://files.harborlight.example.org/roles/archive.html",
            "<loc> is not an http(s) URL (scheme 'ftp')",
        ),
        (5, "/roles/driver-coordinator", "<loc> is relative; sitemaps must give absolute http(s) URLs"),
    ]


@pytest.mark.parametrize(
    ("lastmod", "expected"),
    [
        ("2026-10-01", datetime(2026, 10, 1, tzinfo=UTC)),
        ("2026-10-01T09:30:00+02:00", datetime(2026, 10, 1, 7, 30, tzinfo=UTC)),
        ("2026-10-01T09:30Z", datetime(2026, 10, 1, 9, 30, tzinfo=UTC)),
        ("2026-10-01T09:30:15.250-05:00", datetime(2026, 10, 1, 14, 30, 15, 250000, tzinfo=UTC)),
        ("2026-02-30", None),
        ("yesterday", None),
    ],
)
def test_lastmod_is_aware_utc_or_none_and_never_drops_the_url(lastmod, expected):
    assert parse(urlset(f"https://a.example/r/1|{lastmod}")).follow_urls == [
        ("https://a.example/r/1", expected)
    ]


@pytest.mark.parametrize(
    "entries",
    [
        ("https://a.example/r/1|2026-10-01", "https://a.example/r/2", "https://a.example/r/1|2026-10-09"),
        ("https://a.example/r/1|2026-10-09", "https://a.example/r/2", "https://a.example/r/1|2026-10-01"),
        ("https://a.example/r/1", "https://a.example/r/2", "https://a.example/r/1|2026-10-09"),
        ("https://a.example/r/1|2026-10-09", "https://a.example/r/2", "https://a.example/r/1"),
    ],
)
def test_a_repeated_loc_keeps_its_first_place_and_its_newest_lastmod(entries):
    assert parse(urlset(*entries)).follow_urls == [
        ("https://a.example/r/1", datetime(2026, 10, 9, tzinfo=UTC)),
        ("https://a.example/r/2", None),
    ]


@pytest.mark.parametrize(
    ("loc", "reason"),
    [
        ("", "<url> has no <loc>"),
        ("//a.example/r/1", "<loc> is relative; sitemaps must give absolute http(s) URLs"),
        ("r/1", "<loc> is relative; sitemaps must give absolute http(s) URLs"),
        ("javascript:alert(1)", "<loc> is not an http(s) URL (scheme 'javascript')"),
        ("mailto:roles@a.example", "<loc> is not an http(s) URL (scheme 'mailto')"),
        ("https:///r/1", "<loc> is not an http(s) URL (scheme 'https')"),
        ("http://[::1/r", "<loc> is not a valid URL"),
        ("https://a.example/" + "r" * 2048, "<loc> is longer than 2,048 characters"),
    ],
)
def test_unusable_locs_are_rejected_with_a_reason_and_the_rest_kept(loc, reason):
    result = parse(urlset("https://a.example/ok", loc))
    assert [url for url, _ in result.follow_urls] == ["https://a.example/ok"]
    assert [(r.position, r.reason) for r in result.rejections] == [(1, reason)]


def test_upper_case_schemes_are_http_too():
    assert parse(urlset("HTTPS://A.example/r/1")).follow_urls == [("HTTPS://A.example/r/1", None)]


def test_a_url_without_a_loc_element_is_rejected():
    data = f'<urlset xmlns="{NS}"><url><lastmod>2026-10-01</lastmod></url></urlset>'.encode()
    assert [r.reason for r in parse(data).rejections] == ["<url> has no <loc>"]


@pytest.mark.parametrize(
    "ns",
    [
        "",
        ' xmlns="http://www.google.com/schemas/sitemap/0.84"',
        f' xmlns="{NS}" xmlns:xhtml="http://www.w3.org/1999/xhtml"',
    ],
)
def test_any_single_namespace_or_none_is_read(ns):
    assert parse(urlset("https://a.example/r/1", ns=ns)).follow_urls == [("https://a.example/r/1", None)]


def test_children_in_another_namespace_are_not_the_sitemaps_own():
    data = (
        f'<urlset xmlns="{NS}" xmlns:x="urn:other"><x:url><x:loc>https://a.example/x</x:loc></x:url></urlset>'
    )
    assert parse(data.encode()).follow_urls == []


def test_an_empty_urlset_is_an_empty_complete_snapshot():
    result = parse(urlset())
    assert (result.follow_urls, result.rejections, result.complete_snapshot) == ([], [], True)


def test_over_5000_urls_the_rest_are_dropped_with_one_rejection():
    result = parse(urlset(*(f"https://a.example/r/{n}" for n in range(5_003))))
    assert len(result.follow_urls) == 5_000
    assert result.follow_urls[-1] == ("https://a.example/r/4999", None)
    [rejection] = result.rejections
    assert rejection.item_id == "https://a.example/r/5000"
    assert rejection.reason.startswith("3 more page URLs dropped: we read at most 5,000 per sitemap")


def test_duplicates_do_not_count_toward_the_cap():
    result = parse(urlset(*(f"https://a.example/r/{n % 5_000}" for n in range(6_000))))
    assert (len(result.follow_urls), result.rejections) == (5_000, [])


# --- What is refused ----------------------------------------------------------------------------------


def test_a_sitemap_index_is_refused_and_names_its_first_children():
    with pytest.raises(FeedError) as exc:
        parse((FIXTURES / "sitemap_index.xml").read_bytes(), "https://bridges.example.org/sitemap.xml")
    assert exc.value.permanent is True
    assert str(exc.value) == (
        "https://bridges.example.org/sitemap.xml is a sitemap index; "
        "add each child sitemap as its own source: "
        "https://bridges.example.org/sitemaps/volunteer-roles-1.xml, "
        "https://bridges.example.org/sitemaps/volunteer-roles-2.xml, "
        "https://bridges.example.org/sitemaps/events.xml (and 2 more)."
    )


@pytest.mark.parametrize(
    ("children", "listed"),
    [
        ("<sitemap><loc>https://a.example/1.xml</loc></sitemap>", "https://a.example/1.xml."),
        ("", "(it lists none)."),
    ],
)
def test_a_small_sitemap_index_names_what_it_has(children, listed):
    with pytest.raises(FeedError, match=r"^This is a sitemap index; .*: ") as exc:
        parse(f'<sitemapindex xmlns="{NS}">{children}</sitemapindex>'.encode())
    assert str(exc.value).endswith(listed)


def test_an_entity_bomb_is_refused_fast():
    started = time.perf_counter()
    with pytest.raises(FeedError, match=r"^Refused: the sitemap declares a DTD") as exc:
        parse((FIXTURES / "sitemap_entity_bomb.xml").read_bytes())
    assert time.perf_counter() - started < 1
    assert exc.value.permanent is True


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE urlset SYSTEM "https://evil.example/sitemap.dtd">',
        '<!DOCTYPE urlset [<!ENTITY role "tutor">]>',
        "<!DOCTYPE urlset>",
    ],
)
def test_any_dtd_is_refused(doctype):
    data = f'<?xml version="1.0"?>{doctype}<urlset xmlns="{NS}"><url><loc>https://a.example/1</loc></url></urlset>'
    with pytest.raises(FeedError, match=r"^Refused: ") as exc:
        parse(data.encode())
    assert exc.value.permanent is True


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Not a sitemap: the body is not well-formed XML"),
        (
            b"<urlset><url><loc>https://a.example/1</loc></url>",
            "Not a sitemap: the body is not well-formed XML",
        ),
        (
            b"<!doctype html><html><body><p>Hello<br></body></html>",
            "Not a sitemap: the body is not well-formed XML",
        ),
        (b'<rss version="2.0"><channel/></rss>', "Not a sitemap: the root element is <rss>, not <urlset>."),
        (b"\x1f\x8bnot really gzip", "Not a sitemap: the gzip data is corrupt"),
        (gzip.compress(urlset("https://a.example/1"))[:-30], "Not a sitemap: the gzip data is truncated."),
    ],
)
def test_what_is_not_a_sitemap_is_refused_permanently(data, message):
    with pytest.raises(FeedError) as exc:
        parse(data)
    assert str(exc.value).startswith(message)
    assert exc.value.permanent is True


# --- Gzip ---------------------------------------------------------------------------------------------------


def test_a_gzipped_sitemap_reads_like_the_plain_one(listings):
    data = gzip.compress((FIXTURES / "sitemap_listings.xml").read_bytes())
    result = parse(data, "https://volunteer.harborlight.example.org/sitemap.xml.gz")
    assert (result.follow_urls, result.rejections) == (listings.follow_urls, listings.rejections)


def test_the_size_cap_applies_to_the_inflated_bytes(monkeypatch):
    plain = urlset("https://a.example/1")
    monkeypatch.setattr(sitemap, "MAX_INFLATED_BYTES", len(plain))
    assert len(parse(gzip.compress(plain)).follow_urls) == 1
    monkeypatch.setattr(sitemap, "MAX_INFLATED_BYTES", len(plain) - 1)
    with pytest.raises(FeedError, match="over the size cap"):
        parse(gzip.compress(plain))


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of zeros gzipped at level 9 (about 200 KB), built a megabyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    return b"".join([*(packer.compress(zeros) for _ in range(200)), packer.flush()])


def test_a_gzip_bomb_is_refused_without_inflating_it_all(gzip_bomb):
    assert len(gzip_bomb) < 300_000
    tracemalloc.start()
    try:
        with pytest.raises(FeedError, match="over the size cap") as exc:
            parse(gzip_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.value.permanent is True
    assert peak < 60 * 1024 * 1024  # the 50 MB cap plus one step, not 200 MB
