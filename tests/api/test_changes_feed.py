"""The change feed (/api/v1/changes/opportunities/): a partner can mirror the catalogue with it,
exactly, through ingestion, edits, re-tagging, withdrawal and expiry."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from django.utils import timezone

from opportunities import services
from opportunities.feeds.base import Withdrawal
from opportunities.models import Opportunity, Source, Status
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
FEED = "/api/v1/changes/opportunities/"


def item(number: int, **changes) -> dict:
    base = {
        "id": f"cf-{number}",
        "url": f"https://feed.example.org/roles/{number}",
        "title": f"Remote role {number}: tutor children in reading",
        "summary": "Read with a child over video.",
        "content_html": f"<p>Role {number}: help a child read, one hour a week.</p>",
        "date_published": f"2026-10-{number % 28 + 1:02d}T09:00:00Z",
        "date_modified": "2026-10-30T09:00:00Z",
        "tags": ["Education"],
        "authors": [{"name": f"Reading Circle {number % 3}"}],
    }
    base.update(changes)
    return base


def payload(items: list[dict]) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Feed", "items": items}
    ).encode()


@pytest.fixture
def source(taxonomy, settings) -> Source:
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    return SourceFactory(name="Change feed source", format="jsonfeed")


def follow(client, mirror: dict[int, dict], url: str = FEED) -> str:
    """Apply every page from `url` to `mirror` until the last (empty) page; return its URL."""
    for _ in range(1000):
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        for change in page["items"]:
            if change["state"] == "updated":
                mirror[change["id"]] = change["data"]
            else:
                assert "data" not in change
                mirror.pop(change["id"], None)
        if not page["items"]:
            assert page["next"].endswith(url), "the last page's next must point at itself"
            return url
        url = page["next"].removeprefix("http://testserver")
    raise AssertionError("the feed never ended")


def catalogue(client) -> dict[int, dict]:
    """What the rest of the API says is live: every active listing (all cluster members), each
    as its detail shows it, less the fields that describe other listings (cluster mates)."""
    ids, url = [], "/api/v1/opportunities/?expand_clusters=true&page_size=100"
    while url:
        page = client.get(url).json()
        ids += [card["id"] for card in page["results"]]
        url = page["next"]
    truth = {}
    for opportunity_id in ids:
        detail = client.get(f"/api/v1/opportunities/{opportunity_id}/").json()
        detail.pop("also_listed")
        detail.pop("also_listed_on")
        truth[opportunity_id] = detail
    return truth


def test_a_mirror_follows_ingest_change_withdraw_and_expiry_exactly(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(n) for n in range(1, 13)]))
    mirror: dict[int, dict] = {}
    resume_at = follow(api_client, mirror)
    assert len(mirror) == 12
    assert mirror == catalogue(api_client)

    # Edits, a new listing, a withdrawal and an expiry, each through the services that do them.
    edited = [item(n) for n in range(1, 14)]
    edited[0] = item(1, title="Remote role 1: now teaching maths", date_modified="2026-11-01T09:00:00Z")
    edited[4] = item(5, tags=["Environment"], content_html="<p>Count birds in photos</p>")
    services.source_ingest_payload(source=source, payload=payload(edited))
    now = timezone.now()
    services.listings_withdraw(
        source=source, withdrawals=[Withdrawal("cf-2", "2026-11-02T00:00:00Z")], now=now
    )
    Opportunity.objects.filter(source_item_id="cf-3").update(expires_at=now - datetime.timedelta(minutes=1))
    services.opportunities_expire(now=now)

    before = copy.deepcopy(mirror)
    follow(api_client, mirror, resume_at)
    assert mirror == catalogue(api_client)
    by_item = {row.source_item_id: row.pk for row in Opportunity.objects.all()}
    assert by_item["cf-2"] not in mirror
    assert by_item["cf-3"] not in mirror
    assert mirror[by_item["cf-1"]]["title"] == "Remote role 1: now teaching maths"
    assert by_item["cf-13"] in mirror
    assert by_item["cf-13"] not in before
    # A second walk from the start gives the same mirror: nothing depends on when you started.
    fresh: dict[int, dict] = {}
    follow(api_client, fresh)
    assert fresh == mirror


def test_withdrawn_and_expired_listings_appear_as_deleted_items(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(1), item(2)]))
    services.listings_withdraw(
        source=source, withdrawals=[Withdrawal("cf-1", "2026-11-02T00:00:00Z")], now=timezone.now()
    )
    items = api_client.get(FEED).json()["items"]
    withdrawn = Opportunity.objects.get(source_item_id="cf-1")
    assert withdrawn.status == Status.WITHDRAWN
    assert {"state": "deleted", "kind": "Opportunity", "id": withdrawn.pk} == {
        key: value for key, value in items[-1].items() if key != "modified"
    }
    # The tombstone stays in the feed: a partner more than a week behind still learns of it.
    Opportunity.objects.filter(pk=withdrawn.pk).update(updated_at=timezone.now() - datetime.timedelta(days=8))
    first = api_client.get(FEED).json()["items"][0]
    assert (first["id"], first["state"]) == (withdrawn.pk, "deleted")


def test_items_are_in_modified_then_id_order_and_modified_is_exact_microseconds(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(n) for n in range(1, 6)]))
    moment = timezone.now() - datetime.timedelta(hours=1)
    Opportunity.objects.update(updated_at=moment)  # one timestamp for all: the id breaks the tie
    items = api_client.get(FEED).json()["items"]
    assert [change["id"] for change in items] == sorted(Opportunity.objects.values_list("pk", flat=True))
    expected = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    assert {change["modified"] for change in items} == {expected}


def test_paging_by_limit_visits_every_change_once(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(n) for n in range(1, 8)]))
    seen, url = [], f"{FEED}?limit=2"
    while True:
        page = api_client.get(url).json()
        if not page["items"]:
            break
        assert len(page["items"]) <= 2
        seen += [change["id"] for change in page["items"]]
        url = page["next"]
        assert "limit=2" in url
    assert seen == list(Opportunity.objects.order_by("updated_at", "id").values_list("pk", flat=True))


def test_the_last_page_is_empty_and_points_at_itself(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(1)]))
    first = api_client.get(FEED).json()
    last = api_client.get(first["next"]).json()
    assert last["items"] == []
    assert last["next"] == first["next"]


def test_an_empty_catalogue_gives_an_empty_page_pointing_at_itself(api_client, db):
    page = api_client.get(FEED).json()
    assert page == {"next": "http://testserver" + FEED, "items": []}


def test_changes_younger_than_the_settle_window_wait_for_the_next_poll(api_client, source, settings):
    services.source_ingest_payload(source=source, payload=payload([item(1), item(2)]))
    settings.CHANGE_FEED_SETTLE_SECONDS = 60
    assert api_client.get(FEED).json()["items"] == []
    Opportunity.objects.filter(source_item_id="cf-1").update(
        updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert [change["id"] for change in api_client.get(FEED).json()["items"]] == [
        Opportunity.objects.get(source_item_id="cf-1").pk
    ]


def test_re_tagging_that_changes_tags_moves_the_listing_and_an_unchanged_one_does_not(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(1), item(2)]))
    stamps = dict(Opportunity.objects.values_list("pk", "updated_at"))
    services.opportunities_tag(opportunity_ids=list(stamps))
    assert dict(Opportunity.objects.values_list("pk", "updated_at")) == stamps
    first = Opportunity.objects.get(source_item_id="cf-1")
    Opportunity.objects.filter(pk=first.pk).update(title="Count penguins in photos for a wildlife charity")
    services.opportunities_tag(opportunity_ids=list(stamps))
    after = dict(Opportunity.objects.values_list("pk", "updated_at"))
    assert after[first.pk] > stamps[first.pk]
    assert all(after[pk] == stamps[pk] for pk in stamps if pk != first.pk)


def test_a_new_duplicate_moves_the_listing_whose_cluster_changed(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(1)]))
    original = Opportunity.objects.get()
    other = SourceFactory(name="Another site", format="jsonfeed")
    services.source_ingest_payload(source=other, payload=payload([item(1, id="elsewhere-1")]))
    copy_row = Opportunity.objects.get(source=other)
    original.refresh_from_db()
    assert copy_row.cluster_id == original.cluster_id
    feed = {change["id"]: change for change in api_client.get(FEED).json()["items"]}
    assert feed[copy_row.pk]["data"]["cluster_id"] == original.cluster_id


def test_a_listing_whose_cluster_is_recomputed_moves_in_the_feed(api_client, source):
    services.source_ingest_payload(source=source, payload=payload([item(1)]))
    listing = Opportunity.objects.get()
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Opportunity.objects.filter(pk=listing.pk).update(cluster_id=listing.pk + 1000, updated_at=long_ago)
    services.clusters_update(opportunity_ids=[listing.pk])
    listing.refresh_from_db()
    assert listing.cluster_id == listing.pk
    assert listing.updated_at > long_ago


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("afterTimestamp=1", "afterId"),
        ("afterId=1", "afterTimestamp"),
        ("afterTimestamp=-5&afterId=1", "afterTimestamp"),
        ("afterTimestamp=abc&afterId=1", "afterTimestamp"),
        ("afterTimestamp=99999999999999999999&afterId=1", "afterTimestamp"),
        ("afterTimestamp=9999999999999999999&afterId=1", "afterTimestamp"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
    ],
)
def test_bad_positions_are_a_400_naming_the_parameter(api_client, db, query, field):
    response = api_client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in {error["field"] for error in response.json()["errors"]}


def test_a_page_costs_three_queries_whatever_its_size(api_client, source, django_assert_num_queries):
    services.source_ingest_payload(source=source, payload=payload([item(1)]))
    with django_assert_num_queries(3):
        assert len(api_client.get(FEED).json()["items"]) == 1
    services.source_ingest_payload(source=source, payload=payload([item(n) for n in range(1, 30)]))
    with django_assert_num_queries(3):
        assert len(api_client.get(FEED).json()["items"]) == 29
