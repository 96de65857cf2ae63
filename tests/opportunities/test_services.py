from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opportunities import services
from opportunities.models import (
    Cause,
    FetchOutcome,
    Opportunity,
    Organization,
    Skill,
    Source,
    Status,
    TagMethod,
)
from tests.factories import OpportunityCauseFactory, SourceFactory

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "jsonfeed_basic.json"
pytestmark = pytest.mark.django_db


@pytest.fixture
def source(taxonomy) -> Source:
    return SourceFactory(name="Kindred", format="jsonfeed")


def ingest(source: Source, payload: bytes | None = None):
    return services.source_ingest_payload(source=source, payload=payload or FIXTURE.read_bytes())


def writes_to(table: str, queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if table in q["sql"] and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_taxonomy_load_is_idempotent_and_complete(db):
    assert services.taxonomy_load() == (29, 25)
    assert services.taxonomy_load() == (29, 25)
    assert Cause.objects.count() == 29
    assert Skill.objects.count() == 25
    hunger = Cause.objects.get(slug="hunger")
    assert hunger.name == "Hunger & Food Security"
    assert "HUNGER_FOOD_SECURITY" in hunger.idealist_codes
    assert hunger.sdg == [2]
    assert hunger.description


def test_first_ingest_creates_listings_and_reports_counts(source):
    run = ingest(source)
    assert run.outcome == FetchOutcome.OK
    assert (run.created, run.updated, run.unchanged, run.withdrawn) == (3, 0, 0, 0)
    # three items refused by the adapter, one repeated id refused by the service
    assert run.rejected == 4
    assert any("repeats an earlier item's id" in line for line in run.rejections)
    assert run.summary == "created 3, updated 0, unchanged 0, withdrawn 0, rejected 4"
    source.refresh_from_db()
    assert source.last_item_count == 3  # unique items: the snapshot-size guard compares these
    assert source.consecutive_failures == 0


def test_ingested_listing_is_clean_canonical_and_tagged(source):
    ingest(source)
    listing = Opportunity.objects.get(source=source, source_item_id="kr-1001")
    assert listing.title == "Online reading buddy for children aged 7–9"
    assert "script" not in listing.description_html
    assert "onclick" not in listing.description_html
    assert "javascript:" not in listing.description_html
    assert "tracker.example.net" not in listing.description_html
    assert listing.description_text.startswith("Read with one child over video.")
    assert listing.apply_url == "https://lumen-literacy.example.org/volunteer/reading-buddy"
    assert listing.organization.name == "Lumen Literacy Trust Ltd."
    assert listing.organization.normalized_name == "lumen literacy trust"
    assert listing.eligible_countries == ["GB", "IE"]
    assert listing.status == Status.ACTIVE
    reasons = {tag.cause.slug: tag.reason for tag in listing.cause_tags.all()}
    assert reasons["education-literacy"] == "source: stated cause education-literacy"
    assert reasons["children-youth"] == "source: stated cause children-youth"
    skills = {tag.skill.slug: tag.reason for tag in listing.skill_tags.all()}
    assert skills["tutoring"] == "source: stated skill tutoring"
    assert "no-such-skill" not in skills  # an unknown slug is ignored


def test_values_outside_our_choices_are_normalised_or_dropped(source):
    ingest(source)
    spanish = Opportunity.objects.get(source=source, source_item_id="1002")
    assert spanish.location_type == "remote"  # "REMOTE"
    assert spanish.posted_at is None
    assert spanish.hours_per_week is None


def test_a_listing_past_its_deadline_is_stored_as_expired(source):
    ingest(source)
    assert Opportunity.objects.get(source=source, source_item_id="kr-1003").status == Status.EXPIRED


def test_ingesting_the_same_feed_twice_reports_unchanged_and_writes_no_opportunity(source):
    ingest(source)
    before = list(Opportunity.objects.order_by("pk").values())
    with CaptureQueriesContext(connection) as queries:
        run = ingest(source)
    assert (run.created, run.updated, run.unchanged) == (0, 0, 3)
    assert writes_to("opportunities_opportunity", queries.captured_queries) == []
    assert writes_to("opportunities_opportunitycause", queries.captured_queries) == []
    assert list(Opportunity.objects.order_by("pk").values()) == before


def test_a_changed_item_is_updated_in_place_keeping_first_seen(source):
    ingest(source)
    original = Opportunity.objects.get(source=source, source_item_id="kr-1001")
    feed = json.loads(FIXTURE.read_bytes())
    feed["items"][0]["title"] = "Online reading buddy (new term)"
    feed["items"][0]["_pitchin"]["causes"] = ["education-literacy"]
    run = ingest(source, json.dumps(feed).encode())
    assert (run.created, run.updated, run.unchanged) == (0, 1, 2)
    changed = Opportunity.objects.get(pk=original.pk)
    assert changed.title == "Online reading buddy (new term)"
    assert changed.first_seen_at == original.first_seen_at
    assert changed.created_at == original.created_at
    assert changed.updated_at > original.updated_at
    methods = {tag.cause.slug: tag.method for tag in changed.cause_tags.all()}
    assert methods["education-literacy"] == TagMethod.SOURCE
    assert methods.get("children-youth") != TagMethod.SOURCE  # no longer stated by the source


def test_a_manual_tag_survives_reingestion(source):
    ingest(source)
    listing = Opportunity.objects.get(source=source, source_item_id="kr-1001")
    OpportunityCauseFactory(
        opportunity=listing, cause=Cause.objects.get(slug="community"), method=TagMethod.MANUAL
    )
    feed = json.loads(FIXTURE.read_bytes())
    feed["items"][0]["title"] = "Changed, so the row and its source tags are rewritten"
    ingest(source, json.dumps(feed).encode())
    assert listing.cause_tags.filter(method=TagMethod.MANUAL, cause__slug="community").exists()


def test_one_organisation_for_every_spelling(source):
    feed = json.loads(FIXTURE.read_bytes())
    feed["items"][2]["_pitchin"]["organization"] = {"name": "lumen literacy trust"}
    ingest(source, json.dumps(feed).encode())
    assert Organization.objects.filter(normalized_name="lumen literacy trust").count() == 1


def test_a_refused_payload_is_recorded_and_damages_nothing(source):
    ingest(source)
    before = list(Opportunity.objects.order_by("pk").values())
    run = ingest(source, b"<!DOCTYPE html><html>not a feed</html>")
    assert run.outcome == FetchOutcome.FAILED_PERMANENT
    assert "not valid JSON" in run.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert "not valid JSON" in source.last_error
    assert list(Opportunity.objects.order_by("pk").values()) == before


def test_another_sources_listings_are_untouched(source):
    other = SourceFactory(name="Other", format="jsonfeed")
    ingest(other)
    other_rows = list(Opportunity.objects.filter(source=other).order_by("pk").values())
    ingest(source)
    ingest(source, b"garbage")
    assert list(Opportunity.objects.filter(source=other).order_by("pk").values()) == other_rows


def test_source_register_refuses_an_unknown_format(db):
    with pytest.raises(ValueError, match="Unknown feed format"):
        services.source_register(name="x", format="gopher", url="")
    assert not Source.objects.exists()


def test_heartbeat_record_creates_then_moves_forward(db):
    first = services.heartbeat_record(name="beat")
    second = services.heartbeat_record(name="beat")
    assert second.pk == first.pk
    assert second.count == 2
    assert second.last_seen_at >= first.last_seen_at
