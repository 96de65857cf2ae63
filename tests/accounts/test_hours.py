"""The hours log: the entry rules (24 h a day, no future days, not before a listing existed,
locked once verified), the timer, the totals by trust level, the audit trail, and the pages
with their three actors (alice owns, bob is another user, anon is nobody)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent, HoursEntry, HoursTimer, TrustLevel
from accounts.selectors.hours import duration_text, hours_entries_for, hours_totals
from accounts.services import hours
from accounts.services.hours import EntryData
from tests.factories import (
    HoursEntryFactory,
    HoursTimerFactory,
    OpportunityFactory,
    SavedOpportunityFactory,
    VerificationRequestFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DAY = datetime.date(2025, 3, 3)  # a past day, so "no future days" never gets in the way


def data(**changes) -> EntryData:
    values = {
        "date": DAY,
        "minutes": 90,
        "timezone": "UTC",
        "organization_name": "Translators Without Borders",
        "activity": "Translated a newsletter",
    }
    return EntryData(**(values | changes))


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def actions(entry: HoursEntry) -> list[str]:
    return list(AuditEvent.objects.filter(entry=entry).values_list("action", flat=True))


def at(zone: str, *args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZoneInfo(zone))


# --- Creating entries ----------------------------------------------------------------------------


def test_logging_an_entry_stores_the_minutes_and_records_who_created_it(alice):
    entry = hours.hours_entry_create(user=alice, data=data(minutes=150))

    assert (entry.user, entry.date, entry.minutes, entry.trust) == (alice, DAY, 150, TrustLevel.SELF_REPORTED)
    event = entry.audit_events.get()
    assert (event.action, event.actor, event.via) == ("created", "volunteer", "web")


def test_an_entry_for_a_listing_does_not_keep_a_typed_organisation_name(alice):
    listing = OpportunityFactory(first_seen_at=at("UTC", 2025, 1, 1))

    entry = hours.hours_entry_create(user=alice, data=data(opportunity=listing, organization_name="Typed"))

    assert (entry.opportunity, entry.organization_name) == (listing, "")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"minutes": 0}, "minutes", "more than 0 minutes"),
        ({"minutes": 24 * 60 + 1}, "minutes", "one entry per day"),
        ({"organization_name": "  "}, "organization_name", "type the organisation's name"),
        ({"activity": ""}, "activity", "Say what you did"),
        ({"activity": "x" * 201}, "activity", "under 200 characters"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "http:// or https://"),
        ({"evidence_url": "ftp://files.example.org/proof"}, "evidence_url", "http:// or https://"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Pick a time zone"),
    ],
)
def test_an_entry_that_breaks_a_rule_is_refused_with_a_message_on_its_field(alice, changes, field, words):
    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_create(user=alice, data=data(**changes))

    assert words in " ".join(errors_of(raised)[field])
    assert not HoursEntry.objects.exists()


@pytest.mark.parametrize("url", ["http://example.org/pr/1", "https://github.com/org/repo/pull/7"])
def test_evidence_links_may_be_http_or_https(alice, url):
    assert hours.hours_entry_create(user=alice, data=data(evidence_url=url)).evidence_url == url


def test_a_day_that_has_not_happened_yet_is_refused(alice):
    tomorrow = timezone.now().astimezone(ZoneInfo("Pacific/Pago_Pago")).date() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_create(user=alice, data=data(date=tomorrow, timezone="Pacific/Pago_Pago"))

    assert "has not happened yet in Pacific/Pago_Pago" in errors_of(raised)["date"][0]


def test_today_in_the_entrys_own_time_zone_is_allowed_even_when_it_is_still_yesterday_elsewhere(alice):
    # Kiritimati (UTC+14) is always a day or two ahead of Pago Pago (UTC-11).
    kiritimati_today = timezone.now().astimezone(ZoneInfo("Pacific/Kiritimati")).date()

    entry = hours.hours_entry_create(
        user=alice, data=data(date=kiritimati_today, timezone="Pacific/Kiritimati")
    )
    assert entry.date == kiritimati_today
    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_create(user=alice, data=data(date=kiritimati_today, timezone="Pacific/Pago_Pago"))
    assert "date" in errors_of(raised)


# --- 24 hours a day --------------------------------------------------------------------------------


def test_a_day_holds_at_most_24_hours_across_all_entries_with_a_message_saying_what_is_left(alice):
    HoursEntryFactory(user=alice, date=DAY, minutes=20 * 60)
    HoursEntryFactory(user=alice, date=DAY, minutes=30, trust=TrustLevel.VERIFIED)

    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_create(user=alice, data=data(minutes=4 * 60))

    assert errors_of(raised)["minutes"] == [
        "You already logged 20 h 30 min on 3 March 2025; at most 24 h a day can be logged. "
        "This entry can be at most 3 h 30 min."
    ]
    assert hours.hours_entry_create(user=alice, data=data(minutes=3 * 60 + 30)).minutes == 210


def test_other_days_and_other_people_do_not_count_toward_the_24_hours(alice, bob):
    HoursEntryFactory(user=alice, date=DAY - datetime.timedelta(days=1), minutes=24 * 60)
    HoursEntryFactory(user=bob, date=DAY, minutes=24 * 60)

    assert hours.hours_entry_create(user=alice, data=data(minutes=24 * 60)).minutes == 24 * 60


def test_editing_counts_the_edited_entry_once_with_its_new_duration(alice):
    HoursEntryFactory(user=alice, date=DAY, minutes=14 * 60)
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=10 * 60)

    assert hours.hours_entry_update(entry=entry, data=data(minutes=10 * 60)).minutes == 600
    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_update(entry=entry, data=data(minutes=10 * 60 + 1))
    assert "You already logged 14 h on 3 March 2025" in errors_of(raised)["minutes"][0]
    entry.refresh_from_db()
    assert entry.minutes == 600


def test_moving_an_entry_to_a_full_day_is_refused(alice):
    HoursEntryFactory(user=alice, date=DAY, minutes=24 * 60)
    entry = HoursEntryFactory(user=alice, date=DAY - datetime.timedelta(days=1), minutes=60)

    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_update(entry=entry, data=data(date=DAY, minutes=60))

    assert "already logged 24 h" in errors_of(raised)["minutes"][0]


# --- Not before the listing existed -----------------------------------------------------------------


def test_hours_for_a_listing_start_on_the_day_it_was_first_seen(alice):
    listing = OpportunityFactory(title="Map roads", first_seen_at=at("UTC", 2025, 3, 10, 12), posted_at=None)

    with pytest.raises(ValidationError) as raised:
        hours.hours_entry_create(user=alice, data=data(opportunity=listing, date=datetime.date(2025, 3, 9)))

    assert errors_of(raised)["date"] == [
        "“Map roads” was first listed on 10 March 2025; hours for it can be logged from that day on."
    ]
    assert hours.hours_entry_create(
        user=alice, data=data(opportunity=listing, date=datetime.date(2025, 3, 10))
    )


def test_a_listing_posted_before_we_first_saw_it_counts_from_its_posting_day(alice):
    listing = OpportunityFactory(first_seen_at=at("UTC", 2025, 3, 10, 12), posted_at=at("UTC", 2025, 3, 1, 9))

    entry = hours.hours_entry_create(
        user=alice, data=data(opportunity=listing, date=datetime.date(2025, 3, 1))
    )

    assert entry.date == datetime.date(2025, 3, 1)


def test_the_first_day_of_a_listing_is_read_in_the_entrys_time_zone(alice):
    # 02:00 UTC on 10 March is still 9 March in New York.
    listing = OpportunityFactory(first_seen_at=at("UTC", 2025, 3, 10, 2), posted_at=None)
    day = datetime.date(2025, 3, 9)

    assert hours.hours_entry_create(
        user=alice, data=data(opportunity=listing, date=day, timezone="America/New_York")
    )
    with pytest.raises(ValidationError):
        hours.hours_entry_create(user=alice, data=data(opportunity=listing, date=day, timezone="UTC"))


# --- Editing, deleting, locking ----------------------------------------------------------------------


def test_editing_records_each_changed_field_old_and_new(alice):
    entry = hours.hours_entry_create(user=alice, data=data(minutes=60, activity="Proofreading"))

    hours.hours_entry_update(entry=entry, data=data(minutes=90, activity="Editing"))

    edited = entry.audit_events.get(action="edited")
    assert edited.details == {"changes": {"minutes": [60, 90], "activity": ["Proofreading", "Editing"]}}
    assert edited.actor == "volunteer"


def test_saving_an_entry_unchanged_records_nothing(alice):
    entry = hours.hours_entry_create(user=alice, data=data())

    hours.hours_entry_update(entry=entry, data=data())

    assert actions(entry) == ["created"]


@pytest.mark.parametrize("trust", [TrustLevel.VERIFIED, TrustLevel.APPROVED])
def test_a_locked_entry_can_be_neither_edited_nor_deleted(alice, trust):
    entry = HoursEntryFactory(user=alice, date=DAY, minutes=60, trust=trust, locked_at=timezone.now())

    with pytest.raises(ValidationError, match="locked"):
        hours.hours_entry_update(entry=entry, data=data(minutes=600))
    with pytest.raises(ValidationError, match="locked"):
        hours.hours_entry_delete(entry=entry)

    entry.refresh_from_db()
    assert entry.minutes == 60


def test_deleting_twice_deletes_once(alice):
    entry = HoursEntryFactory(user=alice, date=DAY)

    assert hours.hours_entry_delete(entry=entry) is True
    assert hours.hours_entry_delete(entry=entry) is False
    assert not HoursEntry.objects.exists()


# --- The timer -----------------------------------------------------------------------------------


def test_starting_the_timer_twice_keeps_the_first_one(alice):
    first, started = hours.hours_timer_start(
        user=alice, organization_name="Zooniverse", activity="Classifying"
    )
    again, started_again = hours.hours_timer_start(user=alice, organization_name="Other", activity="Other")

    assert (started, started_again) == (True, False)
    assert again.pk == first.pk
    assert HoursTimer.objects.get().organization_name == "Zooniverse"


def test_stopping_logs_the_time_rounded_up_to_the_minute_and_removes_the_timer(alice):
    start = at("UTC", 2025, 3, 3, 14, 5)
    HoursTimerFactory(user=alice, started_at=start, organization_name="Zooniverse", activity="Classifying")

    result = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(minutes=61, seconds=30))

    [entry] = result.entries
    assert (entry.date, entry.minutes, entry.organization_name, entry.activity) == (
        DAY,
        62,
        "Zooniverse",
        "Classifying",
    )
    assert not HoursTimer.objects.exists()
    assert actions(entry) == ["timer_stopped"]


def test_a_few_seconds_on_the_timer_count_as_one_minute(alice):
    start = at("UTC", 2025, 3, 3, 14, 5)
    HoursTimerFactory(user=alice, started_at=start)

    result = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(seconds=10))

    assert [entry.minutes for entry in result.entries] == [1]


def test_stopping_twice_logs_the_time_once(alice):
    start = at("UTC", 2025, 3, 3, 14, 5)
    HoursTimerFactory(user=alice, started_at=start)

    first = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(hours=1))
    second = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(hours=2))

    assert (first.stopped, second.stopped, second.entries) == (True, False, [])
    assert HoursEntry.objects.count() == 1


def test_a_session_across_midnight_is_split_per_day_in_the_persons_time_zone(alice):
    alice.timezone = "Europe/Paris"
    alice.save()
    HoursTimerFactory(user=alice, started_at=at("Europe/Paris", 2025, 3, 10, 23, 30))

    result = hours.hours_timer_stop(user=alice, now=at("Europe/Paris", 2025, 3, 11, 1, 15))

    assert [(entry.date, entry.minutes, entry.timezone) for entry in result.entries] == [
        (datetime.date(2025, 3, 10), 30, "Europe/Paris"),
        (datetime.date(2025, 3, 11), 75, "Europe/Paris"),
    ]


def test_day_spans_count_real_minutes_across_a_clock_change():
    # New York springs forward at 02:00 on 9 March 2025: 01:00 EST to 03:30 EDT is 90 minutes.
    spans = hours.day_spans(
        at("America/New_York", 2025, 3, 9, 1), at("America/New_York", 2025, 3, 9, 3, 30), "America/New_York"
    )

    assert spans == [(datetime.date(2025, 3, 9), 90)]


def test_a_timer_is_capped_by_the_24_hour_rule_and_says_so(alice):
    HoursEntryFactory(user=alice, date=DAY, minutes=23 * 60)
    start = at("UTC", 2025, 3, 3, 20)
    HoursTimerFactory(user=alice, started_at=start)

    result = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(hours=2))

    assert [entry.minutes for entry in result.entries] == [60]
    assert result.notes == [
        "3 March 2025: logged 1 h instead of 2 h, because you already logged 23 h that day; "
        "at most 24 h a day can be logged."
    ]


def test_a_timer_on_a_full_day_logs_nothing_for_it(alice):
    HoursEntryFactory(user=alice, date=DAY, minutes=24 * 60)
    start = at("UTC", 2025, 3, 3, 20)
    HoursTimerFactory(user=alice, started_at=start)

    result = hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(hours=1))

    assert result.entries == []
    assert "Nothing was logged for 3 March 2025" in result.notes[0]
    assert not HoursTimer.objects.exists()


def test_a_timer_started_without_details_asks_for_them_before_stopping(alice):
    start = at("UTC", 2025, 3, 3, 14)
    HoursTimerFactory(user=alice, started_at=start, organization_name="", activity="")

    with pytest.raises(ValidationError) as raised:
        hours.hours_timer_stop(user=alice, now=start + datetime.timedelta(hours=1))
    assert set(errors_of(raised)) == {"organization_name", "activity"}
    assert HoursTimer.objects.exists()

    result = hours.hours_timer_stop(
        user=alice,
        organization_name="OpenStreetMap",
        activity="Mapping",
        now=start + datetime.timedelta(hours=1),
    )
    assert [(entry.organization_name, entry.activity) for entry in result.entries] == [
        ("OpenStreetMap", "Mapping")
    ]


# --- Totals and selectors --------------------------------------------------------------------------


def test_totals_count_only_verified_and_approved_hours_as_verified(alice, bob):
    HoursEntryFactory(user=alice, date=DAY, minutes=120, trust=TrustLevel.SELF_REPORTED)
    HoursEntryFactory(user=alice, date=DAY, minutes=30, trust=TrustLevel.VERIFIED)
    HoursEntryFactory(user=alice, date=DAY, minutes=45, trust=TrustLevel.APPROVED)
    HoursEntryFactory(user=bob, date=DAY, minutes=600, trust=TrustLevel.VERIFIED)

    assert hours_totals(user=alice) == {
        "self_reported": 120,
        "verified": 30,
        "approved": 45,
        "verified_total": 75,
        "all": 195,
    }


def test_totals_include_both_ends_of_the_period_and_nothing_outside(alice):
    for day, minutes in [(1, 1), (2, 10), (4, 100), (5, 1000)]:
        HoursEntryFactory(user=alice, date=datetime.date(2025, 3, day), minutes=minutes)

    totals = hours_totals(user=alice, start=datetime.date(2025, 3, 2), end=datetime.date(2025, 3, 4))

    assert (totals["all"], totals["self_reported"], totals["verified_total"]) == (110, 110, 0)


def test_totals_of_nobodys_hours_are_zero(alice):
    assert hours_totals(user=alice) == dict.fromkeys(
        ["self_reported", "verified", "approved", "verified_total", "all"], 0
    )


def test_entries_come_with_listing_organisation_source_and_verifications_in_two_queries(
    alice, bob, django_assert_num_queries
):
    for _ in range(3):
        VerificationRequestFactory(entry=HoursEntryFactory(user=alice, opportunity=OpportunityFactory()))
    HoursEntryFactory(user=bob)

    with django_assert_num_queries(2):
        rows = [
            (
                entry.opportunity.organization.name,
                entry.opportunity.source.name,
                len(entry.verifications.all()),
            )
            for entry in hours_entries_for(user=alice)
        ]

    assert len(rows) == 3


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45 min"), (60, "1 h"), (90, "1 h 30 min"), (1440, "24 h")]
)
def test_durations_read_as_hours_and_minutes(minutes, text):
    assert duration_text(minutes) == text


# --- Pages: three actors ---------------------------------------------------------------------------


def login_path(response) -> str:
    assert response.status_code == 302
    return urlsplit(response["Location"]).path


@pytest.fixture
def entry(alice):
    return HoursEntryFactory(user=alice, date=DAY, minutes=90, activity="Proofreading")


ENTRY_PAGES = ["/me/hours/{id}/", "/me/hours/{id}/edit/", "/me/hours/{id}/delete/"]


@pytest.mark.parametrize("path", ["/me/hours/", "/me/hours/new/", *ENTRY_PAGES])
def test_alice_sees_her_hours_pages(alice_client, entry, path):
    assert alice_client.get(path.format(id=entry.pk)).status_code == 200


@pytest.mark.parametrize("path", ENTRY_PAGES)
def test_bob_gets_a_404_for_alices_entry(bob_client, entry, path):
    assert bob_client.get(path.format(id=entry.pk)).status_code == 404


@pytest.mark.parametrize("path", ["/me/hours/", "/me/hours/new/", *ENTRY_PAGES])
def test_anonymous_visitors_are_sent_to_log_in(anon, entry, path):
    assert login_path(anon.get(path.format(id=entry.pk))) == "/accounts/login/"


POSTS = [
    "/me/hours/{id}/edit/",
    "/me/hours/{id}/delete/",
    "/me/hours/{id}/verify/",
    "/me/hours/{id}/verify/{vid}/resend/",
]


@pytest.mark.parametrize("path", POSTS)
def test_bob_cannot_change_alices_entry(bob_client, entry, path):
    asked = VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(days=1))

    response = bob_client.post(
        path.format(id=entry.pk, vid=asked.pk), {"contact_name": "X", "contact_email": "x@example.org"}
    )

    assert response.status_code == 404
    assert HoursEntry.objects.filter(pk=entry.pk, minutes=90).exists()
    assert actions(entry) == []


@pytest.mark.parametrize(
    "path", [*POSTS, "/me/hours/new/", "/me/hours/timer/start/", "/me/hours/timer/stop/"]
)
def test_anonymous_posts_are_sent_to_log_in(anon, entry, path):
    asked = VerificationRequestFactory(entry=entry)

    assert login_path(anon.post(path.format(id=entry.pk, vid=asked.pk))) == "/accounts/login/"
    assert HoursEntry.objects.count() == 1


def test_bob_stopping_his_timer_leaves_alices_running(alice, bob_client):
    HoursTimerFactory(user=alice)

    bob_client.post("/me/hours/timer/stop/")

    assert HoursTimer.objects.filter(user=alice).exists()


# --- Pages: logging, editing, deleting --------------------------------------------------------------


def form(**changes) -> dict[str, str]:
    values = {
        "date": "2025-03-03",
        "hours": "1",
        "minutes": "30",
        "timezone": "UTC",
        "opportunity": "",
        "organization_name": "Translators Without Borders",
        "activity": "Translated a newsletter",
        "description": "",
        "evidence_url": "",
    }
    return values | changes


def test_logging_hours_on_the_page_leads_to_the_new_entry(alice, alice_client):
    response = alice_client.post("/me/hours/new/", form())

    entry = HoursEntry.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/me/hours/{entry.pk}/"
    assert entry.minutes == 90


def test_the_24_hour_message_is_shown_next_to_the_duration(alice, alice_client):
    HoursEntryFactory(user=alice, date=DAY, minutes=20 * 60 + 30)

    response = alice_client.post("/me/hours/new/", form(hours="4", minutes="0"))

    assert response.status_code == 400
    assert (
        "You already logged 20 h 30 min on 3 March 2025; at most 24 h a day can be logged."
        in response.content.decode()
    )
    assert 'aria-invalid="true"' in response.content.decode()
    assert HoursEntry.objects.count() == 1


def test_a_future_day_is_refused_on_the_page(alice_client):
    future = (timezone.now() + datetime.timedelta(days=3)).date().isoformat()

    response = alice_client.post("/me/hours/new/", form(date=future))

    assert response.status_code == 400
    assert "has not happened yet" in response.content.decode()


def test_a_detail_page_link_prefills_the_listing(alice_client):
    listing = OpportunityFactory(title="Caption lectures")

    content = alice_client.get(f"/me/hours/new/?opportunity={listing.pk}").content.decode()

    assert f'<option value="{listing.pk}" selected>Caption lectures' in content


def test_saved_listings_are_offered_and_any_listing_id_is_accepted(alice, alice_client):
    SavedOpportunityFactory(user=alice, opportunity=OpportunityFactory(title="Saved role"))
    unsaved = OpportunityFactory(first_seen_at=at("UTC", 2025, 1, 1))

    assert "Saved role" in alice_client.get("/me/hours/new/").content.decode()
    alice_client.post("/me/hours/new/", form(opportunity=str(unsaved.pk), organization_name=""))
    assert HoursEntry.objects.get(user=alice).opportunity == unsaved


def test_the_time_zone_defaults_to_the_persons_own(alice, alice_client):
    alice.timezone = "Asia/Tokyo"
    alice.save()

    content = alice_client.get("/me/hours/new/").content.decode()

    assert '<option value="Asia/Tokyo" selected>' in content


def test_editing_on_the_page_saves_and_records_the_change(alice_client, entry):
    response = alice_client.post(f"/me/hours/{entry.pk}/edit/", form(hours="2", minutes="0"))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.minutes == 120
    assert actions(entry) == ["edited"]


def test_a_locked_entry_page_says_so_and_refuses_edits_and_deletion(alice_client, entry):
    HoursEntry.objects.filter(pk=entry.pk).update(trust=TrustLevel.VERIFIED, locked_at=timezone.now())

    page = alice_client.get(f"/me/hours/{entry.pk}/edit/")
    edit = alice_client.post(f"/me/hours/{entry.pk}/edit/", form(hours="9"))
    delete = alice_client.post(f"/me/hours/{entry.pk}/delete/")

    assert "This entry is locked" in page.content.decode()
    assert (edit.status_code, delete.status_code) == (409, 409)
    assert HoursEntry.objects.filter(pk=entry.pk, minutes=90).exists()


def test_deleting_on_the_page_removes_the_entry(alice_client, entry):
    response = alice_client.post(f"/me/hours/{entry.pk}/delete/")

    assert response["Location"] == "/me/hours/"
    assert not HoursEntry.objects.exists()


# --- Pages: the list and the timer -----------------------------------------------------------------


def test_the_list_shows_totals_and_a_text_trust_badge_on_every_entry(alice, alice_client):
    HoursEntryFactory(user=alice, date=DAY, minutes=12 * 60, activity="Self")
    HoursEntryFactory(
        user=alice,
        date=DAY,
        minutes=30,
        trust=TrustLevel.VERIFIED,
        verified_by_name="Ana Ruiz",
        activity="Checked",
    )

    content = alice_client.get("/me/hours/").content.decode()

    assert "<strong>12 h</strong> self-reported" in content
    assert "<strong>30 min</strong> verified" in content
    assert "Verified by Ana Ruiz" in content
    assert "Self-reported</span>" in content


def test_the_list_filters_by_year(alice, alice_client):
    HoursEntryFactory(user=alice, date=datetime.date(2024, 5, 1), activity="Old work")
    HoursEntryFactory(user=alice, date=DAY, activity="New work")

    content = alice_client.get("/me/hours/?year=2024").content.decode()

    assert "Old work" in content
    assert "New work" not in content
    assert '<option value="2025">2025</option>' in content


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_takes_the_same_queries_for_1_or_20_entries(
    alice, alice_client, count, django_assert_num_queries
):
    for _ in range(count):
        entry = HoursEntryFactory(user=alice, date=DAY, minutes=1, opportunity=OpportunityFactory())
        VerificationRequestFactory(entry=entry)
    HoursTimerFactory(user=alice, opportunity=OpportunityFactory())
    SavedOpportunityFactory(user=alice)

    # session, user, entries, their verifications, totals, years, timer, saved listings
    with django_assert_num_queries(8):
        response = alice_client.get("/me/hours/")

    assert response.status_code == 200


def test_the_timer_runs_and_stops_from_the_list(alice, alice_client):
    alice_client.post(
        "/me/hours/timer/start/", {"organization_name": "Zooniverse", "activity": "Classifying"}
    )
    HoursTimer.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=72))

    running = alice_client.get("/me/hours/").content.decode()
    stopped = alice_client.post("/me/hours/timer/stop/")

    assert "Running since" in running
    assert "(1 h 12 min)" in running or "(1 h 13 min)" in running
    assert stopped["Location"] == "/me/hours/"
    logged = HoursEntry.objects.filter(user=alice)  # one entry, or two if the hour crossed midnight
    assert {entry.organization_name for entry in logged} == {"Zooniverse"}
    assert sum(entry.minutes for entry in logged) in (72, 73, 74)
    assert alice_client.post("/me/hours/timer/stop/")["Location"] == "/me/hours/"
    assert HoursEntry.objects.count() == len(logged)


def test_stopping_a_timer_without_details_shows_the_missing_fields(alice, alice_client):
    HoursTimerFactory(user=alice, organization_name="", activity="")

    response = alice_client.post("/me/hours/timer/stop/")

    assert response.status_code == 400
    assert "Before stopping, say what you did" in response.content.decode()
    assert HoursTimer.objects.exists()


def test_the_entry_page_shows_its_history(alice, alice_client):
    entry = hours.hours_entry_create(user=alice, data=data(minutes=60))
    hours.hours_entry_update(entry=entry, data=data(minutes=90))

    content = alice_client.get(f"/me/hours/{entry.pk}/").content.decode()

    assert "Logged by the volunteer on the website" in content
    assert "Edited by the volunteer on the website: duration “1 h” → “1 h 30 min”" in content
