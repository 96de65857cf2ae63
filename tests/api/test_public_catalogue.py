"""The public catalogue under /api/v1/, read anonymously: the listings list (its shape, every browse
filter meaning what it means on the site, ordering, clusters, keyset paging both ways), one
listing in full, causes, skills, sources and organisations, and what each costs in queries."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from opportunities import selectors
from opportunities.models import Opportunity, Organization, Source, Status
from tests.api.problems import assert_problem
from tests.factories import (
    CauseFactory,
    OpportunityCauseFactory,
    OpportunityFactory,
    OpportunitySkillFactory,
    OrganizationFactory,
    SkillFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/opportunities/"
CARD_FIELDS = {
    "id", "title", "summary", "url", "apply_url", "organization", "source", "causes", "location_type",
    "remote_scope", "country", "eligible_countries", "timezone", "schedule", "hours_per_week",
    "commitment_text", "languages", "status", "posted_at", "expires_at", "updated_at", "cluster_id",
    "also_listed",
}  # fmt: skip
DETAIL_EXTRA_FIELDS = {
    "description_html", "description_text", "city", "region", "starts_at", "ends_at", "source_categories",
    "first_seen_at", "last_seen_at", "cause_tags", "skill_tags", "also_listed_on", "attribution",
}  # fmt: skip


def ago(days: float) -> datetime:
    return timezone.now() - timedelta(days=days)


def ahead(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def get_ok(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def query(params: dict) -> str:
    return urlencode(params, doseq=True)


def api_ids(client, params: dict) -> list[int]:
    body = get_ok(client, f"{LIST}?{query({**params, 'page_size': 100})}")
    assert body["next"] is None
    return [card["id"] for card in body["results"]]


def site_ids(params: dict, sort: str | None = None) -> list[int]:
    """What the browse page shows for the same parameters: its own FilterSet and search selector."""
    filterset = selectors.opportunity_filterset(data=QueryDict(query(params)))
    assert filterset.is_valid(), filterset.errors
    chosen = selectors.search_sort(filterset=filterset, requested=sort)
    return [
        item.pk for item in selectors.opportunity_search(filterset=filterset, sort=chosen, limit=100).items
    ]


# --- A small catalogue every filter can tell apart ------------------------------------------------


@dataclass
class Catalogue:
    by_title: dict[str, Opportunity]
    sources: dict[str, Source]
    organizations: dict[str, Organization]

    def titles(self, ids: list[int]) -> set[str]:
        names = {opportunity.pk: title for title, opportunity in self.by_title.items()}
        return {names[pk] for pk in ids}


@pytest.fixture
def catalogue() -> Catalogue:
    sources = {name: SourceFactory(name=name) for name in ("Source One", "Source Two", "Source Three")}
    organizations = {
        name: OrganizationFactory(name=name) for name in ("Read Together", "Care Line", "Paws", "Food Share")
    }
    causes = {slug: CauseFactory(slug=slug) for slug in ("education", "health", "animals", "hunger")}
    skills = {slug: SkillFactory(slug=slug) for slug in ("teaching", "phone-support", "translation")}
    rows = [
        # title, source, organisation, causes, skills, fields
        ("Tutor children in maths", "Source One", "Read Together", ["education"], ["teaching"],
         {"location_type": "remote", "remote_scope": "worldwide", "schedule": "ongoing",
          "hours_per_week": Decimal(2), "languages": ["en"], "timezone": "", "posted_at": ago(0.5),
          "expires_at": ahead(30)}),
        ("Clinic phone line", "Source Two", "Care Line", ["health"], ["phone-support"],
         {"location_type": "remote", "remote_scope": "countries", "eligible_countries": ["FR"],
          "summary": "Answer calls about health services", "schedule": "one_time",
          "hours_per_week": Decimal(5), "languages": ["fr"], "timezone": "Europe/Paris",
          "posted_at": ago(3), "expires_at": ahead(5)}),
        ("Shelter dog walking", "Source One", "Paws", ["animals"], [],
         {"location_type": "onsite", "country": "DE", "city": "Berlin", "schedule": "flexible",
          "hours_per_week": Decimal(10), "languages": ["de"], "timezone": "Europe/Berlin",
          "posted_at": ago(20), "expires_at": None}),
        ("Translate health leaflets", "Source Two", "Care Line", ["health", "education"], ["translation"],
         {"location_type": "remote", "remote_scope": "worldwide", "schedule": "flexible",
          "hours_per_week": Decimal(3), "languages": ["es-MX"], "timezone": "Asia/Tokyo",
          "posted_at": ago(60), "expires_at": ahead(60)}),
        ("Food bank logistics", "Source Three", "Food Share", ["hunger"], [],
         {"location_type": "hybrid", "country": "FR", "city": "Lyon", "schedule": "ongoing",
          "hours_per_week": None, "languages": [], "timezone": "America/Chicago", "posted_at": None,
          "expires_at": ahead(12)}),
        # Not active: they would match most filters, and must never be listed.
        ("Old tutoring drive", "Source One", "Read Together", ["education", "health"], ["teaching"],
         {"location_type": "remote", "remote_scope": "worldwide", "status": Status.EXPIRED,
          "schedule": "ongoing", "hours_per_week": Decimal(3), "languages": ["en", "es"], "timezone": "",
          "posted_at": ago(1), "expires_at": None}),
        ("Pulled tutoring role", "Source Two", "Care Line", ["health", "animals"], ["translation"],
         {"location_type": "remote", "remote_scope": "worldwide", "status": Status.WITHDRAWN,
          "schedule": "flexible", "hours_per_week": Decimal(4), "languages": ["es"], "timezone": "",
          "posted_at": ago(2), "expires_at": ahead(40)}),
    ]  # fmt: skip
    by_title = {}
    for title, source, organization, cause_slugs, skill_slugs, fields in rows:
        opportunity = OpportunityFactory(
            title=title, source=sources[source], organization=organizations[organization], **fields
        )
        for slug in cause_slugs:
            OpportunityCauseFactory(opportunity=opportunity, cause=causes[slug])
        for slug in skill_slugs:
            OpportunitySkillFactory(opportunity=opportunity, skill=skills[slug])
        by_title[title] = opportunity
    return Catalogue(by_title=by_title, sources=sources, organizations=organizations)


ACTIVE = {
    "Tutor children in maths",
    "Clinic phone line",
    "Shelter dog walking",
    "Translate health leaflets",
    "Food bank logistics",
}

# (parameters, or a function of the catalogue giving them; the titles they must find)
FILTER_CASES = [
    pytest.param({}, ACTIVE, id="no-filter"),
    pytest.param({"q": "tutor"}, {"Tutor children in maths"}, id="q-word"),
    pytest.param({"q": "health -clinic"}, {"Translate health leaflets"}, id="q-exclusion"),
    pytest.param({"cause": "health"}, {"Clinic phone line", "Translate health leaflets"}, id="cause"),
    pytest.param(
        {"cause": ["health", "animals"]},
        {"Clinic phone line", "Translate health leaflets", "Shelter dog walking"},
        id="cause-two-values",
    ),
    pytest.param({"skill": "translation"}, {"Translate health leaflets"}, id="skill"),
    pytest.param({"location": "onsite"}, {"Shelter dog walking"}, id="location"),
    pytest.param(
        {"location": ["remote", "hybrid"]}, ACTIVE - {"Shelter dog walking"}, id="location-two-values"
    ),
    pytest.param({"country": "FR"}, ACTIVE - {"Shelter dog walking"}, id="country-fr"),
    pytest.param(
        {"country": "de"},
        {"Tutor children in maths", "Shelter dog walking", "Translate health leaflets"},
        id="country-de",
    ),
    pytest.param({"language": "es"}, {"Translate health leaflets"}, id="language-subtag"),
    pytest.param(
        {"hours_min": 3},
        {"Clinic phone line", "Shelter dog walking", "Translate health leaflets"},
        id="hours-min",
    ),
    pytest.param(
        {"hours_max": "3"}, {"Tutor children in maths", "Translate health leaflets"}, id="hours-max"
    ),
    pytest.param(
        {"hours_min": 3, "hours_max": 5}, {"Clinic phone line", "Translate health leaflets"}, id="hours-range"
    ),
    pytest.param({"schedule": "ongoing"}, {"Tutor children in maths", "Food bank logistics"}, id="schedule"),
    pytest.param(
        {"posted_within": "7"}, {"Tutor children in maths", "Clinic phone line"}, id="posted-within"
    ),
    pytest.param(
        lambda c: {"deadline_after": timezone.localdate(ahead(10)).isoformat()},
        ACTIVE - {"Clinic phone line"},
        id="deadline-after",
    ),
    pytest.param(
        lambda c: {"source": c.sources["Source One"].pk},
        {"Tutor children in maths", "Shelter dog walking"},
        id="source",
    ),
    pytest.param(
        lambda c: {"organization": c.organizations["Care Line"].pk},
        {"Clinic phone line", "Translate health leaflets"},
        id="organization",
    ),
    # New York 09-17 shares 7 hours with Chicago's day, 3 at most with Paris's or Berlin's (whatever
    # the daylight-saving week), none with Tokyo's; a listing without a zone always overlaps.
    pytest.param(
        {"overlap": 4, "tz": "America/New_York", "work_from": 9, "work_to": 17},
        {"Tutor children in maths", "Food bank logistics"},
        id="overlap-tz-hours",
    ),
    pytest.param({"async_only": "true"}, {"Tutor children in maths"}, id="async-only"),
    pytest.param(
        {"cause": "health", "location": "remote", "posted_within": "7"},
        {"Clinic phone line"},
        id="combined-with-and",
    ),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_each_browse_filter_finds_what_the_site_finds(api_client, catalogue, params, expected):
    params = params(catalogue) if callable(params) else params
    ids = api_ids(api_client, params)
    assert ids == site_ids(params)  # same listings, same order
    assert catalogue.titles(ids) == expected


# --- The list's shape -----------------------------------------------------------------------------


def test_the_list_has_links_its_ordering_and_cards_with_every_field(api_client, catalogue):
    body = get_ok(api_client, "/api/v1/opportunities/?cause=health")

    assert set(body) == {"next", "previous", "ordering", "results"}
    assert body["next"] is None
    assert body["previous"] is None
    assert body["ordering"] == "newest"
    card = body["results"][0]
    assert set(card) == CARD_FIELDS
    clinic = catalogue.by_title["Clinic phone line"]
    assert card["id"] == clinic.pk
    assert card["title"] == "Clinic phone line"
    assert card["status"] == "active"
    assert card["organization"] == {"id": clinic.organization_id, "name": "Care Line", "url": ""}
    assert card["source"] == {"id": clinic.source_id, "name": "Source Two"}
    assert card["causes"] == [{"slug": "health", "name": "Health"}]
    assert card["eligible_countries"] == ["FR"]
    assert card["hours_per_week"] == 5.0
    assert card["also_listed"] == 0
    assert card["cluster_id"] is None


def test_withdrawn_and_expired_listings_are_not_listed_but_their_detail_shows_their_status(
    api_client, catalogue
):
    listed = api_ids(api_client, {"q": "tutoring or tutor"})
    assert catalogue.titles(listed) == {"Tutor children in maths"}
    for title, status in [("Old tutoring drive", "expired"), ("Pulled tutoring role", "withdrawn")]:
        opportunity = catalogue.by_title[title]
        assert opportunity.pk not in api_ids(api_client, {})
        detail = get_ok(api_client, f"/api/v1/opportunities/{opportunity.pk}/")
        assert detail["status"] == status
        assert detail["title"] == title


# --- Ordering ------------------------------------------------------------------------------------


@pytest.fixture
def dated() -> dict[str, Opportunity]:
    return {
        "old, closes soon": OpportunityFactory(
            title="Remote tutor wanted", posted_at=ago(9), expires_at=ahead(2)
        ),
        "new, open-ended": OpportunityFactory(
            title="Help the reading club",
            description_text="some tutor work",
            posted_at=ago(1),
            expires_at=None,
        ),
        "middle, closes late": OpportunityFactory(
            title="Sort parcels", summary="No teaching at all", posted_at=ago(4), expires_at=ahead(20)
        ),
    }


@pytest.mark.parametrize(
    ("params", "ordering", "expected"),
    [
        ({}, "newest", ["new, open-ended", "middle, closes late", "old, closes soon"]),
        ({"ordering": "newest"}, "newest", ["new, open-ended", "middle, closes late", "old, closes soon"]),
        ({"ordering": "closing"}, "closing", ["old, closes soon", "middle, closes late", "new, open-ended"]),
        # With words, best match is the default: a title match ranks above a description match.
        ({"q": "tutor"}, "relevance", ["old, closes soon", "new, open-ended"]),
        ({"q": "tutor", "ordering": "relevance"}, "relevance", ["old, closes soon", "new, open-ended"]),
        ({"q": "tutor", "ordering": "newest"}, "newest", ["new, open-ended", "old, closes soon"]),
    ],
)
def test_ordering_relevance_newest_and_closing(api_client, dated, params, ordering, expected):
    body = get_ok(api_client, f"{LIST}?{query(params)}")

    assert body["ordering"] == ordering
    names = {opportunity.pk: name for name, opportunity in dated.items()}
    assert [names[card["id"]] for card in body["results"]] == expected
    assert [card["id"] for card in body["results"]] == site_ids(params, sort=params.get("ordering"))


@pytest.mark.parametrize("params", [{"ordering": "relevance"}, {"ordering": "relevance", "q": "-tutor"}])
def test_relevance_without_words_to_match_is_a_400_on_ordering(api_client, dated, params):
    body = assert_problem(api_client.get(f"{LIST}?{query(params)}"), 400, field="ordering")
    assert [error["field"] for error in body["errors"]] == ["ordering"]


def test_an_unknown_ordering_is_a_400_on_ordering(api_client, dated):
    assert_problem(api_client.get("/api/v1/opportunities/?ordering=oldest"), 400, field="ordering")


# --- updated_since ----------------------------------------------------------------------------------


def test_updated_since_keeps_listings_changed_at_or_after_the_moment(api_client):
    moment = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    before = OpportunityFactory(title="Before")
    exactly = OpportunityFactory(title="Exactly then")
    later = OpportunityFactory(title="Later")
    Opportunity.objects.filter(pk=before.pk).update(updated_at=moment - timedelta(seconds=1))
    Opportunity.objects.filter(pk=exactly.pk).update(updated_at=moment)
    Opportunity.objects.filter(pk=later.pk).update(updated_at=moment + timedelta(minutes=5))

    ids = api_ids(api_client, {"updated_since": moment.isoformat()})
    assert sorted(ids) == sorted([exactly.pk, later.pk])
    # The same moment written in another offset means the same thing.
    in_paris = moment.astimezone(timezone.get_fixed_timezone(120)).isoformat()
    assert sorted(api_ids(api_client, {"updated_since": in_paris})) == sorted([exactly.pk, later.pk])
    assert len(api_ids(api_client, {})) == 3


def test_an_unreadable_updated_since_is_a_400_on_that_field(api_client):
    assert_problem(api_client.get("/api/v1/opportunities/?updated_since=yesterday"), 400, "updated_since")


# --- Clusters ------------------------------------------------------------------------------------


@pytest.fixture
def cluster() -> dict[str, Opportunity]:
    rich = OpportunityFactory(title="Rich copy", cluster_rank=5, posted_at=ago(1))
    members = {
        "rich": rich,
        "middle": OpportunityFactory(title="Middle copy", cluster_rank=2, posted_at=ago(2)),
        "poor": OpportunityFactory(title="Poor copy", cluster_rank=1, posted_at=ago(3)),
        "expired": OpportunityFactory(
            title="Expired richest copy", cluster_rank=9, status=Status.EXPIRED, posted_at=ago(0.5)
        ),
    }
    Opportunity.objects.filter(pk__in=[m.pk for m in members.values()]).update(cluster_id=rich.pk)
    members["alone"] = OpportunityFactory(title="Alone", posted_at=ago(4))
    for member in members.values():
        member.refresh_from_db()
    return members


def test_a_cluster_is_one_card_by_default_its_richest_active_member(api_client, cluster):
    cards = get_ok(api_client, LIST)["results"]

    assert [card["id"] for card in cards] == [cluster["rich"].pk, cluster["alone"].pk]
    assert cards[0]["cluster_id"] == cluster["rich"].pk
    assert cards[0]["also_listed"] == 2  # the middle and poor copies; not the expired one
    assert cards[1]["also_listed"] == 0


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_expand_clusters_lists_every_active_member(api_client, cluster, value):
    ids = api_ids(api_client, {"expand_clusters": value})
    assert ids == [cluster[name].pk for name in ("rich", "middle", "poor", "alone")]


def test_expand_clusters_false_is_the_default(api_client, cluster):
    assert api_ids(api_client, {"expand_clusters": "false"}) == api_ids(api_client, {})


def test_expand_clusters_takes_only_true_or_false(api_client, cluster):
    assert_problem(api_client.get("/api/v1/opportunities/?expand_clusters=maybe"), 400, "expand_clusters")


def test_cluster_lists_that_clusters_active_members_only(api_client, cluster):
    ids = api_ids(api_client, {"cluster": cluster["rich"].pk})
    assert ids == [cluster[name].pk for name in ("rich", "middle", "poor")]
    assert api_ids(api_client, {"cluster": cluster["alone"].pk}) == []  # not a cluster id: no members


# --- Paging --------------------------------------------------------------------------------------


TIE_BASE = timezone.now().replace(microsecond=0)


def _newest_distinct(n: int) -> dict:
    return {"posted_at": ago(n + 1)}


def _newest_ties_and_undated(n: int) -> dict:
    # Pairs posted at the same moment (the id breaks the tie), and three listings with no date.
    return {"posted_at": None if n >= 7 else TIE_BASE - timedelta(days=n // 2)}


def _closing_with_open_ended(n: int) -> dict:
    return {"expires_at": None if n % 3 == 0 else ahead(10 - n)}


def _relevance_mixed_ranks(n: int) -> dict:
    # Every listing matches "garden"; some say it more often, so ranks differ and some tie.
    return {"title": "Garden helper" if n % 2 else "Helper", "description_text": "garden " * (n % 3 + 1)}


@pytest.mark.parametrize(
    ("params", "make"),
    [
        pytest.param({}, _newest_distinct, id="newest"),
        pytest.param({"ordering": "newest"}, _newest_ties_and_undated, id="newest-ties-and-undated"),
        pytest.param({"ordering": "closing"}, _closing_with_open_ended, id="closing-open-ended-last"),
        pytest.param({"q": "garden"}, _relevance_mixed_ranks, id="relevance"),
    ],
)
def test_walking_next_then_previous_visits_every_listing_once_in_order(api_client, params, make):
    for n in range(10):
        OpportunityFactory(**make(n))
    expected = site_ids(params, sort=params.get("ordering"))
    assert len(expected) == 10

    pages: list[list[int]] = []
    url = f"{LIST}?{query({**params, 'page_size': 3})}"
    body = get_ok(api_client, url)
    assert body["previous"] is None  # the first page
    while True:
        pages.append([card["id"] for card in body["results"]])
        assert len(pages) <= 10, "next never ends"
        if body["next"] is None:
            break
        assert body["next"].startswith("http://testserver/api/v1/opportunities/?")
        body = get_ok(api_client, body["next"])
    assert [len(page) for page in pages] == [3, 3, 3, 1]
    walked = [pk for page in pages for pk in page]
    assert walked == expected
    assert len(set(walked)) == 10

    back = [pages[-1]]
    while body["previous"] is not None:
        body = get_ok(api_client, body["previous"])
        back.append([card["id"] for card in body["results"]])
        assert len(back) <= 10, "previous never ends"
    assert back == pages[::-1]
    assert body["next"] is not None  # back on the first page, which still leads forwards


def test_links_keep_the_filters_and_page_size(api_client):
    for n in range(3):
        OpportunityFactory(schedule="ongoing", posted_at=ago(n + 1))
    OpportunityFactory(schedule="flexible")
    body = get_ok(api_client, "/api/v1/opportunities/?schedule=ongoing&page_size=2")
    assert "schedule=ongoing" in body["next"]
    assert "page_size=2" in body["next"]
    second = get_ok(api_client, body["next"])
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "schedule=ongoing" in second["previous"]


@pytest.mark.parametrize("size", ["0", "101", "abc", "-1", "2.5"])
def test_a_page_size_outside_1_to_100_is_a_400_on_page_size(api_client, size):
    assert_problem(api_client.get(f"/api/v1/opportunities/?page_size={size}"), 400, field="page_size")


@pytest.mark.parametrize(("size", "shown"), [("1", 1), ("100", 2)])
def test_page_sizes_1_and_100_are_accepted(api_client, size, shown):
    OpportunityFactory.create_batch(2)
    body = get_ok(api_client, f"/api/v1/opportunities/?page_size={size}")
    assert len(body["results"]) == shown
    assert (body["next"] is None) == (shown == 2)


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor!!",
        _b64({"sort": "newest"}),
        _b64(["newest", "yesterday", 3]),
        _b64(["newest", None, "3"]),
        _b64(["closing", None, 3]),  # another sort's cursor
        _b64(["newest", None, 3, "sideways"]),
    ],
)
def test_a_damaged_cursor_is_a_400_malformed_request(api_client, cursor):
    OpportunityFactory()
    body = assert_problem(api_client.get(f"/api/v1/opportunities/?cursor={cursor}"), 400)
    assert body["type"].endswith("/malformed-request/")
    assert "first page" in body["detail"]


# --- One listing ---------------------------------------------------------------------------------


def test_the_detail_shows_tags_with_their_reasons_other_sites_and_attribution(api_client):
    source = SourceFactory(
        name="Global Minds",
        attribution="Powered by Global Minds",
        homepage_url="https://globalminds.example",
        terms_url="https://globalminds.example/terms",
    )
    listing = OpportunityFactory(title="Tutor", source=source, cluster_rank=5, description_text="Help")
    mate = OpportunityFactory(source=SourceFactory(name="Remote Helpers"), cluster_rank=1)
    gone = OpportunityFactory(source=SourceFactory(name="Closed Site"), status=Status.EXPIRED)
    Opportunity.objects.filter(pk__in=[listing.pk, mate.pk, gone.pk]).update(cluster_id=listing.pk)
    OpportunityCauseFactory(
        opportunity=listing, cause=CauseFactory(slug="education"), method="rule", reason='"tutor" in title',
        confidence=0.9,
    )  # fmt: skip
    OpportunitySkillFactory(
        opportunity=listing, skill=SkillFactory(slug="teaching"), method="model", reason="classifier",
        confidence=0.75,
    )  # fmt: skip

    body = get_ok(api_client, f"/api/v1/opportunities/{listing.pk}/")

    assert set(body) == CARD_FIELDS | DETAIL_EXTRA_FIELDS
    assert body["id"] == listing.pk
    assert body["description_text"] == "Help"
    assert body["cause_tags"] == [
        {"slug": "education", "name": "Education", "method": "rule", "reason": '"tutor" in title',
         "confidence": 0.9}
    ]  # fmt: skip
    assert body["skill_tags"] == [
        {
            "slug": "teaching",
            "name": "Teaching",
            "method": "model",
            "reason": "classifier",
            "confidence": 0.75,
        }
    ]
    assert body["also_listed_on"] == [
        {"id": mate.pk, "url": mate.url, "source": {"id": mate.source_id, "name": "Remote Helpers"}}
    ]
    assert body["also_listed"] == 1
    assert body["attribution"] == {
        "source": "Global Minds",
        "text": "Powered by Global Minds",
        "homepage_url": "https://globalminds.example",
        "terms_url": "https://globalminds.example/terms",
    }


def test_an_unknown_listing_is_a_404_problem(api_client):
    assert_problem(api_client.get("/api/v1/opportunities/999999/"), 404)


# --- Causes, skills, sources, organisations ------------------------------------------------------


def test_causes_list_in_taxonomy_order_with_their_active_counts(api_client):
    health = CauseFactory(slug="health", name="Health", position=2, description="Care", sdg=[3])
    animals = CauseFactory(slug="animals", name="Animals", position=1)
    for status in (Status.ACTIVE, Status.ACTIVE, Status.EXPIRED):
        OpportunityCauseFactory(cause=health, opportunity=OpportunityFactory(status=status))
    OpportunityCauseFactory(cause=animals, opportunity=OpportunityFactory(status=Status.WITHDRAWN))

    body = get_ok(api_client, "/api/v1/causes/")

    assert body == [
        {"slug": "animals", "name": "Animals", "description": "", "sdg": [], "active_count": 0},
        {"slug": "health", "name": "Health", "description": "Care", "sdg": [3], "active_count": 2},
    ]


def test_a_cause_by_its_slug(api_client):
    CauseFactory(slug="health", name="Health")
    OpportunityCauseFactory(cause=CauseFactory(slug="health"))
    body = get_ok(api_client, "/api/v1/causes/health/")
    assert body["slug"] == "health"
    assert body["name"] == "Health"
    assert body["active_count"] == 1
    assert_problem(api_client.get("/api/v1/causes/no-such-cause/"), 404)


def test_skills_list_and_one_skill(api_client):
    SkillFactory(slug="translation", name="Translation", position=2)
    SkillFactory(slug="design", name="Design", position=1)
    assert get_ok(api_client, "/api/v1/skills/") == [
        {"slug": "design", "name": "Design"},
        {"slug": "translation", "name": "Translation"},
    ]
    assert get_ok(api_client, "/api/v1/skills/design/") == {"slug": "design", "name": "Design"}
    assert_problem(api_client.get("/api/v1/skills/cooking/"), 404)


SOURCE_FIELDS = {
    "id", "name", "format", "homepage_url", "attribution", "terms_url", "enabled", "fetch_interval_minutes",
    "last_success_at", "last_fetched_at", "next_check_at", "consecutive_failures", "status", "active_count",
}  # fmt: skip
SECRET_KEYS = {
    "credentials", "credentials_encrypted", "credentials_masked", "etag", "last_error", "last_modified",
    "cursor", "lease_until", "url",
}  # fmt: skip


@pytest.fixture
def sources() -> dict[str, Source]:
    made = {
        "ok": SourceFactory(
            name="Healthy", attribution="Powered by Healthy", terms_url="https://h.example/t"
        ),
        "failing": SourceFactory(name="Failing", consecutive_failures=2),
        "paused": SourceFactory(name="Paused", paused_reason="Too many rejected items"),
        "disabled": SourceFactory(name="Disabled", enabled=False),
    }
    secret = made["failing"]
    secret.set_credentials({"api_key": "sk-live-TOPSECRET"})
    secret.etag = 'W/"etag-value-1"'
    secret.last_error = "HTTP 401 for https://api.example/?key=sk-live-TOPSECRET"
    secret.last_success_at = ago(1)
    secret.save()
    OpportunityFactory.create_batch(2, source=made["ok"])
    OpportunityFactory(source=made["ok"], status=Status.EXPIRED)
    return made


def test_sources_show_status_attribution_and_freshness_and_never_credentials(api_client, sources):
    body = get_ok(api_client, "/api/v1/sources/")

    assert set(body) == {"next", "previous", "results"}
    by_name = {row["name"]: row for row in body["results"]}
    assert list(by_name) == ["Healthy", "Failing", "Paused", "Disabled"]  # by id
    for row in body["results"]:
        assert set(row) == SOURCE_FIELDS
        assert not SECRET_KEYS & set(row)
    assert {name: row["status"] for name, row in by_name.items()} == {
        "Healthy": "ok",
        "Failing": "failing",
        "Paused": "paused",
        "Disabled": "disabled",
    }
    assert by_name["Healthy"]["attribution"] == "Powered by Healthy"
    assert by_name["Healthy"]["terms_url"] == "https://h.example/t"
    assert by_name["Healthy"]["active_count"] == 2
    assert by_name["Failing"]["consecutive_failures"] == 2
    assert by_name["Failing"]["last_success_at"] is not None
    raw = api_client.get("/api/v1/sources/").content.decode()
    assert "TOPSECRET" not in raw
    assert "etag-value-1" not in raw
    assert "HTTP 401" not in raw


def test_one_source_leaks_nothing_either(api_client, sources):
    body = get_ok(api_client, f"/api/v1/sources/{sources['failing'].pk}/")
    assert set(body) == SOURCE_FIELDS
    assert body["status"] == "failing"
    raw = api_client.get(f"/api/v1/sources/{sources['failing'].pk}/").content.decode()
    assert "TOPSECRET" not in raw
    assert "etag-value-1" not in raw
    assert_problem(api_client.get("/api/v1/sources/999999/"), 404)


def test_organizations_list_and_detail(api_client):
    first = OrganizationFactory(name="Read Together", url="https://read.example", country="GB")
    second = OrganizationFactory(name="Care Line")
    body = get_ok(api_client, "/api/v1/organizations/")

    assert set(body) == {"next", "previous", "results"}
    assert [row["id"] for row in body["results"]] == [first.pk, second.pk]
    assert set(body["results"][0]) == {"id", "name", "url", "country", "updated_at"}
    detail = get_ok(api_client, f"/api/v1/organizations/{first.pk}/")
    assert detail["name"] == "Read Together"
    assert detail["url"] == "https://read.example"
    assert detail["country"] == "GB"
    assert_problem(api_client.get("/api/v1/organizations/999999/"), 404)


def test_the_listings_of_an_organisation_follow_from_its_id(api_client):
    organization = OrganizationFactory()
    mine = OpportunityFactory(organization=organization)
    OpportunityFactory()
    assert api_ids(api_client, {"organization": organization.pk}) == [mine.pk]


# --- Queries: the same cost for 1 row and for 20 --------------------------------------------------

# The opportunities list: the page of rows (filters, one-per-cluster and also_listed are subqueries),
# their causes (one prefetch), and the catalogue's newest updated_at for Last-Modified.
LIST_QUERIES = 3
# The detail: the listing, its cause tags, its skill tags, its active cluster mates.
DETAIL_QUERIES = 4


def _rich_listings(n: int) -> list[Opportunity]:
    source, organization = SourceFactory(), OrganizationFactory()
    cause, skill = CauseFactory(slug="health"), SkillFactory(slug="design")
    made = []
    for _ in range(n):
        opportunity = OpportunityFactory(source=source, organization=organization)
        OpportunityCauseFactory(opportunity=opportunity, cause=cause)
        OpportunitySkillFactory(opportunity=opportunity, skill=skill)
        made.append(opportunity)
    return made


@pytest.mark.parametrize("n", [1, 20])
@pytest.mark.parametrize("params", ["", "?q=role", "?cause=health&expand_clusters=true", "?ordering=closing"])
def test_the_opportunities_list_costs_the_same_for_1_and_20_rows(
    api_client, django_assert_num_queries, n, params
):
    listings = _rich_listings(n)
    Opportunity.objects.filter(pk__in=[o.pk for o in listings]).update(cluster_id=listings[0].pk)
    # On SQLite a search for words first ranks the best matches in the index alone (one query).
    window = 1 if "q=" in params and connection.vendor == "sqlite" else 0
    with django_assert_num_queries(LIST_QUERIES + window):
        body = get_ok(api_client, f"{LIST}{params}")
    assert len(body["results"]) == (n if "expand" in params else 1)


@pytest.mark.parametrize("n", [1, 20])
def test_the_opportunities_list_walks_deep_pages_at_the_same_cost(api_client, django_assert_num_queries, n):
    _rich_listings(n + 1)
    first = get_ok(api_client, "/api/v1/opportunities/?page_size=1")
    url = first["next"]
    for _ in range(n - 1):
        url = get_ok(api_client, url)["next"]
    with django_assert_num_queries(LIST_QUERIES):
        body = get_ok(api_client, url)
    assert len(body["results"]) == 1
    assert body["previous"] is not None


@pytest.mark.parametrize("n", [1, 20])
def test_the_detail_costs_the_same_for_1_and_20_tags_and_cluster_mates(
    api_client, django_assert_num_queries, n
):
    listing = OpportunityFactory(cluster_rank=9)
    for index in range(n):
        OpportunityCauseFactory(opportunity=listing, cause=CauseFactory(slug=f"cause-{index}"))
        OpportunitySkillFactory(opportunity=listing, skill=SkillFactory(slug=f"skill-{index}"))
        OpportunityFactory(cluster_id=listing.pk)
    Opportunity.objects.filter(pk=listing.pk).update(cluster_id=listing.pk)
    with django_assert_num_queries(DETAIL_QUERIES):
        body = get_ok(api_client, f"/api/v1/opportunities/{listing.pk}/")
    assert len(body["cause_tags"]) == len(body["skill_tags"]) == len(body["also_listed_on"]) == n


@pytest.mark.parametrize("n", [1, 20])
def test_causes_cost_one_query_for_1_and_20(api_client, django_assert_num_queries, n):
    for index in range(n):
        OpportunityCauseFactory(cause=CauseFactory(slug=f"cause-{index}"))
    with django_assert_num_queries(1):
        assert len(get_ok(api_client, "/api/v1/causes/")) == n


@pytest.mark.parametrize("n", [1, 20])
def test_skills_cost_one_query_for_1_and_20(api_client, django_assert_num_queries, n):
    for index in range(n):
        SkillFactory(slug=f"skill-{index}")
    with django_assert_num_queries(1):
        assert len(get_ok(api_client, "/api/v1/skills/")) == n


@pytest.mark.parametrize("n", [1, 20])
def test_sources_cost_one_query_for_1_and_20(api_client, django_assert_num_queries, n):
    for _ in range(n):
        OpportunityFactory(source=SourceFactory())
    with django_assert_num_queries(1):
        assert len(get_ok(api_client, "/api/v1/sources/")["results"]) == n


@pytest.mark.parametrize("n", [1, 20])
def test_organizations_cost_one_query_for_1_and_20(api_client, django_assert_num_queries, n):
    OrganizationFactory.create_batch(n)
    with django_assert_num_queries(1):
        assert len(get_ok(api_client, "/api/v1/organizations/")["results"]) == n
