"""Writing clusters: listings of one opportunity on several sites share a cluster_id.

After an ingest, the listings it wrote are compared with every stored listing that shares a
blocking key (apply URL, organisation); the connected group is re-clustered as a whole, so a
listing that changed can also leave a cluster. Only rows whose cluster changes are written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from opportunities import dedupe
from opportunities.models import Opportunity

MAX_GROUP = 5000  # a runaway key (an umbrella organisation) stops growing the group here
WRITE_CHUNK = 500  # ids per UPDATE … WHERE id IN (…): under SQLite's variable limit


def _records(rows: Iterable[dict]) -> list[dedupe.Record]:
    return [
        dedupe.Record(
            key=row["pk"],
            title=row["title"],
            organization=row["organization__name"] or "",
            description=row["description_text"],
            apply_url=row["apply_url"],
            location_type=row["location_type"],
            city=row["city"],
            country=row["country"],
        )
        for row in rows
    ]


FIELDS = ("pk", "title", "organization_id", "organization__name", "description_text", "apply_url",
          "dedupe_url_key", "location_type", "city", "country", "cluster_id")  # fmt: skip


def _group(seed_ids: Iterable[int]) -> dict[int, dict]:
    """The seed listings and every listing linked to them through shared keys, transitively."""
    rows: dict[int, dict] = {}
    frontier = Q(pk__in=list(seed_ids))
    seen_orgs: set[int] = set()
    seen_urls: set[str] = set()
    while len(rows) < MAX_GROUP:
        new = [row for row in Opportunity.objects.filter(frontier).values(*FIELDS) if row["pk"] not in rows]
        if not new:
            break
        rows.update((row["pk"], row) for row in new)
        orgs = {row["organization_id"] for row in new if row["organization_id"]} - seen_orgs
        urls = {row["dedupe_url_key"] for row in new if row["dedupe_url_key"]} - seen_urls
        seen_orgs |= orgs
        seen_urls |= urls
        if not orgs and not urls:
            break
        frontier = Q(organization_id__in=orgs) | Q(dedupe_url_key__in=urls)
    return rows


def clusters_update(*, opportunity_ids: Iterable[int]) -> int:
    """Re-cluster these listings and everything linked to them. Returns rows whose cluster changed.
    Idempotent: a second run changes nothing."""
    ids = list(opportunity_ids)
    if not ids:
        return 0
    rows = _group(ids)
    assignment = dedupe.clusters(_records(rows.values()))
    changed = sorted(pk for pk, cluster in assignment.items() if rows[pk]["cluster_id"] != cluster)
    _clusters_write({pk: int(assignment[pk]) for pk in changed})
    return len(changed)


@transaction.atomic
def _clusters_write(cluster_of: dict[int, int]) -> None:
    """A few statements per 500 rows, however many clusters: a listing alone is its own cluster,
    so one UPDATE per cluster was one per new listing.

    The rows are locked in id order first: two workers re-clustering overlapping groups at once
    (PostgreSQL) then queue on the same first row instead of deadlocking halfway through."""
    # A new cluster is a change partners see (cluster_id is in every listing's data), so it moves
    # the row in the change feed.
    now = timezone.now()
    ids = sorted(cluster_of)
    for start in range(0, len(ids), WRITE_CHUNK):
        chunk = ids[start : start + WRITE_CHUNK]
        list(Opportunity.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
        alone = [pk for pk in chunk if cluster_of[pk] == pk]
        if alone:
            Opportunity.objects.filter(pk__in=alone).update(cluster_id=F("pk"), updated_at=now)
        members: dict[int, list[int]] = {}
        for pk in chunk:
            if cluster_of[pk] != pk:
                members.setdefault(cluster_of[pk], []).append(pk)
        if members:
            joined = Case(*(When(pk__in=pks, then=Value(cluster)) for cluster, pks in members.items()))
            Opportunity.objects.filter(pk__in=[pk for pks in members.values() for pk in pks]).update(
                cluster_id=joined, updated_at=now
            )
