"""Worker memory: one long-lived process ingests the tier's worth of listings, feed after feed,
as a worker does over days; its resident memory is sampled after every feed. It must stay flat:
no growth per feed beyond a small bound once the first feeds have warmed caches and pools."""

from __future__ import annotations

import gc

from django.db import reset_queries

from bench.corpus import build_corpus
from bench.harness import Result
from opportunities import services
from opportunities.models import Source

ITEMS_PER_FEED = 500
# Allocator arenas, SQLite's page cache and Django's per-connection state fill during the first
# feeds (on SQLite, until about 40 % of a 50,000-listing run); flat means the second half adds
# next to nothing: under GROWTH_BOUND_MIB however many listings it ingests.
WARM_FRACTION = 0.5
GROWTH_BOUND_MIB = 16.0


def _rss_mib() -> tuple[float, float]:
    """(current, peak) resident set size of this process, from /proc."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, amount, _unit = line.split()
                values[name] = int(amount) / 1024
    return values["VmRSS:"], values["VmHWM:"]


def run(*, vendor: str, tier: int, mode: str) -> list[Result]:
    listings = tier if mode == "full" else min(tier, 50_000)
    feeds = listings // ITEMS_PER_FEED
    warm = max(1, int(feeds * WARM_FRACTION))
    samples: list[tuple[int, float, float]] = []
    for index in range(feeds):
        feed = build_corpus(feeds=1, items_per_feed=ITEMS_PER_FEED, seed=1_000_000 + index)[0]
        source = Source.objects.create(name=f"memory {index:05d}", format=feed.format, url=feed.url)
        run = services.source_ingest_payload(source=source, payload=feed.body)
        if run.error:
            raise RuntimeError(f"feed {index}: {run.error}")
        reset_queries()
        del feed, run
        current, peak = _rss_mib()
        samples.append((index + 1, round(current, 1), round(peak, 1)))
        if (index + 1) % max(1, feeds // 20) == 0:
            print(
                f"    memory: {index + 1:,}/{feeds:,} feeds, RSS {current:.0f} MiB (peak {peak:.0f})",
                flush=True,
            )
    gc.collect()
    warm_peak = samples[warm - 1][2]
    final_peak = samples[-1][2]
    growth = final_peak - warm_peak
    return [
        Result(
            "memory.worker_rss_growth",
            f"Worker peak RSS growth over the second half of ingesting {listings:,} listings",
            vendor,
            round(growth, 1),
            "MiB",
            "<=",
            GROWTH_BOUND_MIB,
            tier=listings,
            details={
                "feeds": feeds,
                "items_per_feed": ITEMS_PER_FEED,
                "peak_after_warmup_mib": warm_peak,
                "final_peak_mib": final_peak,
                "samples": samples[:: max(1, len(samples) // 50)],
            },
            note=f"peak {warm_peak:.0f} MiB after {warm} feeds, {final_peak:.0f} MiB after {feeds}",
        )
    ]
