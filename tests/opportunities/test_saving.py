"""Saving a listing to one's list: the save / unsave views (three actors: alice saves, bob is
another user, anon is nobody), the round trip through logging in, htmx, CSRF, and the service."""

from __future__ import annotations

import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError
from django.test import Client

from opportunities import services
from opportunities.models import SavedOpportunity
from tests.factories import (
    CauseFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    SavedOpportunityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BACK = "/search/?q=x"


@pytest.fixture
def opportunity():
    return OpportunityFactory(title="Tutor kids online")


def save_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/save/"


def unsave_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/unsave/"


def saved_by(user) -> list[int]:
    return list(SavedOpportunity.objects.filter(user=user).values_list("opportunity_id", flat=True))


def login_next(response) -> str:
    """The `next` of a redirect to the login page."""
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    return parse_qs(location.query)["next"][0]


# --- alice saves and unsaves -------------------------------------------------------------------


def test_saving_returns_to_the_page_the_button_was_on(alice, alice_client, opportunity):
    response = alice_client.post(save_url(opportunity), {"next": BACK})
    assert response.status_code == 302
    assert response["Location"] == BACK
    assert saved_by(alice) == [opportunity.pk]


def test_saving_twice_keeps_one_row(alice, alice_client, opportunity):
    for _ in range(2):
        assert alice_client.post(save_url(opportunity), {"next": BACK})["Location"] == BACK
    assert SavedOpportunity.objects.filter(user=alice, opportunity=opportunity).count() == 1


def test_unsaving_removes_the_row_and_unsaving_again_is_harmless(alice, alice_client, opportunity):
    SavedOpportunityFactory(user=alice, opportunity=opportunity)
    for _ in range(2):
        response = alice_client.post(unsave_url(opportunity), {"next": BACK})
        assert response.status_code == 302
        assert response["Location"] == BACK
        assert saved_by(alice) == []


def test_without_next_saving_returns_to_the_listing(alice_client, opportunity):
    assert alice_client.post(save_url(opportunity))["Location"] == f"/opportunities/{opportunity.pk}/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/search/?q=x"],
)
def test_a_next_pointing_to_another_site_is_ignored(alice, alice_client, opportunity, next_url):
    response = alice_client.post(save_url(opportunity), {"next": next_url})
    assert response["Location"] == f"/opportunities/{opportunity.pk}/"
    assert saved_by(alice) == [opportunity.pk]


def test_saving_an_unknown_listing_is_404_and_writes_nothing(alice, alice_client):
    assert alice_client.post("/opportunities/999999/save/", {"next": BACK}).status_code == 404
    assert alice_client.post("/opportunities/999999/unsave/", {"next": BACK}).status_code == 404
    assert saved_by(alice) == []


@pytest.mark.parametrize("method", ["put", "delete"])
def test_only_get_and_post_are_allowed(alice, alice_client, opportunity, method):
    assert getattr(alice_client, method)(save_url(opportunity)).status_code == 405
    assert saved_by(alice) == []


# --- two users ---------------------------------------------------------------------------------


def test_each_person_saves_to_their_own_list(alice, bob, alice_client, bob_client, opportunity):
    other = OpportunityFactory()
    alice_client.post(save_url(opportunity))
    bob_client.post(save_url(other))
    bob_client.post(save_url(opportunity))
    assert saved_by(alice) == [opportunity.pk]
    assert sorted(saved_by(bob)) == sorted([opportunity.pk, other.pk])


def test_bob_unsaving_leaves_alices_saved_listing_alone(alice, bob, alice_client, bob_client, opportunity):
    alice_client.post(save_url(opportunity))
    bob_client.post(save_url(opportunity))
    bob_client.post(unsave_url(opportunity))
    assert saved_by(alice) == [opportunity.pk]
    assert saved_by(bob) == []
    bob_client.post(unsave_url(opportunity))  # bob unsaving what only alice saved
    assert saved_by(alice) == [opportunity.pk]


