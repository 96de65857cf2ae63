"""The API list against a bare `.values()` view, its query counts, and cursor paging at depth
against the first page (offset paging reported beside it)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bench.harness import Figure, Result, alternate, ratio
from opportunities import paging
from opportunities.models import Opportunity, OpportunityCause, Status
from opportunities.selectors import _one_per_cluster

LOCATION = "remote"
UNTHROTTLED = {"anon": "10000000/minute", "user": "10000000/minute"}


def _busiest_cause() -> str:
    """The cause with the most remote listings: the deepest list to page through."""
    busiest = (
        OpportunityCause.objects.filter(
            opportunity__status=Status.ACTIVE, opportunity__location_type=LOCATION
        )
        .values("cause__slug")
        .annotate(n=Count("id"))
        .order_by("-n", "cause__slug")
        .first()
    )
    if busiest is None:
        raise RuntimeError("the seeded database has no remote listing with a cause: seed it again")
    return busiest["cause__slug"]


def _get(client: Client, url: str) -> dict:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code} {response.content[:300]!r}")
    return response.json()


def run(*, vendor: str, tier: int, mode: str) -> list[Result]:
    repeats = 30 if mode == "quick" else 60
    with override_settings(ROOT_URLCONF="bench.urls", API_THROTTLE_RATES=UNTHROTTLED, ALLOWED_HOSTS=["*"]):
        client = Client()
        cause = _busiest_cause()
        query = f"cause={cause}&location={LOCATION}"
        api_url = f"/api/v1/opportunities/?{query}&page_size=50"
        bare_url = f"/bench/bare-list/?{query}&page_size=50"
        api_ids = [row["id"] for row in _get(client, api_url)["results"]]
        bare_ids = [row["id"] for row in _get(client, bare_url)["results"]]
        if api_ids != bare_ids:
            raise RuntimeError(
                "the bare view and the API disagree on the rows: the comparison would be unfair"
            )
        api, bare = alternate(
            lambda: _get(client, api_url), lambda: _get(client, bare_url), repeats=repeats, warmup=3
        )
        results = [
            ratio(
                "api.list_vs_bare_values",
                "API list (filters + causes, page 50) req/s ÷ bare .values() view req/s",
                vendor=vendor,
                tier=tier,
                numerator=Figure("API list", 1 / api.median, "req/s"),
                denominator=Figure("bare .values() + JsonResponse", 1 / bare.median, "req/s"),
                op=">=",
                bound=0.6,
                details={"api": api.summary(), "bare": bare.summary(), "url": api_url},
            ),
            *_query_counts(client, query, vendor=vendor, tier=tier),
            *_depth(client, query, cause=cause, vendor=vendor, tier=tier, repeats=repeats),
        ]
    return results


def _query_counts(client: Client, query: str, *, vendor: str, tier: int) -> list[Result]:
    counts = {}
    for size in (1, 50):
        with CaptureQueriesContext(connection) as captured:
            _get(client, f"/api/v1/opportunities/?{query}&page_size={size}")
        counts[size] = len(captured)
    return [
        Result(
            "api.list_queries",
            "API list: queries per request (page size 50)",
            vendor,
            counts[50],
            "queries",
            "<=",
            4,
            tier=tier,
            details={"by_page_size": counts},
        ),
        Result(
            "api.list_queries_spread",
            "API list: queries at page size 50 minus at page size 1",
            vendor,
            counts[50] - counts[1],
            "queries",
            "==",
            0,
            tier=tier,
            details={"by_page_size": counts},
        ),
    ]


def _depth(client: Client, query: str, *, cause: str, vendor: str, tier: int, repeats: int) -> list[Result]:
    """The page starting at 90 % of the list, reached by a cursor (keyset) and by an offset."""
    matching = _one_per_cluster(
        Opportunity.objects.filter(
            status=Status.ACTIVE, location_type=LOCATION, cause_tags__cause__slug=cause
        )
    ).order_by(*paging.ordering(paging.Sort.NEWEST))
    total = matching.count()
    depth = int(total * 0.9)
    row = matching[depth - 1]
    cursor = paging.encode(paging.position_of(paging.Sort.NEWEST, row))
    first_url = f"/api/v1/opportunities/?{query}&page_size=50"
    deep_url = f"{first_url}&cursor={cursor}"
    first, deep = alternate(
        lambda: _get(client, first_url), lambda: _get(client, deep_url), repeats=repeats, warmup=2
    )
    bare = f"/bench/bare-list/?{query}&page_size=50"
    offset_first, offset_deep = alternate(
        lambda: _get(client, bare), lambda: _get(client, f"{bare}&offset={depth}"), repeats=repeats, warmup=2
    )
    context = {"cards_in_list": total, "depth": depth}
    return [
        ratio(
            "api.cursor_depth",
            "Cursor page at 90 % depth p95 ÷ first page p95",
            vendor=vendor,
            tier=tier,
            numerator=Figure("p95 at 90 % depth", deep.p95 * 1000, "ms"),
            denominator=Figure("p95 first page", first.p95 * 1000, "ms"),
            op="<=",
            bound=1.5,
            details={**context, "deep": deep.summary(), "first": first.summary()},
        ),
        ratio(
            "api.offset_depth",
            "Offset page at 90 % depth p95 ÷ first page p95 (for comparison)",
            vendor=vendor,
            tier=tier,
            numerator=Figure("p95 at 90 % depth", offset_deep.p95 * 1000, "ms"),
            denominator=Figure("p95 first page", offset_first.p95 * 1000, "ms"),
            op="<=",
            bound=1.5,
            gated=False,
            details={**context, "deep": offset_deep.summary(), "first": offset_first.summary()},
        ),
    ]
