from __future__ import annotations

import csv
import datetime
import io

import pytest
from defusedxml import ElementTree as ET
from django.utils import timezone

from accounts import charts
from accounts.models import TrustLevel
from accounts.selectors import progress as selectors
from tests.factories import (
    CauseFactory,
    GoalFactory,
    HoursEntryFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    OrganizationFactory,
)

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"


# --- Charts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0"), (60, "1"), (90, "1.5"), (10, "0.2"), (3, "0.1"), (2, "0"), (12 * 60, "12")],
)
def test_hours_are_shown_with_at_most_one_decimal(minutes, shown):
    assert charts.format_hours(minutes) == shown


BARS = [
    charts.Bar("Jan", 120, 30, long_label="January 2026"),
    charts.Bar("Feb", 0, 0, long_label="February 2026"),
    charts.Bar("Mar", 0, 270, long_label="March 2026"),
]


@pytest.mark.parametrize("chart", [charts.column_chart, charts.row_chart])
def test_a_chart_is_well_formed_svg_named_by_its_title_and_description(chart):
    svg = chart(chart_id="c1", title="Hours by month", description="Stacked bars.", bars=BARS)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Hours by month"
    assert root.find(f"{SVG}desc").text == "Stacked bars."


@pytest.mark.parametrize("chart", [charts.column_chart, charts.row_chart])
def test_verified_and_self_reported_hours_differ_by_pattern_not_colour_alone(chart):
    root = ET.fromstring(chart(chart_id="c1", title="t", description="d", bars=BARS))
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "c1-hatch"
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert "url(#c1-hatch)" in fills
    legend = " ".join(text.text for text in root.iter(f"{SVG}text"))
    assert "Verified or approved (solid)" in legend
    assert "Self-reported (hatched)" in legend


@pytest.mark.parametrize("chart", [charts.column_chart, charts.row_chart])
def test_a_chart_carries_every_bars_numbers(chart):
    root = ET.fromstring(chart(chart_id="c1", title="t", description="d", bars=BARS))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert any(text.startswith("2.5") for text in texts)  # January: 150 minutes
    assert any(text.startswith("4.5") for text in texts)  # March: 270 minutes
    titles = [title.text for title in root.iter(f"{SVG}title")]
    assert "January 2026: 2.5 h in all, 2 h verified, 0.5 h self-reported" in titles


@pytest.mark.parametrize("chart", [charts.column_chart, charts.row_chart])
def test_chart_labels_are_escaped(chart):
    bars = [charts.Bar('<script>"&', 60, 0)]
    svg = chart(chart_id="c1", title="A & B <i>", description="d", bars=bars)
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "A & B <i>"


@pytest.mark.parametrize("chart", [charts.column_chart, charts.row_chart])
def test_an_empty_chart_is_still_well_formed(chart):
    ET.fromstring(chart(chart_id="c1", title="t", description="d", bars=[]))


# --- Streaks ---------------------------------------------------------------------------------

TODAY = D(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("dates", "streaks"),
    [
        ([], (0, 0)),
        ([TODAY], (1, 1)),
        ([TODAY, TODAY - datetime.timedelta(days=1)], (1, 1)),  # two entries, one week
        ([D(2026, 11, 10), TODAY], (2, 2)),  # last week and this week
        ([D(2026, 11, 10)], (1, 1)),  # this week is not over: the streak is alive
        ([D(2026, 11, 3), D(2026, 11, 10)], (2, 2)),
        ([D(2026, 10, 20), D(2026, 10, 27), D(2026, 11, 3)], (0, 3)),  # broken last week
        ([D(2026, 11, 15), D(2026, 11, 16)], (2, 2)),  # Sunday, then Monday: two weeks
        ([D(2026, 9, 1), D(2026, 9, 8), D(2026, 9, 15), D(2026, 11, 10), TODAY], (2, 3)),
    ],
)
def test_streaks_count_consecutive_weeks_with_an_entry(dates, streaks):
    assert selectors.week_streaks(dates=dates, today=TODAY) == streaks


# --- Totals and chart data ---------------------------------------------------------------------


@pytest.mark.django_db
def test_totals_separate_each_trust_level_and_add_up_the_verified_ones(alice, bob):
    HoursEntryFactory(user=alice, minutes=60, trust=TrustLevel.SELF_REPORTED, date=D(2025, 5, 1))
    HoursEntryFactory(user=alice, minutes=120, trust=TrustLevel.VERIFIED, date=D(2026, 5, 1))
    HoursEntryFactory(user=alice, minutes=240, trust=TrustLevel.APPROVED, date=D(2026, 6, 1))
    HoursEntryFactory(user=bob, minutes=999, trust=TrustLevel.APPROVED, date=D(2026, 6, 1))
    totals = selectors.hours_totals_by_trust(user=alice, year=2026)
    assert (totals.self_reported_minutes, totals.verified_minutes, totals.approved_minutes) == (60, 120, 240)
    assert totals.verified_total_minutes == 360
    assert (totals.year_minutes, totals.year_verified_minutes) == (360, 360)


