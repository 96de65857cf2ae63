"""Seeded randomness for the benchmark's data: the fixed epoch every timestamp counts back from,
one random stream per (seed, kind of thing, index), and the distributions several kinds share.

A stream depends only on its own key, so a listing's or a person's rows never depend on batch
boundaries or on how many other things were made first.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from enum import IntEnum

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)  # "now" for the seeded data; never the real clock
DAY = 86_400.0
DEFAULT_SEED = 20261122

# Causes most to least common (Zipf-like weights by position): the facet counts of a real catalogue.
CAUSE_POPULARITY = ["education-literacy", "children-youth", "environment", "community", "hunger",
                    "health-medicine", "seniors", "immigrants-refugees", "arts-culture", "animals",
                    "technology", "crisis-mental-health", "homelessness-housing", "disability",
                    "employment", "poverty", "women-gender", "science-research", "sports-recreation",
                    "disaster-relief", "advocacy-human-rights", "international-development",
                    "media-communications", "justice-legal", "civic-engagement", "racial-equity",
                    "lgbtq", "faith-based", "veterans-military"]  # fmt: skip


class Stream(IntEnum):
    """One random stream per kind of thing, so adding people never changes a listing."""

    ORGANISATIONS = 1
    LISTING = 2
    CLUSTER = 3
    CLUSTER_CONTENT = 4
    USER = 5
    HEAVY_USER = 6


def stream(seed: int, kind: Stream, index: int) -> random.Random:
    return random.Random((seed * 1_000_003 + kind) * 10_000_000_019 + index)  # noqa: S311 - data, not secrets


def weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    """One value of (value, probability) pairs whose probabilities add up to 1."""
    point, total = rng.random(), 0.0
    for value, weight in pairs:
        total += weight
        if point < total:
            return value
    return pairs[-1][0]


def pick_cause(rng: random.Random) -> str:
    rank = min(int(len(CAUSE_POPULARITY) * rng.random() ** 1.8), len(CAUSE_POPULARITY) - 1)
    return CAUSE_POPULARITY[rank]


def before_epoch(seconds: float) -> datetime:
    return EPOCH - timedelta(seconds=int(seconds))
