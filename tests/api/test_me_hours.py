"""/api/v1/me/hours/: the hours log through the API. Three actors (alice owns, bob is another
user, anonymous is nobody), token and session, the site's rules with the site's messages (the
same entry is refused by the form and by the API, message for message), locked entries (409),
and asking a contact to verify (a request row, an e-mail after commit)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent, HoursEntry, TrustLevel, VerificationRequest, VerificationStatus
from accounts.services import hours as hours_services
from accounts.services.hours import LOCKED_MESSAGE
from tests.api.problems import assert_problem
from tests.factories import (
    HoursEntryFactory,
    OpportunityFactory,
    OrganizationFactory,
    VerificationRequestFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/hours/"
DAY = datetime.date(2025, 3, 3)  # a past day, so "no future days" never gets in the way
LONG_AGO = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def detail(entry_id: int) -> str:
    return f"{URL}{entry_id}/"


def api_errors(body: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in body["errors"]:
        errors.setdefault(error["field"], []).append(error["detail"])
    return errors


def session_client(user, *, csrf: bool = False) -> APIClient:
    client = APIClient(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def listing(**fields):
    """A listing first seen long ago, so hours on DAY may be logged for it."""
    return OpportunityFactory(**({"posted_at": LONG_AGO, "first_seen_at": LONG_AGO} | fields))


def locked_entry(user, **fields) -> HoursEntry:
    values = {
        "user": user,
        "date": DAY,
        "trust": TrustLevel.VERIFIED,
        "locked_at": timezone.now(),
        "verified_by_name": "Ana Ruiz",
        "verified_by_email": "ana@example.org",
    }
    return HoursEntryFactory(**(values | fields))


BODY = {
    "date": "2025-03-03",
    "minutes": 90,
    "timezone": "Europe/Paris",
    "organization_name": "Translators Without Borders",
    "activity": "Translated a newsletter",
}


# --- The three actors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", URL),
        ("post", URL),
        ("get", f"{URL}1/"),
        ("put", f"{URL}1/"),
        ("patch", f"{URL}1/"),
        ("delete", f"{URL}1/"),
        ("post", f"{URL}1/request-verification/"),
        ("post", f"{URL}1/resend-verification/"),
    ],
)
def test_anonymous_requests_are_refused_with_a_bearer_challenge(api_client, method, path):
    response = getattr(api_client, method)(path, {}, format="json")
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["instance"] == path


def test_each_person_lists_only_their_own_entries(alice, bob, alice_api, bob_api):
    mine = HoursEntryFactory(user=alice, date=DAY)
    theirs = HoursEntryFactory(user=bob, date=DAY)

    assert [item["id"] for item in alice_api.get(URL).json()["results"]] == [mine.pk]
    assert [item["id"] for item in bob_api.get(URL).json()["results"]] == [theirs.pk]


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("put", "", BODY),
        ("patch", "", {"minutes": 30}),
        ("delete", "", None),
        ("post", "request-verification/", {"contact_name": "Bo", "contact_email": "bo@example.org"}),
        ("post", "resend-verification/", None),
    ],
)
def test_another_persons_entry_is_not_found_and_stays_untouched(alice, bob_api, method, suffix, body):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60)
    VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(hours=1))

    response = getattr(bob_api, method)(detail(entry.pk) + suffix, body, format="json")

    assert_problem(response, 404)
    entry.refresh_from_db()
    assert entry.minutes == 60
    assert entry.verifications.count() == 1
    assert mail.outbox == []


def test_the_session_works_for_reads_and_writes_need_the_csrf_token(alice):
    HoursEntryFactory(user=alice, date=DAY)

    assert session_client(alice).get(URL).status_code == 200
    refused = session_client(alice, csrf=True).post(URL, BODY, format="json")
    assert_problem(refused, 403)
    assert "CSRF" in refused.json()["detail"]
    assert HoursEntry.objects.filter(user=alice).count() == 1


# --- Reading ------------------------------------------------------------------------------------


def test_an_entry_shows_its_listing_trust_lock_and_latest_request_but_no_link(alice, alice_api):
    role = listing(
        title="Tutor teens online",
        url="https://listings.example.org/7",
        organization=OrganizationFactory(name="Lumen"),
    )
    entry = locked_entry(alice, minutes=90, timezone="Europe/Paris", opportunity=role, activity="Maths")
    VerificationRequestFactory(
        entry=entry, contact_name="Old", contact_email="old@example.org",
        status=VerificationStatus.SUPERSEDED, sent_at=timezone.now() - datetime.timedelta(days=2),
    )  # fmt: skip
    latest = VerificationRequestFactory(
        entry=entry, status=VerificationStatus.CONFIRMED, answered_at=timezone.now(), nonce="secret-nonce"
    )

    response = alice_api.get(detail(entry.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["minutes"] == 90
    assert body["hours"] == 1.5
    assert body["opportunity"] == {
        "id": entry.opportunity_id,
        "title": "Tutor teens online",
        "url": "https://listings.example.org/7",
        "status": "active",
        "organization_name": "Lumen",
    }
    assert (body["trust"], body["counts_as_verified"], body["locked"]) == ("verified", True, True)
    assert body["verified_by_name"] == "Ana Ruiz"
    assert body["latest_verification"]["id"] == latest.pk
    assert body["latest_verification"]["status"] == "confirmed"
    assert body["latest_verification"]["contact_name"] == "Ana Ruiz"
    assert body["latest_verification"]["answered_at"] is not None
    assert "secret-nonce" not in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert response["ETag"]


def test_an_entry_never_asked_for_has_no_latest_request_and_no_listing(alice, alice_api):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=20, organization_name="Café")

    body = alice_api.get(detail(entry.pk)).json()

    assert (body["opportunity"], body["organization_name"]) == (None, "Café")
    assert (body["latest_verification"], body["locked"], body["locked_at"]) == (None, False, None)
    assert body["hours"] == 0.33


def test_the_list_is_newest_day_first_across_pages(alice, alice_api):
    older = HoursEntryFactory(user=alice, date=DAY - datetime.timedelta(days=1))
    first_of_day = HoursEntryFactory(user=alice, date=DAY)
    second_of_day = HoursEntryFactory(user=alice, date=DAY)
    newest = HoursEntryFactory(user=alice, date=DAY + datetime.timedelta(days=1))

    page = alice_api.get(URL, {"page_size": 2}).json()
    rest = alice_api.get(page["next"]).json()

    assert [item["id"] for item in page["results"] + rest["results"]] == [
        newest.pk, second_of_day.pk, first_of_day.pk, older.pk,
    ]  # fmt: skip
    assert rest["next"] is None


def test_the_list_filters_by_days_and_trust(alice, alice_api):
    early = HoursEntryFactory(user=alice, date=datetime.date(2025, 1, 31))
    inside = HoursEntryFactory(user=alice, date=datetime.date(2025, 2, 1))
    verified = locked_entry(alice, date=datetime.date(2025, 2, 28))
    HoursEntryFactory(user=alice, date=datetime.date(2025, 3, 1))

    def ids(**query) -> list[int]:
        return [item["id"] for item in alice_api.get(URL, query).json()["results"]]

    assert ids(**{"from": "2025-02-01", "to": "2025-02-28"}) == [verified.pk, inside.pk]
    assert ids(to="2025-01-31") == [early.pk]
    assert ids(trust="verified") == [verified.pk]
    assert ids(trust="self_reported", to="2025-02-27") == [inside.pk, early.pk]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "2025-13-01"}, "from", "Enter a day like 2026-03-03."),
        ({"to": "yesterday"}, "to", "Enter a day like 2026-03-03."),
        ({"trust": "trusted"}, "trust", "Choose self_reported, verified or approved."),
    ],
)
def test_a_bad_filter_is_a_validation_problem_naming_the_parameter(alice_api, query, field, message):
    body = assert_problem(alice_api.get(URL, query), 400, field)
    assert api_errors(body)[field] == [message]


@pytest.mark.parametrize("count", [1, 20])
def test_listing_costs_the_same_queries_for_1_or_20_entries(
    alice, alice_api, django_assert_num_queries, count
):
    for _ in range(count):
        entry = HoursEntryFactory(user=alice, date=DAY, minutes=10, opportunity=listing())
        VerificationRequestFactory(entry=entry)
    # token (and its last-used touch), the page of entries with their listings, their requests
    with django_assert_num_queries(4):
        response = alice_api.get(URL, {"page_size": 50})
    assert len(response.json()["results"]) == count


# --- Logging ------------------------------------------------------------------------------------


def test_logging_creates_the_entry_and_records_it_was_done_through_the_api(alice, alice_api):
    response = alice_api.post(
        URL, {**BODY, "description": " Spring issue ", "evidence_url": "https://example.org/p"}
    )

    assert response.status_code == 201, response.content
    entry = HoursEntry.objects.get(user=alice)
    assert response["Location"] == detail(entry.pk)
    body = response.json()
    assert (body["id"], body["date"], body["minutes"], body["timezone"]) == (
        entry.pk,
        "2025-03-03",
        90,
        "Europe/Paris",
    )
    assert (body["trust"], body["locked"], body["latest_verification"]) == ("self_reported", False, None)
    assert entry.description == "Spring issue"
    assert list(AuditEvent.objects.filter(entry=entry).values_list("action", "via")) == [("created", "api")]


def test_an_entry_for_a_listing_names_no_organisation_of_its_own(alice, alice_api):
    role = listing()

    response = alice_api.post(URL, {**BODY, "opportunity": role.pk})

    assert response.status_code == 201
    assert response.json()["opportunity"]["id"] == role.pk
    assert response.json()["organization_name"] == ""


@pytest.mark.parametrize(("profile_zone", "stored"), [("America/Chicago", "America/Chicago"), ("", "UTC")])
def test_without_a_time_zone_the_profiles_is_used_else_utc(alice, alice_api, profile_zone, stored):
    alice.timezone = profile_zone
    alice.save()

    response = alice_api.post(URL, {key: value for key, value in BODY.items() if key != "timezone"})

    assert response.status_code == 201
    assert HoursEntry.objects.get(user=alice).timezone == stored


def site_form(body: dict) -> dict[str, str]:
    """The site's entry form fields for the same entry (its duration is hours + minutes)."""
    hours, minutes = divmod(body["minutes"], 60)
    fields = {key: value for key, value in body.items() if key != "minutes"}
    return {**fields, "hours": str(hours), "minutes": str(minutes)}


