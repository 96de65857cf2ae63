"""bench/simulation.json (every figure) and docs/simulation.md (the same, for people)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.simulate.farm import BROKEN, HEALTHY, HOSTILE, MIX

WHAT_EACH_DOES = {
    "fast": "200 in 5-50 ms, no validators (unchanged bytes are skipped by hash)",
    "slow": "200 after 1-4 s",
    "etag": "ETag; 304 when If-None-Match matches",
    "rotating": "ETag; a new version every rotation (2 items revised, 1 added)",
    "flaky": "500 on every third request",
    "rate_limited": "one 200 per 90 s; 429 with Retry-After in between",
    "down": "always 500",
    "gone": "404",
    "malformed": "truncated JSON Feed",
    "billion_laughs": "XML entity expansion",
    "xxe": "XML external entity (file:///etc/passwd)",
    "over_cap_declared": "Content-Length over the 15 MiB cap",
    "gzip_bomb": "16 KB gzip inflating past the cap",
    "drip": "headers, then a byte every 0.5 s",
    "ssrf_redirect": "302 to 169.254.169.254, 127.0.0.1:6379, 10.0.0.1 or [::1]",
}


def write(document: dict, *, json_path: Path, markdown_path: Path) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.write_text(markdown(document))


def print_summary(document: dict) -> None:
    fetches = document["fetches"]
    print()
    print(
        f"  {fetches['fetches']} fetches, {fetches['fetched_per_second']}/s; errors {fetches['errors']} "
        f"({fetches['transient_errors']} transient); paused {document['paused']['paused']}; "
        f"queue depth max {document['queue_depth']['max']}, end {document['queue_depth']['end']}"
    )
    print(
        f"  fetch duration median {fetches['duration_all'].get('median_ms')} ms, "
        f"p95 {fetches['duration_all'].get('p95_ms')} ms"
    )
    for check in document["checks"]:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['name']}: {check['detail']}")
    for problem in document["currency"]["problems"][:10]:
        print(f"        {problem}")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(document: dict) -> str:
    settings, machine = document["settings"], document["machine"]
    fetches, tasks, paused = document["fetches"], document["tasks"], document["paused"]
    currency, queue, mix = document["currency"], document["queue_depth"], document["mix"]["by_behaviour"]
    resources = document["resources"]
    seconds = settings["seconds"]
    parts = [
        "# Feed-farm simulation",
        "",
        "`make simulate` (`python -m bench.simulate`; `make simulate SIM_SECONDS=60` for a shorter run) "
        "writes this file and `bench/simulation.json`. It models running at scale: a loopback server "
        f"serves {settings['feeds']} feeds of mixed behaviour, {settings['workers']} real Celery workers and "
        f"one beat run against them for {seconds:.0f} s on a database and broker of the simulation's own, "
        "and then the database is checked against what the farm served.",
        "",
        "## Checks",
        "",
        _table(
            ["check", "result", "detail"],
            [[c["name"], "**pass**" if c["passed"] else "**FAIL**", c["detail"]] for c in document["checks"]],
        ),
        "",
        "## Reading the figures",
        "",
        "- The workers are CPU-bound: parsing, sanitising, tagging and clustering a feed costs far more than "
        'waiting for it, so fetches/s follows the cores the workers get ("cores busy" below). CPU per fetch '
        "and per listing written are the figures to scale from; fetched/s also depends on how much of the run "
        "was first ingestion (every item new) against re-fetches (304, or unchanged bytes skipped by hash).",
        "- At one fetch per source per minute, N sources need N/60 fetches/s at steady state; the backlog after "
        "the first dispatch (all sources due at once) is the queue depth, drained at the first-ingestion rate.",
        "- The machine may have been shared while this ran (see the load average): rerun on a quiet machine "
        "for figures to quote.",
        "",
        "## Settings and machine",
        "",
        _table(
            ["setting", "value"],
            [
                ["database / broker", f"{settings['database']} / {settings['broker']}"],
                [
                    "workers",
                    f"{settings['workers']} x `--pool {settings['pool']} --concurrency {settings['concurrency']}`, "
                    "queues fetch,default,email",
                ],
                [
                    "beat dispatch interval",
                    f"{settings['dispatch_interval_seconds']} s (SOURCES_DISPATCH_INTERVAL_SECONDS)",
                ],
                ["fetch interval", f"{settings['fetch_interval_minutes']} min per source"],
                ["rotation", f"a rotating feed changes every {settings['rotation_seconds']:g} s"],
                [
                    "client deadline / body cap",
                    f"{settings['client_deadline_seconds']:g} s / {settings['max_bytes']:,} bytes (production defaults)",
                ],
                [
                    "per-host concurrency",
                    f"{settings['per_host_concurrency']} (every feed is on one host name here; "
                    "production feeds are on many hosts, so the default of 2 rarely binds)",
                ],
                [
                    "machine",
                    f"{machine.get('cpu_model', machine.get('processor'))}, {machine.get('cpus')} CPUs, "
                    f"{machine.get('memory_gib')} GiB; Python {machine.get('python')}",
                ],
                [
                    "load average at the end",
                    ", ".join(str(x) for x in machine.get("load_average_at_end", [])),
                ],
                ["run started", machine.get("started", "")],
            ],
        ),
        "",
        "## The feeds",
        "",
        _table(
            ["behaviour", "feeds", "what it does", "expected"],
            [
                [
                    name,
                    mix.get(name, 0),
                    WHAT_EACH_DOES[name],
                    "current listings"
                    if name in HEALTHY
                    else "no listings"
                    if name in BROKEN
                    else "refused, no listings",
                ]
                for name in MIX
            ],
        ),
        "",
        f"Healthy: {document['mix']['healthy']} feeds ({', '.join(HEALTHY)}); broken: {', '.join(BROKEN)}; "
        f"hostile: {', '.join(HOSTILE)}. Formats: RSS 2.0, Atom and JSON Feed (bench.corpus), 10-50 items each.",
        "",
        "## Throughput",
        "",
        _table(
            ["figure", "value"],
            [
                ["fetches done (FetchRun rows finished)", fetches["fetches"]],
                [f"fetched/s over the {seconds:.0f} s run", fetches["fetched_per_second"]],
                ["listings written (created or updated) per second", fetches["listings_written_per_second"]],
                ["fetch duration, all (median / p95 / max)", _durations(fetches["duration_all"])],
                [
                    "fetch duration, 200 and stored (median / p95 / max)",
                    _durations(fetches["duration_ok_200"]),
                ],
                ["queue depth, ready messages (max / at the end)", f"{queue['max']} / {queue['end']}"],
                ["runs left running after shutdown", fetches["unfinished_runs"]],
                ["shutdown (warm) took", f"{document['shutdown']['seconds']} s"],
                [
                    "worker CPU in the run (cores busy)",
                    f"{resources['worker_cpu_seconds']} s ({resources['worker_cores_busy']} cores)",
                ],
                [
                    "worker CPU per fetch / per listing written",
                    f"{resources['cpu_ms_per_fetch']} ms / {resources['cpu_ms_per_listing_written']} ms",
                ],
                [
                    "worker memory at the end (RSS)",
                    ", ".join(
                        f"{name} {entry['rss_mib']} MiB"
                        for name, entry in resources["by_process"].items()
                        if "rss_mib" in entry
                    ),
                ],
            ],
        ),
        "",
        _table(
            ["worker", "fetch tasks", "fetch tasks/s", "other tasks"],
            [
                [
                    name,
                    counts.get("fetch tasks", 0),
                    counts.get("fetch_tasks_per_second", 0),
                    counts.get("other tasks", 0),
                ]
                for name, counts in tasks["per_worker"].items()
            ],
        ),
        "",
        "Fetch tasks include retries (each attempt is one task run and one FetchRun); "
        "`already-running` and `skipped` tasks made no FetchRun.",
        "",
        _table(["task result", "count"], [[name, n] for name, n in tasks["fetch_task_results"].items()]),
        "",
        "## Results and errors",
        "",
        _table(["result", "fetches"], [[name, n] for name, n in fetches["results"].items()]),
        "",
        _table(["error class", "fetches"], [[name, n] for name, n in fetches["errors_by_class"].items()]),
        "",
        _table(
            ["behaviour", *sorted({k for v in fetches["by_behaviour"].values() for k in v})],
            [
                [
                    name,
                    *[
                        counts.get(k, 0)
                        for k in sorted({k for v in fetches["by_behaviour"].values() for k in v})
                    ],
                ]
                for name, counts in fetches["by_behaviour"].items()
            ],
        ),
        "",
        "## Paused sources",
        "",
        f"Sources paused: {paused['paused']}. Only permanent failures pause a source (at once for 401/403/404/410, "
        "after 3 in a row otherwise); transient ones (5xx, 429, deadlines) back off exponentially instead.",
        "",
        _table(
            ["behaviour", "paused", "why"],
            [
                [name, entry["count"], "; ".join(f"{reason} ({n})" for reason, n in entry["reasons"].items())]
                for name, entry in paused["paused_by_behaviour"].items()
            ],
        ),
        "",
        "Failing at the end but not paused (transient failures back off and stay enabled; permanent ones "
        "had not yet failed 3 times in a row): "
        + (
            ", ".join(f"{name} {n}" for name, n in paused["failing_not_paused_by_behaviour"].items())
            or "none"
        )
        + ".",
        "",
        "## Listings current",
        "",
        f"For each healthy feed, the listings stored for its source were compared with the version the farm "
        f"last answered it with (200 or 304): same item ids, and the same content hash as the app's own "
        f"parser and canonicaliser give for that version. {currency['healthy_current']} of "
        f"{currency['healthy_feeds']} match; {currency['listings_stored']} listings stored, "
        f"{currency['listings_expected']} expected.",
        "",
        "Rotating feeds at the end, behind the farm's newest version (which may be seconds old): "
        f"{_behind(currency['rotating_versions_behind_at_stop'])}; behind the newest version that had been out "
        "for a whole fetch interval and a dispatch tick (which a source on schedule has fetched): "
        f"{_behind(currency['rotating_versions_overdue_at_stop'])}.",
        "",
    ]
    if currency["problems"]:
        parts += ["Feeds not current:", "", *[f"- {problem}" for problem in currency["problems"]], ""]
    audited = document["audit"]
    parts += [
        "## Connections",
        "",
        f"Every worker and beat process recorded each socket connect (Python's `socket.connect` audit event): "
        f"{audited['processes']} processes audited; connections by destination: "
        f"{', '.join(f'{to} {n}' for to, n in audited['connections'].items()) or 'none recorded'}; "
        f"stray connections: {', '.join(f'{to} {n}' for to, n in audited['stray_connections'].items()) or 'none'}. "
        "(PostgreSQL's client library connects from C, outside the hook.) The farm saw "
        f"{document['farm']['requests']} requests.",
        "",
        "## Queue depth over time",
        "",
        _table(
            ["t (s)", *[q for q in queue["samples"][0] if q != "t"]] if queue["samples"] else ["t (s)"],
            [
                [sample["t"], *["-" if v is None else v for k, v in sample.items() if k != "t"]]
                for sample in queue["samples"]
            ],
        ),
        "",
    ]
    return "\n".join(parts)


def _behind(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} feeds {k} behind" for k, n in counts.items()) or "no rotating feeds"


def _durations(figures: dict) -> str:
    if not figures.get("count"):
        return "-"
    return f"{figures['median_ms']:.0f} / {figures['p95_ms']:.0f} / {figures['max_ms']:.0f} ms"
