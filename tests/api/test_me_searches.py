"""/api/v1/me/searches/: saving a search, renaming it and choosing alerts, deleting it, and new
feed links. Feed secrets are hashed: they show in the answers that make them and nowhere else.
Three actors (alice owns, bob is another user, anonymous is nobody), token and session."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts import feeds
from accounts.models import AlertFrequency, SavedSearch
from accounts.selectors.searches import saved_search_by_token
from accounts.services.searches import MAX_SEARCHES_PER_USER
from tests.api.problems import assert_problem
from tests.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/searches/"


@pytest.fixture
def search(alice) -> SavedSearch:
    return SavedSearchFactory(user=alice, name="Tutoring", query="cause=education&q=tutor")


def detail(search: SavedSearch) -> str:
    return f"{LIST}{search.pk}/"


def reload(search: SavedSearch) -> SavedSearch:
    return SavedSearch.objects.get(pk=search.pk)


def token_of(feed_url: str) -> str:
    """The secret in a feed URL (…/feed/<token>.rss)."""
    return feed_url.rsplit("/", 1)[1].rsplit(".", 1)[0]


# --- Creating ---------------------------------------------------------------------------------------


def test_saving_a_search_answers_201_with_its_feed_links_once(alice, alice_api):
    response = alice_api.post(LIST, {"query": "q=tutor&cause=education&after=abc"}, format="json")

    assert response.status_code == 201
    search = SavedSearch.objects.get(user=alice)
    body = response.json()
    assert response["Location"] == f"http://testserver{LIST}{search.pk}/"
    assert body["id"] == search.pk
    assert body["query"] == search.query == "cause=education&q=tutor"  # normalised as on the site
    assert body["name"] == search.name
    assert body["alerts"] == "off"
    assert body["results"] == "http://testserver/api/v1/opportunities/?cause=education&q=tutor"
    assert set(body["feed_urls"]) == {"rss", "atom", "ics"}
    token = token_of(body["feed_urls"]["rss"])
    assert body["feed_urls"] == feeds.feed_urls(token=token)
    # Only the hash is kept, and it opens the feed.
    assert search.feed_token_hash == feeds.token_hash(token)
    assert token not in str(SavedSearch.objects.values().get(pk=search.pk))
    assert saved_search_by_token(token=token) == search


def test_saving_the_same_search_again_is_200_without_links(alice, alice_api):
    alice_api.post(LIST, {"query": "cause=education&q=tutor"}, format="json")

    again = alice_api.post(LIST, {"query": "?q=tutor&cause=education"}, format="json")

    assert again.status_code == 200
    assert again.json()["feed_urls"] is None
    assert SavedSearch.objects.filter(user=alice).count() == 1


def test_a_name_and_alerts_given_on_saving_are_applied(alice, alice_api):
    response = alice_api.post(
        LIST, {"query": "q=tutor", "name": " Evening tutoring ", "alerts": "weekly"}, format="json"
    )

    assert response.status_code == 201
    search = SavedSearch.objects.get(user=alice)
    assert (search.name, search.alerts) == ("Evening tutoring", AlertFrequency.WEEKLY)
    assert (response.json()["name"], response.json()["alerts"]) == ("Evening tutoring", "weekly")


def test_the_results_link_runs_the_search_in_the_catalogue(alice_api, taxonomy):
    query = "cause=education&language=es&overlap=1&q=tutor&sort=newest&tz=Europe/Paris&work_from=9&work_to=17"
    body = alice_api.post(LIST, {"query": query}, format="json").json()

    # The page's `sort` is the catalogue's `ordering`; every other filter is spelled the same.
    assert body["results"].endswith("&ordering=newest")
    response = alice_api.get(body["results"])
    assert response.status_code == 200, response.content
    assert response.json()["ordering"] == "newest"


def test_a_search_sorted_by_relevance_without_words_still_runs(alice_api, taxonomy):
    body = alice_api.post(LIST, {"query": "cause=education&sort=relevance"}, format="json").json()

    assert body["results"] == "http://testserver/api/v1/opportunities/?cause=education"
    assert alice_api.get(body["results"]).status_code == 200


def test_an_empty_query_saves_every_listing(alice, alice_api):
    response = alice_api.post(LIST, {"query": ""}, format="json")

    assert response.status_code == 201
    assert response.json()["results"] == "http://testserver/api/v1/opportunities/"
    assert response.json()["name"] == "All opportunities"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "query"),
        ({"query": 7}, "query"),
        ({"query": "q=tutor", "name": 0}, "name"),
        ({"query": "q=tutor", "alerts": "hourly"}, "alerts"),
        ({"query": "q=tutor", "name": "   "}, "name"),
        ({"query": "q=tutor", "name": "x" * 121}, "name"),
    ],
)
def test_a_bad_body_saves_nothing(alice, alice_api, body, field):
    assert_problem(alice_api.post(LIST, body, format="json"), 400, field)

    assert not SavedSearch.objects.filter(user=alice).exists()


def test_a_search_too_long_to_store_is_refused_with_a_reason(alice, alice_api):
    body = assert_problem(alice_api.post(LIST, {"query": "q=" + "x" * 2100}, format="json"), 400)

    assert "too long" in body["detail"]
    assert not SavedSearch.objects.filter(user=alice).exists()


def test_a_person_keeps_at_most_fifty_searches(alice, alice_api):
    for _ in range(MAX_SEARCHES_PER_USER):
        SavedSearchFactory(user=alice)

    body = assert_problem(alice_api.post(LIST, {"query": "q=one+more"}, format="json"), 400)

    assert "delete one" in body["detail"]
    assert SavedSearch.objects.filter(user=alice).count() == MAX_SEARCHES_PER_USER


# --- Reading ------------------------------------------------------------------------------------------


def test_the_owner_lists_her_searches_without_any_feed_secret(alice_api, search):
    response = alice_api.get(LIST)

    assert response.status_code == 200
    [body] = response.json()["results"]
    assert body == {
        "id": search.pk,
        "name": "Tutoring",
        "query": "cause=education&q=tutor",
        "results": "http://testserver/api/v1/opportunities/?cause=education&q=tutor",
        "alerts": "off",
        "last_digest_sent_at": None,
        "created_at": search.created_at.isoformat().replace("+00:00", "Z"),
    }
    assert search.feed_token_hash not in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_another_persons_list_does_not_hold_alices_searches(bob_api, search):
    assert bob_api.get(LIST).json()["results"] == []


def test_anonymous_gets_a_401_problem_with_a_bearer_challenge(api_client, search):
    for response in (
        api_client.get(LIST),
        api_client.post(LIST, {"query": "q=x"}, format="json"),
        api_client.get(detail(search)),
        api_client.patch(detail(search), {"name": "Mine"}, format="json"),
        api_client.delete(detail(search)),
        api_client.post(f"{detail(search)}rotate-feed/"),
    ):
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert reload(search).name == "Tutoring"


def test_the_owner_reads_one_search_and_the_others_get_404(alice_api, bob_api, search):
    body = alice_api.get(detail(search)).json()

    assert body["id"] == search.pk
    assert "feed_urls" not in body
    assert_problem(bob_api.get(detail(search)), 404)


def test_the_list_costs_the_same_queries_for_1_or_20_searches(alice, alice_api, django_assert_num_queries):
    SavedSearchFactory(user=alice)
    alice_api.get(LIST)  # the token's last_used_at is written on first use only: keep it out

    # Token (with its user), then the page of searches with their last digest.
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 1
    for _ in range(19):
        SavedSearchFactory(user=alice)
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 20


# --- Changing and deleting ------------------------------------------------------------------------------


def test_the_owner_renames_a_search_and_turns_on_alerts(alice_api, search):
    response = alice_api.patch(detail(search), {"name": "Evening tutoring", "alerts": "daily"}, format="json")

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["alerts"]) == ("Evening tutoring", "daily")
    assert (reload(search).name, reload(search).alerts) == ("Evening tutoring", AlertFrequency.DAILY)


def test_a_patch_with_one_field_keeps_the_other(alice_api, search):
    alice_api.patch(detail(search), {"alerts": "weekly"}, format="json")

    assert (reload(search).name, reload(search).alerts) == ("Tutoring", AlertFrequency.WEEKLY)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"name": "  "}, "name", "Give the search a name"),
        ({"name": "x" * 121}, "name", "under 120 characters"),
        ({"alerts": "hourly"}, "alerts", "Pick how often"),
        ({"name": 0}, "name", "Not a valid string."),
    ],
)
def test_a_change_to_fix_is_explained_on_its_field(alice_api, search, body, field, message):
    problem = assert_problem(alice_api.patch(detail(search), body, format="json"), 400, field)

    assert message in problem["errors"][0]["detail"]
    assert (reload(search).name, reload(search).alerts) == ("Tutoring", AlertFrequency.OFF)


def test_another_person_cannot_change_or_delete_alices_search(bob_api, search):
    assert_problem(bob_api.patch(detail(search), {"name": "Bob's now"}, format="json"), 404)
    assert_problem(bob_api.delete(detail(search)), 404)

    assert reload(search).name == "Tutoring"


def test_deleting_a_search_removes_it(alice_api, search):
    assert alice_api.delete(detail(search)).status_code == 204

    assert not SavedSearch.objects.filter(pk=search.pk).exists()
    assert_problem(alice_api.delete(detail(search)), 404)


# --- Feed links ---------------------------------------------------------------------------------------


def test_rotating_shows_new_links_once_and_the_old_ones_stop(alice_api, search):
    created = alice_api.post(LIST, {"query": "q=gardening"}, format="json").json()
    old_token = token_of(created["feed_urls"]["rss"])

    response = alice_api.post(f"{LIST}{created['id']}/rotate-feed/")

    assert response.status_code == 200
    new_token = token_of(response.json()["feed_urls"]["atom"])
    assert new_token != old_token
    assert saved_search_by_token(token=old_token) is None
    assert saved_search_by_token(token=new_token).pk == created["id"]
    assert "feed_urls" not in alice_api.get(f"{LIST}{created['id']}/").json()


def test_another_person_cannot_rotate_alices_links(bob_api, search):
    before = search.feed_token_hash

    assert_problem(bob_api.post(f"{detail(search)}rotate-feed/"), 404)
    assert reload(search).feed_token_hash == before


def test_a_session_needs_its_csrf_token_to_save_a_search(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    assert_problem(client.post(LIST, {"query": "q=tutor"}, format="json"), 403)
    assert not SavedSearch.objects.filter(user=alice).exists()

    client.cookies["csrftoken"] = "a" * 32
    assert (
        client.post(LIST, {"query": "q=tutor"}, format="json", HTTP_X_CSRFTOKEN="a" * 32).status_code == 201
    )
    assert len(client.get(LIST).json()["results"]) == 1
