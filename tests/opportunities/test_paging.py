"""Keyset paging (opportunities/paging.py): the cursor format on its own, then walking every page
of a search through selectors.opportunity_search and getting each card exactly once, in order."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.utils import timezone as dj_timezone

from opportunities import paging, selectors
from opportunities.models import Status
from tests.factories import OpportunityFactory

MOMENT = datetime(2025, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)


def raw_cursor(value: object) -> str:
    """A cursor as encode() would make it, but of any JSON value (allow NaN, as json does)."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# --- the cursor on its own ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "position",
    [
        paging.Position(paging.Sort.NEWEST, MOMENT, 42),
        paging.Position(paging.Sort.CLOSING, MOMENT.astimezone(timezone(timedelta(hours=-5))), 7),
        paging.Position(paging.Sort.CLOSING, None, 1),
        paging.Position(paging.Sort.RELEVANCE, 1.999556639326092e-06, 3),
    ],
)
def test_a_cursor_decodes_to_the_position_it_was_made_from(position):
    cursor = paging.encode(position)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", cursor)  # safe in a URL as it is
    assert paging.decode(cursor, sort=position.sort) == position


def test_a_relevance_cursor_accepts_a_whole_number_score():
    assert paging.decode(raw_cursor(["relevance", 2, 5]), sort="relevance") == paging.Position(
        "relevance", 2.0, 5
    )


@pytest.mark.parametrize(
    ("sort", "cursor"),
    [
        ("newest", "!!!"),
        ("newest", "a"),  # no base64 has this length
        ("newest", raw_cursor(None)),
        ("newest", raw_cursor(["newest", None, 1, 2])),
        ("newest", raw_cursor(["newest", None, True])),  # a bool is not an id
        ("newest", raw_cursor(["newest", None, "1"])),
        ("newest", raw_cursor(["newest", "2025-03-01T12:30:15", 1])),  # naive: in which zone?
        ("closing", raw_cursor(["closing", "yesterday", 1])),
        ("relevance", raw_cursor(["relevance", float("nan"), 1])),
        ("relevance", raw_cursor(["relevance", True, 1])),
    ],
)
def test_decode_refuses_anything_that_is_not_one_of_our_cursors(sort, cursor):
    with pytest.raises(paging.BadCursor, match="damaged"):
        paging.decode(cursor, sort=sort)


@pytest.mark.parametrize(("made_for", "used_for"), [("newest", "closing"), ("relevance", "newest")])
def test_a_cursor_from_another_sort_order_is_refused(made_for, used_for):
    cursor = paging.encode(paging.Position(made_for, None, 1))
    with pytest.raises(paging.BadCursor, match="another sort order"):
        paging.decode(cursor, sort=used_for)


# --- walking every page ------------------------------------------------------------------------


def walk(sort: str, limit: int, **params: str) -> list[int]:
    """Every card id, page after page, following next_cursor (for at most 100 pages, so a cursor
    that never moves on fails the test instead of hanging it)."""
    filterset = selectors.opportunity_filterset(data=params)
    filterset.is_valid()
    ids: list[int] = []
    cursor = None
    for _ in range(100):
        page = selectors.opportunity_search(filterset=filterset, sort=sort, cursor=cursor, limit=limit)
        assert len(page.items) <= limit
        ids += [item.pk for item in page.items]
        cursor = page.next_cursor
        if cursor is None:
            return ids
        assert page.items, "a page with a next link must not be empty"
    raise AssertionError(f"still paging after 100 pages: {ids[:40]}…")


@pytest.fixture
def listings(db) -> dict[str, int]:
    """Eleven listings: ties on posted_at and on expires_at, some of each missing, a two-member
    cluster (only its richer copy is a card) and an expired listing (never a card)."""
    now = dj_timezone.now().replace(microsecond=0)
    tie = now - timedelta(days=2)
    specs = {
        "a": {"posted_at": now - timedelta(days=1), "expires_at": now + timedelta(days=3)},
        "b": {"posted_at": tie, "expires_at": now + timedelta(days=3)},
        "c": {"posted_at": tie, "expires_at": None},
        "d": {"posted_at": tie, "expires_at": now + timedelta(days=1)},
        "e": {"posted_at": None, "expires_at": now + timedelta(days=9)},
        "f": {"posted_at": None, "expires_at": None},
        "g": {"posted_at": now - timedelta(days=5), "expires_at": now + timedelta(days=3)},
        "h": {"posted_at": None, "expires_at": None},
        "rich": {"posted_at": now - timedelta(days=3), "expires_at": None, "cluster_rank": 5},
        "poor": {"posted_at": now, "expires_at": now, "cluster_rank": 1},
        "expired": {"posted_at": now, "expires_at": now, "status": Status.EXPIRED},
    }
    made = {name: OpportunityFactory(title=f"tutor {name}", **values) for name, values in specs.items()}
    made["rich"].cluster_id = made["poor"].cluster_id = made["rich"].pk
    made["rich"].save()
    made["poor"].save()
    return {name: opportunity.pk for name, opportunity in made.items()}


# The cards in each order: ties broken by id (descending for newest, ascending for closing soon),
# missing dates last; the poorer copy of the cluster and the expired listing are never cards.
ORDER = {
    "newest": ["a", "d", "c", "b", "rich", "g", "h", "f", "e"],
    "closing": ["d", "a", "b", "g", "e", "c", "f", "h", "rich"],
}


