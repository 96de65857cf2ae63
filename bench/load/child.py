"""The load test's work inside Django, in a child process on the database DATABASE_URL names:

    python -m bench.load.child prepare --listings N --out fixture.json
    python -m bench.load.child audit --acknowledged ids.json

`prepare` fills the freshly migrated template with the benchmark's deterministic catalogue
(bench/seed.py: listings, duplicate clusters, tags, a thousand people with their hours) and adds the
load test's writers: WRITERS people, each with a personal API token. It writes what wrk needs to
the fixture: the URLs of each kind of request and the tokens' secrets (throwaway accounts of a
throwaway database; the file is readable by its owner only).

`audit` compares, per run label, the hours writes wrk saw acknowledged with the entries stored
(each write's activity is its unique request id) and counts any activity stored twice; prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

WRITERS = 8
# How people use the site, by kind of request. The search URLs are bench/cases/pages.py's mix.
SEARCH_WORDS = {
    "rare": ["quillwort", "heliograph", "marimba"],
    "medium": ["origami", "calligraphy", "beekeeping", "kayaking"],
    "common": ["flexible", "experience", "young"],
}


def _progress(stage: str, done: int, total: int) -> None:
    if done >= total:
        print(f"    seeded {stage}: {total:,}", flush=True)


def _urls(causes: list[str], listing_ids: list[int], organisation_ids: list[int]) -> dict[str, list[str]]:
    rare, medium, common = SEARCH_WORDS["rare"], SEARCH_WORDS["medium"], SEARCH_WORDS["common"]
    return {
        "search": [
            "/search/",
            "/search/?sort=closing",
            *(f"/search/?q={word}" for word in rare + medium + common),
            f"/search/?q={common[1]}+{medium[2]}",
            f"/search/?cause={causes[0]}",
            f"/search/?cause={causes[1]}&location=remote",
            f"/search/?cause={causes[2]}&cause={causes[3]}&schedule=flexible",
            f"/search/?q={common[2]}&location=remote&posted_within=30",
            "/search/?location=remote&sort=newest",
            f"/search/?q={medium[3]}&cause={causes[0]}",
        ],
        "browse": [
            "/",
            *(f"/causes/{slug}/" for slug in causes[:6]),
            *(f"/organizations/{pk}/" for pk in organisation_ids),
        ],
        "detail": [f"/opportunities/{pk}/" for pk in listing_ids],
        "api": [
            "/api/v1/opportunities/",
            "/api/v1/opportunities/?page_size=50",
            "/api/v1/opportunities/?location=remote",
            f"/api/v1/opportunities/?cause={causes[0]}",
            f"/api/v1/opportunities/?cause={causes[1]}&location=remote&page_size=50",
            f"/api/v1/opportunities/?q={medium[0]}",
        ],
    }


def prepare(listings: int, out: Path) -> None:
    from django.db.models import Count

    from accounts.models import User
    from accounts.services.tokens import api_token_create
    from bench.seed import seed_database
    from opportunities.models import Cause, Opportunity, Organization, Status

    info = seed_database(listings, progress=_progress)
    tokens = []
    for number in range(1, WRITERS + 1):
        user = User.objects.create_user(
            username=f"load-writer-{number}", email=f"load-writer-{number}@load.test", timezone="UTC"
        )
        tokens.append(api_token_create(user=user, name="load test").secret)
    causes = list(Cause.objects.order_by("position").values_list("slug", flat=True))
    # The organisations with the most active listings: their pages are the ones people land on.
    organisation_ids = list(
        Organization.objects.filter(opportunities__status=Status.ACTIVE)
        .annotate(n=Count("opportunities"))
        .order_by("-n", "id")
        .values_list("id", flat=True)[:6]
    )
    listing_ids = info["active_sample_ids"][:500]
    if len(causes) < 6 or not listing_ids or not organisation_ids:
        raise RuntimeError("the seeded catalogue has too few causes or active listings to load-test")
    fixture = {
        "listings": Opportunity.objects.count(),
        "active_listings": info["active_listings"],
        "users": User.objects.count(),
        "hours_entries": info["hours_entries"],
        "tokens": tokens,
        "urls": _urls(causes, listing_ids, organisation_ids),
    }
    out.write_text(json.dumps(fixture, indent=1))
    os.chmod(out, 0o600)


def audit(acknowledged: dict[str, list[str]]) -> dict:
    """Per run label: the writes wrk saw acknowledged (201) and what the database holds of that
    run. Every acknowledged write must be stored exactly once; a stored write wrk never saw
    answered was in flight when wrk stopped (at most one per connection)."""
    from django.db.models import Count

    from accounts.models import HoursEntry

    entries = HoursEntry.objects.filter(activity__startswith="load-")
    result: dict = {
        "duplicated_activities": entries.values("activity").annotate(n=Count("id")).filter(n__gt=1).count()
    }
    for label, ids in acknowledged.items():
        stored = set(
            entries.filter(activity__startswith=f"load-{label}-hours-").values_list("activity", flat=True)
        )
        given = set(ids)
        result[label] = {
            "acknowledged": len(ids),
            "acknowledged_twice": len(ids) - len(given),
            "stored": len(stored),
            "missing": sorted(given - stored)[:20],
            "missing_count": len(given - stored),
            "unacknowledged_stored": len(stored - given),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load.child")
    parser.add_argument("phase", choices=["prepare", "audit"])
    parser.add_argument("--listings", type=int, default=0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--acknowledged", type=Path, help="JSON: {run label: [request ids]}")
    args = parser.parse_args()

    import django

    django.setup()
    if args.phase == "prepare":
        prepare(args.listings, args.out)
    else:
        json.dump(audit(json.loads(args.acknowledged.read_text())), sys.stdout)


if __name__ == "__main__":
    main()