@pytest.mark.parametrize("url", ["/search/", "/opportunities/{pk}/", "/causes/health/"])
def test_cards_show_each_person_their_own_saved_state(alice, alice_client, bob_client, opportunity, url):
    OpportunityCauseFactory(cause=CauseFactory(slug="health"), opportunity=opportunity)
    SavedOpportunityFactory(user=alice, opportunity=opportunity)
    url = url.format(pk=opportunity.pk)
    for client, button, action in [
        (alice_client, ">Saved<", unsave_url(opportunity)),
        (bob_client, ">Save<", save_url(opportunity)),
        (Client(), ">Save<", save_url(opportunity)),
    ]:
        content = client.get(url).content.decode()
        assert f'action="{action}"' in content
        assert button in content


def test_the_button_remembers_the_page_it_is_on(alice_client, opportunity):
    content = alice_client.get("/search/?q=tutor&location=remote").content.decode()
    assert '<input type="hidden" name="next" value="/search/?q=tutor&amp;location=remote">' in content


# --- a logged-out visitor ----------------------------------------------------------------------


def test_a_logged_out_visitor_is_sent_to_log_in_and_comes_back(alice, anon, opportunity):
    alice.set_password("correct horse battery staple")
    alice.save()
    response = anon.post(save_url(opportunity), {"next": BACK})
    assert response.status_code == 302
    back_here = login_next(response)
    assert urlsplit(back_here).path == save_url(opportunity)
    assert parse_qs(urlsplit(back_here).query) == {"next": [BACK]}
    assert SavedOpportunity.objects.count() == 0

    login_page = anon.get(response["Location"])
    assert "We will bring you back." in login_page.content.decode()
    logged_in = anon.post(
        "/accounts/login/",
        {"username": "alice", "password": "correct horse battery staple", "next": back_here},
    )
    assert logged_in.status_code == 302
    assert logged_in["Location"] == back_here

    confirm = anon.get(back_here)  # a GET only asks
    content = confirm.content.decode()
    assert "Save this opportunity?" in content
    assert "“Tutor kids online”" in content
    assert f'<input type="hidden" name="next" value="{BACK}">' in content
    assert SavedOpportunity.objects.count() == 0

    done = anon.post(back_here, {"next": BACK})
    assert done["Location"] == BACK
    assert saved_by(alice) == [opportunity.pk]


@pytest.mark.parametrize("url", [save_url, unsave_url])
def test_a_logged_out_visitor_never_writes(anon, alice, opportunity, url):
    SavedOpportunityFactory(user=alice, opportunity=opportunity)
    for response in (anon.get(url(opportunity)), anon.post(url(opportunity), {"next": BACK})):
        assert response.status_code == 302
        assert urlsplit(login_next(response)).path == url(opportunity)
    assert saved_by(alice) == [opportunity.pk]
    assert SavedOpportunity.objects.count() == 1


def test_a_logged_out_htmx_click_asks_htmx_to_go_to_the_login_page(anon, opportunity):
    response = anon.post(save_url(opportunity), {"next": BACK}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    target = urlsplit(response["HX-Redirect"])
    assert target.path == "/accounts/login/"
    back_here = parse_qs(target.query)["next"][0]
    assert urlsplit(back_here).path == save_url(opportunity)
    assert parse_qs(urlsplit(back_here).query) == {"next": [BACK]}
    assert SavedOpportunity.objects.count() == 0


def test_the_login_redirect_drops_a_next_pointing_elsewhere(anon, opportunity):
    back_here = login_next(anon.post(save_url(opportunity), {"next": "https://evil.example/"}))
    assert parse_qs(urlsplit(back_here).query) == {"next": [f"/opportunities/{opportunity.pk}/"]}


# --- the confirmation page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "already_saved", "says"),
    [
        (save_url, False, "Save this opportunity?"),
        (save_url, True, "Already on your list"),
        (unsave_url, True, "Remove it from your list?"),
        (unsave_url, False, "Not on your list"),
    ],
)
def test_a_get_asks_or_says_how_things_stand_and_writes_nothing(
    alice, alice_client, opportunity, url, already_saved, says
):
    if already_saved:
        SavedOpportunityFactory(user=alice, opportunity=opportunity)
    response = alice_client.get(url(opportunity), {"next": BACK})
    assert response.status_code == 200
    content = response.content.decode()
    assert says in content
    assert f'href="{BACK}"' in content
    assert saved_by(alice) == ([opportunity.pk] if already_saved else [])


# --- htmx --------------------------------------------------------------------------------------


