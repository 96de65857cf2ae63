"""Tags and clusters on stored listings: made on ingest, kept by a person's edits, redone by retag."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from opportunities import services
from opportunities.models import (
    Cause,
    CauseCrosswalk,
    CauseTagRemoval,
    Opportunity,
    OpportunityCause,
    Source,
    TagMethod,
)
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
DEMO_DUPLICATE = ("rhn-2026-0123", "gmv-2026-0311")  # the same reading-buddy role on two demo feeds


def feed(*items: dict) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": list(items)}).encode()


def item(item_id: str, title: str, text: str, **extra) -> dict:
    return {
        "id": item_id,
        "url": f"https://org.example.org/{item_id}",
        "title": title,
        "content_html": f"<p>{text}</p>",
        **extra,
    }


FOOD_BANK = item(
    "fb-1", "Food bank volunteer (remote rota planning)", "Plan delivery rotas for our food bank from home."
)


@pytest.fixture
def source(taxonomy):
    return SourceFactory(name="Board", format="jsonfeed")


def causes_of(item_id: str) -> dict[str, str]:
    return dict(
        OpportunityCause.objects.filter(opportunity__source_item_id=item_id).values_list(
            "cause__slug", "method"
        )
    )


def test_ingest_tags_by_rule_with_a_reason_a_person_can_read(source):
    services.source_ingest_payload(source=source, payload=feed(FOOD_BANK))
    tag = OpportunityCause.objects.get(opportunity__source_item_id="fb-1", cause__slug="hunger")
    assert tag.method == TagMethod.RULE
    assert tag.reason.startswith('rule: "food bank" in title')


def test_a_manual_tag_and_a_removal_survive_reingestion_and_retag(source):
    services.source_ingest_payload(source=source, payload=feed(FOOD_BANK))
    listing = Opportunity.objects.get(source_item_id="fb-1")
    OpportunityCause.objects.create(
        opportunity=listing, cause=Cause.objects.get(slug="poverty"), method=TagMethod.MANUAL, reason="manual"
    )
    CauseTagRemoval.objects.create(opportunity=listing, cause=Cause.objects.get(slug="hunger"))
    changed = {**FOOD_BANK, "title": FOOD_BANK["title"] + " – new rota"}
    services.source_ingest_payload(source=source, payload=feed(changed))  # rewritten, so retagged
    call_command("retag", "--all", stdout=StringIO(), stderr=StringIO())
    causes = causes_of("fb-1")
    assert causes["poverty"] == TagMethod.MANUAL
    assert "hunger" not in causes


def test_a_crosswalk_entry_tags_a_free_text_label_after_retag(source):
    # A label no rule understands: only a person's crosswalk can say what it means.
    quiet = item("q-1", "Volunteer", "Help us.", tags=["Pôle Avenir 7"])
    services.source_ingest_payload(source=source, payload=feed(quiet))
    assert "children-youth" not in causes_of("q-1")
    CauseCrosswalk.objects.create(
        source=source, label="pôle avenir 7", cause=Cause.objects.get(slug="children-youth")
    )
    out = StringIO()
    call_command("retag", "--source", "Board", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("retagged 1 listings")
    tag = OpportunityCause.objects.get(opportunity__source_item_id="q-1", cause__slug="children-youth")
    assert (tag.method, tag.reason) == (
        TagMethod.CROSSWALK,
        'crosswalk: "Pôle Avenir 7" → children-youth',
    )


def test_retag_needs_a_scope():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--all, or --source"):
        call_command("retag", stdout=StringIO())


def test_the_demo_duplicate_is_one_cluster_and_one_card(taxonomy, client):
    call_command("load_demo", stdout=StringIO())
    first, second = (Opportunity.objects.get(source_item_id=item_id) for item_id in DEMO_DUPLICATE)
    assert first.cluster_id == second.cluster_id == min(first.pk, second.pk)
    assert Opportunity.objects.filter(cluster_id=first.cluster_id).count() == 2
    results = client.get("/search/", {"q": f'"{first.title}"'}).content.decode()
    cards = [pk for pk in (first.pk, second.pk) if f'<a href="/opportunities/{pk}/">' in results]
    assert len(cards) == 1  # one card for the cluster
    assert "also on 1 other site" in results
    shown = Opportunity.objects.get(pk=cards[0])
    detail = client.get(f"/opportunities/{shown.pk}/").content.decode()
    assert "Also listed on" in detail


def test_clusters_are_idempotent_and_a_changed_listing_leaves_its_cluster(taxonomy):
    call_command("load_demo", stdout=StringIO())
    ids = list(Opportunity.objects.values_list("pk", flat=True))
    assert services.clusters_update(opportunity_ids=ids) == 0  # nothing left to change
    first = Opportunity.objects.get(source_item_id=DEMO_DUPLICATE[0])
    source = first.source
    document = json.loads(
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("opportunities/demo/remote-helpers-network.json")
        .read_text()
    )
    for entry in document["items"]:
        if entry["id"] == DEMO_DUPLICATE[0]:
            entry["title"] = "Treasurer for our board (Autumn 2027)"
            entry["content_html"] = "<p>Keep the accounts and prepare the annual return.</p>"
    services.source_ingest_payload(
        source=Source.objects.get(pk=source.pk), payload=json.dumps(document).encode()
    )
    first.refresh_from_db()
    second = Opportunity.objects.get(source_item_id=DEMO_DUPLICATE[1])
    assert first.cluster_id != second.cluster_id


def test_a_listing_ingests_even_before_the_taxonomy_is_loaded(db):
    source = SourceFactory(name="Early", format="jsonfeed")
    run = services.source_ingest_payload(source=source, payload=feed(FOOD_BANK))
    assert (run.outcome, run.created) == ("ok", 1)
    assert not OpportunityCause.objects.exists()  # nothing to tag with yet; `retag --all` adds them later
