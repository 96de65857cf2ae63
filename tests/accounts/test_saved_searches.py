"""Saved searches: saving the results page's search (normalised, one row per search), the list
and a search's page (three actors), feed links shown once and revocable, the private RSS, Atom and
iCal feeds (parsed as a reader would), and the daily and weekly digests (claimed before sending)."""

from __future__ import annotations

import datetime
import hashlib
from unittest import mock
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest
from django.http import QueryDict
from django.test import Client

from accounts import tasks
from accounts.models import AlertFrequency, DigestDelivery, SavedSearch
from accounts.selectors.searches import digest_period
from accounts.services import searches as services
from opportunities.models import Status
from tests.factories import (
    CauseFactory,
    DigestDeliveryFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    SavedSearchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 3, 16, 8, 7, tzinfo=UTC)
# The list page: session, user, the searches (with their last digest).
LIST_QUERIES = 3


def at(day: datetime.datetime, hours: float = 0) -> datetime.datetime:
    return day + datetime.timedelta(hours=hours)


def reload(search: SavedSearch) -> SavedSearch:
    return SavedSearch.objects.get(pk=search.pk)


def assert_login_redirect(response, path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    assert f"next={path}" in location.query.replace("%2F", "/")


def feed_token(response) -> str:
    """The token in the RSS link a page shows once."""
    rss = response.context["fresh"]["urls"]["rss"]
    return rss.rsplit("/", 1)[1].removesuffix(".rss")


@pytest.fixture
def education(db):
    return CauseFactory(slug="education", name="Education")


def listing(*, cause=None, **fields):
    opportunity = OpportunityFactory(**fields)
    if cause is not None:
        OpportunityCauseFactory(opportunity=opportunity, cause=cause)
    return opportunity


# --- Normalising the query ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("q=tutor&cause=education", "cause=education&q=tutor"),
        ("cause=health&cause=education", "cause=education&cause=health"),
        ("q=tutor&after=eyJrIjoxfQ", "q=tutor"),
        ("q=tutor&country=&language=&hours_min=", "q=tutor"),
        ("q=tutor&utm_source=mail&next=/x", "q=tutor"),
        ("q=tutor&tz=Europe/Paris&work_from=9&work_to=17", "q=tutor"),
        ("overlap=2&tz=Europe/Paris&work_from=9", "overlap=2&tz=Europe%2FParis&work_from=9"),
        ("q=tutor&sort=closing", "q=tutor&sort=closing"),
        ("q=tut ", "q=tut+"),
        ("", ""),
    ],
)
def test_a_query_is_normalised_to_one_spelling(raw, normalised):
    assert services.search_query_normalise(QueryDict(raw)) == normalised


def test_a_plain_mapping_is_normalised_too():
    assert services.search_query_normalise({"q": "tutor", "cause": ["b", "a"], "after": "x"}) == (
        "cause=a&cause=b&q=tutor"
    )


# --- Saving a search ----------------------------------------------------------------------------


def test_saving_from_the_results_page_keeps_the_normalised_query(alice, alice_client, education):
    response = alice_client.post("/me/searches/", {"query": "q=tutor&cause=education&after=abc&tz=UTC"})
    search = SavedSearch.objects.get(user=alice)
    assert response.status_code == 302
    assert response["Location"] == f"/me/searches/#search-{search.pk}"
    assert search.query == "cause=education&q=tutor"
    assert search.name == "“tutor” · Education"
    assert search.alerts == AlertFrequency.OFF


def test_saving_the_same_search_twice_is_one_row(alice, alice_client):
    alice_client.post("/me/searches/", {"query": "q=tutor&cause=education"}, follow=True)
    response = alice_client.post("/me/searches/", {"query": "cause=education&q=tutor&after=xyz"}, follow=True)
    assert SavedSearch.objects.filter(user=alice).count() == 1
    assert "You had already saved this search" in response.content.decode()
    assert response.context["fresh"] is None


def test_two_people_can_save_the_same_search(alice_client, bob_client):
    alice_client.post("/me/searches/", {"query": "q=tutor"})
    bob_client.post("/me/searches/", {"query": "q=tutor"})
    assert SavedSearch.objects.filter(query="q=tutor").count() == 2


