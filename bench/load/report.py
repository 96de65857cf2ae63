"""bench/load.json (every figure) and docs/load.md (the same, for people), merged across modes:
a SQLite run replaces the SQLite section and keeps the PostgreSQL one, and the other way round."""

from __future__ import annotations

import json

from bench.load.environment import ROOT
from bench.load.wrk import MIX, REQUEST_TIMEOUT_SECONDS

JSON_PATH = ROOT / "bench" / "load.json"
MARKDOWN_PATH = ROOT / "docs" / "load.md"
# Other processes keeping more than this many cores busy during a run: the figures are not capacity.
BUSY_OTHER_CORES = 0.2
KINDS = ("search", "browse", "detail", "api", "hours")
KIND_NAMES = {
    "search": "search results (words, filters, both)",
    "browse": "browse: home, cause and organisation pages",
    "detail": "listing detail pages",
    "api": "API list `/api/v1/opportunities/` (filters, page sizes)",
    "hours": "hours writes: `POST /api/v1/me/hours/` with a personal API token",
}


def merge(mode: dict, *, machine: dict, settings: dict) -> dict:
    try:
        document = json.loads(JSON_PATH.read_text())
    except (OSError, ValueError):
        document = {}
    document.setdefault("modes", {})[mode["vendor"]] = mode
    document["machine"] = machine
    document["settings"] = settings
    return document


def write(document: dict) -> None:
    JSON_PATH.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    MARKDOWN_PATH.write_text(markdown(document))


def _failures(run: dict) -> list[str]:
    writes = run["writes"]
    failures = []
    if run["errors"]["total"]:
        failures.append(f"{run['errors']['total']} errors")
    if run["database_locked_lines"]:
        failures.append(f'{run["database_locked_lines"]} "database is locked" lines')
    if writes["missing_count"] or writes["acknowledged_twice"] or run["duplicated_activities"]:
        failures.append(
            f"{writes['missing_count']} acknowledged writes missing, "
            f"{run['duplicated_activities']} stored twice"
        )
    if writes["unacknowledged_stored"] > run["connections"]:
        failures.append(f"{writes['unacknowledged_stored']} writes stored that wrk never saw answered")
    return failures


def failures(mode: dict) -> list[str]:
    return [f"{run['label']}: {failure}" for run in mode["runs"] for failure in _failures(run)]


