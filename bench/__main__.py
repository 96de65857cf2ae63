"""`make bench` (quick) and `make bench FULL=1`: seed, measure, compare, report.

Quick mode measures every target on the 100k tier with fewer repeats; FULL=1 adds the 1M tier
(search scaling, worker memory over a million listings) and more repeats. SQLite always; PostgreSQL
too when DATABASE_URL points to one. Writes bench/results.json and docs/benchmarks.md and prints
pass or fail per target. It never fails on timing: the exit status is 0 unless a step crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import databases, report
from bench.harness import Figure, ratio

QUICK_TIERS = [100_000]
FULL_TIERS = [100_000, 1_000_000]


def _child(phase: str, *, vendor: str, url: str, tier: int, mode: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    command = [sys.executable, "-m", "bench.child", phase, "--vendor", vendor, "--tier", str(tier)]
    command += ["--mode", mode, "--out", out]
    started = time.perf_counter()
    # Our own interpreter and module with fixed arguments: nothing here comes from outside.
    subprocess.run(command, env=databases.child_env(url), cwd=databases.ROOT, check=True)  # noqa: S603
    data = json.loads(Path(out).read_text())
    os.unlink(out)
    print(f"    ({phase} took {time.perf_counter() - started:.0f} s)", flush=True)
    return data


def _ensure_seeded(vendor: str, tier: int, fingerprint: str) -> tuple[str, dict]:
    """The tier's database, seeded; reused from an earlier run when the seed and schema match."""
    name = f"tier-{tier}"
    if databases.is_current(vendor, name, fingerprint):
        print(f"  {vendor}: reusing the seeded {tier:,}-listing database", flush=True)
        return databases.database_url(vendor, name), {}
    print(f"  {vendor}: seeding {tier:,} listings (kept for later runs) …", flush=True)
    url = databases.copy(vendor, "empty", name)
    info = _child("seed", vendor=vendor, url=url, tier=tier, mode="quick")["info"]
    databases.mark_current(vendor, name, fingerprint)
    return url, info


def _ensure_empty(vendor: str, fingerprint: str) -> None:
    if databases.is_current(vendor, "empty", fingerprint):
        return
    print(f"  {vendor}: migrating an empty benchmark database …", flush=True)
    url = databases.recreate(vendor, "empty")
    _child("prepare", vendor=vendor, url=url, tier=0, mode="quick")
    databases.mark_current(vendor, "empty", fingerprint)


def machine_info() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        info["cpu_model"] = model
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        info["memory_gib"] = round(mem_kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError, IndexError):
        pass
    return info


def scaling(results: list[dict]) -> list[dict]:
    """Search p95 at 1M ÷ at 100k for selective queries, from the two tiers' read phases."""
    derived = []
    for vendor in sorted({result["vendor"] for result in results}):
        p95 = {
            result["tier"]: result["value"]
            for result in results
            if result["key"] == "search.p95_selective" and result["vendor"] == vendor
        }
        if 100_000 in p95 and 1_000_000 in p95:
            derived.append(
                ratio(
                    "search.scaling_selective",
                    "Search p95 at 1M ÷ p95 at 100k, selective queries",
                    vendor=vendor,
                    tier=1_000_000,
                    numerator=Figure("p95 at 1M", p95[1_000_000], "ms"),
                    denominator=Figure("p95 at 100k", p95[100_000], "ms"),
                    op="<=",
                    bound=2,
                ).as_dict()
            )
    return derived


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--full", action="store_true", help="add the 1M tier and more repeats")
    parser.add_argument("--vendor", choices=["sqlite", "postgresql"], action="append")
    parser.add_argument("--only", choices=["ingest", "read", "memory"], action="append")
    args = parser.parse_args()
    mode = "full" if args.full else "quick"
    vendors = args.vendor or ["sqlite"] + (["postgresql"] if databases.postgres_url() else [])
    phases = args.only or ["ingest", "read", "memory"]
    tiers = FULL_TIERS if args.full else QUICK_TIERS
    fingerprint = databases.schema_fingerprint()
    started = time.perf_counter()
    results, seeds = [], {}
    print(
        f"Pitch In benchmarks ({mode} mode: tiers {', '.join(f'{t:,}' for t in tiers)}; {', '.join(vendors)})"
    )
    for vendor in vendors:
        _ensure_empty(vendor, fingerprint)
        if "ingest" in phases:
            print(f"  {vendor}: ingestion and poller …", flush=True)
            url = databases.copy(vendor, "empty", "ingest")
            results += _child("ingest", vendor=vendor, url=url, tier=0, mode=mode)["results"]
        if "read" in phases:
            for tier in tiers:
                url, seeds[f"{vendor}-{tier}"] = _ensure_seeded(vendor, tier, fingerprint)
                print(f"  {vendor}: API, search and pages at {tier:,} listings …", flush=True)
                results += _child("read", vendor=vendor, url=url, tier=tier, mode=mode)["results"]
        if "memory" in phases:
            print(f"  {vendor}: worker memory while ingesting …", flush=True)
            url = databases.copy(vendor, "empty", "memory")
            results += _child("memory", vendor=vendor, url=url, tier=tiers[-1], mode=mode)["results"]
    results += scaling(results)
    document = {
        "mode": mode,
        "machine": machine_info(),
        "seconds": round(time.perf_counter() - started, 1),
        "seeds": seeds,
        "results": results,
    }
    if args.only or args.vendor:
        document = report.merge(document)
    report.write(document)
    report.print_summary(document)
    return 0


if __name__ == "__main__":
    sys.exit(main())
