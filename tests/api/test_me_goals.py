"""/api/v1/me/goals/: goals with their progress. Three actors, token and session, custom, school
and PVSA goals through the goal services (so the site's rules and messages), and a query count
that does not grow with the number of goals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from accounts.models import Goal, GoalKind, TrustLevel
from accounts.services import goals as goal_services
from tests.api.problems import assert_problem, messages_for
from tests.factories import GoalFactory, HoursEntryFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/goals/"
D = datetime.date
CUSTOM = {
    "name": "100 hours this year",
    "target_hours": 100,
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
}


def detail(goal_id: int) -> str:
    return f"{URL}{goal_id}/"


# --- The three actors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", URL), ("post", URL), ("get", f"{URL}1/"), ("patch", f"{URL}1/"), ("delete", f"{URL}1/")],
)
def test_anonymous_requests_are_refused_with_a_bearer_challenge(api_client, method, path):
    response = getattr(api_client, method)(path, {}, format="json")
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_each_person_lists_only_their_own_goals(alice, bob, alice_api, bob_api):
    mine, theirs = GoalFactory(user=alice), GoalFactory(user=bob)

    assert [goal["id"] for goal in alice_api.get(URL).json()["results"]] == [mine.pk]
    assert [goal["id"] for goal in bob_api.get(URL).json()["results"]] == [theirs.pk]


@pytest.mark.parametrize(
    ("method", "body"), [("get", None), ("patch", {"target_hours": 1}), ("delete", None)]
)
def test_another_persons_goal_is_not_found_and_stays_untouched(alice, bob_api, method, body):
    goal = GoalFactory(user=alice, target_hours=10)

    assert_problem(getattr(bob_api, method)(detail(goal.pk), body, format="json"), 404)

    goal.refresh_from_db()
    assert goal.target_hours == 10


def test_the_session_reads_and_a_session_write_needs_the_csrf_token(alice):
    GoalFactory(user=alice)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    assert client.get(URL).status_code == 200
    assert_problem(client.post(URL, CUSTOM, format="json"), 403)
    assert Goal.objects.filter(user=alice).count() == 1


# --- Reading ------------------------------------------------------------------------------------


def test_a_goal_shows_its_window_and_progress(alice, alice_api):
    goal = GoalFactory(
        user=alice,
        name="Spring",
        target_hours=4,
        starts_on=D(2025, 3, 1),
        ends_on=D(2025, 5, 31),
        verified_only=True,
    )
    HoursEntryFactory(user=alice, date=D(2025, 3, 2), minutes=90, trust=TrustLevel.VERIFIED)
    HoursEntryFactory(user=alice, date=D(2025, 3, 3), minutes=600)  # self-reported: not counted
    HoursEntryFactory(
        user=alice, date=D(2025, 6, 1), minutes=60, trust=TrustLevel.APPROVED
    )  # after the window

    response = alice_api.get(detail(goal.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": goal.pk,
        "kind": "custom",
        "name": "Spring",
        "target_hours": 4,
        "starts_on": "2025-03-01",
        "ends_on": "2025-05-31",
        "verified_only": True,
        "created_at": response.json()["created_at"],
        "progress": {"counted_minutes": 90, "counted_hours": 1.5, "percent": 37, "reached": False},
    }
    assert "private" in response["Cache-Control"]


def test_the_list_is_newest_first_and_pages(alice, alice_api):
    goals = [GoalFactory(user=alice) for _ in range(3)]

    page = alice_api.get(URL, {"page_size": 2}).json()
    rest = alice_api.get(page["next"]).json()

    assert [goal["id"] for goal in page["results"] + rest["results"]] == [goal.pk for goal in reversed(goals)]


@pytest.mark.parametrize("count", [1, 20])
def test_listing_costs_the_same_queries_for_1_or_20_goals(alice, alice_api, django_assert_num_queries, count):
    for index in range(count):
        GoalFactory(user=alice, starts_on=D(2025, 1, 1), ends_on=D(2025, 1 + index % 12, 28))
        HoursEntryFactory(user=alice, date=D(2025, 1, 1 + index), minutes=30)
    # token and its touch; the page of goals; every goal's progress (goals, one aggregate)
    with django_assert_num_queries(5):
        response = alice_api.get(URL, {"page_size": 50})
    assert len(response.json()["results"]) == count


# --- Creating -----------------------------------------------------------------------------------


def test_a_custom_goal_is_created_with_its_location(alice, alice_api):
    response = alice_api.post(URL, CUSTOM, format="json")

    assert response.status_code == 201, response.content
    goal = Goal.objects.get(user=alice)
    assert response["Location"] == detail(goal.pk)
    assert (goal.kind, goal.name, goal.target_hours, goal.verified_only) == (
        "custom",
        CUSTOM["name"],
        100,
        False,
    )
    assert response.json()["progress"] == {
        "counted_minutes": 0,
        "counted_hours": 0.0,
        "percent": 0,
        "reached": False,
    }


def test_a_school_requirement_is_a_goal_of_its_kind(alice, alice_api):
    response = alice_api.post(URL, {**CUSTOM, "kind": "school", "verified_only": True}, format="json")

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["verified_only"]) == ("school", True)


def test_a_pvsa_goal_takes_its_target_and_12_month_window_from_the_award_table(alice, alice_api):
    body = {"kind": "pvsa", "band": "teens", "level": "silver", "starts_on": "2025-09-01"}

    response = alice_api.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    goal = Goal.objects.get(user=alice)
    assert (goal.kind, goal.target_hours) == (GoalKind.PVSA, 75)
    assert (goal.starts_on, goal.ends_on) == (D(2025, 9, 1), D(2026, 8, 31))
    assert goal.verified_only is True  # the award's default: hours a certifier can check
    assert goal.name == "President's Volunteer Service Award: Silver, Teens 11 to 15"


def test_sending_the_same_goal_twice_returns_the_first_one(alice, alice_api):
    first = alice_api.post(URL, CUSTOM, format="json").json()
    second = alice_api.post(URL, CUSTOM, format="json")

    assert second.status_code == 201
    assert second.json()["id"] == first["id"]
    assert Goal.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({**CUSTOM, "target_hours": 0}, "target_hours", "Choose a target between 1 and 100,000 hours."),
        ({**CUSTOM, "ends_on": "2024-12-31"}, "ends_on", "The end date must be on or after the start date."),
        ({**CUSTOM, "name": "  "}, "name", "Give the goal a name."),
        ({**CUSTOM, "starts_on": "soon"}, "starts_on", "Enter a day like 2026-03-03."),
        ({**CUSTOM, "kind": "award"}, "kind", "Choose one of: custom, school, pvsa."),
        ({"kind": "pvsa", "band": "elders", "level": "gold", "starts_on": "2025-01-01"}, "band",
         "Choose one of: kids, teens, young_adults, adults."),
        ({"kind": "pvsa", "band": "teens", "level": "platinum", "starts_on": "2025-01-01"}, "level",
         "Choose one of: bronze, silver, gold."),
        ({"kind": "pvsa", "band": "teens", "level": "gold", "starts_on": "9999-01-01"}, "starts_on",
         "Choose a start day on or before 9998-12-31."),
    ],
)  # fmt: skip
def test_a_refused_goal_says_what_to_change(alice, alice_api, body, field, message):
    problem = assert_problem(alice_api.post(URL, body, format="json"), 400, field)

    assert messages_for(problem, field) == [message]
    assert not Goal.objects.filter(user=alice).exists()


# JSON of the wrong type is refused, not coerced (0 is not the name "0", "5" is not 5 hours).
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": 0}, "name"),
        ({"target_hours": "10"}, "target_hours"),
        ({"target_hours": 10.0}, "target_hours"),
        ({"verified_only": 0}, "verified_only"),
        ({"verified_only": "true"}, "verified_only"),
    ],
)
def test_a_new_goal_of_the_wrong_json_type_is_refused_naming_the_field(alice, alice_api, changes, field):
    problem = assert_problem(alice_api.post(URL, {**CUSTOM, **changes}, format="json"), 400, field)

    assert [error["field"] for error in problem["errors"]] == [field]
    assert not Goal.objects.filter(user=alice).exists()


def test_a_pvsa_goal_needs_a_json_boolean_too(alice, alice_api):
    body = {"kind": "pvsa", "band": "teens", "level": "gold", "starts_on": "2025-01-01", "verified_only": 1}

    assert_problem(alice_api.post(URL, body, format="json"), 400, "verified_only")
    assert not Goal.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_hours": "5"}, "target_hours", "Give the target as a whole number of hours, e.g. 100."),
        ({"name": 0}, "name", "Not a valid string."),
        ({"name": " "}, "name", "Give the goal a name."),
        ({"verified_only": "false"}, "verified_only", "Send true or false."),
    ],
)
def test_a_patch_of_the_wrong_json_type_is_refused_naming_the_field(
    alice, alice_api, changes, field, message
):
    goal = GoalFactory(user=alice, name="Keep", target_hours=10, verified_only=True)

    problem = assert_problem(alice_api.patch(detail(goal.pk), changes, format="json"), 400, field)

    assert messages_for(problem, field) == [message]
    goal.refresh_from_db()
    assert (goal.name, goal.target_hours, goal.verified_only) == ("Keep", 10, True)


def test_a_body_that_is_not_an_object_is_a_validation_problem(alice_api):
    assert_problem(alice_api.post(URL, [CUSTOM], format="json"), 400)


# --- Changing and deleting ----------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(alice, alice_api):
    goal = GoalFactory(
        user=alice, name="Keep", target_hours=10, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31)
    )

    response = alice_api.patch(detail(goal.pk), {"target_hours": 60}, format="json")

    assert response.status_code == 200
    goal.refresh_from_db()
    assert (goal.name, goal.target_hours, goal.ends_on) == ("Keep", 60, D(2025, 12, 31))
    assert response.json()["target_hours"] == 60


def test_patch_checks_the_window_it_would_leave(alice, alice_api):
    goal = GoalFactory(user=alice, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31))

    problem = assert_problem(
        alice_api.patch(detail(goal.pk), {"starts_on": "2026-01-01"}, format="json"), 400
    )

    assert messages_for(problem, "ends_on") == ["The end date must be on or after the start date."]
    goal.refresh_from_db()
    assert goal.starts_on == D(2025, 1, 1)


def test_a_goal_cannot_be_replaced_whole(alice, alice_api):
    goal = GoalFactory(user=alice)
    assert_problem(alice_api.put(detail(goal.pk), CUSTOM, format="json"), 405)


def test_deleting_a_goal_leaves_the_hours_and_a_second_delete_finds_nothing(alice, alice_api):
    goal = GoalFactory(user=alice)
    entry = HoursEntryFactory(user=alice)

    assert alice_api.delete(detail(goal.pk)).status_code == 204
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert entry.__class__.objects.filter(pk=entry.pk).exists()
    assert_problem(alice_api.delete(detail(goal.pk)), 404)


def test_the_pvsa_service_refuses_a_window_past_the_last_representable_day(alice):
    # accounts.pvsa.goal_for adds a year to starts_on; from 9999-01-01 on that is year 10000.
    with pytest.raises(ValidationError):
        goal_services.goal_create_pvsa(user=alice, band="teens", level="gold", starts_on=D(9999, 1, 1))
