"""The browse filters (opportunities/filters.py) as the search page uses them: bound to request
parameters by selectors.opportunity_filterset, read back through opportunity_search (one card per
cluster, in a sort order) and opportunity_facets (the counts beside each value)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import timezone

from opportunities import paging, selectors
from opportunities.models import Status
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


def bound(**params):
    """The filterset for these parameters, as the page binds a request's query string."""
    filterset = selectors.opportunity_filterset(data=QueryDict(urlencode(params, doseq=True)))
    filterset.is_valid()
    return filterset


def titles(sort: str | None = None, **params) -> list[str]:
    """The card titles the first (large) page shows, in order."""
    filterset = bound(**params)
    chosen = selectors.search_sort(filterset=filterset, requested=sort)
    page = selectors.opportunity_search(filterset=filterset, sort=chosen, limit=100)
    return [item.title for item in page.items]


def found(**params) -> set[str]:
    return set(titles(**params))


def facets(**params) -> selectors.Facets:
    return selectors.opportunity_facets(filterset=bound(**params))


def counts(values: list[selectors.FacetValue]) -> dict[str, int]:
    return {value.value: value.count for value in values}


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def days_ahead(days: float):
    return timezone.now() + timedelta(days=days)


# --- what is listed ----------------------------------------------------------------------------


def test_only_active_listings_are_searched():
    OpportunityFactory(title="Open", status=Status.ACTIVE)
    OpportunityFactory(title="Closed", status=Status.EXPIRED)
    OpportunityFactory(title="Pulled", status=Status.WITHDRAWN)
    assert found() == {"Open"}
    assert found(q="open or closed or pulled") == {"Open"}
    assert facets().total == 1


def test_a_cluster_shows_its_richest_member_and_a_filter_on_the_other_source_shows_that_copy():
    rich = OpportunityFactory(title="Rich copy", cluster_rank=5)
    poor = OpportunityFactory(title="Poor copy", cluster_rank=1, cluster_id=rich.pk)
    rich.cluster_id = rich.pk
    rich.save()
    assert titles() == ["Rich copy"]
    assert titles(source=poor.source_id) == ["Poor copy"]
    assert titles(source=rich.source_id) == ["Rich copy"]


def test_a_cluster_with_equal_ranks_shows_its_oldest_member_once():
    first = OpportunityFactory(title="First", cluster_rank=3)
    OpportunityFactory(title="Second", cluster_rank=3, cluster_id=first.pk)
    first.cluster_id = first.pk
    first.save()
    assert titles() == ["First"]


def test_an_inactive_richer_member_does_not_hide_the_active_one():
    rich = OpportunityFactory(title="Rich but expired", cluster_rank=5, status=Status.EXPIRED)
    rich.cluster_id = rich.pk
    rich.save()
    OpportunityFactory(title="Still open", cluster_rank=1, cluster_id=rich.pk)
    assert titles() == ["Still open"]


# --- free text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "description_text", "summary"])
def test_words_are_found_in_the_title_the_description_and_the_summary(field):
    OpportunityFactory(**{"title": "A role", field: "Mentor young coders online"})
    OpportunityFactory(title="Another role", summary="Sort parcels", description_text="Drive a van")
    hits = titles(q="coders")
    assert len(hits) == 1
    assert hits[0] == ("Mentor young coders online" if field == "title" else "A role")


def test_words_are_found_in_the_organisation_name():
    OpportunityFactory(title="Answer calls", organization=OrganizationFactory(name="Harbour Lights Trust"))
    OpportunityFactory(title="Sort parcels", organization=OrganizationFactory(name="Food Share"))
    assert found(q="harbour") == {"Answer calls"}


@pytest.mark.parametrize(
    ("title", "query"), [("Educación para todos", "educacion"), ("educacion", "EDUCACIÓN")]
)
def test_search_ignores_accents_and_case(title, query):
    OpportunityFactory(title=title)
    OpportunityFactory(title="Gardening")
    assert found(q=query) == {title}


@pytest.mark.parametrize(("query", "expected"), [("tut", {"Online tutoring"}), ("tut ", set())])
def test_the_last_word_matches_as_a_prefix_until_a_space_follows_it(query, expected):
    OpportunityFactory(title="Online tutoring")
    assert found(q=query) == expected


