"""The browse pages as a visitor sees them: the results page /search/ (cards, sort, facets, chips,
paging, htmx, bad input), the cause, organisation and source pages, and how many queries each takes."""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from opportunities import selectors
from opportunities.models import Status
from tests.factories import (
    CauseFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    OpportunitySkillFactory,
    OrganizationFactory,
    SavedOpportunityFactory,
    SkillFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def card_titles(response) -> list[str]:
    return [
        html.unescape(title)
        for title in re.findall(
            r'<h3 id="opp-\d+-title" class="card-title">\s*<a href="[^"]+">([^<]*)</a>', text(response)
        )
    ]


def heading(response) -> str:
    return html.unescape(re.search(r'<h1 id="results-title"[^>]*>([^<]*)</h1>', text(response)).group(1))


def chips(response) -> dict[str, dict[str, list[str]]]:
    """Each chip's label and the parameters of the search its link leads to."""
    found = re.findall(r'<a href="([^"]*)" class="chip">([^<]*) <span', text(response))
    return {html.unescape(label): parse_qs(urlsplit(html.unescape(href)).query) for href, label in found}


def facet_count(response, facet: str, value: str) -> int:
    match = re.search(
        rf'<label for="f-{facet}-{value}">[^<]*<span class="count">(\d+)</span>', text(response)
    )
    return int(match.group(1))


def next_link(response) -> str | None:
    match = re.search(r'<a class="button" href="([^"]+)" rel="next">Next page</a>', text(response))
    return html.unescape(match.group(1)) if match else None


def clustered(rich_rank: int = 5, **poor_values):
    rich = OpportunityFactory(title="Rich copy", cluster_rank=rich_rank)
    rich.cluster_id = rich.pk
    rich.save()
    poor = OpportunityFactory(title="Poor copy", cluster_rank=1, cluster_id=rich.pk, **poor_values)
    return rich, poor


# --- the results page --------------------------------------------------------------------------


def test_the_results_page_lists_active_listings_only(anon):
    OpportunityFactory(title="Open role")
    OpportunityFactory(title="Expired role", status=Status.EXPIRED)
    OpportunityFactory(title="Withdrawn role", status=Status.WITHDRAWN)
    response = anon.get("/search/")
    assert card_titles(response) == ["Open role"]
    assert heading(response) == "1 opportunity"
    assert "Expired role" not in text(anon.get("/search/?q=expired"))


def test_a_listing_on_two_sites_is_one_card_that_names_the_other_site(anon):
    clustered()
    response = anon.get("/search/")
    assert card_titles(response) == ["Rich copy"]
    assert "also on 1 other site</a>" in text(response)
    assert heading(response) == "1 opportunity"


def test_filtering_on_the_other_sites_source_shows_its_own_copy(anon):
    _, poor = clustered()
    response = anon.get(f"/search/?source={poor.source_id}")
    assert card_titles(response) == ["Poor copy"]
    assert "also on 1 other site</a>" in text(response)


def test_the_heading_counts_the_cards_shown_when_a_filter_picks_a_clusters_other_copy(anon):
    clustered(location_type="hybrid")  # the rich copy is remote, the poor one hybrid
    response = anon.get("/search/?location=hybrid")
    assert card_titles(response) == ["Poor copy"]
    assert heading(response) == "1 opportunity"


@pytest.mark.parametrize(
    ("query", "current"),
    [
        ("?q=tutor", "Best match"),
        ("?sort=relevance", "Newest"),  # nothing to match: falls back to newest
        ("?q=tutor&sort=closing", "Closing soon"),
    ],
)
def test_the_sort_in_force_is_marked_current(anon, query, current):
    OpportunityFactory(title="Tutor kids")
    content = text(anon.get(f"/search/{query}"))
    assert f'<span aria-current="true">{current}</span>' in content


@pytest.mark.parametrize("query", ["?sort=relevance", "?q=-tutor"])
def test_best_match_is_not_offered_without_words_to_match(anon, query):
    assert "Best match" not in text(anon.get(f"/search/{query}"))


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("?q=tutor", '<span aria-current="true">Best match</span>'),
        ("?q=tutor&sort=closing", '<a href="?q=tutor&amp;sort=relevance"'),
    ],
)
def test_best_match_stays_offered_while_there_are_words(anon, query, offered):
    OpportunityFactory(title="Tutor kids")
    assert offered in text(anon.get(f"/search/{query}"))


