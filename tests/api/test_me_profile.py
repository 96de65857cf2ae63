"""GET/PATCH /api/v1/me/: the profile through the API. Three actors (alice owns, bob is another
user, anonymous is nobody), both ways in (token and session), and the same validation as the
profile page (its form decides, so the two agree message for message)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.selectors.account import profile_cause_choices, profile_get, profile_skill_choices
from opportunities.models import Cause, Skill
from tests.api.problems import assert_problem, messages_for
from tests.factories import CauseFactory, SkillFactory

pytestmark = pytest.mark.django_db


def profile_page_form(user, changes: dict) -> ProfileForm:
    """The profile page's form, bound to the person's current profile with `changes` applied."""
    current = profile_get(user=user)
    return ProfileForm(
        {**ProfileForm.initial_for(current), **changes},
        user=current,
        cause_choices=profile_cause_choices(),
        skill_choices=profile_skill_choices(),
    )


URL = "/api/v1/me/"


@pytest.fixture
def choices() -> None:
    CauseFactory(slug="education-literacy", name="Education")
    CauseFactory(slug="environment", name="Environment")
    SkillFactory(slug="writing", name="Writing")


# --- Reading --------------------------------------------------------------------------------------


def test_the_owner_reads_her_profile_with_a_token(alice, alice_api, choices):
    User.objects.filter(pk=alice.pk).update(
        display_name="Alice A.", timezone="Europe/Paris", available_from_hour=18, available_to_hour=22,
        country="FR", languages=["fr", "en"], yearly_hours_goal=100, date_of_birth=datetime.date(2008, 5, 1),
    )  # fmt: skip
    alice.causes.set(Cause.objects.filter(slug="education-literacy"))
    alice.skills.set(Skill.objects.filter(slug="writing"))

    response = alice_api.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "username": "alice",
        "email": "alice@example.org",
        "display_name": "Alice A.",
        "timezone": "Europe/Paris",
        "available_from_hour": 18,
        "available_to_hour": 22,
        "country": "FR",
        "languages": ["fr", "en"],
        "causes": ["education-literacy"],
        "skills": ["writing"],
        "yearly_hours_goal": 100,
        "date_of_birth": "2008-05-01",
    }
    assert "private" in response["Cache-Control"]
    assert response["ETag"]


def test_each_person_reads_only_their_own_profile(alice, bob, bob_api):
    User.objects.filter(pk=alice.pk).update(display_name="Alice Secret")

    body = bob_api.get(URL).json()

    assert body["username"] == "bob"
    assert "Alice Secret" not in str(body)


def test_anonymous_gets_a_401_problem_with_a_bearer_challenge(api_client):
    response = api_client.get(URL)

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_reads_the_profile_too(alice):
    client = APIClient()
    client.force_login(alice)

    assert client.get(URL).json()["username"] == "alice"


def test_a_session_patch_without_its_csrf_token_is_refused(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.patch(URL, {"display_name": "Changed"}, format="json")

    assert_problem(response, 403)
    assert User.objects.get(pk=alice.pk).display_name == ""


def test_a_session_patch_with_its_csrf_token_is_saved(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    client.cookies["csrftoken"] = "a" * 32

    response = client.patch(URL, {"display_name": "Changed"}, format="json", HTTP_X_CSRFTOKEN="a" * 32)

    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).display_name == "Changed"


# --- Changing ---------------------------------------------------------------------------------------


def test_a_patch_changes_only_the_fields_sent(alice, alice_api, choices):
    User.objects.filter(pk=alice.pk).update(country="FR", languages=["fr"], yearly_hours_goal=50)

    response = alice_api.patch(
        URL,
        {
            "timezone": "Europe/Paris",
            "available_from_hour": 18,
            "available_to_hour": 21,
            "causes": ["education-literacy"],
        },
        format="json",
    )

    assert response.status_code == 200
    alice = profile_get(user=alice)
    assert (alice.timezone, alice.available_from_hour, alice.available_to_hour) == ("Europe/Paris", 18, 21)
    assert [cause.slug for cause in alice.causes.all()] == ["education-literacy"]
    # Untouched fields keep their values.
    assert (alice.country, alice.languages, alice.yearly_hours_goal) == ("FR", ["fr"], 50)
    assert response.json()["causes"] == ["education-literacy"]
    assert response.json()["available_to_hour"] == 21


def test_lists_are_replaced_whole_and_null_clears_a_value(alice, alice_api, choices):
    alice_api.patch(
        URL, {"causes": ["education-literacy", "environment"], "yearly_hours_goal": 40}, format="json"
    )

    response = alice_api.patch(URL, {"causes": ["environment"], "yearly_hours_goal": None}, format="json")

    assert response.json()["causes"] == ["environment"]
    assert response.json()["yearly_hours_goal"] is None
    assert User.objects.get(pk=alice.pk).yearly_hours_goal is None


def test_another_persons_patch_never_touches_alice(alice, bob_api):
    bob_api.patch(URL, {"display_name": "Bob B."}, format="json")

    assert User.objects.get(pk=alice.pk).display_name == ""
    assert User.objects.get(username="bob").display_name == "Bob B."


def test_the_address_is_read_only_and_nothing_is_mailed(alice, alice_api, mailoutbox):
    response = alice_api.patch(URL, {"email": "new@example.org", "display_name": "A"}, format="json")

    body = assert_problem(response, 400, "email")
    assert "profile page" in messages_for(body, "email")[0]
    alice = User.objects.get(pk=alice.pk)
    assert (alice.email, alice.display_name) == ("alice@example.org", "")
    assert mailoutbox == []


def test_the_username_is_read_only(alice, alice_api):
    response = alice_api.patch(URL, {"username": "mallory"}, format="json")

    assert_problem(response, 400, "username")
    assert User.objects.filter(username="alice").exists()


def test_a_body_that_is_not_an_object_is_refused(alice_api):
    assert_problem(alice_api.patch(URL, ["display_name"], format="json"), 400)


def test_someone_without_an_address_can_still_change_the_rest(alice_api, alice):
    # Accounts made outside the sign-up form (createsuperuser) may have no address; the API does
    # not change it, so it must not insist on one.
    User.objects.filter(pk=alice.pk).update(email="")

    response = alice_api.patch(URL, {"display_name": "No Mail"}, format="json")

    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).display_name == "No Mail"


# The API must refuse what the profile page refuses, with the page's own message.
BROKEN_RULES = [
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"available_from_hour": 18}, "available_to_hour"),
    ({"available_from_hour": 18, "available_to_hour": 9}, "available_to_hour"),
    ({"date_of_birth": "1850-01-01"}, "date_of_birth"),
]


@pytest.mark.parametrize(("changes", "field"), BROKEN_RULES)
def test_a_value_the_profile_page_refuses_is_refused_with_its_message(
    alice, alice_api, choices, changes, field
):
    before = User.objects.values().get(pk=alice.pk)

    response = alice_api.patch(URL, changes, format="json")

    body = assert_problem(response, 400, field)
    page_form = profile_page_form(alice, changes)
    assert not page_form.is_valid()
    assert messages_for(body, field) == page_form.errors[field]
    assert User.objects.values().get(pk=alice.pk) == before


# Countries, causes and skills are fixed lists, documented as enums: a value outside them is refused
# before the form is asked, with what to send instead; the profile page refuses it too.
OFF_THE_LIST = [
    ({"country": "XX"}, "country", "country", "Unknown country “XX”: use an upper-case ISO 3166-1"),
    ({"country": "fr"}, "country", "country", "Unknown country “fr”"),
    ({"causes": ["no-such-cause"]}, "causes", "causes.0", "Unknown cause “no-such-cause”: use a slug from"),
    ({"skills": ["writing", "juggling"]}, "skills", "skills.1", "Unknown skill “juggling”: use a slug from"),
]


@pytest.mark.parametrize(("changes", "form_field", "field", "message"), OFF_THE_LIST)
def test_a_value_off_the_documented_list_is_refused_with_what_to_send(
    alice, alice_api, choices, changes, form_field, field, message
):
    before = User.objects.values().get(pk=alice.pk)

    response = alice_api.patch(URL, changes, format="json")

    body = assert_problem(response, 400, field)
    assert messages_for(body, field)[0].startswith(message)
    assert User.objects.values().get(pk=alice.pk) == before
    page_form = profile_page_form(alice, changes)
    assert not page_form.is_valid()
    assert form_field in page_form.errors


# JSON of the wrong type or out of range is refused before the rules are looked at (the schema
# documents these), also where Django's form would have coerced it.
WRONG_SHAPES = [
    ({"display_name": 0}, "display_name"),
    ({"display_name": "x" * 101}, "display_name"),
    ({"timezone": None}, "timezone"),
    ({"available_from_hour": "18", "available_to_hour": 21}, "available_from_hour"),
    ({"available_from_hour": 18.5, "available_to_hour": 21}, "available_from_hour"),
    ({"available_from_hour": 25, "available_to_hour": 26}, "available_from_hour"),
    ({"languages": "en"}, "languages"),
    ({"languages": ["tlh"]}, "languages.0"),
    ({"causes": "education-literacy"}, "causes"),
    ({"causes": [7]}, "causes.0"),
    ({"timezone": 7}, "timezone"),
    ({"country": ["FR"]}, "country"),
    ({"yearly_hours_goal": 0}, "yearly_hours_goal"),
    ({"yearly_hours_goal": "lots"}, "yearly_hours_goal"),
    ({"yearly_hours_goal": True}, "yearly_hours_goal"),
    ({"date_of_birth": ""}, "date_of_birth"),
    ({"date_of_birth": "not a date"}, "date_of_birth"),
]


@pytest.mark.parametrize(("changes", "field"), WRONG_SHAPES)
def test_a_value_of_the_wrong_type_or_range_is_refused(alice, alice_api, choices, changes, field):
    before = User.objects.values().get(pk=alice.pk)

    assert_problem(alice_api.patch(URL, changes, format="json"), 400, field)

    assert User.objects.values().get(pk=alice.pk) == before


def test_a_date_of_birth_in_the_future_is_refused(alice_api):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    body = assert_problem(alice_api.patch(URL, {"date_of_birth": tomorrow.isoformat()}, format="json"), 400)

    assert messages_for(body, "date_of_birth") == ["Give a date between 1900 and today, or leave it empty."]