def test_a_minus_word_leaves_out_listings_with_that_word():
    OpportunityFactory(title="Maths tutor")
    OpportunityFactory(title="English tutor")
    OpportunityFactory(title="Garden helper")
    assert found(q="tutor -maths") == {"English tutor"}
    assert found(q="-maths") == {"English tutor", "Garden helper"}


def test_or_finds_either_word():
    OpportunityFactory(title="Garden helper")
    OpportunityFactory(title="Kitchen helper")
    OpportunityFactory(title="Library helper")
    assert found(q="garden or kitchen") == {"Garden helper", "Kitchen helper"}


def test_a_quoted_phrase_needs_its_words_together_and_in_order():
    OpportunityFactory(title="Food bank driver")
    OpportunityFactory(title="Bank of food ideas")
    assert found(q='"food bank"') == {"Food bank driver"}
    assert found(q="food bank") == {"Food bank driver", "Bank of food ideas"}


def test_bare_words_must_all_match():
    OpportunityFactory(title="Tutor kids in maths")
    OpportunityFactory(title="Tutor adults")
    assert found(q="tutor kids") == {"Tutor kids in maths"}


# --- sort --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "requested", "expected"),
    [
        ("", None, paging.Sort.NEWEST),
        ("", "relevance", paging.Sort.NEWEST),  # nothing to match: best match means nothing
        ("", "closing", paging.Sort.CLOSING),
        ("tutor", None, paging.Sort.RELEVANCE),
        ("tutor", "closing", paging.Sort.CLOSING),
        ("tutor", "bogus", paging.Sort.RELEVANCE),
        ("-tutor", "relevance", paging.Sort.NEWEST),  # only exclusions: no words to rank by
    ],
)
def test_the_sort_is_best_match_only_when_there_are_words_to_match(q, requested, expected):
    assert selectors.search_sort(filterset=bound(q=q), requested=requested) == expected


def test_best_match_ranks_a_title_match_above_a_description_only_match():
    OpportunityFactory(title="Tutor teenagers", posted_at=days_ago(10))
    OpportunityFactory(
        title="Help at the club", description_text="You may tutor now and then", posted_at=days_ago(1)
    )
    assert titles(q="tutor") == ["Tutor teenagers", "Help at the club"]
    assert titles(q="tutor", sort="newest") == ["Help at the club", "Tutor teenagers"]


def test_newest_first_is_the_default_without_words_and_undated_listings_come_last():
    OpportunityFactory(title="Undated", posted_at=None)
    OpportunityFactory(title="Last week", posted_at=days_ago(7))
    OpportunityFactory(title="Today", posted_at=days_ago(0))
    OpportunityFactory(title="Yesterday", posted_at=days_ago(1))
    assert titles() == ["Today", "Yesterday", "Last week", "Undated"]
    assert titles(sort="relevance") == ["Today", "Yesterday", "Last week", "Undated"]


def test_closing_soon_puts_the_earliest_deadline_first_and_open_ended_listings_last():
    OpportunityFactory(title="No deadline", expires_at=None)
    OpportunityFactory(title="In a month", expires_at=days_ahead(30))
    OpportunityFactory(title="Tomorrow", expires_at=days_ahead(1))
    OpportunityFactory(title="Next week", expires_at=days_ahead(7))
    assert titles(sort="closing") == ["Tomorrow", "Next week", "In a month", "No deadline"]


# --- each filter -------------------------------------------------------------------------------


def test_several_causes_find_listings_about_any_of_them():
    for slug, title in [("health", "Clinic"), ("education", "School"), ("animals", "Shelter")]:
        OpportunityCauseFactory(cause=CauseFactory(slug=slug), opportunity=OpportunityFactory(title=title))
    OpportunityFactory(title="Untagged")
    assert found(cause="health") == {"Clinic"}
    assert found(cause=["health", "education"]) == {"Clinic", "School"}
    assert found(cause="no-such-cause") == set()


