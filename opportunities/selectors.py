"""Reads. Each selector states its prefetching, so templates and serializers never query."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from opportunities import fulltext, paging, search
from opportunities.filters import OpportunityApiFilter, OpportunityFilter
from opportunities.models import (
    Cause,
    Heartbeat,
    LocationType,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    SavedOpportunity,
    Schedule,
    Skill,
    Source,
    Status,
)


def _cluster_mates() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(cluster_id=OuterRef("cluster_id"), status=Status.ACTIVE).exclude(
        pk=OuterRef("pk")
    )


def opportunity_list_active() -> QuerySet[Opportunity]:
    """Active listings, newest first, one per cluster (its richest active member), with what a
    card shows: organisation, source, causes, and on how many other sites it is listed."""
    active = Opportunity.objects.filter(status=Status.ACTIVE)
    return _with_card_data(_one_per_cluster(active)).order_by("-posted_at", "-id")


def cause_list_with_counts() -> QuerySet[Cause]:
    """Every cause with the number of active listings tagged with it."""
    return Cause.objects.annotate(
        active_count=Count("opportunity_tags", filter=Q(opportunity_tags__opportunity__status=Status.ACTIVE))
    ).order_by("position")


def cause_list_with_counts_cached() -> list[Cause]:
    """cause_list_with_counts(), kept until the catalogue changes: it counts every tag row."""
    return _cached("causes", None, lambda: list(cause_list_with_counts()))


def heartbeat_get(*, name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def opportunity_export(
    *, source_name: str | None = None, include_inactive: bool = False
) -> QuerySet[Opportunity]:
    """Every listing (or one source's) in a stable order, with what the export prints."""
    queryset = Opportunity.objects.select_related("source", "organization").prefetch_related(
        Prefetch(
            "cause_tags", queryset=OpportunityCause.objects.select_related("cause").order_by("cause__slug")
        ),
        Prefetch(
            "skill_tags", queryset=OpportunitySkill.objects.select_related("skill").order_by("skill__slug")
        ),
    )
    if source_name is not None:
        queryset = queryset.filter(source__name=source_name)
    if not include_inactive:
        queryset = queryset.filter(status=Status.ACTIVE)
    return queryset.order_by("source__name", "source_item_id")


def opportunity_get(*, opportunity_id: int) -> Opportunity | None:
    """One listing in any status (an expired one keeps its page), with what the page shows."""
    return (
        Opportunity.objects.select_related("organization", "source")
        .prefetch_related(*_tag_prefetches())
        .filter(pk=opportunity_id)
        .first()
    )


def opportunity_cluster_members(*, opportunity: Opportunity, active_only: bool = False) -> list[Opportunity]:
    """The other members of its duplicate cluster (in any status, or only the active ones), with
    their source."""
    if opportunity.cluster_id is None:
        return []
    members = Opportunity.objects.filter(cluster_id=opportunity.cluster_id).exclude(pk=opportunity.pk)
    if active_only:
        members = members.filter(status=Status.ACTIVE)
    return list(members.select_related("source").order_by("source__name", "id"))


def opportunity_also_listed(*, opportunity: Opportunity) -> list[Opportunity]:
    """The same opportunity on other sites: the other active members of its cluster."""
    return opportunity_cluster_members(opportunity=opportunity, active_only=True)


# --- Browse and search -------------------------------------------------------------------------

PAGE_SIZE = 20
# Counts over the catalogue are cached per catalogue version; the TTL only bounds how long a count
# that also depends on the clock ("posted within 7 days") or a renamed source can lag.
CATALOGUE_CACHE_SECONDS = 600


@dataclass(frozen=True)
class ResultsPage:
    items: list[Opportunity]
    next_cursor: str | None
    sort: str
    previous_cursor: str | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facets:
    total: int
    cause: list[FacetValue]
    skill: list[FacetValue]
    location: list[FacetValue]
    schedule: list[FacetValue]
    source: list[FacetValue]


def opportunity_filterset(*, data: Mapping[str, Any] | None) -> OpportunityFilter:
    """The browse filters bound to a request's parameters, over active listings."""
    return OpportunityFilter(data, queryset=Opportunity.objects.filter(status=Status.ACTIVE))


def opportunity_api_filterset(*, data: Mapping[str, Any] | None) -> OpportunityApiFilter:
    """The API's filters (the browse filters, plus updated_since and cluster) over active listings."""
    return OpportunityApiFilter(data, queryset=Opportunity.objects.filter(status=Status.ACTIVE))


def catalogue_last_modified() -> datetime | None:
    """When any listing last changed (content or status): an upper bound for every list of
    listings, so Last-Modified is never too old. One index lookup on (updated_at, id)."""
    return Opportunity.objects.aggregate(last=Max("updated_at"))["last"]


def _one_per_cluster(queryset: QuerySet[Opportunity], *, by_ids: bool = False) -> QuerySet[Opportunity]:
    """Of the listings in `queryset`, the one to show for each cluster: its richest member among
    those that match (so a filter on one source still shows that source's copy).

    `by_ids` (for a search by words): the richer member is sought through the cluster index among
    the matching ids, listed once per query. With the filters repeated inside the correlated
    subquery, SQLite listed the word's matches again for every row, or picked another filter's
    index there (posted_at) and rescanned it per row: over a second at 100k listings. Without
    words, repeating the filters is the cheaper plan (no list of every matching id to build)."""
    candidates = queryset
    if by_ids:
        candidates = Opportunity.objects.filter(status=Status.ACTIVE, pk__in=queryset.order_by().values("pk"))
    richer = (
        candidates.filter(cluster_id=OuterRef("cluster_id"))
        .exclude(pk=OuterRef("pk"))
        .filter(
            Q(cluster_rank__gt=OuterRef("cluster_rank"))
            | Q(cluster_rank=OuterRef("cluster_rank"), pk__lt=OuterRef("pk"))
        )
    )
    return queryset.exclude(Exists(richer))


# What no card shows (lists and the API's list read only the card's fields): the full text, the
# source's raw item and the fetch state. Loading and decoding them was two thirds of an API list's
# time at page size 50.
CARD_DEFERRED = (
    "raw", "description_html", "description_text", "source_categories", "stated_causes", "stated_skills",
    "dedupe_url_key", "content_hash", "source__cursor", "source__terms_text", "source__credentials_encrypted",
    "source__last_error", "source__paused_reason", "source__payload_hash",
)  # fmt: skip


def _with_card_data(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    also_on = _cluster_mates().order_by().values("cluster_id").annotate(n=Count("pk")).values("n")
    return (
        queryset.annotate(also_listed=Coalesce(Subquery(also_on), 0))
        .select_related("organization", "source")
        .defer(*CARD_DEFERRED)
        .prefetch_related(_cause_tags_prefetch())
    )


def search_has_words(*, filterset: OpportunityFilter) -> bool:
    """Whether the search box holds words to match (not only -exclusions): best match makes sense."""
    filterset.is_valid()  # an invalid filter elsewhere is reported, but the words still count
    query = search.parse(filterset.form.cleaned_data.get("q"))
    return query is not None and query.has_positive()


def search_sort(*, filterset: OpportunityFilter, requested: str | None) -> str:
    """The sort to use: as asked when it makes sense; best match when there are words to match."""
    has_words = search_has_words(filterset=filterset)
    if requested in paging.Sort.VALUES and (requested != paging.Sort.RELEVANCE or has_words):
        return requested
    return paging.Sort.RELEVANCE if has_words else paging.Sort.NEWEST


def opportunity_search(
    *,
    filterset: OpportunityFilter,
    sort: str,
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
    one_per_cluster: bool = True,
) -> ResultsPage:
    """One page of results in `sort` order, after `cursor` (or before it, for a backwards cursor):
    one card per cluster, or every listing with `one_per_cluster=False`.

    A constant number of queries whatever the page holds: the rows, then their causes (and on
    SQLite, for best match, the index's window of best matches first; see _ranked_rows). Raises
    paging.BadCursor for a cursor that is not ours.
    """
    base = filterset.qs  # validates the form first
    words = bool(getattr(filterset.form, "cleaned_data", {}).get("q"))
    matching = _one_per_cluster(base, by_ids=words) if one_per_cluster else base
    queryset = _with_card_data(matching)
    position = paging.decode(cursor, sort=sort) if cursor else None
    backwards = position is not None and position.backwards
    if sort == paging.Sort.RELEVANCE:
        query = search.parse(filterset.form.cleaned_data.get("q"))
        if query is None or not query.has_positive():
            raise ValueError("best-match order needs words to match")
        keyset = (position.key, position.id) if position is not None and position.key is not None else None
        rows = _ranked_rows(queryset, matching, query=query, keyset=keyset, backwards=backwards, limit=limit)
    elif backwards:
        queryset = queryset.filter(paging.before(position)).order_by(*paging.reverse_ordering(sort))
    else:
        if position is not None:
            queryset = queryset.filter(paging.after(position))
        queryset = queryset.order_by(*paging.ordering(sort))
    if sort != paging.Sort.RELEVANCE:
        rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if backwards:
        rows.reverse()
        has_next, has_previous = bool(rows), more
    else:
        has_next, has_previous = more, position is not None and bool(rows)
    return ResultsPage(
        items=rows,
        next_cursor=paging.encode(paging.position_of(sort, rows[-1])) if has_next else None,
        previous_cursor=paging.encode(paging.position_of(sort, rows[0], backwards=True))
        if has_previous
        else None,
        sort=sort,
    )


# SQLite ranks the best matches in its index first: a common word matches a third of the
# catalogue, and ranking every match through the table took 150-200 ms at 100k listings.
RANK_WINDOW = 300


def _ranked_rows(
    queryset: QuerySet[Opportunity],
    matching: QuerySet[Opportunity],
    *,
    query: search.SearchQuery,
    keyset: tuple[float, int] | None,
    backwards: bool,
    limit: int,
) -> list[Opportunity]:
    """One page (plus one row) of `queryset` (the cards of `matching`) in relevance order, exact
    either way: the window holds the best matches in order, so if its rows that pass the filters
    fill the page, they are the page, and if the window held every match, its rows are all there
    is. Otherwise (a common word, narrow filters) the index ranks every match and the table lists
    which cards pass the filters, ids only; driving the table from every match instead took over
    a second at 100k listings."""
    after, before = (None, keyset) if backwards else (keyset, None)
    if connection.vendor == "sqlite":
        best = fulltext.best_matches(query=query, after=after, before=before, limit=RANK_WINDOW)
        rows = list(fulltext.order_by_known_rank(queryset, ranks=best, backwards=backwards)[: limit + 1])
        if len(rows) > limit or len(best) < RANK_WINDOW:
            return rows
        rank_of = dict(fulltext.best_matches(query=query, after=after, before=before, limit=None))
        passing = [pk for pk in matching.values_list("pk", flat=True) if pk in rank_of]
        sign = 1 if backwards else -1
        page = sorted(passing, key=lambda pk: (sign * rank_of[pk], sign * pk))[: limit + 1]
        return list(
            fulltext.order_by_known_rank(
                queryset, ranks=[(pk, rank_of[pk]) for pk in page], backwards=backwards
            )
        )
    ranked = fulltext.order_by_rank(
        queryset, query=query, vendor=connection.vendor, after=after, before=before
    )
    return list(ranked[: limit + 1])


def _cards(prefix: str = "") -> Count:
    """How many cards a set of listings makes: one per duplicate cluster (a listing in no cluster
    is its own). The one-per-cluster rule shows a cluster when any member matches, so counting
    distinct clusters among the matching rows is exactly the number of cards picking would show."""
    return Count(Coalesce(f"{prefix}cluster_id", f"{prefix}id"), distinct=True)


def catalogue_version() -> str:
    """Changes whenever any listing changes (content or status): a cache key for counts over the
    catalogue, so a cached count is never older than the data. One index lookup."""
    last = catalogue_last_modified()
    return last.isoformat() if last else "empty"


def _cached(name: str, parts: object, compute: Callable[[], Any]) -> Any:
    """compute(), kept in the cache under `name`, `parts` and the catalogue version."""
    digest = hashlib.sha256(repr((parts, catalogue_version())).encode()).hexdigest()[:32]
    key = f"catalogue:{name}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CATALOGUE_CACHE_SECONDS)
    return found


def opportunity_facets(*, filterset: OpportunityFilter) -> Facets:
    """Counts beside each filter value: how many cards picking it would give, every other filter
    applied (a filter's own choice does not narrow its own counts). Nine queries, counting tens of
    thousands of rows for a broad search, so they are cached per search until the catalogue changes
    (one query then); a "posted within" count also ages with the clock, for at most the TTL."""
    filterset.is_valid()
    parts = sorted((name, repr(value)) for name, value in filterset.form.cleaned_data.items())
    return _cached("facets", parts, lambda: _facets_count(filterset))


def _facets_count(filterset: OpportunityFilter) -> Facets:
    data = filterset.form.cleaned_data

    def grouped(name: str, field: str) -> dict[Any, int]:
        rows = filterset.filter_without(name).order_by().values_list(field).annotate(n=_cards())
        return dict(rows.values_list(field, "n"))

    def tagged(name: str, model: type[OpportunityCause] | type[OpportunitySkill], key: str) -> dict[Any, int]:
        matching = filterset.filter_without(name)
        rows = (
            model.objects.filter(opportunity__in=matching)
            .values_list(key)
            .annotate(n=_cards("opportunity__"))
        )
        return dict(rows.order_by().values_list(key, "n"))

    cause_counts = tagged("cause", OpportunityCause, "cause__slug")
    skill_counts = tagged("skill", OpportunitySkill, "skill__slug")
    location_counts = grouped("location", "location_type")
    schedule_counts = grouped("schedule", "schedule")
    source_counts = grouped("source", "source_id")
    selected_source = str(data.get("source") or "")
    return Facets(
        total=filterset.qs.order_by().aggregate(n=_cards())["n"],
        cause=[
            FacetValue(
                cause.slug, cause.name, cause_counts.get(cause.slug, 0), cause.slug in data.get("cause", [])
            )
            for cause in Cause.objects.order_by("position")
        ],
        skill=[
            FacetValue(
                skill.slug, skill.name, skill_counts.get(skill.slug, 0), skill.slug in data.get("skill", [])
            )
            for skill in Skill.objects.order_by("position")
        ],
        location=[
            FacetValue(value, label, location_counts.get(value, 0), value in data.get("location", []))
            for value, label in LocationType.choices
        ],
        schedule=[
            FacetValue(value, label, schedule_counts.get(value, 0), value in data.get("schedule", []))
            for value, label in Schedule.choices
        ],
        source=[
            FacetValue(
                str(source.pk),
                source.name,
                source_counts.get(source.pk, 0),
                str(source.pk) == selected_source,
            )
            for source in Source.objects.order_by("name")
            if source.pk in source_counts or str(source.pk) == selected_source
        ],
    )


def opportunity_saved_ids(*, user: Any, opportunity_ids: list[int]) -> set[int]:
    """Which of these listings the user has saved (none for an anonymous visitor, no query)."""
    if not user.is_authenticated or not opportunity_ids:
        return set()
    return set(
        SavedOpportunity.objects.filter(user=user, opportunity_id__in=opportunity_ids).values_list(
            "opportunity_id", flat=True
        )
    )


def organization_get(*, organization_id: int) -> Organization | None:
    return Organization.objects.filter(pk=organization_id).first()


def cause_get(*, slug: str) -> Cause | None:
    return Cause.objects.filter(slug=slug).first()


def source_get(*, source_id: int) -> Source | None:
    return source_list_with_counts().filter(pk=source_id).first()


# --- API reads ---------------------------------------------------------------------------------


def opportunity_changes(
    *, after: tuple[datetime, int] | None, until: datetime, limit: int
) -> list[Opportunity]:
    """Listings in change-feed order, (updated_at, id), strictly after `after`, changed no later
    than `until`, with what an item's data shows. Three queries (rows, causes, skills) at any depth:
    the (updated_at, id) index seeks straight to the position."""
    queryset = Opportunity.objects.filter(updated_at__lte=until)
    if after is not None:
        moment, last_id = after
        queryset = queryset.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, id__gt=last_id))
    return list(
        queryset.select_related("organization", "source")
        .prefetch_related(*_tag_prefetches())
        .order_by("updated_at", "id")[:limit]
    )


def _cause_tags_prefetch() -> Prefetch:
    return Prefetch(
        "cause_tags", queryset=OpportunityCause.objects.select_related("cause").order_by("cause__position")
    )


def _tag_prefetches() -> list[Prefetch]:
    return [
        _cause_tags_prefetch(),
        Prefetch(
            "skill_tags",
            queryset=OpportunitySkill.objects.select_related("skill").order_by("skill__position"),
        ),
    ]


def source_list_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(
        active_count=Count("opportunities", filter=Q(opportunities__status=Status.ACTIVE))
    )


def skill_list() -> QuerySet[Skill]:
    return Skill.objects.order_by("position", "id")


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.all()