def test_saving_needs_a_login_and_saves_nothing(anon):
    assert_login_redirect(anon.post("/me/searches/", {"query": "q=tutor"}), "/me/searches/")
    assert not SavedSearch.objects.exists()


def test_the_feed_links_are_shown_once_and_only_their_hash_is_kept(alice, alice_client):
    response = alice_client.post("/me/searches/", {"query": "q=tutor"}, follow=True)
    token = feed_token(response)
    assert len(token) == 32
    assert "copy them now" in response.content.decode()
    search = SavedSearch.objects.get(user=alice)
    assert search.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(SavedSearch.objects.filter(pk=search.pk).values().get())
    again = alice_client.get("/me/searches/")
    assert again.context["fresh"] is None
    assert token not in again.content.decode()


def test_a_search_too_long_to_store_is_refused_with_a_reason(alice, alice_client):
    response = alice_client.post("/me/searches/", {"query": "q=" + "word+" * 500}, follow=True)
    assert "too long to save" in response.content.decode()
    assert not SavedSearch.objects.filter(user=alice).exists()


def test_a_person_keeps_at_most_fifty_searches(alice):
    for n in range(services.MAX_SEARCHES_PER_USER):
        SavedSearchFactory(user=alice, query=f"q=word{n}")
    with pytest.raises(services.ValidationError, match="delete one"):
        services.saved_search_create(user=alice, params=QueryDict("q=one+more"))


def test_the_results_page_offers_saving_to_people_logged_in_only(alice_client, anon):
    assert 'action="/me/searches/"' in alice_client.get("/search/?q=tutor").content.decode()
    assert 'name="query" value="q=tutor"' in alice_client.get("/search/?q=tutor").content.decode()
    assert 'action="/me/searches/"' not in anon.get("/search/?q=tutor").content.decode()


# --- The list and a search's page ---------------------------------------------------------------


def test_the_list_needs_a_login(anon):
    assert_login_redirect(anon.get("/me/searches/"), "/me/searches/")


def test_the_list_shows_only_the_persons_own_searches(alice, bob, bob_client):
    SavedSearchFactory(user=alice, name="Alices search")
    SavedSearchFactory(user=bob, name="Bobs search")
    body = bob_client.get("/me/searches/").content.decode()
    assert "Bobs search" in body
    assert "Alices search" not in body


def test_each_search_has_a_run_link_its_settings_and_its_actions(alice, alice_client):
    search = SavedSearchFactory(user=alice, name="Tutoring", query="cause=education&q=tutor")
    body = alice_client.get("/me/searches/").content.decode()
    assert 'href="/search/?cause=education&amp;q=tutor"' in body
    assert f'<label for="search-{search.pk}-name">Name</label>' in body
    assert f'<label for="search-{search.pk}-alerts">E-mail alerts</label>' in body
    assert f'action="/me/searches/{search.pk}/delete/"' in body
    assert "Revoke and make new links" in body


def test_an_empty_list_explains_how_to_save_a_search(alice_client):
    body = alice_client.get("/me/searches/").content.decode()
    assert "You have no saved searches yet" in body
    assert 'href="/search/"' in body


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_for_1_or_20_searches(
    alice, alice_client, count, django_assert_num_queries
):
    for _ in range(count):
        DigestDeliveryFactory(saved_search=SavedSearchFactory(user=alice), sent_at=MONDAY)
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_client.get("/me/searches/")
    assert len(response.context["searches"]) == count


@pytest.mark.parametrize(("actor", "status"), [("alice_client", 200), ("bob_client", 404)])
def test_a_searchs_page_is_its_owners_only(request, alice, actor, status):
    search = SavedSearchFactory(user=alice)
    assert request.getfixturevalue(actor).get(f"/me/searches/{search.pk}/").status_code == status


def test_a_searchs_page_needs_a_login(anon, alice):
    search = SavedSearchFactory(user=alice)
    assert_login_redirect(anon.get(f"/me/searches/{search.pk}/"), f"/me/searches/{search.pk}/")


# --- Renaming, alerts, deleting, new links: three actors ----------------------------------------