def test_a_listing_with_several_matching_causes_is_listed_once():
    opportunity = OpportunityFactory(title="Both")
    for slug in ("health", "education"):
        OpportunityCauseFactory(cause=CauseFactory(slug=slug), opportunity=opportunity)
    assert titles(cause=["health", "education"]) == ["Both"]


def test_the_skill_filter_finds_listings_with_that_skill():
    OpportunitySkillFactory(
        skill=SkillFactory(slug="translation"), opportunity=OpportunityFactory(title="Translate")
    )
    OpportunitySkillFactory(skill=SkillFactory(slug="design"), opportunity=OpportunityFactory(title="Design"))
    assert found(skill="translation") == {"Translate"}
    assert found(skill=["translation", "design"]) == {"Translate", "Design"}


def test_several_locations_find_any_of_them():
    for kind in ("remote", "hybrid", "onsite"):
        OpportunityFactory(title=kind, location_type=kind)
    assert found(location="remote") == {"remote"}
    assert found(location=["remote", "hybrid"]) == {"remote", "hybrid"}


@pytest.mark.parametrize(
    ("listing", "country", "included"),
    [
        ({"location_type": "remote", "remote_scope": "worldwide"}, "FR", True),
        ({"location_type": "remote", "remote_scope": ""}, "FR", True),  # no stated limit
        ({"location_type": "remote", "remote_scope": "countries", "eligible_countries": ["FR"]}, "FR", True),
        ({"location_type": "remote", "remote_scope": "countries", "eligible_countries": ["FR"]}, "DE", False),
        ({"location_type": "onsite", "country": "DE", "city": "Berlin"}, "FR", False),
        ({"location_type": "onsite", "country": "FR", "city": "Lyon"}, "FR", True),
        ({"location_type": "hybrid", "country": "DE"}, "FR", False),
    ],
)
def test_the_country_filter_keeps_what_people_there_can_do(listing, country, included):
    OpportunityFactory(title="Listing", **listing)
    assert found(country=country) == ({"Listing"} if included else set())


def test_the_overlap_filter_keeps_zones_sharing_enough_working_hours_and_listings_without_a_zone():
    OpportunityFactory(title="Chicago", timezone="America/Chicago")
    OpportunityFactory(title="Own pace", timezone="")
    OpportunityFactory(title="Tokyo", timezone="Asia/Tokyo")
    assert found(overlap=3, tz="America/New_York") == {"Chicago", "Own pace"}


def test_the_overlap_filter_uses_the_visitors_own_hours():
    OpportunityFactory(title="Tokyo", timezone="Asia/Tokyo")
    OpportunityFactory(title="Paris", timezone="Europe/Paris")
    # Tokyo's 09-17 is 19-03 (or 20-04) in New York: an evening volunteer overlaps it.
    assert found(overlap=3, tz="America/New_York", work_from=18, work_to=24) == {"Tokyo"}


def test_at_my_own_pace_keeps_only_listings_without_fixed_hours():
    OpportunityFactory(title="Own pace", timezone="")
    OpportunityFactory(title="Live", timezone="Europe/Paris")
    assert found(async_only="true") == {"Own pace"}
    assert found(async_only="false") == {"Own pace", "Live"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hours_min": 5}, {"5 h", "10 h"}),
        ({"hours_max": 5}, {"2 h", "5 h"}),
        ({"hours_min": 3, "hours_max": 8}, {"5 h"}),
        ({}, {"2 h", "5 h", "10 h", "Unstated"}),
    ],
)
def test_weekly_hours_bounds_are_inclusive_and_leave_out_unstated_hours(params, expected):
    for hours in (2, 5, 10):
        OpportunityFactory(title=f"{hours} h", hours_per_week=Decimal(hours))
    OpportunityFactory(title="Unstated", hours_per_week=None)
    assert found(**params) == expected


def test_several_schedules_find_any_of_them():
    for schedule in ("one_time", "ongoing", "flexible"):
        OpportunityFactory(title=schedule, schedule=schedule)
    OpportunityFactory(title="unstated", schedule="")
    assert found(schedule="ongoing") == {"ongoing"}
    assert found(schedule=["ongoing", "flexible"]) == {"ongoing", "flexible"}