def test_an_htmx_save_returns_the_new_button_not_a_redirect(alice, alice_client, opportunity):
    response = alice_client.post(save_url(opportunity), {"next": BACK}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Location" not in response
    content = response.content.decode()
    assert content.lstrip().startswith('<form class="save-form"')
    assert "<html" not in content
    assert ">Saved<" in content
    assert f'hx-post="{unsave_url(opportunity)}"' in content
    assert f'<input type="hidden" name="next" value="{BACK}">' in content
    assert 'name="csrfmiddlewaretoken"' in content
    assert saved_by(alice) == [opportunity.pk]


def test_an_htmx_unsave_returns_the_save_button(alice, alice_client, opportunity):
    SavedOpportunityFactory(user=alice, opportunity=opportunity)
    response = alice_client.post(unsave_url(opportunity), {"next": BACK}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert ">Save<" in content
    assert f'hx-post="{save_url(opportunity)}"' in content
    assert saved_by(alice) == []


# --- CSRF --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [save_url, unsave_url])
def test_a_post_without_the_csrf_token_is_refused(alice, opportunity, url):
    SavedOpportunityFactory(user=alice, opportunity=OpportunityFactory())  # unsave has something to remove
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = sorted(saved_by(alice))
    assert client.post(url(opportunity), {"next": BACK}).status_code == 403
    assert client.post(url(opportunity), {"next": BACK}, headers={"HX-Request": "true"}).status_code == 403
    assert sorted(saved_by(alice)) == before


def test_a_post_with_the_pages_csrf_token_is_accepted(alice, opportunity):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert (
        client.post(save_url(opportunity), {"next": BACK, "csrfmiddlewaretoken": token})["Location"] == BACK
    )
    assert saved_by(alice) == [opportunity.pk]


# --- the service -------------------------------------------------------------------------------


def test_the_save_service_returns_the_one_row_however_often_it_is_called(alice, opportunity):
    first = services.opportunity_save(user=alice, opportunity=opportunity)
    second = services.opportunity_save(user=alice, opportunity=opportunity)
    assert first.pk == second.pk
    assert SavedOpportunity.objects.count() == 1


def test_the_save_service_returns_the_row_a_racing_request_created(alice, opportunity):
    # Another click committed its row between our read and our insert, so our insert collides.
    theirs = SavedOpportunityFactory(user=alice, opportunity=opportunity)
    collision = IntegrityError("UNIQUE constraint failed: saved_opportunity_user_uniq")
    with mock.patch.object(SavedOpportunity.objects, "get_or_create", side_effect=collision) as insert:
        saved = services.opportunity_save(user=alice, opportunity=opportunity)
    insert.assert_called_once()
    assert saved == theirs
    assert SavedOpportunity.objects.count() == 1


def test_the_unsave_service_says_whether_anything_was_removed(alice, bob, opportunity):
    SavedOpportunityFactory(user=bob, opportunity=opportunity)
    assert services.opportunity_unsave(user=alice, opportunity=opportunity) is False
    services.opportunity_save(user=alice, opportunity=opportunity)
    assert services.opportunity_unsave(user=alice, opportunity=opportunity) is True
    assert services.opportunity_unsave(user=alice, opportunity=opportunity) is False
    assert saved_by(bob) == [opportunity.pk]


# --- logging in --------------------------------------------------------------------------------


def test_the_login_page_renders(anon):
    response = anon.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 id="login-title">Log in</h1>' in content
    assert "We will bring you back." not in content  # no next: nothing to come back to


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [("/search/?q=tutor&cause=health", "/search/?q=tutor&cause=health"), ("https://evil.example/", "/")],
)
def test_logging_in_returns_to_next_when_it_is_on_this_site(anon, next_url, lands_on):
    UserFactory(username="carol")
    page = anon.get("/accounts/login/", {"next": next_url}).content.decode()
    assert ("We will bring you back." in page) == (lands_on == next_url)  # an unsafe next is not kept
    response = anon.post(
        "/accounts/login/",
        {"username": "carol", "password": "correct horse battery staple", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == lands_on


def test_a_wrong_password_shows_an_error_and_keeps_next(anon):
    UserFactory(username="carol")
    response = anon.post("/accounts/login/", {"username": "carol", "password": "wrong", "next": BACK})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error" role="alert"' in content
    assert f'<input type="hidden" name="next" value="{BACK}">' in content