@pytest.fixture
def search(alice):
    return SavedSearchFactory(user=alice, name="Tutoring", query="q=tutor")


def test_the_owner_renames_a_search_and_turns_on_alerts(alice_client, search):
    response = alice_client.post(
        f"/me/searches/{search.pk}/",
        {"name": " Maths tutoring ", "alerts": "weekly", "next": "/me/searches/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/me/searches/#search-{search.pk}"
    assert (reload(search).name, reload(search).alerts) == ("Maths tutoring", "weekly")


def test_turning_alerts_on_starts_them_from_now(alice_client, search):
    SavedSearch.objects.filter(pk=search.pk).update(last_digest_until=MONDAY - datetime.timedelta(days=300))
    alice_client.post(f"/me/searches/{search.pk}/", {"name": "Tutoring", "alerts": "daily"})
    assert reload(search).last_digest_until > MONDAY


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "  ", "alerts": "daily"}, "name", "Give the search a name"),
        ({"name": "x" * 121, "alerts": "daily"}, "name", "under 120 characters"),
        ({"name": "Tutoring", "alerts": "hourly"}, "alerts", "Pick how often"),
    ],
)
def test_a_change_to_fix_is_explained_beside_its_field(alice_client, search, data, field, message):
    response = alice_client.post(f"/me/searches/{search.pk}/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="search-{search.pk}-{field}-error"' in body
    assert message in body
    assert (reload(search).name, reload(search).alerts) == ("Tutoring", "off")


def test_the_owner_deletes_a_search(alice_client, search):
    response = alice_client.post(f"/me/searches/{search.pk}/delete/")
    assert response["Location"] == "/me/searches/"
    assert not SavedSearch.objects.filter(pk=search.pk).exists()


ACTIONS = [
    ("", {"name": "Taken over", "alerts": "daily"}),
    ("delete/", {}),
    ("links/", {}),
]


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_another_user_gets_a_404_and_changes_nothing(bob_client, search, action, data):
    before = SavedSearch.objects.filter(pk=search.pk).values().get()
    assert bob_client.post(f"/me/searches/{search.pk}/{action}", data).status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).values().get() == before


@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_anonymous_is_sent_to_log_in_and_changes_nothing(anon, search, action, data):
    before = SavedSearch.objects.filter(pk=search.pk).values().get()
    assert_login_redirect(
        anon.post(f"/me/searches/{search.pk}/{action}", data), f"/me/searches/{search.pk}/{action}"
    )
    assert SavedSearch.objects.filter(pk=search.pk).values().get() == before


@pytest.mark.parametrize("action", ["delete/", "links/"])
def test_actions_do_not_answer_get(alice_client, search, action):
    assert alice_client.get(f"/me/searches/{search.pk}/{action}").status_code == 405


def test_making_new_links_kills_the_old_ones_and_shows_the_new_once(alice_client):
    created = alice_client.post("/me/searches/", {"query": "q=tutor"}, follow=True)
    old = feed_token(created)
    search = SavedSearch.objects.get()
    rotated = alice_client.post(f"/me/searches/{search.pk}/links/", follow=True)
    new = feed_token(rotated)
    assert new != old
    assert "copy them now" in rotated.content.decode()
    assert Client().get(f"/me/searches/feed/{old}.rss").status_code == 404
    assert Client().get(f"/me/searches/feed/{new}.rss").status_code == 200
    assert alice_client.get(f"/me/searches/{search.pk}/").context["fresh"] is None


def test_saving_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/me/searches/", {"query": "q=tutor"}).status_code == 403


# --- Feeds --------------------------------------------------------------------------------------


@pytest.fixture
def feed(alice, education):
    """Alice's search for education listings, with its token."""
    search, token = services.saved_search_create(user=alice, params=QueryDict("cause=education"))
    return search, token


def test_the_rss_feed_lists_matches_with_absolute_links_and_no_login(feed, education):
    search, token = feed
    posted = datetime.datetime(2026, 3, 1, 12, tzinfo=UTC)
    match = listing(cause=education, title="Maths tutor", summary="Two hours a week.", posted_at=posted)
    listing(title="Not about education")
    response = Client().get(f"/me/searches/feed/{token}.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    parsed = feedparser.parse(response.content)
    [entry] = parsed.entries
    assert entry.title == "Maths tutor"
    assert entry.link == f"http://127.0.0.1:8000/opportunities/{match.pk}/"
    assert match.organization.name in entry.summary
    assert "Two hours a week." in entry.summary
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=UTC) == posted
    assert search.name in parsed.feed.title


