from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from opportunities.feeds import get_adapter
from opportunities.feeds.base import FeedError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feeds"


@pytest.fixture
def parsed():
    return get_adapter("jsonfeed").parse((FIXTURES / "jsonfeed_basic.json").read_bytes())


def test_it_reads_every_usable_item(parsed):
    assert [listing.source_item_id for listing in parsed.listings] == [
        "kr-1001",
        "1002",
        "kr-1003",
        "kr-1001",
    ]


def test_it_reads_standard_fields_and_the_extension(parsed):
    first = parsed.listings[0]
    assert first.title == "Online reading buddy for children aged 7&ndash;9"
    assert first.apply_url.startswith("https://lumen-literacy.example.org/volunteer/reading-buddy?")
    assert first.organization_name == "Lumen Literacy Trust Ltd."
    assert first.organization_country == "GB"
    assert first.location_type == "remote"
    assert first.remote_scope == "countries"
    assert first.eligible_countries == ("GB", "IE")
    assert first.hours_per_week == Decimal("0.5")
    assert first.cause_slugs == ("education-literacy", "children-youth")
    assert first.source_categories == ("Education", "Youth / Mentoring")


def test_it_converts_dates_to_utc(parsed):
    first = parsed.listings[0]
    assert first.posted_at == datetime(2026, 10, 2, 7, 30, tzinfo=UTC)
    assert first.source_updated_at == datetime(2026, 10, 20, 17, 0, tzinfo=UTC)


def test_it_drops_impossible_dates_and_wrongly_typed_fields_but_keeps_the_item(parsed):
    spanish = parsed.listings[1]
    assert spanish.posted_at is None  # 30 February
    assert spanish.hours_per_week is None  # "lots"
    assert spanish.cause_slugs == ()  # a string, not a list
    assert spanish.languages == ("es",)  # falls back to the item's language
    assert spanish.location_type == "REMOTE"  # normalised later, in the service


def test_it_escapes_content_text_into_paragraphs(parsed):
    assert parsed.listings[1].description_html == (
        "<p>Traduce documentos del árabe al español.</p><p>Dos horas por semana, desde casa.</p>"
    )


def test_it_rejects_bad_items_with_a_reason_and_keeps_the_rest(parsed):
    reasons = {(r.position, r.reason) for r in parsed.rejections}
    assert reasons == {
        (3, 'item has no "id"'),
        (4, 'item has no "title"'),
        (6, "item is not an object"),
    }


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"<rss></rss>", "not valid JSON"),
        (b'{"version": "https://example.org/other", "items": []}', '"version" must start with'),
        (b"[1, 2, 3]", '"version" must start with'),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', '"items" must be a list'),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    ],
)
def test_it_refuses_what_is_not_a_json_feed_permanently(payload, message):
    with pytest.raises(FeedError) as exc:
        get_adapter("jsonfeed").parse(payload)
    assert message in str(exc.value)
    assert exc.value.permanent is True


def test_an_empty_feed_is_a_complete_empty_snapshot():
    result = get_adapter("jsonfeed").parse(
        json.dumps({"version": "https://jsonfeed.org/version/1", "items": []}).encode()
    )
    assert result.listings == []
    assert result.complete_snapshot is True


def test_an_unknown_format_names_the_known_ones():
    with pytest.raises(
        ValueError, match="known formats: hotosm, idealist, jsonfeed, jsonld, reliefweb, rpde, rss"
    ):
        get_adapter("gopher")
