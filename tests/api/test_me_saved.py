"""/api/v1/me/saved/ and PUT/DELETE /api/v1/opportunities/{id}/save/: saving, the pipeline,
unsaving. Three actors (alice owns, bob is another user, anonymous is nobody), token and session."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from opportunities.models import Opportunity, SavedOpportunity, SavedStage, Status
from opportunities.services.saved import FOLLOW_UP_AFTER, NOTE_MAX_LENGTH
from tests.api.problems import assert_problem
from tests.factories import OpportunityFactory, OrganizationFactory, SavedOpportunityFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/saved/"


@pytest.fixture
def listing() -> Opportunity:
    return OpportunityFactory(
        title="Tutor kids online", organization=OrganizationFactory(name="Read Together")
    )


@pytest.fixture
def item(alice, listing) -> SavedOpportunity:
    return SavedOpportunityFactory(user=alice, opportunity=listing)


def detail(saved: SavedOpportunity) -> str:
    return f"{LIST}{saved.pk}/"


def save_url(opportunity_id: int) -> str:
    return f"/api/v1/opportunities/{opportunity_id}/save/"


def reload(saved: SavedOpportunity) -> SavedOpportunity:
    return SavedOpportunity.objects.get(pk=saved.pk)


# --- Reading --------------------------------------------------------------------------------------


def test_the_owner_lists_her_items_with_the_listing_and_pipeline(alice_api, item, listing):
    response = alice_api.get(LIST)

    assert response.status_code == 200
    [body] = response.json()["results"]
    assert body["id"] == item.pk
    assert body["opportunity"] == {
        "id": listing.pk,
        "title": "Tutor kids online",
        "url": listing.url,
        "status": "active",
        "organization_name": "Read Together",
        "expires_at": None,
        "updated_at": listing.updated_at.isoformat().replace("+00:00", "Z"),
    }
    assert body["stage"] == "saved"
    assert body["note"] == ""
    assert body["follow_up_on"] is None
    assert (body["is_closed"], body["is_changed"], body["follow_up_due"]) == (False, False, False)
    assert body["stage_moves"] == list(SavedStage.values)
    assert "private" in response["Cache-Control"]


def test_another_persons_list_does_not_hold_alices_items(bob_api, item):
    assert bob_api.get(LIST).json()["results"] == []


def test_anonymous_gets_a_401_problem_with_a_bearer_challenge(api_client, item, listing):
    for response in (
        api_client.get(LIST),
        api_client.get(detail(item)),
        api_client.patch(detail(item), {"stage": "applied"}, format="json"),
        api_client.delete(detail(item)),
        api_client.post(LIST, {"opportunity": listing.pk}, format="json"),
        api_client.put(save_url(listing.pk)),
        api_client.delete(save_url(listing.pk)),
    ):
        assert_problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert reload(item).stage == SavedStage.SAVED


def test_the_list_filters_by_stage(alice, alice_api, item):
    applied = SavedOpportunityFactory(user=alice, stage=SavedStage.APPLIED)

    results = alice_api.get(LIST, {"stage": "applied"}).json()["results"]

    assert [row["id"] for row in results] == [applied.pk]


def test_an_unknown_stage_filter_is_a_400_on_the_stage_field(alice_api, item):
    assert_problem(alice_api.get(LIST, {"stage": "dreaming"}), 400, "stage")


def test_the_list_is_newest_first_and_paged(alice, alice_api):
    items = [SavedOpportunityFactory(user=alice) for _ in range(3)]

    first = alice_api.get(LIST, {"page_size": 2}).json()
    second = alice_api.get(first["next"]).json()

    assert [row["id"] for row in first["results"] + second["results"]] == [i.pk for i in reversed(items)]


def test_the_list_costs_the_same_queries_for_1_or_20_items(alice, alice_api, django_assert_num_queries):
    SavedOpportunityFactory(user=alice)
    alice_api.get(LIST)  # the token's last_used_at is written on first use only: keep it out

    # Token (with its user), then the page of items with listing and organisation.
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 1
    for _ in range(19):
        SavedOpportunityFactory(user=alice)
    with django_assert_num_queries(2):
        assert len(alice_api.get(LIST).json()["results"]) == 20


def test_the_owner_reads_one_item_and_the_others_get_404(alice_api, bob_api, item):
    assert alice_api.get(detail(item)).json()["id"] == item.pk
    assert_problem(bob_api.get(detail(item)), 404)
    assert_problem(alice_api.get(f"{LIST}999999/"), 404)


def test_a_closed_listing_says_so(alice_api, item, listing):
    Opportunity.objects.filter(pk=listing.pk).update(status=Status.EXPIRED)

    body = alice_api.get(detail(item)).json()

    assert body["is_closed"] is True
    assert body["opportunity"]["status"] == "expired"


def test_a_change_to_the_listing_shows_until_marked_seen(alice_api, bob_api, item, listing):
    Opportunity.objects.filter(pk=listing.pk).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert alice_api.get(detail(item)).json()["is_changed"] is True

    assert_problem(bob_api.post(f"{detail(item)}mark-seen/"), 404)
    assert alice_api.get(detail(item)).json()["is_changed"] is True

    response = alice_api.post(f"{detail(item)}mark-seen/")
    assert response.status_code == 200
    assert response.json()["is_changed"] is False
    assert alice_api.get(detail(item)).json()["is_changed"] is False


# --- The pipeline -----------------------------------------------------------------------------------


def test_moving_to_applied_stamps_the_stage_and_sets_a_follow_up(alice_api, item):
    before = item.stage_changed_at

    response = alice_api.patch(detail(item), {"stage": "applied"}, format="json")

    assert response.status_code == 200
    item = reload(item)
    assert item.stage == SavedStage.APPLIED
    assert item.stage_changed_at > before
    assert item.follow_up_on == timezone.localdate() + FOLLOW_UP_AFTER
    assert response.json()["stage"] == "applied"
    assert response.json()["follow_up_on"] == item.follow_up_on.isoformat()


def test_one_patch_sets_stage_note_and_an_explicit_follow_up_day(alice_api, item):
    day = timezone.localdate() + datetime.timedelta(days=3)

    response = alice_api.patch(
        detail(item), {"stage": "applied", "note": "  Asked about evenings. ", "follow_up_on": day.isoformat()},
        format="json",
    )  # fmt: skip

    assert response.status_code == 200
    item = reload(item)
    assert (item.stage, item.note, item.follow_up_on) == (SavedStage.APPLIED, "Asked about evenings.", day)
    assert response.json()["note"] == "Asked about evenings."


def test_null_clears_the_follow_up_day(alice_api, item):
    SavedOpportunity.objects.filter(pk=item.pk).update(follow_up_on=timezone.localdate())

    response = alice_api.patch(detail(item), {"follow_up_on": None}, format="json")

    assert response.json()["follow_up_on"] is None
    assert reload(item).follow_up_on is None


def test_the_same_move_twice_changes_nothing(alice_api, item):
    alice_api.patch(detail(item), {"stage": "heard_back"}, format="json")
    stamped = reload(item).stage_changed_at

    assert alice_api.patch(detail(item), {"stage": "heard_back"}, format="json").status_code == 200
    assert reload(item).stage_changed_at == stamped


def test_a_withdrawn_item_must_be_reopened_first_and_nothing_is_written(alice_api, item):
    SavedOpportunity.objects.filter(pk=item.pk).update(stage=SavedStage.WITHDRAWN)
    assert alice_api.get(detail(item)).json()["stage_moves"] == ["saved", "withdrawn"]

    response = alice_api.patch(detail(item), {"stage": "applied", "note": "Try again"}, format="json")

    body = assert_problem(response, 400, "stage")
    assert "move it back to Saved" in body["errors"][0]["detail"]
    assert (reload(item).stage, reload(item).note) == (SavedStage.WITHDRAWN, "")


def test_an_unknown_stage_is_refused_with_the_choices(alice_api, item):
    body = assert_problem(alice_api.patch(detail(item), {"stage": "dreaming"}, format="json"), 400, "stage")

    assert "applied" in body["errors"][0]["detail"]
    assert reload(item).stage == SavedStage.SAVED


def test_a_note_too_long_is_refused_before_the_stage_moves(alice_api, item):
    note = "x" * (NOTE_MAX_LENGTH + 1)

    response = alice_api.patch(detail(item), {"stage": "applied", "note": note}, format="json")

    assert_problem(response, 400, "note")
    assert reload(item).stage == SavedStage.SAVED


def test_a_bad_follow_up_date_is_refused(alice_api, item):
    assert_problem(
        alice_api.patch(detail(item), {"follow_up_on": "soon"}, format="json"), 400, "follow_up_on"
    )


def test_another_person_cannot_change_alices_item(bob_api, item):
    assert_problem(bob_api.patch(detail(item), {"stage": "applied", "note": "hi"}, format="json"), 404)

    assert (reload(item).stage, reload(item).note) == (SavedStage.SAVED, "")


# --- Unsaving from the list -------------------------------------------------------------------------


def test_deleting_an_item_unsaves_it(alice_api, item):
    assert alice_api.delete(detail(item)).status_code == 204

    assert not SavedOpportunity.objects.filter(pk=item.pk).exists()
    assert_problem(alice_api.delete(detail(item)), 404)


def test_another_person_cannot_delete_alices_item(bob_api, item):
    assert_problem(bob_api.delete(detail(item)), 404)

    assert SavedOpportunity.objects.filter(pk=item.pk).exists()


# --- Saving: POST to the list -------------------------------------------------------------------------


def test_posting_a_listing_saves_it_once(alice, alice_api, listing):
    first = alice_api.post(LIST, {"opportunity": listing.pk}, format="json")
    again = alice_api.post(LIST, {"opportunity": listing.pk}, format="json")

    saved = SavedOpportunity.objects.get(user=alice, opportunity=listing)
    assert first.status_code == 201
    assert first["Location"] == f"http://testserver{LIST}{saved.pk}/"
    assert first.json()["id"] == saved.pk
    assert first.json()["opportunity"]["title"] == "Tutor kids online"
    assert again.status_code == 200
    assert again.json()["id"] == saved.pk
    assert SavedOpportunity.objects.filter(user=alice).count() == 1


def test_posting_an_unknown_listing_is_a_404_like_put(alice, alice_api):
    body = assert_problem(alice_api.post(LIST, {"opportunity": 999999}, format="json"), 404)

    assert "999999" in body["detail"]
    assert not SavedOpportunity.objects.filter(user=alice).exists()


@pytest.mark.parametrize("value", ["missing", "the id as a string", None, True])
def test_posting_without_a_listing_id_is_a_400_on_the_opportunity_field(alice, alice_api, listing, value):
    # A real listing's id as a string is refused too: the id is a JSON number.
    body = (
        {}
        if value == "missing"
        else {"opportunity": str(listing.pk) if value == "the id as a string" else value}
    )

    assert_problem(alice_api.post(LIST, body, format="json"), 400, "opportunity")
    assert not SavedOpportunity.objects.filter(user=alice).exists()


def test_a_closed_listing_can_be_saved_as_on_the_site(alice_api, listing):
    Opportunity.objects.filter(pk=listing.pk).update(status=Status.WITHDRAWN)

    response = alice_api.post(LIST, {"opportunity": listing.pk}, format="json")

    assert response.status_code == 201
    assert response.json()["is_closed"] is True


def test_a_session_can_save_but_only_with_its_csrf_token(alice, listing):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    assert_problem(client.post(LIST, {"opportunity": listing.pk}, format="json"), 403)
    assert_problem(client.put(save_url(listing.pk)), 403)
    assert not SavedOpportunity.objects.filter(user=alice).exists()

    client.cookies["csrftoken"] = "a" * 32
    response = client.put(save_url(listing.pk), HTTP_X_CSRFTOKEN="a" * 32)
    assert response.status_code == 201
    assert client.get(LIST).json()["results"][0]["opportunity"]["id"] == listing.pk


# --- Saving: PUT/DELETE on the listing ----------------------------------------------------------------


def test_put_saves_with_201_then_200_and_the_item_as_body(alice, alice_api, listing):
    first = alice_api.put(save_url(listing.pk))
    again = alice_api.put(save_url(listing.pk))

    saved = SavedOpportunity.objects.get(user=alice, opportunity=listing)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["id"] == saved.pk
    assert first["Location"].endswith(f"{LIST}{saved.pk}/")


def test_put_keeps_the_pipeline_of_an_item_already_saved(alice_api, item, listing):
    SavedOpportunity.objects.filter(pk=item.pk).update(stage=SavedStage.APPLIED, note="keep me")

    body = alice_api.put(save_url(listing.pk)).json()

    assert (body["stage"], body["note"]) == ("applied", "keep me")


def test_delete_unsaves_with_204_every_time(alice, alice_api, item, listing):
    assert alice_api.delete(save_url(listing.pk)).status_code == 204
    assert alice_api.delete(save_url(listing.pk)).status_code == 204

    assert not SavedOpportunity.objects.filter(user=alice).exists()


def test_a_missing_listing_is_a_404(alice_api):
    assert_problem(alice_api.put(save_url(999999)), 404)
    assert_problem(alice_api.delete(save_url(999999)), 404)


def test_bobs_save_and_unsave_touch_only_his_own_list(alice, bob, bob_api, item, listing):
    assert bob_api.put(save_url(listing.pk)).status_code == 201
    assert bob_api.delete(save_url(listing.pk)).status_code == 204

    assert SavedOpportunity.objects.filter(pk=item.pk).exists()
    assert not SavedOpportunity.objects.filter(user=bob).exists()
