"""The measurements, by phase: ingestion (an empty database), reads (a seeded tier), memory."""

from __future__ import annotations

import argparse

from bench.harness import Result


def run_phase(phase: str, args: argparse.Namespace) -> list[Result]:
    if phase == "ingest":
        from bench.cases import ingest, poller
        from bench.corpus import build_corpus

        results = ingest.run(vendor=args.vendor, mode=args.mode)
        feeds = build_corpus(feeds=60, items_per_feed=50)
        return results + poller.run(feeds=feeds, vendor=args.vendor, rounds=3 if args.mode == "quick" else 5)
    if phase == "read":
        from bench.cases import api, pages, search

        return [
            *api.run(vendor=args.vendor, tier=args.tier, mode=args.mode),
            *search.run(vendor=args.vendor, tier=args.tier, mode=args.mode),
            *pages.run(vendor=args.vendor, tier=args.tier, mode=args.mode),
        ]
    if phase == "memory":
        from bench.cases import memory

        return memory.run(vendor=args.vendor, tier=args.tier, mode=args.mode)
    raise ValueError(phase)