def test_the_results_follow_the_sort_and_the_words(anon):
    now = timezone.now()
    OpportunityFactory(
        title="Tutor teens", posted_at=now - timedelta(days=5), expires_at=now + timedelta(days=2)
    )
    OpportunityFactory(
        title="Club helper",
        description_text="tutor sometimes",
        posted_at=now,
        expires_at=now + timedelta(days=1),
    )
    OpportunityFactory(title="Gardener", posted_at=now - timedelta(days=1))
    assert card_titles(anon.get("/search/?q=tutor")) == ["Tutor teens", "Club helper"]
    assert card_titles(anon.get("/search/?q=tutor&sort=newest")) == ["Club helper", "Tutor teens"]
    assert card_titles(anon.get("/search/")) == ["Club helper", "Gardener", "Tutor teens"]
    assert card_titles(anon.get("/search/?sort=closing")) == ["Club helper", "Tutor teens", "Gardener"]


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?tz=Mars/Base&overlap=2", "Unknown time zone: use a name like Europe/Paris or America/New_York."),
        ("?hours_min=5&hours_max=2", "The upper limit is below the lower one."),
        ("?work_from=17&work_to=9", "Your hours must end after they start"),
        ("?deadline_after=someday", "Enter a valid date."),
        ("?q=" + "tutor " * 833 + "xx", "Ensure this value has at most 200 characters (it has 5000)."),
    ],
)
def test_invalid_input_is_explained_on_the_page_not_a_server_error(anon, query, message):
    OpportunityFactory(title="Still listed", hours_per_week=10)
    content = text(anon.get(f"/search/{query}"))
    assert 'class="error"' in content
    assert html.escape(message) in content
    assert "Still listed" in content  # the valid rest of the search still runs


@pytest.mark.parametrize(
    "query",
    [
        "?overlap=2&tz=Europe/Paris&work_from=17&work_to=9",  # the form reports it, the filter still runs
        "?overlap=2&tz=Europe/Paris&work_from=20",  # no end given: 20 to the default 17
        "?overlap=2&tz=Europe/Paris&work_from=0&work_to=8",  # a valid window starting at midnight
    ],
)
def test_working_hours_that_do_not_make_a_window_are_not_a_server_error(anon, query):
    OpportunityFactory(title="Listed", timezone="Europe/Paris")
    assert anon.get(f"/search/{query}").status_code == 200


@pytest.mark.parametrize("query", ["?cause=BAD SLUG!", "?hours_min=-1", "?country=France"])
def test_every_invalid_filter_value_is_explained_on_the_page(anon, query):
    OpportunityFactory(title="Listed")
    response = anon.get(f"/search/{query}")
    assert response.status_code == 200  # not a server error, at least
    assert "Listed" in response.content.decode()
    assert "1 filter was not applied" in response.content.decode()


def test_a_damaged_page_link_shows_the_first_page_with_a_notice(anon):
    OpportunityFactory(title="First card")
    content = text(anon.get("/search/?after=garbage"))
    assert "This page link is damaged: start again from the first page." in content
    assert "First card" in content
    assert "First page</a>" not in content  # it is the first page


def test_a_page_link_from_another_sort_order_shows_the_first_page_with_a_notice(anon):
    for number in range(21):
        OpportunityFactory(title=f"Role {number}")
    after = parse_qs(urlsplit(next_link(anon.get("/search/?sort=newest"))).query)["after"][0]
    content = text(anon.get(f"/search/?sort=closing&after={after}"))
    assert "This page link belongs to another sort order" in content
    assert content.count('class="card"') == 20


