"""Search: p95 over a fixed list of 20 queries (10 rare, 5 medium, 5 common words), in-process
through the selector the site and the API use, and the query plan showing the full-text index."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.harness import Result, Samples, time_call
from bench.text import SEARCH_QUERIES
from opportunities import paging, selectors


def _search(word: str) -> list:
    filterset = selectors.opportunity_filterset(data={"q": word})
    return selectors.opportunity_search(filterset=filterset, sort=paging.Sort.RELEVANCE).items


def run(*, vendor: str, tier: int, mode: str) -> list[Result]:
    repeats = 5 if mode == "quick" else 11
    by_kind: dict[str, list[float]] = {kind: [] for kind in SEARCH_QUERIES}
    matches: dict[str, int] = {}
    for word in (word for words in SEARCH_QUERIES.values() for word in words):
        matches[word] = len(_search(word))  # warm-up, and a check that the word is there
    # Round-robin over the queries, so a slow moment of the machine is spread over all of them.
    for _ in range(repeats):
        for kind, words in SEARCH_QUERIES.items():
            for word in words:
                by_kind[kind].append(time_call(lambda word=word: _search(word)))
    every = Samples([value for values in by_kind.values() for value in values])
    summaries = {kind: Samples(values).summary() for kind, values in by_kind.items()}
    plan, uses_index = _plan(SEARCH_QUERIES["medium"][0], vendor=vendor)
    empty = [word for word, count in matches.items() if count == 0]
    return [
        Result(
            "search.p95",
            "Search p95 over 20 queries (10 rare, 5 medium, 5 common)",
            vendor,
            round(every.p95 * 1000, 2),
            "ms",
            "<=",
            50,
            tier=tier,
            gated=tier == 100_000,
            details={"all": every.summary(), "by_kind": summaries, "first_page_matches": matches},
            note=f"queries with no match: {', '.join(empty)}" if empty else "",
        ),
        Result(
            "search.p95_selective",
            "Search p95, selective (rare-word) queries",
            vendor,
            round(Samples(by_kind["rare"]).p95 * 1000, 2),
            "ms",
            "<=",
            50,
            tier=tier,
            gated=False,
            details=summaries["rare"],
        ),
        Result(
            "search.uses_index",
            "Search: EXPLAIN shows the full-text index in use",
            vendor,
            1 if uses_index else 0,
            "",
            "==",
            1,
            tier=tier,
            details={"plan": plan},
        ),
    ]


def _plan(word: str, *, vendor: str) -> tuple[str, bool]:
    with CaptureQueriesContext(connection) as captured:
        _search(word)
    sql = captured.captured_queries[0]["sql"]  # the rows; the causes' prefetch follows
    explain = "EXPLAIN QUERY PLAN " if vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
    if vendor == "sqlite":
        return plan, "VIRTUAL TABLE INDEX" in plan and "opportunity_fts" in plan
    return plan, "opportunity_search_gin" in plan
