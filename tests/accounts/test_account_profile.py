"""The profile page: who may see it, what it saves, what it refuses, and the "fits me" search."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.selectors.account import profile_get, profile_search_query
from opportunities.models import Cause
from tests.factories import CauseFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def choices() -> None:
    CauseFactory(slug="education", name="Education")
    CauseFactory(slug="environment", name="Environment")
    SkillFactory(slug="writing", name="Writing")


def _form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": "Alice A.",
        "email": user.email,
        "timezone": "Europe/Paris",
        "available_from_hour": "18",
        "available_to_hour": "22",
        "country": "FR",
        "languages": ["fr", "en"],
        "causes": ["education"],
        "skills": ["writing"],
        "yearly_hours_goal": "100",
        "date_of_birth": "2008-05-01",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_anonymous_visitors_are_sent_to_log_in(anon):
    response = anon.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


@pytest.mark.parametrize("actor", ["alice", "bob"])
def test_each_person_sees_only_their_own_profile(request, actor):
    alice, bob = request.getfixturevalue("alice"), request.getfixturevalue("bob")
    User.objects.filter(pk=alice.pk).update(display_name="Alice Secret")
    client = request.getfixturevalue(f"{actor}_client")

    page = client.get("/accounts/profile/").content.decode()
    me, other = (alice, bob) if actor == "alice" else (bob, alice)

    assert f"Signed in as <strong>{me.username}</strong>" in page
    assert me.email in page
    assert other.email not in page
    assert ("Alice Secret" in page) is (actor == "alice")


def test_saving_the_profile_stores_every_field(alice, alice_client, choices):
    response = alice_client.post("/accounts/profile/", _form(alice))

    assert response["Location"] == "/accounts/profile/", response.context["form"].errors
    alice = profile_get(user=alice)
    assert alice.display_name == "Alice A."
    assert alice.timezone == "Europe/Paris"
    assert (alice.available_from_hour, alice.available_to_hour) == (18, 22)
    assert alice.country == "FR"
    assert alice.languages == ["fr", "en"]
    assert [cause.slug for cause in alice.causes.all()] == ["education"]
    assert [skill.slug for skill in alice.skills.all()] == ["writing"]
    assert alice.yearly_hours_goal == 100
    assert alice.date_of_birth == datetime.date(2008, 5, 1)
    assert "Saved." in alice_client.get("/accounts/profile/").content.decode()


def test_saving_again_with_fewer_causes_removes_the_others(alice, alice_client, choices):
    both = alice_client.post("/accounts/profile/", _form(alice, causes=["education", "environment"]))
    one = alice_client.post("/accounts/profile/", _form(alice, causes=["environment"]))

    assert both.status_code == one.status_code == 302
    assert [cause.slug for cause in profile_get(user=alice).causes.all()] == ["environment"]


def test_optional_fields_may_be_left_empty(alice, alice_client):
    empty = {
        "timezone": "",
        "available_from_hour": "",
        "available_to_hour": "",
        "country": "",
        "date_of_birth": "",
    }
    response = alice_client.post("/accounts/profile/", _form(alice, causes=None, skills=None, **empty))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.timezone, alice.available_from_hour, alice.date_of_birth) == ("", None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Unknown time zone"),
        ({"timezone": "../etc/passwd"}, "timezone", "Unknown time zone"),
        (
            {"available_from_hour": "22", "available_to_hour": "18"},
            "available_to_hour",
            "must end after they start",
        ),
        (
            {"available_from_hour": "9", "available_to_hour": "9"},
            "available_to_hour",
            "must end after they start",
        ),
        ({"available_to_hour": ""}, "available_to_hour", "Choose both hours, or neither."),
        ({"available_from_hour": "25"}, "available_from_hour", "Select a valid choice."),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "between 1900 and today"),
        ({"yearly_hours_goal": "0"}, "yearly_hours_goal", "greater than or equal to 1"),
        ({"causes": ["no-such-cause"]}, "causes", "Select a valid choice."),
        ({"languages": ["xx"]}, "languages", "Select a valid choice."),
        ({"country": "ZZ"}, "country", "Select a valid choice."),
        ({"email": "nope"}, "email", "Enter a valid email address."),
    ],
)
def test_invalid_profile_input_is_refused_next_to_the_field(
    alice, alice_client, choices, changes, field, message
):
    response = alice_client.post("/accounts/profile/", _form(alice, **changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page or f'id="id_{field}_0-error"' in page
    alice.refresh_from_db()
    assert alice.display_name == ""


def test_an_address_another_account_uses_is_refused(alice, bob, alice_client, choices):
    response = alice_client.post("/accounts/profile/", _form(alice, email=bob.email.upper()))

    assert response.context["form"].errors["email"] == ["Another account already uses this address."]


def test_changing_the_email_clears_its_confirmation_and_mails_the_new_address(
    alice, alice_client, choices, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=alice.pk).update(email_confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/accounts/profile/", _form(alice, email="alice.new@example.org"))

    assert response.status_code == 302

    alice.refresh_from_db()
    assert alice.email == "alice.new@example.org"
    assert alice.email_confirmed_at is None
    assert [message.to for message in mailoutbox] == [["alice.new@example.org"]]
    assert "click it to confirm the new address" in alice_client.get("/accounts/profile/").content.decode()


def test_keeping_the_same_email_keeps_its_confirmation_and_sends_nothing(
    alice, alice_client, choices, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=alice.pk).update(email_confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/accounts/profile/", _form(alice, email=alice.email.upper()))

    assert response.status_code == 302

    alice.refresh_from_db()
    assert alice.email_confirmed_at is not None
    assert mailoutbox == []


def test_the_page_links_to_password_change_export_and_deletion(alice_client):
    page = alice_client.get("/accounts/profile/").content.decode()

    for link in ('href="/accounts/password_change/"', 'href="/accounts/export/"', 'href="/accounts/delete/"'):
        assert link in page


def test_the_page_asks_for_the_same_queries_however_many_causes_are_chosen(
    alice, alice_client, django_assert_num_queries
):
    causes = [CauseFactory() for _ in range(20)]
    alice.causes.set(causes[:1])
    # session, user, profile (user + causes + skills), cause and skill choices
    with django_assert_num_queries(7):
        alice_client.get("/accounts/profile/")
    alice.causes.set(causes)
    with django_assert_num_queries(7):
        alice_client.get("/accounts/profile/")


# --- "Find opportunities that fit me" --------------------------------------------------------


def test_the_fits_me_search_uses_causes_country_language_and_working_hours(alice, choices):
    User.objects.filter(pk=alice.pk).update(
        country="FR", languages=["fr"], timezone="Europe/Paris", available_from_hour=18, available_to_hour=22
    )
    alice.causes.set(Cause.objects.filter(slug__in=["education", "environment"]))

    params = parse_qsl(profile_search_query(user=profile_get(user=alice)))

    assert sorted(params) == sorted(
        [
            ("cause", "education"),
            ("cause", "environment"),
            ("country", "FR"),
            ("language", "fr"),
            ("tz", "Europe/Paris"),
            ("overlap", "1"),
            ("work_from", "18"),
            ("work_to", "22"),
        ]
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, []),
        ({"languages": ["fr", "en"]}, []),  # the filter takes one language: do not pick for them
        ({"available_from_hour": 8, "available_to_hour": 12}, []),  # hours mean nothing without a zone
        ({"timezone": "Asia/Tokyo"}, [("tz", "Asia/Tokyo"), ("overlap", "1")]),
    ],
)
def test_the_fits_me_search_leaves_out_what_the_profile_does_not_say(fields, expected):
    user = UserFactory(username="carol", **fields)

    assert parse_qsl(profile_search_query(user=profile_get(user=user))) == expected


def test_the_fits_me_link_is_on_the_page_and_the_search_accepts_it(alice, alice_client, choices):
    assert alice_client.post("/accounts/profile/", _form(alice)).status_code == 302
    page = alice_client.get("/accounts/profile/").content.decode()
    query = profile_search_query(user=profile_get(user=alice))

    assert f'href="/search/?{query.replace("&", "&amp;")}"' in page
    results = alice_client.get(f"/search/?{query}")
    assert results.status_code == 200
    assert results.context["form"].errors == {}