@pytest.mark.parametrize(
    ("case", "changes", "field"),
    [
        ("a day in the future", {"date": "2999-01-01"}, "date"),
        ("no listing and no organisation", {"organization_name": ""}, "organization_name"),
        ("nothing said about what was done", {"activity": ""}, "activity"),
        ("a javascript: link", {"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ("more than 24 h on the day", {"minutes": 5 * 60}, "minutes"),
        ("a day before the listing existed", {"opportunity": "new-listing"}, "date"),
        ("a listing that does not exist", {"opportunity": 999_999}, "opportunity"),
    ],
)
def test_the_api_refuses_what_the_site_refuses_with_the_same_messages(
    alice, alice_api, alice_client, case, changes, field
):
    HoursEntryFactory(user=alice, date=DAY, minutes=20 * 60)  # 20 h already that day
    if changes.get("opportunity") == "new-listing":
        changes = {"opportunity": OpportunityFactory(title="Brand new").pk}  # first seen today
    body = {**BODY, **changes}

    page = alice_client.post("/me/hours/new/", site_form(body))
    response = alice_api.post(URL, body)

    assert page.status_code == 400
    problem = assert_problem(response, 400, field)
    site_errors = {name: list(messages) for name, messages in page.context["form"].errors.items()}
    assert api_errors(problem) == site_errors, case
    assert HoursEntry.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": None}, "date", "Enter the day you volunteered."),
        ({"date": "3 March"}, "date", "Enter a day like 2026-03-03."),
        ({"minutes": "an hour"}, "minutes", "Enter whole minutes, e.g. 90."),
        ({"minutes": 0}, "minutes", "Enter how long you volunteered: more than 0 minutes."),
        ({"timezone": "Mars/Olympus"}, "timezone", "Pick a time zone from the list, e.g. Europe/Paris."),
        ({"activity": "x" * 201}, "activity", "Ensure this field has no more than 200 characters."),
    ],
)
def test_each_refused_value_says_what_to_change(alice, alice_api, changes, field, message):
    body = {key: value for key, value in {**BODY, **changes}.items() if value is not None}

    problem = assert_problem(alice_api.post(URL, body), 400, field)

    assert api_errors(problem)[field] == [message]
    assert not HoursEntry.objects.filter(user=alice).exists()


