"""What the integration tests feed the workers, and how they compare databases.

`export()` is the database as a person or partner would see it, keyed by natural keys rather
than primary keys, and without the timestamps that say *when* a run happened (two runs at two
moments differ there by design): every listing column, its organisation, its cause and skill
tags, and which listings share a cluster. Two exports are equal exactly when two ingests left the
same listings behind."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from opportunities.models import (
    FetchRun,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    Source,
)

# When a run happened, not what it stored.
WHEN = {"created_at", "updated_at", "first_seen_at", "last_seen_at", "status_changed_at"}
# Primary and foreign keys differ between two databases; the export uses natural keys instead.
KEYS = {"id", "source_id", "organization_id", "cluster_id"}

TITLES = [
    "Remote maths tutor for teenagers",
    "Food bank delivery coordinator (online rota)",
    "Online English conversation partner",
    "Climate data transcription volunteer",
    "Crisis text line listener",
    "Website accessibility tester for a charity",
]
ORGANISATIONS = ["Northside Learning Trust", "Harbour Food Bank", "Open Climate Data", "Listening Line"]


def jsonfeed(count: int, prefix: str = "item") -> bytes:
    """A JSON Feed of `count` items that tag, share organisations and form clusters: item 2k+1
    re-posts item 2k (same title, organisation and apply link) for the first 40 items."""
    items = []
    for n in range(count):
        twin = n - 1 if n < 40 and n % 2 else n
        items.append(
            {
                "id": f"{prefix}-{n}",
                "url": f"https://roles.example.org/{prefix}/{n}",
                "external_url": f"https://apply.example.org/{prefix}/{twin}",
                "title": f"{TITLES[twin % len(TITLES)]} #{twin}",
                "content_text": f"Help us from home, two hours a week. Role {twin} of our volunteer programme.",
                "date_published": "2026-10-01T09:00:00Z",
                "_pitchin": {
                    "organization": {"name": ORGANISATIONS[twin % len(ORGANISATIONS)]},
                    "location_type": "remote",
                    "hours_per_week": 2,
                },
            }
        )
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "Roles", "items": items}
    ).encode()


def rpde_route(*, base: str, count: int, per_page: int):  # type: ignore[no-untyped-def]
    """An RPDE feed of `count` JobPostings, `per_page` a page, at /rpde; the page after the last
    item is empty and points at itself (the end). Returns (route, the URL of page `n`)."""

    def page_url(after: int) -> str:
        return f"/rpde?afterTimestamp={1_760_000_000 + after}&afterId={after}" if after else "/rpde"

    def route(path: str) -> tuple[bytes, str]:
        query = parse_qs(urlsplit(path).query)
        after = int(query.get("afterId", ["0"])[0])
        ids = range(after + 1, min(after + per_page, count) + 1)
        items = [
            {
                "state": "updated",
                "kind": "JobPosting",
                "id": str(n),
                "modified": 1_760_000_000 + n,
                "data": {
                    "@type": "JobPosting",
                    "url": f"https://rpde.example.org/roles/{n}",
                    "title": f"{TITLES[n % len(TITLES)]} #{n}",
                    "description": f"<p>Two hours a week, from home. Role {n}.</p>",
                    "datePosted": "2026-10-03T09:00:00Z",
                    "hiringOrganization": {
                        "@type": "Organization",
                        "name": ORGANISATIONS[n % len(ORGANISATIONS)],
                    },
                    "jobLocationType": "TELECOMMUTE",
                },
            }
            for n in ids
        ]
        following = page_url(ids[-1]) if items else page_url(after)
        return json.dumps({"next": base + following, "items": items}).encode(), "application/json"

    return route, page_url


def export() -> dict[str, Any]:
    listings = list(
        Opportunity.objects.select_related("source", "organization").order_by(
            "source__name", "source_item_id"
        )
    )
    key_of = {row.pk: (row.source.name, row.source_item_id) for row in listings}
    rows, clusters = [], {}
    for row in listings:
        values = {
            field.attname: getattr(row, field.attname)
            for field in Opportunity._meta.concrete_fields
            if field.attname not in WHEN | KEYS
        }
        values["source"] = row.source.name
        values["organization"] = row.organization.normalized_name if row.organization else None
        # The listing whose id names the cluster, by natural key: the same one in both runs.
        values["cluster"] = key_of.get(row.cluster_id)
        rows.append(values)
        clusters.setdefault(row.cluster_id, set()).add(key_of[row.pk])
    tags = sorted(
        (key_of[tag.opportunity_id], "cause", tag.cause.slug, tag.method, tag.reason, tag.confidence)
        for tag in OpportunityCause.objects.select_related("cause")
    ) + sorted(
        (key_of[tag.opportunity_id], "skill", tag.skill.slug, tag.method, tag.reason, tag.confidence)
        for tag in OpportunitySkill.objects.select_related("skill")
    )
    organisations = sorted(Organization.objects.values_list("normalized_name", "name", "url", "country"))
    return {
        "listings": rows,
        "tags": tags,
        "clusters": sorted(sorted(members) for members in clusters.values()),
        "organisations": organisations,
    }


def wipe() -> None:
    """Back to an empty catalogue (taxonomy kept), so the next run starts as the clean one did."""
    Source.objects.all().delete()  # listings, tags and runs go with their source
    Organization.objects.all().delete()
    assert not Opportunity.objects.exists()
    assert not FetchRun.objects.exists()
