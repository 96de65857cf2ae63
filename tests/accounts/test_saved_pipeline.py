"""Saved opportunities as a pipeline: the stage, note, follow-up and seen services, the board and
item pages with their actions (three actors: alice owns, bob is another user, anon is nobody),
and the follow-up reminders the hourly task sends."""

from __future__ import annotations

import datetime
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts import tasks
from opportunities.models import SavedOpportunity, SavedStage, Status
from opportunities.services import saved as services
from tests.factories import (
    CauseFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    SavedOpportunityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)
# The board: session, user, the counts per stage, the items with listing and organisation.
BOARD_QUERIES = 4


@pytest.fixture
def item(alice):
    return SavedOpportunityFactory(user=alice, opportunity=OpportunityFactory(title="Tutor kids online"))


def reload(saved: SavedOpportunity) -> SavedOpportunity:
    return SavedOpportunity.objects.get(pk=saved.pk)


def assert_login_redirect(response, path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert f"next={path}" in location.query.replace("%2F", "/")


# --- Services: the stage ------------------------------------------------------------------------


def test_moving_an_item_sets_its_stage_and_stamps_when(item):
    before = item.stage_changed_at
    services.saved_stage_set(saved=item, stage=SavedStage.HEARD_BACK)
    item = reload(item)
    assert item.stage == SavedStage.HEARD_BACK
    assert item.stage_changed_at > before


def test_moving_to_the_same_stage_twice_changes_nothing(item):
    services.saved_stage_set(saved=item, stage=SavedStage.ACTIVE)
    first = reload(item).stage_changed_at
    services.saved_stage_set(saved=reload(item), stage=SavedStage.ACTIVE)
    assert reload(item).stage_changed_at == first


def test_moving_to_applied_sets_a_follow_up_two_weeks_ahead(item):
    services.saved_stage_set(saved=item, stage=SavedStage.APPLIED)
    assert reload(item).follow_up_on == timezone.localdate() + datetime.timedelta(days=14)


def test_moving_to_applied_keeps_a_follow_up_date_the_person_chose(item):
    services.saved_follow_up_set(saved=item, follow_up_on=TODAY)
    services.saved_stage_set(saved=reload(item), stage=SavedStage.APPLIED)
    assert reload(item).follow_up_on == TODAY


@pytest.mark.parametrize("stage", [s for s in SavedStage.values if s != SavedStage.WITHDRAWN])
def test_an_item_can_be_withdrawn_from_any_stage(item, stage):
    services.saved_stage_set(saved=item, stage=stage)
    services.saved_stage_set(saved=reload(item), stage=SavedStage.WITHDRAWN)
    assert reload(item).stage == SavedStage.WITHDRAWN


def test_a_withdrawn_item_can_be_reopened_to_saved(item):
    services.saved_stage_set(saved=item, stage=SavedStage.WITHDRAWN)
    services.saved_stage_set(saved=reload(item), stage=SavedStage.SAVED)
    assert reload(item).stage == SavedStage.SAVED


@pytest.mark.parametrize(
    "stage", [SavedStage.APPLIED, SavedStage.HEARD_BACK, SavedStage.ACTIVE, SavedStage.DONE]
)
def test_a_withdrawn_item_must_be_reopened_before_moving_on(item, stage):
    services.saved_stage_set(saved=item, stage=SavedStage.WITHDRAWN)
    with pytest.raises(ValidationError, match="reopened first"):
        services.saved_stage_set(saved=reload(item), stage=stage)
    assert reload(item).stage == SavedStage.WITHDRAWN


def test_an_unknown_stage_is_refused(item):
    with pytest.raises(ValidationError):
        services.saved_stage_set(saved=item, stage="hired")
    assert reload(item).stage == SavedStage.SAVED


def test_a_note_is_stored_without_surrounding_blanks(item):
    services.saved_note_set(saved=item, note="  Wrote to Ana on Monday.\n")
    assert reload(item).note == "Wrote to Ana on Monday."


def test_a_note_that_is_too_long_is_refused_and_the_old_one_kept(item):
    services.saved_note_set(saved=item, note="Keep me")
    with pytest.raises(ValidationError, match="under 5000"):
        services.saved_note_set(saved=reload(item), note="x" * 5001)
    assert reload(item).note == "Keep me"


def test_a_follow_up_date_can_be_set_and_cleared(item):
    services.saved_follow_up_set(saved=item, follow_up_on=TODAY)
    assert reload(item).follow_up_on == TODAY
    services.saved_follow_up_set(saved=reload(item), follow_up_on=None)
    assert reload(item).follow_up_on is None


def test_marking_as_seen_records_the_listings_version_and_repeating_it_is_harmless(item):
    changed = item.seen_version_at + datetime.timedelta(hours=3)
    type(item.opportunity).objects.filter(pk=item.opportunity_id).update(updated_at=changed)
    for _ in range(2):
        services.saved_seen_mark(saved=reload(item))
        assert reload(item).seen_version_at == changed


def test_saving_again_from_a_card_keeps_the_stage_and_note(alice, item):
    services.saved_stage_set(saved=item, stage=SavedStage.APPLIED)
    services.saved_note_set(saved=reload(item), note="Applied via their form")
    again = services.opportunity_save(user=alice, opportunity=item.opportunity)
    assert again.pk == item.pk
    assert (again.stage, again.note) == (SavedStage.APPLIED, "Applied via their form")


# --- The board ----------------------------------------------------------------------------------


def test_the_board_needs_a_login(anon):
    assert_login_redirect(anon.get("/me/saved/"), "/me/saved/")


def test_the_board_shows_only_the_persons_own_items(alice, bob_client, item):
    SavedOpportunityFactory(
        user=UserFactory(username="bob"), opportunity=OpportunityFactory(title="Bobs pick")
    )
    body = bob_client.get("/me/saved/").content.decode()
    assert "Bobs pick" in body
    assert "Tutor kids online" not in body


def test_the_board_counts_items_per_stage_and_filters_by_stage(alice, alice_client):
    for stage, title in [("saved", "Kept one"), ("applied", "Sent one"), ("applied", "Sent two")]:
        SavedOpportunityFactory(user=alice, stage=stage, opportunity=OpportunityFactory(title=title))
    response = alice_client.get("/me/saved/?stage=applied")
    assert response.status_code == 200
    tabs = {tab.value: tab.count for tab in response.context["board"].tabs}
    assert tabs["saved"] == 1
    assert tabs["applied"] == 2
    assert response.context["board"].total == 3
    body = response.content.decode()
    assert "Sent one" in body
    assert "Sent two" in body
    assert "Kept one" not in body
    assert 'href="/me/saved/?stage=applied" aria-current="page"' in body


def test_an_unknown_stage_in_the_url_shows_everything(alice_client, item):
    response = alice_client.get("/me/saved/?stage=nonsense")
    assert response.status_code == 200
    assert response.context["board"].stage is None
    assert "Tutor kids online" in response.content.decode()


def test_each_card_has_its_title_link_organisation_and_forms(alice_client, item):
    body = alice_client.get("/me/saved/").content.decode()
    assert f'href="/opportunities/{item.opportunity_id}/"' in body
    assert item.opportunity.organization.name in body
    assert f'action="/me/saved/{item.pk}/stage/"' in body
    assert f'<label for="note-{item.pk}">Note</label>' in body
    assert f'type="date" name="follow_up_on" id="follow-up-{item.pk}"' in body


@pytest.mark.parametrize(
    ("setup", "notice"),
    [
        ({"status": Status.EXPIRED}, "This listing has closed"),
        ({"changed": True}, "Changed since you saved it"),
        ({"follow_up_on": -1}, "Follow up today"),
        ({"follow_up_on": 0}, "Follow up today"),
    ],
)
def test_the_board_tells_what_needs_attention(alice, alice_client, setup, notice):
    opportunity = OpportunityFactory(status=setup.get("status", Status.ACTIVE))
    saved = SavedOpportunityFactory(user=alice, opportunity=opportunity)
    if setup.get("changed"):
        type(opportunity).objects.filter(pk=opportunity.pk).update(
            updated_at=saved.seen_version_at + datetime.timedelta(minutes=5)
        )
    if "follow_up_on" in setup:
        saved.follow_up_on = timezone.localdate() + datetime.timedelta(days=setup["follow_up_on"])
        saved.save()
    assert notice in alice_client.get("/me/saved/").content.decode()


def test_a_fresh_active_item_has_no_notices(alice, alice_client):
    SavedOpportunityFactory(
        user=alice,
        follow_up_on=timezone.localdate() + datetime.timedelta(days=1),
        opportunity=OpportunityFactory(),
    )
    body = alice_client.get("/me/saved/").content.decode()
    for notice in (
        "This listing has closed",
        "Changed since you saved it",
        "Follow up today",
        "Mark as seen",
    ):
        assert notice not in body


def test_a_changed_listing_offers_a_mark_as_seen_button(alice, alice_client, item):
    type(item.opportunity).objects.filter(pk=item.opportunity_id).update(
        updated_at=item.seen_version_at + datetime.timedelta(minutes=5)
    )
    body = alice_client.get("/me/saved/").content.decode()
    assert f'action="/me/saved/{item.pk}/seen/"' in body
    assert "Mark as seen" in body


def test_a_withdrawn_item_offers_only_reopening(alice, alice_client):
    saved = SavedOpportunityFactory(user=alice, stage=SavedStage.WITHDRAWN, opportunity=OpportunityFactory())
    board = alice_client.get("/me/saved/").context["board"]
    assert [value for value, _ in board.items[0].stage_choices] == ["saved", "withdrawn"]
    assert board.items[0].saved.pk == saved.pk


def test_an_empty_board_points_to_search(alice_client):
    body = alice_client.get("/me/saved/").content.decode()
    assert "You have not saved any opportunities yet" in body
    assert 'href="/search/"' in body


@pytest.mark.parametrize("count", [1, 20])
def test_the_board_costs_the_same_queries_for_1_or_20_items(
    alice, alice_client, count, django_assert_num_queries
):
    for _ in range(count):
        opportunity = OpportunityFactory(status=Status.EXPIRED)
        OpportunityCauseFactory(opportunity=opportunity)
        SavedOpportunityFactory(user=alice, opportunity=opportunity, follow_up_on=TODAY, note="note")
    with django_assert_num_queries(BOARD_QUERIES):
        response = alice_client.get("/me/saved/")
    assert len(response.context["board"].items) == count


# --- One item's page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "status"), [("alice_client", 200), ("bob_client", 404)])
def test_an_items_page_is_its_owners_only(request, item, actor, status):
    response = request.getfixturevalue(actor).get(f"/me/saved/{item.pk}/")
    assert response.status_code == status


def test_an_items_page_needs_a_login(anon, item):
    assert_login_redirect(anon.get(f"/me/saved/{item.pk}/"), f"/me/saved/{item.pk}/")


# --- Actions: three actors ----------------------------------------------------------------------

ACTIONS = [
    ("stage", {"stage": "applied"}, lambda saved: saved.stage == "applied"),
    ("note", {"note": "Called them"}, lambda saved: saved.note == "Called them"),
    (
        "follow-up",
        {"follow_up_on": "2026-04-01"},
        lambda saved: saved.follow_up_on == datetime.date(2026, 4, 1),
    ),
    ("seen", {}, lambda saved: saved.seen_version_at == saved.opportunity.updated_at),
]


@pytest.fixture
def changed_item(item):
    """An item whose listing changed after it was saved, so every action has something to do."""
    type(item.opportunity).objects.filter(pk=item.opportunity_id).update(
        updated_at=item.seen_version_at + datetime.timedelta(hours=1)
    )
    return reload(item)


@pytest.mark.parametrize(("action", "data", "done"), ACTIONS)
def test_the_owner_can_act_and_returns_to_the_board(alice_client, changed_item, action, data, done):
    response = alice_client.post(
        f"/me/saved/{changed_item.pk}/{action}/", {**data, "next": "/me/saved/?stage=saved"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/me/saved/?stage=saved#saved-{changed_item.pk}"
    assert done(reload(changed_item))


@pytest.mark.parametrize(("action", "data", "done"), ACTIONS)
def test_another_user_gets_a_404_and_changes_nothing(bob_client, changed_item, action, data, done):
    response = bob_client.post(f"/me/saved/{changed_item.pk}/{action}/", data)
    assert response.status_code == 404
    assert not done(reload(changed_item))


@pytest.mark.parametrize(("action", "data", "done"), ACTIONS)
def test_anonymous_is_sent_to_log_in_and_changes_nothing(anon, changed_item, action, data, done):
    response = anon.post(f"/me/saved/{changed_item.pk}/{action}/", data)
    assert_login_redirect(response, f"/me/saved/{changed_item.pk}/{action}/")
    assert not done(reload(changed_item))


@pytest.mark.parametrize("action", ["stage", "note", "follow-up", "seen"])
def test_actions_do_not_answer_get(alice_client, item, action):
    assert alice_client.get(f"/me/saved/{item.pk}/{action}/").status_code == 405


def test_an_action_without_a_safe_next_returns_to_the_board(alice_client, item):
    response = alice_client.post(f"/me/saved/{item.pk}/note/", {"note": "x", "next": "https://evil.example/"})
    assert response["Location"] == f"/me/saved/#saved-{item.pk}"


def test_an_action_needs_the_csrf_token(alice, item):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(f"/me/saved/{item.pk}/stage/", {"stage": "applied"}).status_code == 403
    assert reload(item).stage == SavedStage.SAVED


def test_a_move_the_rules_refuse_is_explained_beside_the_stage(alice_client, item):
    services.saved_stage_set(saved=item, stage=SavedStage.WITHDRAWN)
    response = alice_client.post(f"/me/saved/{item.pk}/stage/", {"stage": "applied"})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="stage-{item.pk}-error"' in body
    assert "move it back to Saved" in body
    assert reload(item).stage == SavedStage.WITHDRAWN


def test_a_date_that_is_not_one_is_explained_and_kept_in_the_field(alice_client, item):
    response = alice_client.post(f"/me/saved/{item.pk}/follow-up/", {"follow_up_on": "next tuesday"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a date like 2026-05-31" in body
    assert 'value="next tuesday"' in body
    assert f'name="next" value="/me/saved/{item.pk}/"' in body  # fixing it returns to the item
    assert 'aria-invalid="true"' in body
    assert reload(item).follow_up_on is None


def test_an_empty_date_clears_the_reminder(alice_client, item):
    services.saved_follow_up_set(saved=item, follow_up_on=TODAY)
    alice_client.post(f"/me/saved/{item.pk}/follow-up/", {"follow_up_on": ""})
    assert reload(item).follow_up_on is None


def test_the_confirmation_is_shown_after_moving(alice_client, item):
    response = alice_client.post(f"/me/saved/{item.pk}/stage/", {"stage": "heard_back"}, follow=True)
    assert "Moved to Heard back." in response.content.decode()


# --- Follow-up reminders ------------------------------------------------------------------------


@pytest.fixture
def applied(alice):
    """Alice applied 14 days before TODAY to a listing about education; the follow-up is due."""
    cause = CauseFactory(slug="education", name="Education")
    opportunity = OpportunityFactory(title="Maths tutor")
    OpportunityCauseFactory(opportunity=opportunity, cause=cause)
    applied_at = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=14), datetime.time(9))
    )
    return SavedOpportunityFactory(
        user=alice,
        opportunity=opportunity,
        stage=SavedStage.APPLIED,
        stage_changed_at=applied_at,
        follow_up_on=TODAY,
    )


def test_a_due_reminder_is_sent_with_links_to_the_item_and_similar_listings(applied, mailoutbox):
    assert services.follow_up_reminders_send(today=TODAY) == 1
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "You applied 14 days ago and heard nothing: try another?"
    assert f"http://127.0.0.1:8000/me/saved/{applied.pk}/" in message.body
    assert "http://127.0.0.1:8000/search/?cause=education" in message.body
    assert "Maths tutor" in message.alternatives[0][0]
    assert reload(applied).reminder_sent_for == TODAY


def test_running_the_reminders_twice_sends_nothing_the_second_time(applied, mailoutbox):
    assert services.follow_up_reminders_send(today=TODAY) == 1
    assert services.follow_up_reminders_send(today=TODAY) == 0
    assert services.follow_up_reminders_send(today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1


def test_a_retry_after_a_failure_past_the_claim_does_not_send_again(applied, mailoutbox):
    with (
        mock.patch("opportunities.services.saved.email_send", side_effect=ConnectionError("SMTP gone")),
        pytest.raises(ConnectionError),
    ):
        services.follow_up_reminders_send(today=TODAY)
    assert services.follow_up_reminders_send(today=TODAY) == 0
    assert mailoutbox == []


def test_a_reminder_claimed_by_another_worker_is_not_sent(applied, mailoutbox):
    SavedOpportunity.objects.filter(pk=applied.pk).update(reminder_sent_for=TODAY)
    assert services.follow_up_reminders_send(today=TODAY) == 0
    assert mailoutbox == []


def test_two_runs_at_once_send_each_reminder_once(alice, applied, mailoutbox):
    second = SavedOpportunityFactory(user=alice, stage=SavedStage.APPLIED, follow_up_on=TODAY)
    real = services.email_send
    other_run: list[int] = []

    def send_while_another_run_starts(**kwargs):
        # The other worker runs while this one, holding both items, sends its first e-mail.
        if not other_run:
            other_run.append(-1)
            other_run[0] = services.follow_up_reminders_send(today=TODAY)
        real(**kwargs)

    with mock.patch("opportunities.services.saved.email_send", side_effect=send_while_another_run_starts):
        first = services.follow_up_reminders_send(today=TODAY)
    assert (first, other_run[0]) == (1, 1)
    assert sorted(m.body.count(f"/me/saved/{second.pk}/") for m in mailoutbox) == [0, 1]
    assert len(mailoutbox) == 2


def test_a_new_follow_up_date_arms_a_new_reminder(applied, mailoutbox):
    services.follow_up_reminders_send(today=TODAY)
    later = TODAY + datetime.timedelta(days=7)
    services.saved_follow_up_set(saved=reload(applied), follow_up_on=later)
    assert services.follow_up_reminders_send(today=later - datetime.timedelta(days=1)) == 0
    assert services.follow_up_reminders_send(today=later) == 1
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("stage", [s for s in SavedStage.values if s != SavedStage.APPLIED])
def test_only_applied_items_get_reminders(applied, mailoutbox, stage):
    SavedOpportunity.objects.filter(pk=applied.pk).update(stage=stage)
    assert services.follow_up_reminders_send(today=TODAY) == 0
    assert mailoutbox == []


def test_no_reminder_before_the_follow_up_day(applied, mailoutbox):
    assert services.follow_up_reminders_send(today=TODAY - datetime.timedelta(days=1)) == 0
    assert mailoutbox == []


def test_no_reminder_for_a_person_without_an_email_address(alice, applied, mailoutbox):
    type(alice).objects.filter(pk=alice.pk).update(email="")
    assert services.follow_up_reminders_send(today=TODAY) == 0
    assert reload(applied).reminder_sent_for is None


def test_a_listing_without_causes_links_to_the_whole_search(applied, mailoutbox):
    applied.opportunity.cause_tags.all().delete()
    services.follow_up_reminders_send(today=TODAY)
    assert "http://127.0.0.1:8000/search/\n" in mailoutbox[0].body


def test_the_hourly_task_reports_how_many_it_sent(alice, mailoutbox):
    SavedOpportunityFactory(user=alice, stage=SavedStage.APPLIED, follow_up_on=timezone.localdate())
    assert tasks.follow_up_reminders_send.delay().get() == "sent 1"
    assert tasks.follow_up_reminders_send.delay().get() == "sent 0"