def test_an_entry_must_say_what_was_done_as_on_the_site(alice, alice_api):
    body = {key: value for key, value in BODY.items() if key != "activity"}

    for sent in (body, {**body, "activity": "   "}):
        problem = assert_problem(alice_api.post(URL, sent, format="json"), 400, "activity")
        assert api_errors(problem)["activity"] == ["Say what you did, e.g. “Translated a newsletter”."]
    assert not HoursEntry.objects.filter(user=alice).exists()


# JSON of the wrong type is refused, not coerced ("30" is not 30 minutes, 7 is not the text "7").
WRONG_TYPES = [
    ({"minutes": "30"}, "minutes", "Enter whole minutes, e.g. 90."),
    ({"minutes": 30.0}, "minutes", "Enter whole minutes, e.g. 90."),
    ({"minutes": True}, "minutes", "Enter whole minutes, e.g. 90."),
    ({"description": 7}, "description", "Not a valid string."),
    ({"activity": 7}, "activity", "Not a valid string."),
    ({"organization_name": 7}, "organization_name", "Not a valid string."),
    ({"evidence_url": 7}, "evidence_url", "Not a valid string."),
    ({"timezone": 7}, "timezone", "Not a valid string."),
    ({"opportunity": "7"}, "opportunity", "Give the listing's id as a number, or null."),
]