@pytest.mark.parametrize(("language", "expected"), [("es", {"Mexico", "Spain"}), ("en", {"England"})])
def test_the_language_filter_matches_the_code_and_its_regional_variants(language, expected):
    OpportunityFactory(title="Mexico", languages=["es-MX"])
    OpportunityFactory(title="Spain", languages=["es"])
    OpportunityFactory(title="England", languages=["en"])
    OpportunityFactory(title="Estonia", languages=["et"])
    OpportunityFactory(title="Unstated", languages=[])
    assert found(language=language) == expected


@pytest.mark.parametrize(
    ("within", "expected"),
    [("1", {"Today"}), ("7", {"Today", "Five days ago"})],
)
def test_posted_within_keeps_recent_listings(within, expected):
    OpportunityFactory(title="Today", posted_at=days_ago(0.1))
    OpportunityFactory(title="Five days ago", posted_at=days_ago(5))
    OpportunityFactory(title="Two months ago", posted_at=days_ago(60))
    OpportunityFactory(title="Undated", posted_at=None)
    assert found(posted_within=within) == expected


def test_open_until_at_least_keeps_later_deadlines_that_day_and_open_ended_listings():
    day = (timezone.now() + timedelta(days=10)).date()
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    OpportunityFactory(title="Closes before", expires_at=noon + timedelta(days=5))
    OpportunityFactory(title="Closes that day", expires_at=noon + timedelta(days=10))
    OpportunityFactory(title="Closes after", expires_at=noon + timedelta(days=20))
    OpportunityFactory(title="Open-ended", expires_at=None)
    assert found(deadline_after=day.isoformat()) == {"Closes that day", "Closes after", "Open-ended"}


def test_the_source_and_organisation_filters_keep_only_theirs():
    source, organization = SourceFactory(), OrganizationFactory()
    OpportunityFactory(title="Both", source=source, organization=organization)
    OpportunityFactory(title="Source only", source=source)
    OpportunityFactory(title="Organisation only", organization=organization)
    OpportunityFactory(title="Neither")
    assert found(source=source.pk) == {"Both", "Source only"}
    assert found(organization=organization.pk) == {"Both", "Organisation only"}
    assert found(source=source.pk, organization=organization.pk) == {"Both"}


