"""After the run (workers stopped): what the database holds against what the farm served.

Needs Django set up on the simulation's database. Every check is computed from rows and the farm's
record, never from the workers' word.
"""

from __future__ import annotations

import itertools
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from django.db.models import Count

from bench.harness import percentile
from bench.simulate.farm import BROKEN, HEALTHY, HOSTILE, SimulationFarm, source_format
from opportunities.feeds import get_adapter
from opportunities.models import FetchOutcome, FetchRun, Opportunity, Source
from opportunities.services.listings import opportunity_fields

SOURCE_PREFIX = "sim-"


def source_name(number: int) -> str:
    return f"{SOURCE_PREFIX}{number:04d}"


def number_of(name: str) -> int:
    return int(name.removeprefix(SOURCE_PREFIX))


def error_class(outcome: str, status: int | None, error: str) -> str:
    """How an operator would read a failed run (metrics.FETCH_ERROR_CLASSES, more finely)."""
    if status == 429:
        return "transient: HTTP 429 (Retry-After)"
    if status is not None and status >= 500:
        return f"transient: HTTP {status}"
    if "deadline" in error:
        return "transient: deadline (slow or dripping body)"
    if "Too many requests to" in error:
        return "transient: per-host cap"
    if "Abandoned" in error:
        return "transient: abandoned (worker stopped)"
    if "unexpected error" in error:
        return "transient: unexpected error (database?)"
    if error.startswith("Could not"):
        return "transient: network"
    if "resolves to" in error:
        return "refused: non-public address (SSRF)"
    if "byte cap" in error:
        return "refused: body over the cap"
    if "entit" in error or "DTD" in error:
        return "refused: XML entities / DTD"
    if status is not None and 400 <= status < 500:
        return f"permanent: HTTP {status}"
    if "Not a JSON Feed" in error or "not valid" in error or "parse" in error.lower():
        return "permanent: unparseable"
    if outcome == FetchOutcome.RUNNING:
        return "unfinished (still running at the end)"
    return f"{outcome}: {error[:60]}"


def runs_table(*, started_at_wall: float) -> list[dict]:
    """Every fetch run of the simulation's sources."""
    names = dict(Source.objects.filter(name__startswith=SOURCE_PREFIX).values_list("pk", "name"))
    rows = []
    for run in FetchRun.objects.filter(source_id__in=names).values(
        "source_id", "started_at", "finished_at", "outcome", "http_status", "error", "created", "updated"
    ):
        finished = run["finished_at"]
        rows.append(
            {
                "feed": number_of(names[run["source_id"]]),
                "started": run["started_at"].timestamp() - started_at_wall,
                "finished": finished.timestamp() - started_at_wall if finished else None,
                "outcome": str(run["outcome"]),
                "status": run["http_status"],
                "error": run["error"],
                "written": run["created"] + run["updated"],
            }
        )
    return rows


def _ms(values: list[float]) -> dict:
    if not values:
        return {"count": 0}
    return {
        "count": len(values),
        "median_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(percentile(values, 95) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
    }


def fetch_figures(runs: list[dict], *, behaviours: list[str], seconds: float) -> dict:
    finished = [run for run in runs if run["finished"] is not None and run["outcome"] != FetchOutcome.RUNNING]
    kinds: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    by_behaviour: dict[str, Counter] = defaultdict(Counter)
    for run in runs:
        behaviour = behaviours[run["feed"]]
        if run["outcome"] == FetchOutcome.OK:
            kind = "ok (200, stored)"
        elif run["outcome"] == FetchOutcome.NOT_MODIFIED:
            kind = "not modified (304)" if run["status"] == 304 else "unchanged bytes (200, skipped by hash)"
        else:
            kind = "error"
            errors[error_class(run["outcome"], run["status"], run["error"])] += 1
        kinds[kind] += 1
        by_behaviour[behaviour][kind] += 1
    durations = [run["finished"] - run["started"] for run in finished]
    ok = [run["finished"] - run["started"] for run in finished if run["outcome"] == FetchOutcome.OK]
    within = [run for run in finished if run["finished"] <= seconds]
    return {
        "fetches": len(finished),
        "fetches_within_window": len(within),
        "fetched_per_second": round(len(within) / seconds, 2),
        "listings_written": sum(run["written"] for run in within),
        "listings_written_per_second": round(sum(run["written"] for run in within) / seconds, 1),
        "results": dict(kinds.most_common()),
        "errors_by_class": dict(errors.most_common()),
        "errors": sum(errors.values()),
        "transient_errors": sum(n for name, n in errors.items() if name.startswith("transient")),
        "by_behaviour": {name: dict(by_behaviour[name]) for name in sorted(by_behaviour)},
        "duration_all": _ms(durations),
        "duration_ok_200": _ms(ok),
        "unfinished_runs": sum(1 for run in runs if run["outcome"] == FetchOutcome.RUNNING),
        "overlapping_runs": _overlaps(runs),
    }


def _overlaps(runs: list[dict]) -> int:
    """Two runs of one source at the same time: the lease should make this impossible."""
    by_feed: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for run in runs:
        by_feed[run["feed"]].append(
            (run["started"], run["finished"] if run["finished"] is not None else 1e12)
        )
    overlaps = 0
    for spans in by_feed.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            overlaps += start < end
    return overlaps