def expected_order(sort: str, ids: dict[str, int]) -> list[int]:
    return [ids[name] for name in ORDER[sort]]


@pytest.mark.parametrize("sort", ["newest", "closing"])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_walking_every_page_gives_each_card_once_in_order(listings, sort, limit):
    assert walk(sort, limit) == expected_order(sort, listings)


def bound(params: dict[str, str] | None = None):
    filterset = selectors.opportunity_filterset(data=params or {})
    filterset.is_valid()
    return filterset


def test_a_filterset_not_yet_validated_is_searched_as_given(listings):
    filterset = selectors.opportunity_filterset(data={"q": "tutor"})
    assert selectors.opportunity_search(filterset=filterset, sort="relevance", limit=100).items


def test_only_a_page_with_more_after_it_has_a_next_cursor(listings):
    assert selectors.opportunity_search(filterset=bound(), sort="newest", limit=9).next_cursor is None
    assert selectors.opportunity_search(filterset=bound(), sort="newest", limit=8).next_cursor is not None


@pytest.mark.parametrize("sort", ["newest", "closing"])
def test_walking_a_filtered_search_pages_through_its_matches_only(listings, sort):
    # Without the richer copy of the cluster, the poorer one is the card.
    wanted = {pk for name, pk in listings.items() if name not in ("rich", "g", "expired")}
    everything = selectors.opportunity_search(filterset=bound({"q": "tutor -rich -g"}), sort=sort, limit=100)
    one_page = [item.pk for item in everything.items]
    assert set(one_page) == wanted
    assert walk(sort, 2, q="tutor -rich -g") == one_page


@pytest.mark.parametrize("limit", [1, 3])
def test_walking_best_match_pages_gives_each_card_once_in_score_order(db, limit):
    for _ in range(4):  # ties: the same text, so the same score
        OpportunityFactory(title="tutor kids", description_text="same words")
    for number in range(4):  # weaker matches, each a little longer than the last
        OpportunityFactory(title="help", description_text="tutor " + "and more " * number)
    everything = selectors.opportunity_search(
        filterset=bound({"q": "tutor"}), sort="relevance", limit=100
    ).items
    scores = [item.search_rank for item in everything]
    assert scores == sorted(scores, reverse=True)
    assert len(set(scores)) < len(scores)  # the ties are really there
    assert walk("relevance", limit, q="tutor") == [item.pk for item in everything]


@pytest.mark.parametrize("window", [1, 2, 5, 1000])
@pytest.mark.parametrize("params", [{"q": "tutor"}, {"q": "tutor", "location": "remote"}])
def test_best_match_pages_are_the_same_whatever_the_index_window(db, monkeypatch, window, params):
    """SQLite ranks a window of best matches in the index first; a window the filters leave too
    few rows of, or one that ends mid-page, must give exactly the pages full ranking gives."""
    for number in range(9):
        OpportunityFactory(
            title="tutor" if number % 3 else "tutor kids",
            description_text="tutor " + "and more " * number,
            location_type="remote" if number % 2 else "onsite",
        )
    monkeypatch.setattr(selectors, "RANK_WINDOW", 10_000)
    everything = [
        item.pk
        for item in selectors.opportunity_search(filterset=bound(params), sort="relevance", limit=100).items
    ]
    monkeypatch.setattr(selectors, "RANK_WINDOW", window)
    assert walk("relevance", 2, **params) == everything
    # …and backwards, from the last page to the first.
    filterset, pages, cursor = bound(params), [], None
    while True:
        page = selectors.opportunity_search(filterset=filterset, sort="relevance", cursor=cursor, limit=2)
        pages.append([item.pk for item in page.items])
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    back = [pages[-1]]
    cursor = selectors.opportunity_search(
        filterset=filterset, sort="relevance", cursor=cursor, limit=2
    ).previous_cursor
    while cursor:
        page = selectors.opportunity_search(filterset=filterset, sort="relevance", cursor=cursor, limit=2)
        back.insert(0, [item.pk for item in page.items])
        cursor = page.previous_cursor
    assert back == pages


@pytest.mark.parametrize(
    ("sort", "after", "rest"),
    [
        ("newest", "c", ["b", "rich", "g", "h", "f", "e"]),  # inside a tie
        ("newest", "h", ["f", "e"]),  # among the undated
        ("closing", "g", ["e", "c", "f", "h", "rich"]),  # the open-ended ones still follow
        ("closing", "f", ["h", "rich"]),
    ],
)
def test_a_cursor_naming_any_listing_starts_right_after_it(listings, sort, after, rest):
    row = selectors.opportunity_get(opportunity_id=listings[after])
    cursor = paging.encode(paging.position_of(sort, row))
    page = selectors.opportunity_search(filterset=bound(), sort=sort, cursor=cursor, limit=100)
    assert [item.pk for item in page.items] == [listings[name] for name in rest]


def test_opportunity_search_refuses_a_bad_cursor(listings):
    with pytest.raises(paging.BadCursor):
        selectors.opportunity_search(filterset=bound(), sort="newest", cursor="garbage")