@pytest.mark.parametrize(("changes", "field", "message"), WRONG_TYPES)
def test_an_edit_of_the_wrong_json_type_is_refused_naming_the_field(
    alice, alice_api, changes, field, message
):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60, description="Kept", activity="Maths")

    problem = assert_problem(alice_api.patch(detail(entry.pk), changes, format="json"), 400, field)

    assert api_errors(problem) == {field: [message]}
    entry.refresh_from_db()
    assert (entry.minutes, entry.description, entry.activity) == (60, "Kept", "Maths")


@pytest.mark.parametrize(("changes", "field", "message"), WRONG_TYPES)
def test_a_new_entry_of_the_wrong_json_type_is_refused_naming_the_field(
    alice, alice_api, changes, field, message
):
    problem = assert_problem(alice_api.post(URL, {**BODY, **changes}, format="json"), 400, field)

    assert api_errors(problem) == {field: [message]}
    assert not HoursEntry.objects.filter(user=alice).exists()


# --- Editing and deleting ---------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_audits_them(alice, alice_api):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60, timezone="Europe/Paris", description="Kept")

    response = alice_api.patch(detail(entry.pk), {"minutes": 75})

    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.minutes, entry.timezone, entry.description) == (75, "Europe/Paris", "Kept")
    assert response.json()["minutes"] == 75
    event = AuditEvent.objects.get(entry=entry, action="edited")
    assert (event.via, event.details) == ("api", {"changes": {"minutes": [60, 75]}})


def test_put_replaces_the_entry_and_empties_what_is_left_out(alice, alice_api):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60, description="Old details")

    response = alice_api.put(detail(entry.pk), BODY)

    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.minutes, entry.activity, entry.description) == (90, "Translated a newsletter", "")


def test_an_edit_obeys_the_24_hour_rule_counting_the_entry_once(alice, alice_api):
    HoursEntryFactory(user=alice, date=DAY, minutes=20 * 60)
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60)

    assert alice_api.patch(detail(entry.pk), {"minutes": 4 * 60}).status_code == 200
    problem = assert_problem(alice_api.patch(detail(entry.pk), {"minutes": 4 * 60 + 1}), 400, "minutes")

    assert "at most 24 h a day" in api_errors(problem)["minutes"][0]
    entry.refresh_from_db()
    assert entry.minutes == 4 * 60


def test_deleting_answers_204_and_a_second_delete_finds_nothing(alice, alice_api):
    entry = HoursEntryFactory(user=alice, date=DAY)

    assert alice_api.delete(detail(entry.pk)).status_code == 204
    assert not HoursEntry.objects.filter(pk=entry.pk).exists()
    assert_problem(alice_api.delete(detail(entry.pk)), 404)


@pytest.mark.parametrize(
    ("method", "body"),
    [("patch", {"minutes": 30}), ("patch", {"minutes": "bad"}), ("put", BODY), ("delete", None)],
)
def test_a_verified_entry_is_locked_against_changes_and_deletion(alice, alice_api, method, body):
    entry = locked_entry(alice, minutes=60)

    response = getattr(alice_api, method)(detail(entry.pk), body, format="json")

    problem = assert_problem(response, 409)
    assert problem["detail"] == LOCKED_MESSAGE
    entry.refresh_from_db()
    assert entry.minutes == 60
    assert not AuditEvent.objects.filter(entry=entry, action="edited").exists()