def _cursor(value: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_page_link_with_an_impossible_date_is_not_a_server_error(anon):
    OpportunityFactory(title="Listed")
    cursor = _cursor(["newest", "0001-01-01T00:00:00+01:00", 1])  # 31 Dec of year 0 in UTC
    assert anon.get(f"/search/?after={cursor}").status_code == 200


# --- facets and chips --------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    health = CauseFactory(slug="health", name="Health")
    education = CauseFactory(slug="education", name="Education")
    source = SourceFactory(name="Helpful Feed")
    for title, cause, location, schedule in [
        ("Clinic phone line", health, "remote", "ongoing"),
        ("Health newsletter", health, "remote", "one_time"),
        ("Clinic greeter", health, "hybrid", "ongoing"),
        ("Homework club", education, "hybrid", "flexible"),
        ("School library", education, "onsite", "ongoing"),
    ]:
        opportunity = OpportunityFactory(
            title=title, location_type=location, schedule=schedule, source=source
        )
        OpportunityCauseFactory(cause=cause, opportunity=opportunity)
    return {"source": source}


def test_facet_counts_and_the_total_are_shown_and_disjunctive(anon, catalogue):
    response = anon.get("/search/?location=remote")
    assert heading(response) == "2 opportunities"
    assert facet_count(response, "location", "remote") == 2
    assert facet_count(response, "location", "hybrid") == 2  # what adding Hybrid would add
    assert facet_count(response, "location", "onsite") == 1
    assert facet_count(response, "cause", "health") == 2  # among remote listings
    assert 'id="f-cause-education"' not in text(response)  # no remote education listing: not offered
    assert facet_count(response, "schedule", "ongoing") == 1
    assert f'<option value="{catalogue["source"].pk}">Helpful Feed (2)</option>' in text(response)
    assert 'value="remote" id="f-location-remote" checked' in text(response)


def test_the_heading_counts_every_match_not_just_the_first_page(anon):
    for number in range(23):
        OpportunityFactory(title=f"Role {number}")
    response = anon.get("/search/")
    assert heading(response) == "23 opportunities"
    assert len(card_titles(response)) == 20


def test_each_chip_removes_its_own_value_and_keeps_the_rest(anon, catalogue):
    response = anon.get("/search/?q=clinic&cause=health&cause=education&location=remote&sort=newest")
    assert chips(response) == {
        "Words: clinic": {"cause": ["health", "education"], "location": ["remote"], "sort": ["newest"]},
        "Causes: Health": {
            "q": ["clinic"],
            "cause": ["education"],
            "location": ["remote"],
            "sort": ["newest"],
        },
        "Causes: Education": {
            "q": ["clinic"],
            "cause": ["health"],
            "location": ["remote"],
            "sort": ["newest"],
        },
        "Where: Remote": {"q": ["clinic"], "cause": ["health", "education"], "sort": ["newest"]},
    }
    assert 'class="chip chip-clear">Clear all</a>' in text(response)


def test_the_overlap_chip_takes_its_time_zone_and_hours_with_it(anon):
    response = anon.get("/search/?overlap=3&tz=America/New_York&work_from=8&work_to=16&schedule=ongoing")
    assert chips(response) == {
        "At least 3 h overlap with my hours": {"schedule": ["ongoing"]},
        "Schedule: Ongoing": {
            "overlap": ["3"],
            "tz": ["America/New_York"],
            "work_from": ["8"],
            "work_to": ["16"],
        },
    }


def test_the_chip_for_a_source_or_organisation_names_it(anon, catalogue):
    organization = OrganizationFactory(name="Harbour Trust")
    source = catalogue["source"]
    labels = set(chips(anon.get(f"/search/?source={source.pk}&organization={organization.pk}")))
    assert labels == {"Source: Helpful Feed", "Organisation: Harbour Trust"}


def test_the_empty_state_offers_each_filter_to_take_away(anon, catalogue):
    response = anon.get("/search/?cause=education&location=remote")
    content = text(response)
    assert card_titles(response) == []
    assert "No opportunities match all of these." in content
    without = dict(re.findall(r'<li><a href="([^"]+)">Without “([^”]+)”</a></li>', content))
    assert {label: parse_qs(urlsplit(html.unescape(href)).query) for href, label in without.items()} == {
        "Causes: Education": {"location": ["remote"]},
        "Where: Remote": {"cause": ["education"]},
    }
    assert card_titles(anon.get("/search/?cause=education")) == ["School library", "Homework club"]


def test_with_no_filters_the_empty_state_offers_everything(anon):
    content = text(anon.get("/search/"))
    assert "No opportunities match." in content
    assert "Without" not in content


# --- paging through the page -------------------------------------------------------------------


def _bound(**params):
    filterset = selectors.opportunity_filterset(data=params)
    filterset.is_valid()
    return filterset


def _walk_pages(client, url: str) -> list[str]:
    seen: list[str] = []
    for _ in range(10):
        response = client.get(url)
        seen += card_titles(response)
        url = next_link(response)
        if url is None:
            return seen
        url = "/search/" + url
    raise AssertionError(f"still paging after 10 pages: {seen}")


@pytest.mark.parametrize(
    "sort",
    [
        "newest",
        "closing",
        "relevance",
    ],
)
def test_following_next_page_shows_every_card_once_in_order(anon, sort):
    now = timezone.now().replace(microsecond=0)
    for number in range(45):  # many ties: every third shares posted_at, every fifth has no deadline
        OpportunityFactory(
            title=f"Tutor {number:02d}",
            description_text="kids " * (number % 3),
            posted_at=now - timedelta(hours=number // 3),
            expires_at=None if number % 5 == 0 else now + timedelta(hours=number % 7),
        )
    rich = OpportunityFactory(title="Tutor rich copy", cluster_rank=5, posted_at=now, expires_at=None)
    OpportunityFactory(title="Tutor poor copy", cluster_rank=1, cluster_id=rich.pk, posted_at=now)
    rich.cluster_id = rich.pk
    rich.save()
    walked = _walk_pages(anon, f"/search/?q=tutor&sort={sort}")
    assert sorted(walked) == sorted([f"Tutor {number:02d}" for number in range(45)] + ["Tutor rich copy"])
    everything = selectors.opportunity_search(filterset=_bound(q="tutor"), sort=sort, limit=1000).items
    assert walked == [item.title for item in everything]  # the same order as one long page


def test_the_next_page_keeps_the_search_and_offers_the_first_page(anon):
    for number in range(21):
        OpportunityFactory(title=f"Tutor {number}", location_type="remote")
    first = anon.get("/search/?q=tutor&location=remote&sort=newest")
    link = next_link(first)
    assert set(parse_qs(urlsplit(link).query)) == {"q", "location", "sort", "after"}
    second = anon.get("/search/" + link)
    assert len(card_titles(second)) == 1
    assert '<a href="?q=tutor&amp;location=remote&amp;sort=newest">First page</a>' in text(second)
    assert next_link(second) is None


# --- htmx --------------------------------------------------------------------------------------


def test_an_htmx_request_gets_only_the_results_region_and_the_title(anon):
    OpportunityFactory(title="Tutor kids")
    content = text(anon.get("/search/?q=tutor", headers={"HX-Request": "true"}))
    title, region = content.lstrip().split("\n", 1)
    assert title == "<title>tutor · Find remote volunteering · Pitch In</title>"
    assert region.lstrip().startswith('<div id="search-app"')
    assert "<html" not in content
    assert "Tutor kids" in content


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true", "HX-History-Restore-Request": "true"}])
def test_a_normal_request_or_an_htmx_history_restore_gets_the_whole_page(anon, headers):
    OpportunityFactory(title="Tutor kids")
    content = text(anon.get("/search/?q=tutor", headers=headers))
    assert content.startswith("<!doctype html>")
    assert '<div id="search-app"' in content
    assert "Tutor kids" in content


# --- a constant number of queries --------------------------------------------------------------


def _seed(count: int) -> dict[str, object]:
    cause = CauseFactory(slug="environment", name="Environment")
    skill = SkillFactory(slug="writing")
    source = SourceFactory(name="Green Feed")
    organization = OrganizationFactory(name="Green Org")
    for number in range(count):
        opportunity = OpportunityFactory(
            title=f"Plant trees {number}", source=source, organization=organization
        )
        OpportunityCauseFactory(opportunity=opportunity, cause=cause)
        OpportunitySkillFactory(opportunity=opportunity, skill=skill)
    return {"cause": cause, "source": source, "organization": organization}


# Anonymous: the page's own queries. Logged in: + session + user + which cards are saved.
# The first view of a search (empty cache); see below for the next one.
PAGES = {
    # rows + their causes; the catalogue version (cache key); facets: the total; cause, skill,
    # location, schedule, source counts; causes, skills, sources to name them.
    "search": ("/search/", 12, 15),
    "search with words and a cause": ("/search/?q=trees&cause=environment", 12, 15),
    # the cause / organisation / source, then rows + their causes
    "cause": ("/causes/environment/", 3, 6),
    "organisation": ("/organizations/{organization}/", 3, 6),
    "source": ("/sources/{source}/", 3, 6),
    # rows + causes, the catalogue version, cause tiles, heartbeat
    "home": ("/", 5, 8),
}


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize("who", ["anon", "alice_client"])
@pytest.mark.parametrize("page", list(PAGES))
def test_each_browse_page_takes_the_same_number_of_queries_however_many_listings(
    request, django_assert_num_queries, alice, page, who, count
):
    seeded = _seed(count)
    for opportunity in seeded["source"].opportunities.all()[:3]:
        SavedOpportunityFactory(user=alice, opportunity=opportunity)
    client = request.getfixturevalue(who)
    url, anonymous, logged_in = PAGES[page]
    url = url.format(organization=seeded["organization"].pk, source=seeded["source"].pk)
    # On SQLite a search for words first ranks the best matches in the index alone (one query).
    window = 1 if "q=" in url and connection.vendor == "sqlite" else 0
    with django_assert_num_queries((anonymous if who == "anon" else logged_in) + window):
        response = client.get(url)
    assert response.status_code == 200
    assert "Plant trees" in response.content.decode()


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize(("url", "queries"), [("/search/?cause=environment", 3), ("/", 4)])
def test_counts_are_kept_until_the_catalogue_changes(client, django_assert_num_queries, url, queries):
    seeded = _seed(2)
    first = _without_csrf(client.get(url))
    # Again: rows + their causes + the catalogue version (+ heartbeat on home); no count is redone.
    with django_assert_num_queries(queries):
        assert _without_csrf(client.get(url)) == first
    OpportunityCauseFactory(
        opportunity=OpportunityFactory(title="Plant trees 3", source=seeded["source"]), cause=seeded["cause"]
    )
    # A new listing is a new catalogue version: the counts are made again and include it.
    assert ">3 opportunities" in _without_csrf(client.get("/search/?cause=environment"))


@pytest.mark.parametrize("count", [1, 25])
@pytest.mark.parametrize(("who", "queries"), [("anon", 4), ("alice_client", 7)])
def test_a_listing_page_takes_the_same_number_of_queries_however_many_copies_it_has(
    request, django_assert_num_queries, who, queries, count
):
    # the listing + source + organisation, its causes, its skills, its copies elsewhere
    # (+ session, user, saved for a logged-in visitor)
    copies = [OpportunityFactory(title=f"Copy {number}") for number in range(count)]
    for copy in copies:
        copy.cluster_id = copies[0].pk
        copy.save()
        OpportunityCauseFactory(opportunity=copy)
        OpportunitySkillFactory(opportunity=copy)
    client = request.getfixturevalue(who)
    with django_assert_num_queries(queries):
        content = client.get(f"/opportunities/{copies[0].pk}/").content.decode()
    assert content.count("(<a href=") == count - 1  # "our copy" links


# --- cause, organisation and source pages ------------------------------------------------------


def test_a_cause_page_shows_the_cause_and_its_open_listings(anon):
    cause = CauseFactory(slug="animals", name="Animal Welfare")
    cause.description = "Care for animals in shelters and in the wild."
    cause.save()
    OpportunityCauseFactory(cause=cause, opportunity=OpportunityFactory(title="Walk shelter dogs"))
    OpportunityCauseFactory(cause=cause, opportunity=OpportunityFactory(title="Old", status=Status.EXPIRED))
    OpportunityFactory(title="Unrelated")
    response = anon.get("/causes/animals/")
    content = text(response)
    assert "<h1>Animal Welfare</h1>" in content
    assert "Care for animals in shelters and in the wild." in content
    assert card_titles(response) == ["Walk shelter dogs"]
    assert 'href="/search/?cause=animals"' in content


def test_a_cause_page_with_nothing_open_says_so(anon, taxonomy):
    content = text(anon.get("/causes/education-literacy/"))
    assert "Nothing open here right now." in content


@pytest.mark.parametrize("url", ["/causes/no-such-cause/", "/organizations/999999/", "/sources/999999/"])
def test_an_unknown_cause_organisation_or_source_is_404(anon, url):
    assert anon.get(url).status_code == 404


def test_an_organisation_page_shows_its_open_listings(anon):
    organization = OrganizationFactory(name="Harbour Trust", url="https://harbour.example.org/", country="FR")
    OpportunityFactory(title="Answer calls", organization=organization)
    OpportunityFactory(title="Closed", organization=organization, status=Status.WITHDRAWN)
    OpportunityFactory(title="Someone else's")
    response = anon.get(f"/organizations/{organization.pk}/")
    content = text(response)
    assert "<h1>Harbour Trust</h1>" in content
    assert "Based in France." in content
    assert card_titles(response) == ["Answer calls"]
    assert f'href="/search/?organization={organization.pk}"' in content


def test_a_source_page_shows_attribution_terms_freshness_and_its_listings(anon):
    source = SourceFactory(
        name="Good Deeds",
        attribution="Powered by Good Deeds",
        terms_url="https://gooddeeds.example.org/terms",
        last_success_at=timezone.now() - timedelta(hours=2),
    )
    OpportunityFactory(title="Deliver meals", source=source)
    OpportunityFactory(title="Expired", source=source, status=Status.EXPIRED)
    OpportunityFactory(title="Elsewhere")
    response = anon.get(f"/sources/{source.pk}/")
    content = text(response)
    assert "We list 1 open opportunity from Good Deeds." in content
    assert "<p>Powered by Good Deeds</p>" in content
    assert '<a href="https://gooddeeds.example.org/terms" rel="noopener nofollow">' in content
    assert "<dt>Last read successfully</dt><dd><time" in content
    assert "2\xa0hours ago" in content
    assert "Working normally" in content
    assert card_titles(response) == ["Deliver meals"]


@pytest.mark.parametrize(
    ("state", "says"),
    [
        (
            {"enabled": False, "paused_reason": "Asked us to stop"},
            "Paused: Asked us to stop. Its listings stay",
        ),
        ({"consecutive_failures": 3}, "Having trouble: the last 3 attempts failed; we keep retrying."),
        ({"last_success_at": None}, "<dt>Last read successfully</dt><dd>Not yet</dd>"),
    ],
)
def test_a_source_page_says_when_the_source_is_paused_or_failing(anon, state, says):
    source = SourceFactory(name="Flaky", **state)
    assert says in text(anon.get(f"/sources/{source.pk}/"))


def test_an_expired_listing_keeps_its_page_but_leaves_the_lists(anon):
    cause = CauseFactory(slug="health")
    opportunity = OpportunityFactory(title="Past role", status=Status.EXPIRED)
    OpportunityCauseFactory(cause=cause, opportunity=opportunity)
    assert "no longer available" in text(anon.get(f"/opportunities/{opportunity.pk}/"))
    for url in ("/search/", "/causes/health/", f"/sources/{opportunity.source_id}/", "/"):
        assert "Past role" not in text(anon.get(url))