def test_the_atom_feed_parses_with_the_same_entries(feed, education):
    _, token = feed
    match = listing(cause=education, title="Reading buddy")
    response = Client().get(f"/me/searches/feed/{token}.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10"
    assert [(e.title, e.link) for e in parsed.entries] == [
        ("Reading buddy", f"http://127.0.0.1:8000/opportunities/{match.pk}/")
    ]


def test_the_calendar_has_one_all_day_event_per_deadline(feed, education):
    _, token = feed
    closes = datetime.datetime(2026, 4, 30, 17, tzinfo=UTC)
    dated = listing(cause=education, title="Story time", expires_at=closes)
    listing(cause=education, title="No deadline")
    response = Client().get(f"/me/searches/feed/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"opportunity-{dated.pk}@pitchin"
    assert str(event["SUMMARY"]) == "Closes: Story time"
    assert event.decoded("DTSTART") == datetime.date(2026, 4, 30)
    assert event.decoded("DTEND") == datetime.date(2026, 5, 1)
    assert str(event["URL"]) == f"http://127.0.0.1:8000/opportunities/{dated.pk}/"


def test_a_feed_shows_what_the_results_page_shows(alice_client, feed, education):
    _, token = feed
    for n in range(5):
        listing(cause=education, title=f"Tutor {n}", posted_at=at(MONDAY, -n))
    listing(cause=education, title="Expired", status=Status.EXPIRED)
    richest = listing(cause=education, title="Copy on a richer site", cluster_rank=5)
    listing(cause=education, title="Same role elsewhere", cluster_id=richest.pk, cluster_rank=1)
    type(richest).objects.filter(pk=richest.pk).update(cluster_id=richest.pk)
    page = alice_client.get("/search/?cause=education&sort=newest").context["page"]
    parsed = feedparser.parse(Client().get(f"/me/searches/feed/{token}.rss").content)
    assert [entry.title for entry in parsed.entries] == [item.title for item in page.items]
    assert "Expired" not in [entry.title for entry in parsed.entries]
    assert "Same role elsewhere" not in [entry.title for entry in parsed.entries]


def test_a_feed_of_words_matches_by_full_text_as_the_page_does(alice):
    _, token = services.saved_search_create(user=alice, params=QueryDict("q=maths"))
    listing(title="Maths tutor for teenagers")
    listing(title="Garden helper")
    parsed = feedparser.parse(Client().get(f"/me/searches/feed/{token}.atom").content)
    assert [entry.title for entry in parsed.entries] == ["Maths tutor for teenagers"]


def test_a_feed_holds_the_newest_fifty(feed, education):
    _, token = feed
    for n in range(52):
        listing(cause=education, title=f"Role {n}", posted_at=at(MONDAY, -n))
    parsed = feedparser.parse(Client().get(f"/me/searches/feed/{token}.rss").content)
    assert len(parsed.entries) == 50
    assert parsed.entries[0].title == "Role 0"


@pytest.mark.parametrize("kind", ["rss", "atom", "ics"])
def test_an_unknown_token_is_a_404(db, kind):
    assert Client().get(f"/me/searches/feed/{'x' * 32}.{kind}").status_code == 404


def test_a_deleted_search_or_closed_account_has_no_feed(alice, feed):
    search, token = feed
    alice.is_active = False
    alice.save()
    assert Client().get(f"/me/searches/feed/{token}.rss").status_code == 404
    search.delete()
    assert Client().get(f"/me/searches/feed/{token}.ics").status_code == 404


def test_a_feed_is_private_to_caches_and_search_engines(feed):
    _, token = feed
    response = Client().get(f"/me/searches/feed/{token}.rss")
    assert response["Cache-Control"] == "private, max-age=900"
    assert "noindex" in response["X-Robots-Tag"]


# --- Digests ------------------------------------------------------------------------------------


@pytest.fixture
def daily(alice, education):
    """Alice's daily digest of education listings, last sent the day before MONDAY."""
    return SavedSearchFactory(
        user=alice,
        name="Education",
        query="cause=education",
        alerts=AlertFrequency.DAILY,
        last_digest_until=at(MONDAY, -24),
    )


def test_a_daily_digest_lists_what_is_new_and_moves_on(daily, education, mailoutbox):
    new = listing(cause=education, title="New tutor role", first_seen_at=at(MONDAY, -2))
    listing(cause=education, title="Old role", first_seen_at=at(MONDAY, -30))
    listing(title="Other cause", first_seen_at=at(MONDAY, -2))
    assert services.digests_send(now=MONDAY) == 1
    [message] = mailoutbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "1 new opportunity for “Education”"
    assert f"http://127.0.0.1:8000/opportunities/{new.pk}/" in message.body
    assert "Old role" not in message.body
    assert "Other cause" not in message.body
    assert f"http://127.0.0.1:8000/me/searches/#search-{daily.pk}" in message.body
    assert "unsubscribe" in message.body.lower()
    delivery = DigestDelivery.objects.get(saved_search=daily)
    assert (delivery.period, delivery.listing_count) == ("2026-03-16", 1)
    assert delivery.sent_at is not None
    assert reload(daily).last_digest_until == MONDAY


def test_nothing_new_means_no_email_and_no_claim(daily, mailoutbox):
    assert services.digests_send(now=MONDAY) == 0
    assert mailoutbox == []
    assert not DigestDelivery.objects.exists()


def test_running_twice_for_the_same_day_sends_one_digest(daily, education, mailoutbox):
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    assert services.digests_send(now=MONDAY) == 1
    listing(cause=education, first_seen_at=at(MONDAY, 0.5))
    assert services.digests_send(now=at(MONDAY, 1)) == 0
    assert len(mailoutbox) == 1


def test_what_arrives_after_a_digest_comes_in_the_next_one(daily, education, mailoutbox):
    listing(cause=education, title="First", first_seen_at=at(MONDAY, -2))
    services.digests_send(now=MONDAY)
    listing(cause=education, title="Second", first_seen_at=at(MONDAY, 3))
    assert services.digests_send(now=at(MONDAY, 24)) == 1
    assert "Second" in mailoutbox[1].body
    assert "First" not in mailoutbox[1].body


def test_a_crash_between_claim_and_send_never_sends_twice_and_loses_no_listing(daily, education, mailoutbox):
    listing(cause=education, title="Kept for later", first_seen_at=at(MONDAY, -2))
    with mock.patch("accounts.services.searches.email_send", side_effect=ConnectionError("SMTP gone")):
        assert services.digests_send(now=MONDAY) == 0
    assert DigestDelivery.objects.get(saved_search=daily).sent_at is None
    assert services.digests_send(now=at(MONDAY, 1)) == 0
    assert mailoutbox == []
    assert reload(daily).last_digest_until == at(MONDAY, -24)
    assert services.digests_send(now=at(MONDAY, 24)) == 1
    assert "Kept for later" in mailoutbox[0].body


def test_a_period_already_claimed_elsewhere_is_skipped(daily, education, mailoutbox):
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    DigestDeliveryFactory(saved_search=daily, period="2026-03-16")
    assert services.digests_send(now=MONDAY) == 0
    assert mailoutbox == []


def test_a_worker_that_read_the_due_list_before_another_claimed_sends_nothing(daily, education, mailoutbox):
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    DigestDeliveryFactory(saved_search=daily, period="2026-03-16")
    stale = SavedSearch.objects.filter(pk=daily.pk).select_related("user")
    with mock.patch.object(services.selectors, "saved_searches_due", return_value=stale):
        assert services.digests_send(now=MONDAY) == 0
    assert mailoutbox == []


def test_a_digest_lists_twenty_and_links_to_the_rest(daily, education, mailoutbox):
    for n in range(23):
        listing(cause=education, title=f"Role {n}", first_seen_at=at(MONDAY, -2), posted_at=at(MONDAY, -n))
    services.digests_send(now=MONDAY)
    [message] = mailoutbox
    assert message.subject == "23 new opportunities for “Education”"
    assert message.body.count("http://127.0.0.1:8000/opportunities/") == 20
    assert "And 3 more: http://127.0.0.1:8000/search/?cause=education&sort=newest" in message.body
    assert DigestDelivery.objects.get().listing_count == 23


def test_a_new_copy_of_a_listing_already_seen_is_not_new(daily, education, mailoutbox):
    old = listing(cause=education, title="Seen last month", first_seen_at=at(MONDAY, -700))
    type(old).objects.filter(pk=old.pk).update(cluster_id=old.pk)
    listing(
        cause=education, title="Same role on another site", first_seen_at=at(MONDAY, -2), cluster_id=old.pk
    )
    assert services.digests_send(now=MONDAY) == 0


@pytest.mark.parametrize(
    ("now", "sends"),
    [(MONDAY, 1), (at(MONDAY, 15), 1), (at(MONDAY, 16), 0), (at(MONDAY, 24 * 6), 0), (at(MONDAY, 24 * 7), 1)],
)
def test_weekly_digests_go_out_on_mondays(alice, education, mailoutbox, now, sends):
    SavedSearchFactory(
        user=alice,
        query="cause=education",
        alerts=AlertFrequency.WEEKLY,
        last_digest_until=at(MONDAY, -24 * 7),
    )
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    assert services.digests_send(now=now) == sends


def test_a_weekly_digest_is_sent_once_a_week(alice, education, mailoutbox):
    SavedSearchFactory(
        user=alice,
        query="cause=education",
        alerts=AlertFrequency.WEEKLY,
        last_digest_until=at(MONDAY, -24 * 7),
    )
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    assert services.digests_send(now=MONDAY) == 1
    listing(cause=education, first_seen_at=at(MONDAY, 1))
    assert services.digests_send(now=at(MONDAY, 2)) == 0
    assert DigestDelivery.objects.get().period == "2026-W12"


def test_searches_without_alerts_or_address_get_no_digest(alice, education, mailoutbox):
    SavedSearchFactory(user=alice, query="cause=education", last_digest_until=at(MONDAY, -24))
    no_mail = UserFactory(username="nomail", email="")
    SavedSearchFactory(
        user=no_mail, query="cause=education", alerts="daily", last_digest_until=at(MONDAY, -24)
    )
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    assert services.digests_send(now=MONDAY) == 0
    assert mailoutbox == []


def test_one_failing_search_does_not_stop_the_others(alice, bob, education, mailoutbox):
    for user in (alice, bob):
        SavedSearchFactory(
            user=user, query="cause=education", alerts="daily", last_digest_until=at(MONDAY, -24)
        )
    listing(cause=education, first_seen_at=at(MONDAY, -2))
    real = services.email_send
    calls = []

    def fail_first(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 1:
            raise ConnectionError("bad address")
        real(**kwargs)

    with mock.patch("accounts.services.searches.email_send", side_effect=fail_first):
        assert services.digests_send(now=MONDAY) == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("alerts", "now", "period"),
    [
        ("daily", datetime.datetime(2026, 11, 21, 23, 30, tzinfo=UTC), "2026-11-21"),
        (
            "daily",
            datetime.datetime(2026, 11, 22, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
            "2026-11-21",
        ),
        ("weekly", datetime.datetime(2026, 11, 16, 0, 7, tzinfo=UTC), "2026-W47"),
        ("weekly", datetime.datetime(2027, 1, 1, 9, tzinfo=UTC), "2026-W53"),
        ("weekly", datetime.datetime(2026, 1, 1, 9, tzinfo=UTC), "2026-W01"),
    ],
)
def test_digest_periods_are_utc_days_and_iso_weeks(alerts, now, period):
    assert digest_period(alerts=alerts, now=now) == period


def test_the_hourly_task_reports_how_many_it_sent(alice, education, mailoutbox):
    SavedSearchFactory(user=alice, query="cause=education", alerts="daily")
    listing(cause=education)
    assert tasks.digests_send.delay().get() == "sent 1"
    assert tasks.digests_send.delay().get() == "sent 0"
