"""The hostile corpus: every case, what it attacks, and what must come of it.

A case is either *refused* (`refused` is a pattern the recorded or printed message must match)
or *neutralised* (accepted, and `expect` checks what was stored). Every case also runs under the
checks every run gets (test_corpus.py): no connection but to the loopback server, its deadline,
bounded memory, other sources untouched, and the stored-row invariants of harness.row_problems.

`ingest` says how `manage.py ingest` meets it: "file" (the payload as a file) or "url" (the
command's URL mode, for attacks that only exist on the wire). The fetch path always fetches the
loopback server's answer (`serve` + `payload`) or `source_url`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tests.hostile import generate
from tests.hostile.harness import PUBLIC_ADDRESS, REBIND_HOST, Check, Outcome, Serve

FILES = Path(__file__).resolve().parent / "files"
TIMEOUT = 1.0  # FEEDS_HTTP_TIMEOUT in these tests: a drip costs the whole deadline, four times
MAX_BYTES = 4 * 1024 * 1024  # FEEDS_MAX_BYTES in these tests: over the 20,000 items, and quick to exceed
WALL = TIMEOUT + 5  # "cannot hang": the deadline plus generous room for a loaded machine
PEAK_MIB = 64

ENTITIES = r"^Refused: the feed declares XML entities \(entity-expansion protection\)\.$"
PRIVATE = r"^Refused: {host} resolves to {address}, a private, loopback, link-local or reserved address\."
URL_REFUSED = r"'{}': its URL .* is not an absolute http\(s\) URL of at most 2,048 characters"
BREAKOUT = r"JSON-LD block 2 is not valid JSON: Unterminated string"
DEADLINE = r"^Fetching from feeds\.hostile\.test took longer than the 1 s deadline: will retry later\.$"


@dataclass(frozen=True)
class Case:
    name: str
    attacks: str
    fmt: str
    payload: Callable[[], bytes] | None = None
    serve: Serve = field(default_factory=Serve)
    ingest: str = "file"
    source_url: str = ""  # the fetch path's source URL, when not the server's path for the case
    refused: str = ""
    ingest_refused: str = ""  # when the ingest path's message differs (a file has no wire)
    expect: Check | None = None
    expected_attempts: tuple[tuple[str, str], ...] = ()  # (address, "canary") refused by the spy
    max_seconds: float = WALL
    peak_mib: float = PEAK_MIB
    # Both paths feed one source, so the fetch path meets bytes the ingest already stored
    # (the 20,000 items: storing them is the expensive part, and it is the same code either way).
    shared_source: bool = False
    render: bool = False  # render each stored listing's page and check it

    def refusal(self, path: str) -> str:
        return (self.ingest_refused if path == "ingest" and self.ingest_refused else self.refused) or ""


def file(name: str) -> Callable[[], bytes]:
    return lambda: (FILES / name).read_bytes()


def generated(function: Callable[..., bytes], *args: Any, **kwargs: Any) -> Callable[[], bytes]:
    return cache(lambda: function(*args, **kwargs))


# --- What a neutralised case must have stored -------------------------------------------------


def holds(*item_ids: str, rejected: tuple[str, ...] = (), then: Check | None = None) -> Check:
    """Exactly these items stored; each pattern in `rejected` matches one recorded rejection."""

    def check(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
        stored = sorted(row["source_item_id"] for row in rows)
        if stored != sorted(item_ids):
            outcome.fail(f"stored items {stored[:10]}, expected {sorted(item_ids)[:10]}")
        unmatched = list(outcome.rejections)
        for pattern in rejected:
            found = next((text for text in unmatched if re.search(pattern, text)), None)
            if found is None:
                outcome.fail(f"no rejection matches {pattern!r} in {outcome.rejections}")
            else:
                unmatched.remove(found)
        if unmatched:
            outcome.fail(f"unexpected rejections: {unmatched}")
        if then is not None:
            then(outcome, rows)

    return check


def holds_count(count: int, *, rejected: tuple[str, ...] = ()) -> Check:
    def check(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
        if len(rows) != count:
            outcome.fail(f"stored {len(rows)} items, expected {count}")
        for pattern in rejected:
            if not any(re.search(pattern, text) for text in outcome.rejections):
                outcome.fail(f"no rejection matches {pattern!r} in {outcome.rejections[:5]}")
        if len(outcome.rejections) != len(rejected):
            outcome.fail(f"{len(outcome.rejections)} rejections, expected {len(rejected)}")

    return check


def field_is(item_id: str, **expected: Any) -> Check:
    def check(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
        row = next((row for row in rows if row["source_item_id"] == item_id), None)
        if row is None:
            outcome.fail(f"{item_id!r} not stored")
            return
        for key, value in expected.items():
            actual = row[key]
            ok = value(actual) if callable(value) else actual == value
            if not ok:
                outcome.fail(f"{item_id!r}.{key} is {str(actual)[:120]!r}")

    return check


def all_of(*checks: Check) -> Check:
    def check(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
        for each in checks:
            each(outcome, rows)

    return check


def no_dates(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
    """Impossible or absurd dates are dropped; only the one real date survives."""
    for row in rows:
        dated = [key for key in ("posted_at", "source_updated_at", "expires_at") if row[key]]
        if dated and "good date" not in row["title"]:
            outcome.fail(f"{row['title']!r} kept {dated}: {[str(row[key]) for key in dated]}")
    good = [row for row in rows if "good date" in row["title"]]
    if not good or good[0]["posted_at"] is None or good[0]["posted_at"].year != 2026:
        outcome.fail("the one real date was not kept")


def truncated_title(outcome: Outcome, rows: list[dict[str, Any]]) -> None:
    big = [row for row in rows if row["source_item_id"] == "big-1"]
    if not big or len(big[0]["title"]) != 300 or not big[0]["title"].endswith("…"):
        outcome.fail(f"the 2 MB title was not cut to 300 characters: {[len(r['title']) for r in big]}")


# --- The corpus ---------------------------------------------------------------------------------

CAP = f"{MAX_BYTES:,}"

CASES: list[Case] = [
    # XML entity expansion and external references
    Case("billion-laughs", "nested entity expansion: 1 KB that expands to 3 GB", "rss",
         file("billion_laughs.xml"), refused=ENTITIES),
    Case("billion-laughs-utf16", "the same bomb in UTF-16, past byte-level checks", "rss",
         file("billion_laughs_utf16.xml"), refused=ENTITIES),
    Case("quadratic-blowup", "one 50 KB entity referenced 1,000 times (no nesting)", "rss",
         generated(generate.quadratic_blowup), refused=ENTITIES),
    Case("external-entity", "SYSTEM entity reading file:///etc/passwd into a title", "rss",
         file("external_entity.xml"), refused=ENTITIES),
    Case("external-dtd-parameter-entity", "a parameter entity loading a DTD from 169.254.169.254", "rss",
         file("external_dtd_parameter_entity.xml"), refused=ENTITIES),
    Case("external-dtd-system-id", "a DOCTYPE naming an external DTD on the metadata address", "rss",
         file("external_dtd_system.xml"), expect=holds("dtd-system-1")),
    Case("sitemap-entity-bomb", "billion laughs in a sitemap (defusedxml path)", "sitemap",
         file("sitemap_entity_bomb.xml"),
         refused=r"^Refused: the sitemap declares a DTD, entities or external"),
    # Size
    Case("body-over-cap", "a body one byte over FEEDS_MAX_BYTES, with its length declared", "rss",
         generated(generate.rss_padded, MAX_BYTES + 1),
         refused=rf"^Refused: the body is 4,194,305 bytes, over the {CAP}-byte cap\.$"),
    Case("body-over-cap-undeclared", "a body over the cap with no Content-Length", "rss",
         generated(generate.rss_padded, MAX_BYTES + 1), serve=Serve(declare_length=False), ingest="url",
         refused=rf"^Refused: the body passed the {CAP}-byte cap \(after decompression\)\.$"),
    Case("gzip-bomb-http", "Content-Encoding: gzip, 255 KB inflating to 256 MiB", "rss",
         generated(generate.gzip_bomb, 256 * 1024 * 1024), ingest="url",
         serve=Serve(headers=(("Content-Encoding", "gzip"),)),
         refused=rf"^Refused: the body passed the {CAP}-byte cap \(after decompression\)\.$"),
    Case("deflate-bomb-http", "Content-Encoding: deflate (zlib framing), 64 MiB of zeros", "rss",
         generated(generate.gzip_bomb, 64 * 1024 * 1024, wbits=15), ingest="url",
         serve=Serve(headers=(("Content-Encoding", "deflate"),)),
         refused=rf"^Refused: the body passed the {CAP}-byte cap \(after decompression\)\.$"),
    Case("deflate-raw-feed", "a good feed in raw deflate (no zlib header), as many servers send it", "rss",
         generated(lambda: generate.deflated(generate.rss_items(3, host="raw.example.org"), wbits=-15)),
         ingest="url", serve=Serve(headers=(("Content-Encoding", "deflate"),)), expect=holds_count(3)),
    Case("unsupported-encoding", "Content-Encoding: br, which we never asked for", "rss",
         generated(generate.rss_items, 1), ingest="url", serve=Serve(headers=(("Content-Encoding", "br"),)),
         refused=r"^Refused: the body is encoded as br; only gzip or deflate is read\.$"),
    Case("gzip-bomb-sitemap", "a .xml.gz sitemap inflating to 256 MiB (the adapter inflates)", "sitemap",
         generated(generate.gzip_bomb, 256 * 1024 * 1024),
         refused=r"^The gzipped sitemap inflates to over the size cap \(50 MB\)\.$", peak_mib=PEAK_MIB + 50),
    Case("many-items-20000", "20,000 items in one feed", "rss", generated(generate.rss_items, 20_000),
         expect=holds_count(20_000), shared_source=True, max_seconds=120, peak_mib=192),
    Case("title-2mb-rss", "a 2 MB title", "rss", generated(generate.rss_huge_title, 2 * 1024 * 1024),
         expect=holds("big-1", "big-2", then=truncated_title)),
    Case("title-2mb-jsonfeed", "a 2 MB title in JSON", "jsonfeed",
         generated(generate.jsonfeed_huge_title, 2 * 1024 * 1024),
         expect=holds("big-1", "big-2", then=truncated_title)),
    # A slow server
    Case("drip-body", "headers at once, then one byte every 50 ms", "rss", serve=Serve(drip_body=0.05,
         body_bytes=10_000), ingest="url", refused=DEADLINE),
    Case("drip-headers", "a status line sent one byte every 50 ms (headers never end)", "rss",
         serve=Serve(drip_status=0.05, body_bytes=10_000), ingest="url", refused=DEADLINE),
    # Where a fetch may go
    *[
        Case(f"redirect-to-{label}", f"a 302 to {target}", "rss", ingest="url",
             serve=Serve(status=302, location=target), refused=message)
        for label, target, message in [
            ("127.0.0.1", "http://127.0.0.1:{canary}/admin",
             PRIVATE.format(host=r"127\.0\.0\.1", address=r"127\.0\.0\.1")),
            ("169.254.169.254", "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
             PRIVATE.format(host=r"169\.254\.169\.254", address=r"169\.254\.169\.254")),
            ("10.0.0.0-8", "http://10.11.12.13/internal",
             PRIVATE.format(host=r"10\.11\.12\.13", address=r"10\.11\.12\.13")),
            ("ipv6-loopback", "http://[::1]:{canary}/", PRIVATE.format(host="::1", address="::1")),
            ("ipv4-mapped-ipv6", "http://[::ffff:127.0.0.1]:{canary}/",
             PRIVATE.format(host=r"::ffff:127\.0\.0\.1", address="::ffff:7f00:1")),
            ("localhost-name", "http://localhost:{canary}/",
             PRIVATE.format(host="localhost", address=r"127\.0\.0\.1")),
            ("hex-loopback", "http://0x7f000001:{canary}/",
             PRIVATE.format(host="0x7f000001", address=r"127\.0\.0\.1")),
            ("file-scheme", "file:///etc/passwd",
             r"^Refused: only http and https URLs are fetched, not file scheme\.$"),
            ("gopher-scheme", "gopher://127.0.0.1:{canary}/_INFO",
             r"^Refused: only http and https URLs are fetched, not gopher scheme\.$"),
        ]
    ],
    Case("dns-rebinding", "a name answering public at the check and loopback at connect", "rss",
         ingest="url", source_url=f"http://{REBIND_HOST}:{{canary}}/feed",
         expected_attempts=((PUBLIC_ADDRESS, "canary"),),
         refused=r"^Could not fetch http://rebind\.hostile\.test:\d+/feed: .*"
                 r"refused by the hostile-corpus socket spy"),
    Case("scheme-file", "a source whose URL is file:///etc/passwd", "rss", ingest="url",
         source_url="file:///etc/passwd",
         refused=r"^Refused: only http and https URLs are fetched, not file scheme\.$",
         ingest_refused=r"^file:///etc/passwd: no such file\. "
                        r"Give the path of a feed file or an http\(s\) URL\.$"),
    Case("scheme-gopher", "a source whose URL is gopher://", "rss", ingest="url",
         source_url="gopher://127.0.0.1:{canary}/_GET%20/",
         refused=r"^Refused: only http and https URLs are fetched, not gopher scheme\.$",
         ingest_refused=r"^gopher://127\.0\.0\.1:\d+/_GET%20/: no such file\."),
    Case("sitemap-private-pages", "a sitemap listing pages on private addresses and file:", "sitemap",
         file("sitemap_private_pages.xml"),
         expect=holds(rejected=(
             r"http://169\.254\.169\.254/latest/meta-data/'?: page not read: Refused: 169\.254\.169\.254",
             r"page not read: Refused: 10\.0\.0\.1 resolves",
             r"page not read: Refused: 127\.0\.0\.1 resolves",
             r"page not read: Refused: ::1 resolves", r"page not read: Refused: localhost resolves",
             r"page not read: Refused: 0x7f000001 resolves", r"not an http\(s\) URL \(scheme 'file'\)",
             r"not an http\(s\) URL \(scheme 'gopher'\)"))),
    # Encodings
    Case("invalid-utf8-rss", "bytes that are not UTF-8 in a feed declared UTF-8", "rss",
         file("invalid_utf8.xml"), expect=holds_count(2)),
    Case("invalid-utf8-jsonfeed", "bytes that are not UTF-8 in JSON", "jsonfeed", file("invalid_utf8.json"),
         refused=r"^Not a JSON Feed: the body is not valid JSON \('utf-8' codec can't decode byte 0xff"),
    Case("invalid-utf8-jsonld", "bytes that are not UTF-8 in an HTML page", "jsonld",
         file("invalid_utf8.html"), expect=holds_count(1)),
    Case("utf16-bom-rss", "RSS in UTF-16 with a byte-order mark", "rss", file("utf16_bom.xml"),
         expect=lambda outcome, rows: None if any("Bénévol" in r["title"] or "é" in r["title"] for r in rows)
         else outcome.fail(f"UTF-16 titles misread: {[r['title'] for r in rows]}")),
    Case("utf16-bom-jsonfeed", "JSON Feed in UTF-16 with a byte-order mark", "jsonfeed",
         file("utf16_bom.json"),
         expect=holds("u16-1", then=field_is("u16-1", title="Bénévolat à distance — 日本語"))),
    Case("nul-and-surrogates-jsonfeed", "\\u0000 and lone \\ud800 escapes (PostgreSQL refuses both)",
         "jsonfeed", file("nul_and_surrogates.json"), expect=holds_count(3)),
    Case("nul-and-surrogates-rss", "&#0; and &#xD800; character references", "rss",
         file("nul_and_surrogates.xml"), expect=holds_count(3)),
    # Script injection
    Case("injection-rss", "script, on*, javascript:, data:, iframe, style in RSS", "rss",
         file("injection.xml"), expect=holds_count(2), render=True),
    Case("injection-jsonfeed", "the same in JSON Feed, plus javascript:/data:/file: item URLs", "jsonfeed",
         file("injection.json"), render=True,
         expect=holds("inject-1", "inject-2",
                      rejected=tuple(URL_REFUSED.format(f"inject-{n}") for n in range(3, 8)))),
    Case("injection-jsonld", "the same in JSON-LD, plus a </script> breakout", "jsonld",
         file("injection.html"), render=True,
         # The breakout ends block 2 early (as a browser would): that block is rejected. Posting 3's
         # javascript: URL is dropped for the page's own URL, which a file does not have.
         expect=lambda outcome, rows: (
             holds("inject-1", "inject-3", rejected=(BREAKOUT,)) if outcome.path == "fetch"
             else holds("inject-1", rejected=(BREAKOUT, r"'inject-3': JobPosting has no usable url"))
         )(outcome, rows)),
    # Dates
    Case("dates-rss", "Feb 30, years 0/9999/99999, negative epochs, +99:99", "rss", file("dates.xml"),
         expect=all_of(holds_count(12), no_dates)),
    Case("dates-jsonfeed", "the same in JSON Feed", "jsonfeed", file("dates.json"),
         expect=all_of(holds_count(8), no_dates)),
    Case("dates-jsonld", "the same in JSON-LD", "jsonld", file("dates.html"),
         expect=all_of(holds_count(5), no_dates)),
    # Identity
    Case("duplicate-guids-rss", "one GUID on five items", "rss", file("duplicate_guids.xml"),
         expect=holds_count(5)),
    Case("duplicate-ids-jsonfeed", "repeated ids, 7 and \"7\", \" same \"", "jsonfeed",
         file("duplicate_ids.json"),
         expect=holds("same", "7", rejected=("repeats an earlier item's id",) * 3)),
    Case("no-link-no-guid-rss", "items with neither link nor GUID, in a channel with no link", "rss",
         file("no_link_no_guid.xml"),
         expect=holds("https://nolink.example.org/roles/1", rejected=("item has no link",) * 4)),
    Case("no-link-no-id-jsonfeed", "items with no id, no url, or an empty id", "jsonfeed",
         file("no_link_no_id.json"),
         expect=holds("x4", rejected=('no "id"', 'neither "url"', 'no "id"', 'no "id"'))),
    # JSON structure
    Case("json-nested-100000-jsonfeed", "arrays nested 100,000 deep (RecursionError in json)", "jsonfeed",
         generated(generate.nested_json, 100_000),
         refused=r"^Not a JSON Feed: the body is not valid JSON \(nested too deeply\)\.$"),
    Case("json-nested-90", "arrays nested 90 deep: parsed, stored and encoded again", "jsonfeed",
         generated(generate.nested_json, 90), expect=holds("deep-1")),
    Case("json-nested-100000-jsonld", "a JSON-LD block nested 100,000 deep beside a good one", "jsonld",
         generated(generate.jsonld_nested, 100_000),
         expect=holds("deep-good", rejected=(r"JSON-LD block 1 is not valid JSON: nested too deeply",))),
    Case("nan-infinity", "NaN, Infinity, -Infinity and 1e999 (not JSON; PostgreSQL refuses them)",
         "jsonfeed", file("nan_infinity.json"),
         expect=holds("n1", "n2", "n3", "n6", rejected=('no "id"', 'no "title"'),
                      then=all_of(field_is("n1", hours_per_week=None), field_is("n6", hours_per_week=4)))),
    Case("wrong-types-items-dict", '"items" is an object', "jsonfeed", file("wrong_types_items_dict.json"),
         refused=r'^Not a JSON Feed: "items" must be a list\.$'),
    Case("wrong-types-top-level-list", "the document is a list", "jsonfeed",
         file("wrong_types_top_level_list.json"),
         refused=r'^Not a JSON Feed: "version" must start with https://jsonfeed\.org/version/1\.$'),
    Case("wrong-types-fields", "titles that are numbers, lists, objects; ids that are booleans", "jsonfeed",
         file("wrong_types_fields.json"),
         expect=holds("t7", "t8", hashlib.sha256(b"x" * 300).hexdigest(), rejected=(
             "not an object", "not an object", "not an object", "not an object", 'no "title"',
             'no "title"', 'no "title"', 'neither "url"', 'no "id"', 'no "id"', URL_REFUSED.format("t9"),
             URL_REFUSED.format("t10"), URL_REFUSED.format("t12")))),
    Case("wrong-types-jsonld", "JSON-LD blocks that are strings, numbers, lists of scalars", "jsonld",
         file("wrong_types.html"), expect=lambda outcome, rows: None if len(rows) >= 1
         else outcome.fail("the well-typed posting was not kept")),
    Case("jsonld-50-blocks-one-malformed", "50 JSON-LD blocks, block 17 malformed", "jsonld",
         generated(generate.jsonld_blocks, 50, malformed=17),
         expect=holds(*(f"block-{n}" for n in range(1, 51) if n != 17),
                      rejected=(r"JSON-LD block 17 is not valid JSON",))),
]  # fmt: skip

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"
