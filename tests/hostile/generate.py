"""Builds the large or repetitive cases of the hostile corpus, so that no megabyte is committed.

The tests call these functions at test time (cases.py); run this file to write them out for a look:

    .venv/bin/python tests/hostile/generate.py /tmp/hostile
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

JSONFEED_VERSION = "https://jsonfeed.org/version/1.1"
_RSS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Generated</title>'
    b"<link>https://generated.example.org/</link><description>hostile corpus</description>\n"
)
_RSS_TAIL = b"</channel></rss>\n"


def rss_items(count: int, *, host: str = "many.example.org") -> bytes:
    """COUNT small, valid RSS items (about 150 bytes each)."""
    items = b"".join(
        b"<item><title>Volunteer role %d</title><link>https://%s/roles/%d</link>"
        b'<guid isPermaLink="false">role-%d</guid><description>Help out remotely.</description></item>\n'
        % (n, host.encode(), n, n)
        for n in range(count)
    )
    return _RSS_HEAD + items + _RSS_TAIL


def rss_huge_title(size: int) -> bytes:
    """One item whose title is SIZE bytes of text (and one ordinary item)."""
    title = (b"Volunteer " * (size // 10 + 1))[:size]
    return (
        _RSS_HEAD
        + b"<item><title>"
        + title
        + b"</title><link>https://big.example.org/roles/1</link>"
        + b'<guid isPermaLink="false">big-1</guid></item>\n'
        + b"<item><title>Ordinary role</title><link>https://big.example.org/roles/2</link>"
        + b'<guid isPermaLink="false">big-2</guid></item>\n'
        + _RSS_TAIL
    )


def jsonfeed_huge_title(size: int) -> bytes:
    items = [
        {"id": "big-1", "title": "Volunteer " * (size // 10), "url": "https://big.example.org/j/1"},
        {"id": "big-2", "title": "Ordinary role", "url": "https://big.example.org/j/2"},
    ]
    return json.dumps({"version": JSONFEED_VERSION, "title": "Big", "items": items}).encode()


def rss_padded(size: int) -> bytes:
    """A valid feed padded with an XML comment to exactly SIZE bytes: over the cap only by size."""
    body = rss_items(1, host="padded.example.org")
    padding = size - len(body) - len(b"<!---->\n")
    return body[: -len(_RSS_TAIL)] + b"<!--" + b"x" * padding + b"-->\n" + _RSS_TAIL


def quadratic_blowup(entity_chars: int = 50_000, references: int = 1_000) -> bytes:
    """One large entity referenced many times: linear in the file, quadratic once expanded."""
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "'
        + b"A" * entity_chars
        + b'">]>\n<rss version="2.0"><channel><title>q</title><link>https://q.example.org/</link>'
        + b"<item><title>q</title><link>https://q.example.org/1</link><description>"
        + b"&a;" * references
        + b"</description></item></channel></rss>\n"
    )


def gzip_bomb(inflated_bytes: int, *, wbits: int = 31) -> bytes:
    """gzip of INFLATED_BYTES zeros, built a mebibyte at a time: about a thousandth of the size.
    wbits 31 writes gzip framing; 15 zlib framing (HTTP's deflate); -15 raw deflate."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = b"\0" * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(inflated_bytes // len(chunk))]
    return b"".join(parts) + compressor.flush()


def deflated(data: bytes, *, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return compressor.compress(data) + compressor.flush()


def nested_json(depth: int) -> bytes:
    """A JSON Feed whose first item holds arrays nested DEPTH deep."""
    return (
        b'{"version": "%s", "title": "deep", "items": [{"id": "deep-1", "title": "Deep", '
        b'"url": "https://deep.example.org/1", "tags": '
        % JSONFEED_VERSION.encode()
        + b"[" * depth
        + b"]" * depth
        + b"}]}"
    )


def jsonld_nested(depth: int) -> bytes:
    """An HTML page whose first JSON-LD block nests arrays DEPTH deep; its second is a good posting."""
    good = {"@context": "https://schema.org", "@type": "JobPosting", "identifier": "deep-good",
            "title": "Kept beside a deep block", "url": "https://deep.example.org/l/1"}  # fmt: skip
    return (
        b'<!DOCTYPE html><html><head><script type="application/ld+json">'
        + b"[" * depth
        + b"]" * depth
        + b'</script><script type="application/ld+json">'
        + json.dumps(good).encode()
        + b"</script></head><body></body></html>"
    )


def jsonld_blocks(count: int, *, malformed: int) -> bytes:
    """An HTML page with COUNT JobPosting blocks; block number MALFORMED (1-based) is broken JSON."""
    blocks = []
    for number in range(1, count + 1):
        posting = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "identifier": f"block-{number}",
            "title": f"Remote volunteer role {number}",
            "url": f"https://blocks.example.org/roles/{number}",
            "description": f"<p>Role number {number}.</p>",
            "employmentType": "VOLUNTEER",
        }
        text = json.dumps(posting)
        if number == malformed:
            text = text[:-1] + ', "title": }'  # a missing value, and no closing brace of its own
        blocks.append(f'<script type="application/ld+json">{text}</script>\n')
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Blocks</title>\n"
        + "".join(blocks)
        + "</head><body><p>Fifty postings.</p></body></html>\n"
    ).encode()


def good_feed(fmt: str, *, key: str) -> bytes:
    """One clean listing in FORMAT: what a source held before it turned hostile."""
    url = f"https://good.example.org/{key}/role"
    title = f"Good role of {key}"
    if fmt == "jsonfeed":
        item = {"id": f"good-{key}", "title": title, "url": url, "content_html": "<p>Kept.</p>"}
        return json.dumps({"version": JSONFEED_VERSION, "title": "Good", "items": [item]}).encode()
    if fmt == "jsonld":
        posting = {"@context": "https://schema.org", "@type": "JobPosting", "identifier": f"good-{key}",
                   "title": title, "url": url, "description": "<p>Kept.</p>"}  # fmt: skip
        script = f'<script type="application/ld+json">{json.dumps(posting)}</script>'
        return f"<!DOCTYPE html><html><head>{script}</head><body></body></html>".encode()
    return (
        _RSS_HEAD
        + f"<item><title>{title}</title><link>{url}</link>".encode()
        + f'<guid isPermaLink="false">good-{key}</guid>'.encode()
        + b"<description>&lt;p&gt;Kept.&lt;/p&gt;</description></item>\n"
        + _RSS_TAIL
    )


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "rss_20000_items.xml": rss_items(20_000),
        "rss_2mb_title.xml": rss_huge_title(2 * 1024 * 1024),
        "jsonfeed_2mb_title.json": jsonfeed_huge_title(2 * 1024 * 1024),
        "rss_quadratic_blowup.xml": quadratic_blowup(),
        "gzip_bomb_256mib.gz": gzip_bomb(256 * 1024 * 1024),
        "jsonfeed_nested_100000.json": nested_json(100_000),
        "jsonld_50_blocks_one_malformed.html": jsonld_blocks(50, malformed=17),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus"))