def test_an_entry_locked_while_the_edit_was_under_way_is_a_conflict_too(alice, alice_api, monkeypatch):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60)

    def locked_meanwhile(**kwargs):  # the contact confirmed between our read and the service's
        HoursEntry.objects.filter(pk=entry.pk).update(locked_at=timezone.now(), trust=TrustLevel.VERIFIED)
        return original(**kwargs)

    original = hours_services.hours_entry_update
    monkeypatch.setattr(hours_services, "hours_entry_update", locked_meanwhile)

    problem = assert_problem(alice_api.patch(detail(entry.pk), {"minutes": 30}), 409)

    assert problem["detail"] == LOCKED_MESSAGE


# --- Asking a contact to verify ---------------------------------------------------------------------


def ask(client, entry, **changes):
    body = {"contact_name": "Ana Ruiz", "contact_email": "ana@example.org", "note": "The spring issue."}
    return client.post(f"{detail(entry.pk)}request-verification/", body | changes, format="json")


def test_asking_creates_a_pending_request_and_mails_the_contact_after_commit(
    alice, alice_api, django_capture_on_commit_callbacks
):
    entry = HoursEntryFactory(user=alice, date=DAY)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(alice_api, entry)

    assert response.status_code == 201, response.content
    asked = VerificationRequest.objects.get(entry=entry)
    body = response.json()
    assert (body["id"], body["status"], body["contact_name"]) == (asked.pk, "pending", "Ana Ruiz")
    assert body["answered_at"] is None
    assert asked.nonce not in response.content.decode()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "The spring issue." in mail.outbox[0].body
    event = AuditEvent.objects.get(entry=entry, action="verification_requested")
    assert event.via == "api"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"contact_name": " "},
            "contact_name",
            "Enter the name of the person who can vouch for these hours.",
        ),
        ({"contact_email": "ana"}, "contact_email", "Enter their e-mail address, like name@example.org."),
        (
            {"contact_email": "alice@example.org"},
            "contact_email",
            "That is your own address: ask someone who saw your work, like a coordinator.",
        ),
    ],
)
def test_a_request_needs_a_name_and_someone_elses_address(
    alice, alice_api, django_capture_on_commit_callbacks, changes, field, message
):
    entry = HoursEntryFactory(user=alice, date=DAY)

    with django_capture_on_commit_callbacks(execute=True):
        problem = assert_problem(ask(alice_api, entry, **changes), 400, field)

    assert api_errors(problem)[field] == [message]
    assert not VerificationRequest.objects.filter(entry=entry).exists()
    assert mail.outbox == []


def test_a_confirmed_entry_cannot_be_sent_for_verification_again(alice, alice_api):
    entry = locked_entry(alice)
    VerificationRequestFactory(entry=entry, status=VerificationStatus.CONFIRMED, answered_at=timezone.now())

    problem = assert_problem(ask(alice_api, entry), 409)

    assert "already verified and locked" in problem["detail"]
    assert entry.verifications.count() == 1


def test_sending_again_mails_the_pending_request_once(alice, alice_api, django_capture_on_commit_callbacks):
    entry = HoursEntryFactory(user=alice, date=DAY)
    pending = VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(hours=1))
    url = f"{detail(entry.pk)}resend-verification/"

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_api.post(url)
        again = alice_api.post(url)  # a double click

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["reminders_sent"]) == (pending.pk, 1)
    assert_problem(again, 409)
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert AuditEvent.objects.get(entry=entry, action="verification_resent").via == "api"


def test_sending_again_with_no_request_waiting_is_a_conflict(alice, alice_api):
    entry = HoursEntryFactory(user=alice, date=DAY)
    VerificationRequestFactory(entry=entry, status=VerificationStatus.DECLINED, answered_at=timezone.now())

    problem = assert_problem(alice_api.post(f"{detail(entry.pk)}resend-verification/"), 409)

    assert "waiting for an answer" in problem["detail"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"contact_name": 1}, "contact_name", "Not a valid string."),
        ({"contact_email": 5}, "contact_email", "Enter their e-mail address, like name@example.org."),
        (
            {"contact_email": ["ana@example.org"]},
            "contact_email",
            "Enter their e-mail address, like name@example.org.",
        ),
        ({"note": 3}, "note", "Not a valid string."),
    ],
)
def test_a_request_of_the_wrong_json_type_is_refused_naming_the_field(
    alice, alice_api, changes, field, message
):
    entry = HoursEntryFactory(user=alice, date=DAY)

    problem = assert_problem(ask(alice_api, entry, **changes), 400, field)

    assert api_errors(problem) == {field: [message]}
    assert not VerificationRequest.objects.filter(entry=entry).exists()
    assert not mail.outbox