def _run_rows(runs: list[dict]) -> list[str]:
    rows = [
        "| run | workers x threads | requests/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
        '| errors | "database is locked" | writes acknowledged / stored / missing / twice |',
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        latency, writes = run["latency_ms"], run["writes"]
        rows.append(
            f"| {run['label']} | {run['workers']} x {run['threads']} | **{run['requests_per_second']:,.1f}** "
            f"| {latency['p50']} | {latency['p90']} | **{latency['p99']}** | {latency['p99.9']} "
            f"| {latency['max']} | {run['errors']['total']} | {run['database_locked_lines']} "
            f"| {writes['acknowledged']} / {writes['stored']} / {writes['missing_count']} "
            f"/ {run['duplicated_activities']} |"
        )
    return rows


def _kind_rows(run: dict) -> list[str]:
    rows = [
        "| kind | requests | share | statuses | server median ms | server p99 ms | share of server time |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    total = max(1, sum(item["requests"] for item in run["by_kind"].values()))
    for kind, item in sorted(run["by_kind"].items(), key=lambda pair: -pair[1]["requests"]):
        statuses = ", ".join(f"{code}: {count:,}" for code, count in sorted(item["statuses"].items()))
        server = run["server_time_by_kind"].get(kind, {})
        rows.append(
            f"| {kind} | {item['requests']:,} | {100 * item['requests'] / total:.0f} % | {statuses} "
            f"| {server.get('median_ms', '')} | {server.get('p99_ms', '')} "
            f"| {100 * server.get('share_of_server_time', 0):.0f} % |"
        )
    return rows


def _cores(run: dict) -> str:
    busy = run["cores_busy"]
    if busy["machine"] is None:
        return "Cores busy: not measured (no /proc)."
    return (
        f"Cores busy on average: {busy['machine']} of the machine's, of which gunicorn {busy['gunicorn']}, "
        f"wrk {busy['wrk']}, PostgreSQL {busy['postgres']}, everything else {busy['other']}; "
        f"{run['requests_per_gunicorn_cpu_second']} requests per gunicorn CPU-second."
    )


def _mix(mix: dict[str, int]) -> str:
    total = sum(mix.values()) or 1
    return ", ".join(f"{kind} {100 * mix[kind] / total:.0f} %" for kind in KINDS if mix.get(kind))


def _mode_section(mode: dict) -> list[str]:
    title = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[mode["vendor"]]
    lines = [
        f"## {title}",
        "",
        f"Measured {mode['started']}; {mode['describe']}. Catalogue: {mode['catalogue']['listings']:,} "
        f"listings ({mode['catalogue']['active_listings']:,} active), {mode['catalogue']['users']:,} people, "
        f"{mode['catalogue']['hours_entries']:,} hours entries before the run. Each run starts from a fresh "
        f"copy of that database, warms up for {mode['warmup_seconds']} s, then measures for "
        f"{mode['seconds']} s with {mode['connections']} connections"
        f"{' kept alive (LOAD_KEEPALIVE=1)' if mode.get('keepalive') else ', a new one per request'}. "
        f"Mix: {_mix(mode['mix'])}.",
        "",
        *_run_rows(mode["runs"]),
        "",
    ]
    if mode.get("scaling"):
        scaling = mode["scaling"]
        lines += [
            f"**Scaling: {scaling['ratio']:.2f}x** the throughput with 2 workers as with 1 "
            f"({scaling['two']:,.1f} against {scaling['one']:,.1f} requests/s). Requests per gunicorn "
            f"CPU-second: {mode['runs'][1]['requests_per_gunicorn_cpu_second']} against "
            f"{mode['runs'][0]['requests_per_gunicorn_cpu_second']}: when other jobs share the cores, this says "
            "whether a second worker costs efficiency; the ratio above also follows the cores gunicorn was given.",
            "",
        ]
    for run in mode["runs"]:
        problems = _failures(run)
        lines += [
            f"### {run['label']}: {run['workers']} worker(s)",
            "",
            f"{run['requests']:,} requests in {run['seconds']:.1f} s. "
            f"Load average (1 min) before / after: {run['load_average'][0]:.2f} / {run['load_average'][1]:.2f}. "
            f"Worker memory at the end: {', '.join(f'{value} MiB' for value in run['worker_rss_mib']) or 'n/a'}; "
            f"CPU-seconds each worker had used (warm-up included): "
            f"{', '.join(str(value) for value in run.get('worker_cpu_seconds', [])) or 'n/a'}. "
            f"Server log: {run['tracebacks']} tracebacks, {run['worker_timeouts']} worker timeouts; "
            f"server {run['server_stop']}. {_cores(run)}",
            "",
            *_kind_rows(run),
            "",
            "Checks: "
            + (
                '**all passed** (0 errors, 0 "database is locked", every acknowledged write '
                "stored exactly once)."
                if not problems
                else "**FAILED**: " + "; ".join(problems)
            ),
            f"Writes stored that wrk never saw answered (in flight when it stopped): "
            f"{run['writes']['unacknowledged_stored']}.",
            "",
        ]
        if run.get("first_errors"):
            lines += ["First error bodies:", "", *(f"- `{text[:200]}`" for text in run["first_errors"]), ""]
    return lines


def _quiet_note(document: dict) -> str:
    runs = [run for mode in document["modes"].values() for run in mode["runs"]]
    busiest = max((run["cores_busy"]["other"] or 0.0 for run in runs), default=0.0)
    if busiest > BUSY_OTHER_CORES:
        return (
            f"**Some figures were taken while other jobs ran on the machine** (they kept up to {busiest:.2f} "
            'cores busy during a run; see each run\'s "everything else"): they are a floor and a proof of '
            "correctness under contention, not the machine's capacity, and 1 against 2 workers then compares "
            "the share of the cores gunicorn was given more than the workers. Re-run `make load` on a quiet "
            "machine for capacity figures."
        )
    return f"The machine was otherwise quiet (other processes kept at most {busiest:.2f} cores busy during a run)."


def markdown(document: dict) -> str:
    machine, settings = document["machine"], document["settings"]
    total = sum(MIX.values())
    lines = [
        "# Load test",
        "",
        "`make load` (`python -m bench.load`, code in `bench/load/`): gunicorn with `config/gunicorn.py` on a "
        "loopback port under mixed traffic from wrk, for a bounded time, on the load test's own database "
        "(`var/load/` on SQLite; `<db>_load` beside `DATABASE_URL`'s on PostgreSQL, where it runs with 1 and "
        "then 2 workers). Regenerated by every run; a run on one database keeps the other's section.",
        "",
        "## How",
        "",
        "- **Tool: wrk** (Debian's `wrk` package, installed by `make load`), with a Lua script "
        "(`bench/load/mix.lua`) that mixes the request kinds, gives every hours write its own body and counts "
        "statuses by kind. Not locust: on a two-core machine the load generator shares the cores with "
        "gunicorn, and wrk's C event loop needs a fraction of one core where locust's Python users would "
        "take about as much CPU as the server they measure.",
        f"- **Mix** (default; `LOAD_MIX=hours=10,search=2` probes one kind), per {total} requests sent: "
        + ", ".join(f"{MIX[kind]} {KIND_NAMES[kind]}" for kind in KINDS)
        + ". Every request carries an `X-Request-ID`; the app echoes it, which is how responses are counted "
        "by kind, and each write's activity is that id, so the audit after the run finds every write wrk saw "
        "acknowledged (201) in the database exactly once.",
        "- **Connections**: wrk's connections each send their next request as soon as the last is answered. "
        "Kept alive, each would stay with the gunicorn worker that accepted it, busy or not (when this was built, "
        "on PostgreSQL with 2 workers: 7.3 against 2.5 CPU-seconds in a run), and 1 against 2 workers would measure that "
        "split. So every request goes on a new connection (`Connection: close`), as nginx talks to its upstream "
        "by default, and lands on whichever worker accepts it first (then 6.7 against 6.7). `LOAD_KEEPALIVE=1` keeps "
        "them open instead.",
        f"- **Server**: `{settings['server']}`. Rate limits are lifted for the run (every request comes from "
        "127.0.0.1; the limiter has its own tests), everything else is production's: `DEBUG=false`, JSON logs "
        "with one access line per request, hashed static files.",
        f"- **Errors** = responses other than 2xx/3xx plus socket errors (connect, read, write, and "
        f'timeouts: no answer within {REQUEST_TIMEOUT_SECONDS} s). Must be 0. "database is locked" is '
        "counted in the server's log. Must be 0.",
        "- **Latency**: wrk is a closed loop (each connection waits for its answer before sending again), so "
        "a stall also holds back the requests that would have been sent during it: the top percentiles are "
        "lower than an open stream of visitors would see.",
        f"- **Machine**: {machine.get('cpu_model', machine.get('processor'))}, {machine['cpus']} CPUs, "
        f"{machine.get('memory_gib', '?')} GiB, Python {machine['python']}, {machine['platform']}. "
        "wrk, gunicorn and the database server share the cores.",
        "",
        _quiet_note(document),
        "",
    ]
    for vendor in ("sqlite", "postgresql"):
        if vendor in document["modes"]:
            try:
                lines += _mode_section(document["modes"][vendor])
            except KeyError as missing:  # a section an older version of the load test wrote
                lines += [
                    f"## {vendor}",
                    "",
                    f"(figures from an older version, without {missing}: re-run)",
                    "",
                ]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # `python -m bench.load.report`: docs/load.md again from bench/load.json
    MARKDOWN_PATH.write_text(markdown(json.loads(JSON_PATH.read_text())))
