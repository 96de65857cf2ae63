"""GET /api/v1/me/hours/summary/ and /api/v1/me/hours/export.csv: exact numbers on a hand-built
log (by trust level, month, cause and goal), a query count that does not grow with the log, and
the CSV export byte for byte the site's. Three actors on both."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import TrustLevel
from tests.api.problems import assert_problem
from tests.factories import (
    CauseFactory,
    GoalFactory,
    HoursEntryFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/me/hours/summary/"
EXPORT = "/api/v1/me/hours/export.csv"
D = datetime.date


def total(minutes: int) -> dict:
    return {"minutes": minutes, "hours": round(minutes / 60, 2)}


@pytest.fixture
def log(alice, bob):
    """Alice's hours, by hand:

    2024-12-31   45 min  self-reported  listing with no cause
    2025-01-10   60 min  self-reported  listing tagged education + environment
    2025-01-20   90 min  verified       an organisation typed in (no listing)
    2025-02-05   30 min  approved       listing tagged education
    and one of Bob's, which must count nowhere.
    """
    education, environment = CauseFactory(slug="education"), CauseFactory(slug="environment")
    both = OpportunityFactory()
    OpportunityCauseFactory(opportunity=both, cause=education)
    OpportunityCauseFactory(opportunity=both, cause=environment)
    teaching = OpportunityFactory()
    OpportunityCauseFactory(opportunity=teaching, cause=education)
    untagged = OpportunityFactory()
    HoursEntryFactory(user=alice, date=D(2024, 12, 31), minutes=45, opportunity=untagged)
    HoursEntryFactory(user=alice, date=D(2025, 1, 10), minutes=60, opportunity=both)
    HoursEntryFactory(
        user=alice, date=D(2025, 1, 20), minutes=90, trust=TrustLevel.VERIFIED, locked_at=timezone.now()
    )
    HoursEntryFactory(
        user=alice, date=D(2025, 2, 5), minutes=30, trust=TrustLevel.APPROVED, opportunity=teaching
    )
    HoursEntryFactory(user=bob, date=D(2025, 1, 10), minutes=600, opportunity=both)


# --- Summary --------------------------------------------------------------------------------------


def test_the_summary_adds_up_the_log_by_trust_month_and_cause(alice, alice_api, log):
    response = alice_api.get(SUMMARY)

    assert response.status_code == 200
    body = response.json()
    assert body["year"] is None
    assert body["totals"] == {
        "self_reported": total(105),
        "verified": total(90),
        "approved": total(30),
        "verified_total": total(120),
        "all": total(225),
    }
    assert body["months"] == [
        {"month": "2024-12", "minutes": 45, "hours": 0.75, "verified_minutes": 0},
        {"month": "2025-01", "minutes": 150, "hours": 2.5, "verified_minutes": 90},
        {"month": "2025-02", "minutes": 30, "hours": 0.5, "verified_minutes": 30},
    ]
    assert body["causes"] == [
        {"cause": "education", "name": "Education", "minutes": 90, "hours": 1.5, "verified_minutes": 30},
        {"cause": "environment", "name": "Environment", "minutes": 60, "hours": 1.0, "verified_minutes": 0},
        {"cause": None, "name": "", "minutes": 135, "hours": 2.25, "verified_minutes": 90},
    ]
    assert "private" in response["Cache-Control"]


def test_a_year_narrows_totals_months_and_causes(alice, alice_api, log):
    body = alice_api.get(SUMMARY, {"year": 2025}).json()

    assert body["year"] == 2025
    assert body["totals"]["all"] == total(180)
    assert body["totals"]["self_reported"] == total(60)
    assert [month["month"] for month in body["months"]] == ["2025-01", "2025-02"]
    assert [(cause["cause"], cause["minutes"]) for cause in body["causes"]] == [
        ("education", 90), ("environment", 60), (None, 90),
    ]  # fmt: skip


def test_goal_progress_counts_each_goals_window_and_rule(alice, alice_api, log):
    january = GoalFactory(
        user=alice, name="January", target_hours=2, starts_on=D(2025, 1, 1), ends_on=D(2025, 1, 31)
    )
    verified = GoalFactory(
        user=alice, target_hours=10, starts_on=D(2025, 1, 1), ends_on=D(2025, 12, 31), verified_only=True
    )

    # Goals keep their own windows whatever year is asked for.
    for query in ({}, {"year": 2024}):
        goals = {goal["id"]: goal for goal in alice_api.get(SUMMARY, query).json()["goals"]}
        assert goals[january.pk]["name"] == "January"
        assert goals[january.pk]["target_hours"] == 2
        assert goals[january.pk]["progress"] == {
            "counted_minutes": 150, "counted_hours": 2.5, "percent": 125, "reached": True,
        }  # fmt: skip
        assert goals[verified.pk]["progress"] == {
            "counted_minutes": 120, "counted_hours": 2.0, "percent": 20, "reached": False,
        }  # fmt: skip


def test_each_person_sees_only_their_own_summary(bob, bob_api, log):
    body = bob_api.get(SUMMARY).json()

    assert body["totals"]["all"] == total(600)
    assert body["months"] == [{"month": "2025-01", "minutes": 600, "hours": 10.0, "verified_minutes": 0}]
    assert body["goals"] == []


def test_the_summary_needs_credentials(api_client):
    response = api_client.get(SUMMARY)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_summary_works_with_the_session(alice, log):
    client = APIClient()
    client.force_login(alice)
    assert client.get(SUMMARY).json()["totals"]["all"] == total(225)


@pytest.mark.parametrize("year", ["last", "1800"])
def test_a_bad_year_is_a_validation_problem(alice_api, year):
    assert_problem(alice_api.get(SUMMARY, {"year": year}), 400, "year")


@pytest.mark.parametrize("count", [1, 30])
def test_the_summary_costs_the_same_queries_for_1_or_30_entries(
    alice, alice_api, django_assert_num_queries, count
):
    cause = CauseFactory(slug="education")
    GoalFactory(user=alice)
    for index in range(count):
        listing = OpportunityFactory()
        OpportunityCauseFactory(opportunity=listing, cause=cause)
        HoursEntryFactory(user=alice, date=D(2025, 1 + index % 12, 1), minutes=10, opportunity=listing)
    # token and its touch; totals, months, causes; goals and their one aggregate
    with django_assert_num_queries(7):
        body = alice_api.get(SUMMARY).json()
    assert body["totals"]["all"]["minutes"] == count * 10


# --- CSV export ---------------------------------------------------------------------------------


@pytest.fixture
def varied_log(alice):
    listing = OpportunityFactory(title="Tutor, “teens”", organization=OrganizationFactory(name="Lumen"))
    HoursEntryFactory(
        user=alice, date=D(2025, 3, 4), minutes=90, timezone="Europe/Paris", opportunity=listing,
        activity="Maths help", description="Fractions,\nagain", evidence_url="https://example.org/proof",
        trust=TrustLevel.VERIFIED, verified_by_name="Ada", verified_by_email="ada@example.org",
        locked_at=timezone.now(),
    )  # fmt: skip
    HoursEntryFactory(user=alice, date=D(2025, 3, 5), minutes=20, organization_name="Café", activity="=1+1")


def test_the_export_is_the_sites_csv_byte_for_byte(alice, alice_api, alice_client, varied_log):
    site = alice_client.get("/me/export/hours.csv")
    response = alice_api.get(EXPORT)

    assert response.status_code == 200
    assert response.content == b"".join(site.streaming_content)
    assert response.content.startswith("\ufeffDate,Minutes,Hours".encode())
    assert "'=1+1" in response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == site["Content-Disposition"]
    assert response["Content-Disposition"].startswith('attachment; filename="pitchin-hours-alice-')


def test_the_export_answers_a_client_that_asks_for_csv_and_works_with_the_session(alice, varied_log):
    client = APIClient()
    client.force_login(alice)

    response = client.get(EXPORT, HTTP_ACCEPT="text/csv")

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").count("\r\n") == 3


def test_the_export_holds_only_the_persons_own_rows(bob_api, varied_log):
    assert bob_api.get(EXPORT).content.decode("utf-8-sig").count("\r\n") == 1  # the header


@pytest.mark.parametrize("accept", [None, "text/csv"])
def test_the_export_needs_credentials_and_answers_problem_json(api_client, accept):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = api_client.get(EXPORT, **headers)
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["instance"] == EXPORT


def test_an_export_asked_for_as_json_is_not_acceptable(alice_api):
    assert_problem(alice_api.get(EXPORT, HTTP_ACCEPT="application/json"), 406)


@pytest.mark.parametrize("count", [1, 20])
def test_the_export_costs_the_same_queries_for_1_or_20_entries(
    alice, alice_api, django_assert_num_queries, count
):
    for _ in range(count):
        HoursEntryFactory(user=alice, opportunity=OpportunityFactory())
    with django_assert_num_queries(3):  # token and its touch, entries with their listings
        response = alice_api.get(EXPORT)
    assert response.content.decode("utf-8-sig").count("\r\n") == count + 1
