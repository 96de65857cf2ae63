"""Conditional GET on the public catalogue: ETag and Last-Modified on every successful read, 304
when the client already holds the version, a new ETag once a listing changes, Cache-Control
public for anonymous reads and private for reads with credentials, and no ETag on writes or
errors."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from opportunities.models import Opportunity, Status
from tests.factories import CauseFactory, OpportunityCauseFactory, OpportunityFactory, SourceFactory

pytestmark = pytest.mark.django_db


# One fixed "now" in whole seconds (HTTP dates have none), so moment(1) is the same in a test's
# setup and in its assertion.
NOW = timezone.now().replace(microsecond=0)


def moment(hours_ago: float) -> datetime:
    return NOW - timedelta(hours=hours_ago)


def touch(opportunity: Opportunity, at: datetime, **changes) -> None:
    Opportunity.objects.filter(pk=opportunity.pk).update(updated_at=at, **changes)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def listing() -> Opportunity:
    opportunity = OpportunityFactory(title="Tutor online", source=SourceFactory(name="Feed"))
    OpportunityCauseFactory(opportunity=opportunity, cause=CauseFactory(slug="education"))
    touch(opportunity, moment(5))
    return opportunity


def urls(listing: Opportunity) -> list[str]:
    return [
        "/api/v1/opportunities/",
        "/api/v1/opportunities/?cause=education&page_size=5",
        f"/api/v1/opportunities/{listing.pk}/",
        "/api/v1/causes/",
        "/api/v1/causes/education/",
        "/api/v1/sources/",
        f"/api/v1/sources/{listing.source_id}/",
        "/api/v1/skills/",
        "/api/v1/organizations/",
        "/api/v1/changes/opportunities/",
        "/api/v1/",
    ]


URL_IDS = ["list", "list-filtered", "detail", "causes", "cause", "sources", "source", "skills", "orgs",
           "changes", "root"]  # fmt: skip


@pytest.mark.parametrize("index", range(len(URL_IDS)), ids=URL_IDS)
def test_reads_carry_an_etag_and_a_repeat_with_it_is_a_304_with_no_body(api_client, listing, index):
    url = urls(listing)[index]
    first = api_client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    assert len(etag) > 10

    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert cache_control(again) == {"public", "max-age=60"}


@pytest.mark.parametrize("header", ["W/{etag}", '"nope", {etag}', "*"], ids=["weak", "in-a-list", "star"])
def test_if_none_match_compares_weakly_and_takes_lists(api_client, listing, header):
    etag = api_client.get("/api/v1/opportunities/")["ETag"]
    response = api_client.get("/api/v1/opportunities/", HTTP_IF_NONE_MATCH=header.format(etag=etag))
    assert response.status_code == 304


def test_a_stale_etag_gets_the_full_body(api_client, listing):
    response = api_client.get("/api/v1/opportunities/", HTTP_IF_NONE_MATCH='"an-old-version"')
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize("which", ["list", "detail"])
def test_a_changed_listing_gets_a_new_etag(api_client, listing, which):
    url = "/api/v1/opportunities/" if which == "list" else f"/api/v1/opportunities/{listing.pk}/"
    etag = api_client.get(url)["ETag"]

    touch(listing, timezone.now(), title="Tutor online (new hours)")
    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    body = response.json()
    title = body["results"][0]["title"] if which == "list" else body["title"]
    assert title == "Tutor online (new hours)"
    assert api_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_listing_leaving_the_catalogue_changes_the_lists_etag(api_client, listing):
    OpportunityFactory()
    etag = api_client.get("/api/v1/opportunities/")["ETag"]
    touch(listing, timezone.now(), status=Status.WITHDRAWN)
    response = api_client.get("/api/v1/opportunities/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert listing.pk not in [card["id"] for card in response.json()["results"]]


# --- Last-Modified ---------------------------------------------------------------------------------


def test_the_lists_last_modified_is_the_catalogues_newest_change(api_client, listing):
    newer = OpportunityFactory()
    gone = OpportunityFactory(status=Status.EXPIRED)
    touch(newer, moment(3))
    touch(gone, moment(2))  # left the list two hours ago: the list changed then

    response = api_client.get("/api/v1/opportunities/")

    assert response["Last-Modified"] == http_date(moment(2).timestamp())


def test_the_details_last_modified_is_the_newest_of_the_listing_and_its_cluster_mates(api_client, listing):
    mate = OpportunityFactory(cluster_id=listing.pk)
    touch(listing, moment(5), cluster_id=listing.pk)
    touch(mate, moment(1))
    url = f"/api/v1/opportunities/{listing.pk}/"

    assert api_client.get(url)["Last-Modified"] == http_date(moment(1).timestamp())
    touch(listing, moment(0.5))
    assert api_client.get(url)["Last-Modified"] == http_date(moment(0.5).timestamp())


def test_a_detail_without_cluster_mates_is_as_new_as_itself(api_client, listing):
    response = api_client.get(f"/api/v1/opportunities/{listing.pk}/")
    assert response["Last-Modified"] == http_date(moment(5).timestamp())


@pytest.mark.parametrize("which", ["list", "detail"])
def test_if_modified_since_a_later_date_is_a_304(api_client, listing, which):
    url = "/api/v1/opportunities/" if which == "list" else f"/api/v1/opportunities/{listing.pk}/"
    future = http_date((timezone.now() + timedelta(days=1)).timestamp())

    response = api_client.get(url, HTTP_IF_MODIFIED_SINCE=future)

    assert response.status_code == 304
    assert response.content == b""


@pytest.mark.parametrize("which", ["list", "detail"])
def test_if_modified_since_an_earlier_date_is_a_200(api_client, listing, which):
    url = "/api/v1/opportunities/" if which == "list" else f"/api/v1/opportunities/{listing.pk}/"
    earlier = http_date(moment(6).timestamp())
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_if_modified_since_its_own_last_modified_is_a_304_until_the_listing_changes(api_client, listing):
    url = f"/api/v1/opportunities/{listing.pk}/"
    last_modified = api_client.get(url)["Last-Modified"]
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    touch(listing, moment(1), title="Renamed")
    assert api_client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_a_cluster_mate_expiring_is_a_change_to_the_detail(api_client, listing):
    mate = OpportunityFactory(cluster_id=listing.pk)
    touch(listing, moment(5), cluster_id=listing.pk)
    touch(mate, moment(3))
    url = f"/api/v1/opportunities/{listing.pk}/"
    before = api_client.get(url)
    assert [item["id"] for item in before.json()["also_listed_on"]] == [mate.pk]

    touch(mate, moment(1), status=Status.EXPIRED)  # the expiry service sets updated_at
    after = api_client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert after.status_code == 200
    assert after.json()["also_listed_on"] == []
    assert after["Last-Modified"] == http_date(moment(1).timestamp())


def test_a_listing_ageing_out_of_posted_within_is_a_change_to_that_list(api_client):
    aging = OpportunityFactory(posted_at=NOW - timedelta(hours=23))
    touch(aging, moment(23))
    url = "/api/v1/opportunities/?posted_within=1"
    first = api_client.get(url)
    assert [card["id"] for card in first.json()["results"]] == [aging.pk]
    # Such a list changes as time passes, with nothing written: no date can vouch for it.
    assert "Last-Modified" not in first

    # Two hours later nothing was written, but the listing is now 25 hours old. Moving posted_at
    # back (updated_at untouched) is the same as the clock moving forward.
    Opportunity.objects.filter(pk=aging.pk).update(posted_at=NOW - timedelta(hours=25))
    later = api_client.get(
        url, HTTP_IF_MODIFIED_SINCE=http_date(NOW.timestamp()), HTTP_IF_NONE_MATCH=first["ETag"]
    )

    assert later.status_code == 200
    assert later.json()["results"] == []


# --- Cache-Control ----------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(URL_IDS)), ids=URL_IDS)
def test_anonymous_reads_may_be_cached_by_anyone_for_a_minute(api_client, listing, index):
    response = api_client.get(urls(listing)[index])
    assert response.status_code == 200
    assert cache_control(response) == {"public", "max-age=60"}


@pytest.mark.parametrize("index", range(len(URL_IDS)), ids=URL_IDS)
def test_a_token_read_of_the_same_public_url_is_private(alice_api, listing, index):
    response = alice_api.get(urls(listing)[index])
    assert response.status_code == 200
    directives = cache_control(response)
    assert "private" in directives
    assert "public" not in directives
    assert "max-age=60" not in directives
    assert response["ETag"]


def test_a_session_read_is_private_too(alice_client, listing):
    response = alice_client.get("/api/v1/opportunities/")
    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


# --- No ETag on writes or errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/opportunities/999999/", 404),
        ("get", "/api/v1/opportunities/?page_size=0", 400),
        ("get", "/api/v1/opportunities/?cursor=damaged", 400),
        ("get", "/api/v1/causes/no-such-cause/", 404),
        ("get", "/api/v1/nothing-here/", 404),
        ("post", "/api/v1/opportunities/", 405),
        ("delete", "/api/v1/causes/", 405),
    ],
)
def test_errors_and_refused_writes_carry_no_etag_or_last_modified(api_client, listing, method, url, status):
    response = getattr(api_client, method)(url)
    assert response.status_code == status
    assert "ETag" not in response
    assert "Last-Modified" not in response


def test_a_successful_write_carries_no_etag(alice_api):
    response = alice_api.post("/api/v1/me/tokens/", {"name": "backup script"}, format="json")
    if response.status_code == 404:
        pytest.skip("/api/v1/me/tokens/ is not mounted yet: no write endpoint to check")
    assert response.status_code == 201
    assert "ETag" not in response
    assert "Last-Modified" not in response