def task_figures(task_dir: Path, *, started_at_wall: float, seconds: float) -> dict:
    """Per worker, from the lines worker_app wrote for each finished task."""
    per_worker: dict[str, Counter] = defaultdict(Counter)
    results: Counter[str] = Counter()
    for path in sorted(task_dir.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            worker = entry["worker"].split("@", 1)[0]
            if entry["task"] != "opportunities.tasks.source_fetch":
                per_worker[worker]["other tasks"] += 1
                continue
            results[f"{entry['state'].lower()}: {entry['result']}"] += 1
            per_worker[worker]["fetch tasks"] += 1
            if entry["at"] - started_at_wall <= seconds:
                per_worker[worker]["fetch tasks within window"] += 1
    return {
        "fetch_task_results": dict(results.most_common()),
        "per_worker": {
            worker: {
                **dict(counts),
                "fetch_tasks_per_second": round(counts["fetch tasks within window"] / seconds, 2),
            }
            for worker, counts in sorted(per_worker.items())
        },
    }


def paused_figures(*, behaviours: list[str]) -> dict:
    paused: dict[str, Counter] = defaultdict(Counter)
    for name, reason in Source.objects.filter(name__startswith=SOURCE_PREFIX, enabled=False).values_list(
        "name", "paused_reason"
    ):
        behaviour = behaviours[number_of(name)]
        why = reason.split(": ", 1)[1] if ": " in reason else reason
        paused[behaviour][why.split(" Fix the source")[0][:110]] += 1
    failing = Counter(
        behaviours[number_of(name)]
        for name in Source.objects.filter(
            name__startswith=SOURCE_PREFIX, enabled=True, consecutive_failures__gt=0
        ).values_list("name", flat=True)
    )
    return {
        "paused": sum(sum(reasons.values()) for reasons in paused.values()),
        "paused_by_behaviour": {
            behaviour: {"count": sum(reasons.values()), "reasons": dict(reasons)}
            for behaviour, reasons in sorted(paused.items())
        },
        "failing_not_paused_by_behaviour": dict(sorted(failing.items())),
    }


def expected_hashes(farm: SimulationFarm, number: int, version: int, url: str) -> dict[str, str]:
    """What the app must hold after ingesting this version: parsed and canonicalised by the app's
    own code, so any difference is one of storage, not of interpretation."""
    body = farm.content.body(number, version)
    parsed = get_adapter(source_format(number, farm.behaviours[number])).parse(body, base_url=url)
    return {
        listing.source_item_id: str(opportunity_fields(listing)["content_hash"])
        for listing in parsed.listings
    }


def currency_figures(farm: SimulationFarm, *, version_at_stop: list[int], version_due: list[int]) -> dict:
    """Each healthy feed's stored listings against the last version the farm served it."""
    sources = {
        number_of(name): (pk, url)
        for pk, name, url in Source.objects.filter(name__startswith=SOURCE_PREFIX).values_list(
            "pk", "name", "url"
        )
    }
    stored: dict[int, dict[str, str]] = defaultdict(dict)
    for source_id, item_id, content_hash in Opportunity.objects.filter(
        source_id__in=[pk for pk, _ in sources.values()]
    ).values_list("source_id", "source_item_id", "content_hash"):
        stored[source_id][item_id] = content_hash
    problems: list[str] = []
    current = never_served = 0
    lag: Counter[int] = Counter()
    overdue: Counter[int] = Counter()
    expected_rows = extra_rows = 0
    for number, behaviour in enumerate(farm.behaviours):
        if behaviour not in HEALTHY:
            continue
        pk, url = sources[number]
        record = farm.records[number]
        if record.served_version is None:
            never_served += 1
            problems.append(f"feed {number} ({behaviour}): never answered with content")
            continue
        expected = expected_hashes(farm, number, record.served_version, url)
        expected_rows += len(expected)
        held = stored.get(pk, {})
        if held == expected:
            current += 1
        else:
            missing = len(expected.keys() - held.keys())
            extra = len(held.keys() - expected.keys())
            differ = sum(1 for key in expected.keys() & held.keys() if expected[key] != held[key])
            extra_rows += extra
            problems.append(
                f"feed {number} ({behaviour}) v{record.served_version}: {missing} missing, {extra} extra, "
                f"{differ} with other content"
            )
        if behaviour == "rotating":
            lag[version_at_stop[number] - record.served_version] += 1
            overdue[max(0, version_due[number] - record.served_version)] += 1
    healthy = sum(1 for behaviour in farm.behaviours if behaviour in HEALTHY)
    unwanted = Counter()
    for number, behaviour in enumerate(farm.behaviours):
        if behaviour in HOSTILE or behaviour in BROKEN:
            count = len(stored.get(sources[number][0], {}))
            if count:
                unwanted[behaviour] += count
    duplicates = (
        Opportunity.objects.order_by()
        .values("source_id", "source_item_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    total_rows = sum(len(rows) for rows in stored.values())
    return {
        "healthy_feeds": healthy,
        "healthy_current": current,
        "healthy_never_served": never_served,
        "problems": problems[:30],
        "rotating_versions_behind_at_stop": {str(k): v for k, v in sorted(lag.items())},
        # Behind a version that had been out for a whole fetch interval: the schedule slipped.
        "rotating_versions_overdue_at_stop": {str(k): v for k, v in sorted(overdue.items())},
        "listings_stored": total_rows,
        "listings_expected": expected_rows,
        "listings_from_hostile_or_broken": dict(unwanted),
        # Two rows for one (source, item) cannot exist (a unique constraint); rows for items the
        # feed never listed would be the other kind of duplicate.
        "duplicate_listings": duplicates + extra_rows,
    }