@pytest.mark.django_db
def test_hours_by_month_cover_the_last_12_months_oldest_first(alice):
    HoursEntryFactory(user=alice, date=D(2025, 11, 30), minutes=600)  # 12 months ago + 1: left out
    HoursEntryFactory(user=alice, date=D(2025, 12, 1), minutes=60, trust=TrustLevel.VERIFIED)
    HoursEntryFactory(user=alice, date=D(2026, 11, 2), minutes=30)
    HoursEntryFactory(user=alice, date=D(2026, 11, 3), minutes=90, trust=TrustLevel.APPROVED)
    bars = selectors.hours_by_month(user=alice, today=TODAY)
    assert len(bars) == 12
    assert (bars[0].long_label, bars[0].verified_minutes, bars[0].self_reported_minutes) == (
        "December 2025",
        60,
        0,
    )
    assert (bars[-1].label, bars[-1].verified_minutes, bars[-1].self_reported_minutes) == ("Nov", 90, 30)
    assert all(bar.total_minutes == 0 for bar in bars[1:-1])


@pytest.mark.django_db
def test_hours_by_cause_count_an_entry_under_each_of_its_listings_causes(alice):
    listing = OpportunityFactory()
    OpportunityCauseFactory(opportunity=listing, cause=CauseFactory(slug="education", name="Education"))
    OpportunityCauseFactory(opportunity=listing, cause=CauseFactory(slug="youth", name="Children & Youth"))
    HoursEntryFactory(user=alice, opportunity=listing, minutes=120, trust=TrustLevel.VERIFIED)
    HoursEntryFactory(user=alice, opportunity=listing, minutes=60)
    HoursEntryFactory(user=alice, organization_name="Free text org", minutes=30)
    bars = {
        bar.name: (bar.verified_minutes, bar.self_reported_minutes)
        for bar in selectors.hours_by_cause(user=alice)
    }
    assert bars == {"Education": (120, 60), "Children & Youth": (120, 60), selectors.NO_CAUSE_LABEL: (0, 30)}
    assert selectors.hours_by_cause(user=alice)[-1].name == selectors.NO_CAUSE_LABEL


# --- The dashboard page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_person_sees_an_empty_dashboard_that_says_what_to_do(alice_client):
    content = alice_client.get("/me/").content.decode()
    assert "No hours yet" in content
    assert 'href="/me/hours/"' in content
    assert "<svg" not in content


@pytest.mark.django_db
def test_the_dashboard_shows_totals_charts_with_tables_streaks_and_links(alice, alice_client):
    today = timezone.localdate()
    HoursEntryFactory(user=alice, date=today, minutes=150, trust=TrustLevel.VERIFIED)
    HoursEntryFactory(user=alice, date=today, minutes=30, trust=TrustLevel.APPROVED)
    HoursEntryFactory(user=alice, date=today, minutes=45)
    content = alice_client.get("/me/").content.decode()
    assert "<dt>Verified total</dt><dd><strong>3 h</strong>" in content
    assert "<dt>Self-reported</dt><dd>0.8 h</dd>" in content
    assert content.count("<svg") == 2
    assert '<div class="visually-hidden"><table>' in content
    assert f'<tr><th scope="row">{today:%B %Y}</th><td>3</td><td>0.8</td><td>3.8</td></tr>' in content
    assert "Current streak: <strong>1 week</strong>" in content
    for link in (
        'href="/me/hours/"',
        'href="/me/export/hours.csv"',
        'href="/me/transcripts/"',
        'href="/me/goals/"',
    ):
        assert link in content


@pytest.mark.django_db
def test_the_dashboard_measures_this_year_against_the_yearly_goal(alice, alice_client):
    alice.yearly_hours_goal = 50
    alice.save()
    HoursEntryFactory(user=alice, date=timezone.localdate(), minutes=12 * 60)
    content = alice_client.get("/me/").content.decode()
    assert '<progress max="3000" value="720"' in content
    assert "12 of 50 h, 24 %" in content


@pytest.mark.django_db
def test_the_dashboard_shows_each_goals_progress(alice, alice_client):
    GoalFactory(user=alice, name="Spring push", target_hours=4)
    HoursEntryFactory(user=alice, minutes=60)
    content = alice_client.get("/me/").content.decode()
    assert "Spring push" in content
    assert "1 of 4 h, 25 %" in content


@pytest.mark.django_db
def test_the_dashboard_shows_none_of_another_persons_hours(alice_client, bob):
    HoursEntryFactory(user=bob, minutes=600, trust=TrustLevel.VERIFIED)
    assert "No hours yet" in alice_client.get("/me/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_the_dashboard_query_count_does_not_grow_with_entries_or_goals(
    alice, alice_client, django_assert_num_queries, count
):
    cause = CauseFactory(slug="education")
    for index in range(count):
        listing = OpportunityCauseFactory(cause=cause).opportunity
        HoursEntryFactory(
            user=alice, opportunity=listing, date=timezone.localdate() - datetime.timedelta(days=7 * index)
        )
        GoalFactory(user=alice)
    # session, user, all-time totals, this year's totals, entry dates, by month, by cause, goals,
    # goal progress
    with django_assert_num_queries(9):
        assert alice_client.get("/me/").status_code == 200