def test_different_filters_combine_with_and():
    health = CauseFactory(slug="health")
    for title, location, schedule in [
        ("Remote ongoing health", "remote", "ongoing"),
        ("Remote one-off health", "remote", "one_time"),
        ("Onsite ongoing health", "onsite", "ongoing"),
    ]:
        opportunity = OpportunityFactory(title=title, location_type=location, schedule=schedule)
        OpportunityCauseFactory(cause=health, opportunity=opportunity)
    OpportunityFactory(title="Remote ongoing untagged", location_type="remote", schedule="ongoing")
    assert found(cause="health", location="remote", schedule="ongoing") == {"Remote ongoing health"}
    assert found(q="health", location="remote", schedule="ongoing") == {"Remote ongoing health"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"hours_min": 5, "hours_max": 2}, "hours_max"),
        ({"tz": "Mars/Base", "overlap": 2}, "tz"),
        ({"work_from": 17, "work_to": 9}, "work_to"),
        ({"cause": "BAD SLUG!"}, "cause"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_parameters_are_reported_against_their_field(params, field):
    filterset = bound(**params)
    assert not filterset.is_valid()
    assert list(filterset.form.errors) == [field]


# --- facet counts ------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    """Six listings: health x3 (remote, remote, hybrid), education x2 (hybrid, onsite), one
    untagged remote; two sources."""
    health, education = (
        CauseFactory(slug="health", name="Health"),
        CauseFactory(slug="education", name="Education"),
    )
    first, second = SourceFactory(name="First source"), SourceFactory(name="Second source")
    rows = [
        ("h1", health, "remote", "ongoing", first),
        ("h2", health, "remote", "one_time", first),
        ("h3", health, "hybrid", "ongoing", second),
        ("e1", education, "hybrid", "flexible", second),
        ("e2", education, "onsite", "ongoing", first),
        ("u1", None, "remote", "flexible", second),
    ]
    for title, cause, location, schedule, source in rows:
        opportunity = OpportunityFactory(
            title=title, location_type=location, schedule=schedule, source=source
        )
        if cause is not None:
            OpportunityCauseFactory(cause=cause, opportunity=opportunity)
    return {"first": first, "second": second}


def test_facet_counts_count_the_active_listings_with_each_value(catalogue):
    OpportunityCauseFactory(
        cause=CauseFactory(slug="health"), opportunity=OpportunityFactory(status=Status.EXPIRED)
    )
    result = facets()
    assert result.total == 6
    assert counts(result.cause) == {"health": 3, "education": 2}
    assert counts(result.location) == {"remote": 3, "hybrid": 2, "onsite": 1}
    assert counts(result.schedule) == {"one_time": 1, "ongoing": 3, "flexible": 2}
    assert counts(result.source) == {str(catalogue["first"].pk): 3, str(catalogue["second"].pk): 3}
    assert [value.label for value in result.source] == ["First source", "Second source"]


def test_a_facets_own_choice_does_not_narrow_its_counts_but_the_other_filters_do(catalogue):
    result = facets(location="remote")
    assert result.total == 3
    # Hybrid still says how many hybrid listings there are, should the visitor add it.
    assert counts(result.location) == {"remote": 3, "hybrid": 2, "onsite": 1}
    assert [value.value for value in result.location if value.selected] == ["remote"]
    # The other facets count among remote listings only.
    assert counts(result.cause) == {"health": 2, "education": 0}
    assert counts(result.schedule) == {"one_time": 1, "ongoing": 1, "flexible": 1}


def test_facet_counts_follow_every_other_filter_at_once(catalogue):
    result = facets(cause="health", location=["remote", "hybrid"], schedule="ongoing")
    assert result.total == 2  # h1, h3
    assert counts(result.cause) == {"health": 2, "education": 0}  # ongoing, remote or hybrid
    assert counts(result.location) == {"remote": 1, "hybrid": 1, "onsite": 0}  # health, ongoing
    assert counts(result.schedule) == {"one_time": 1, "ongoing": 2, "flexible": 0}  # health, remote/hybrid


def test_the_total_follows_the_words_searched(catalogue):
    OpportunityFactory(title="Tutor online", location_type="remote")
    assert facets(q="tutor").total == 1
    assert facets(q="tutor", location="onsite").total == 0


def test_the_chosen_source_stays_listed_even_with_no_matches(catalogue):
    empty = SourceFactory(name="Empty source")
    result = facets(source=empty.pk)
    assert result.total == 0
    assert [(value.label, value.count, value.selected) for value in result.source] == [
        ("Empty source", 0, True),
        ("First source", 3, False),
        ("Second source", 3, False),
    ]


def test_a_cluster_counts_once_in_every_facet():
    cause = CauseFactory(slug="health")
    rich = OpportunityFactory(title="Rich", cluster_rank=5)
    rich.cluster_id = rich.pk
    rich.save()
    poor = OpportunityFactory(title="Poor", cluster_rank=1, cluster_id=rich.pk)
    for opportunity in (rich, poor):
        OpportunityCauseFactory(cause=cause, opportunity=opportunity)
    result = facets()
    assert result.total == 1
    assert counts(result.cause) == {"health": 1}
    assert counts(result.location)["remote"] == 1


@pytest.mark.parametrize("facet", ["source", "location"])
def test_a_facet_count_matches_the_cards_that_choosing_it_shows_for_a_duplicated_listing(facet):
    rich = OpportunityFactory(title="Rich copy", cluster_rank=5, location_type="hybrid")
    rich.cluster_id = rich.pk
    rich.save()
    poor = OpportunityFactory(title="Poor copy", cluster_rank=1, cluster_id=rich.pk, location_type="remote")
    value = str(poor.source_id) if facet == "source" else "remote"
    assert titles(**{facet: value}) == ["Poor copy"]
    listed = {item.value: item.count for item in getattr(facets(), facet)}
    assert listed.get(value) == 1
    assert facets(**{facet: value}).total == 1