def test_the_dashboard_needs_login(anon):
    response = anon.get("/me/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


@pytest.mark.django_db
def test_the_dashboard_is_each_persons_own(alice_client, bob_client, alice):
    HoursEntryFactory(user=alice, minutes=600)
    assert alice_client.get("/me/").status_code == 200
    assert "No hours yet" in bob_client.get("/me/").content.decode()


# --- CSV export --------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_export_is_an_attachment_named_for_the_person_and_the_day(alice_client):
    response = alice_client.get("/me/export/hours.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="pitchin-hours-alice-{timezone.localdate().isoformat()}.csv"'
    )
    assert _csv(response) == [selectors.CSV_HEADER]


@pytest.mark.django_db
def test_the_export_has_every_column_of_an_entry(alice, alice_client):
    listing = OpportunityFactory(
        title="Tutor teens",
        url="https://listings.example.org/7",
        organization=OrganizationFactory(name="Lumen"),
    )
    locked = timezone.now()
    HoursEntryFactory(
        user=alice,
        date=D(2026, 3, 4),
        minutes=90,
        timezone="Europe/Paris",
        opportunity=listing,
        activity="Maths help",
        description="Fractions, “again”",
        evidence_url="https://example.org/proof",
        trust=TrustLevel.VERIFIED,
        verified_by_name="Ada Contact",
        verified_by_email="ada@example.org",
        locked_at=locked,
    )
    HoursEntryFactory(user=alice, date=D(2026, 3, 5), minutes=20, organization_name="Neighbourhood café")
    header, first, second = _csv(alice_client.get("/me/export/hours.csv"))
    row = dict(zip(header, first, strict=True))
    assert row == {
        "Date": "2026-03-04",
        "Minutes": "90",
        "Hours": "1.50",
        "Time zone": "Europe/Paris",
        "Organisation": "Lumen",
        "Listing title": "Tutor teens",
        "Listing URL": "https://listings.example.org/7",
        "Activity": "Maths help",
        "Description": "Fractions, “again”",
        "Evidence URL": "https://example.org/proof",
        "Trust level": "Verified by a contact",
        "Verified by": "Ada Contact",
        "Verifier e-mail": "ada@example.org",
        "Locked at": locked.isoformat(),
    }
    assert dict(zip(header, second, strict=True))["Organisation"] == "Neighbourhood café"
    assert dict(zip(header, second, strict=True))["Listing title"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Plain, with a comma", "Plain, with a comma"),
        ("a=b", "a=b"),
    ],
)
def test_the_export_neutralises_cells_a_spreadsheet_would_run_as_formulas(alice, alice_client, text, cell):
    HoursEntryFactory(user=alice, activity=text, description=text, organization_name=text)
    header, row = _csv(alice_client.get("/me/export/hours.csv"))
    values = dict(zip(header, row, strict=True))
    assert (values["Activity"], values["Description"], values["Organisation"]) == (cell, cell, cell)


@pytest.mark.django_db
def test_the_export_holds_no_other_persons_rows(alice, bob, alice_client):
    HoursEntryFactory(user=alice, activity="Mine")
    HoursEntryFactory(user=bob, activity="Bob's secret")
    rows = _csv(alice_client.get("/me/export/hours.csv"))
    assert [row[7] for row in rows[1:]] == ["Mine"]


@pytest.mark.django_db
def test_the_export_filename_keeps_only_safe_characters(alice_client, alice):
    alice.username = 'a"b\r\nc@d'
    alice.save()
    disposition = alice_client.get("/me/export/hours.csv")["Content-Disposition"]
    assert disposition.startswith('attachment; filename="pitchin-hours-a_b__c_d-')


def test_the_export_needs_login(anon):
    response = anon.get("/me/export/hours.csv")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/export/hours.csv"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_the_export_query_count_does_not_grow_with_entries(
    alice, alice_client, django_assert_num_queries, count
):
    for _ in range(count):
        HoursEntryFactory(user=alice, opportunity=OpportunityFactory())
    with django_assert_num_queries(3):  # session, user, entries with their listings
        rows = _csv(alice_client.get("/me/export/hours.csv"))
    assert len(rows) == count + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "day"), [("Pacific/Kiritimati", "2026-11-22"), ("", "2026-11-21"), ("Not/AZone", "2026-11-21")]
)
def test_today_is_the_persons_own_day_in_their_time_zone(alice, alice_client, monkeypatch, zone, day):
    alice.timezone = zone
    alice.save()
    noon_utc = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: noon_utc)
    disposition = alice_client.get("/me/export/hours.csv")["Content-Disposition"]
    assert disposition == f'attachment; filename="pitchin-hours-alice-{day}.csv"'
