"""Timing and results: alternate A/B runs after a warm-up, medians and p95, targets as ratios.

Machines are noisy, so a target is a ratio against a baseline measured in the same run, with the two
sides interleaved (A, B, A, B, …): a slow moment hits both sides alike instead of one of them.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

TIMES = "\u00d7"  # the unit of a ratio: the multiplication sign


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest): no interpolation, so the
    figure is always one that was measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Samples:
    """Seconds per call (or per unit of work, when `per` divides them)."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return percentile(self.values, 95)

    def summary(self, *, unit: str = "ms") -> dict[str, Any]:
        scale = 1000.0 if unit == "ms" else 1.0
        return {
            "n": len(self.values),
            "unit": unit,
            "median": round(self.median * scale, 3),
            "p95": round(self.p95 * scale, 3),
            "min": round(min(self.values) * scale, 3),
            "max": round(max(self.values) * scale, 3),
        }


def time_call(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def repeat(function: Callable[[], object], *, repeats: int, warmup: int = 1) -> Samples:
    for _ in range(warmup):
        function()
    return Samples([time_call(function) for _ in range(repeats)])


def alternate(
    a: Callable[[], object], b: Callable[[], object], *, repeats: int, warmup: int = 1
) -> tuple[Samples, Samples]:
    """Time A and B in turns (A B A B …, after `warmup` rounds of each): a ratio of their medians is
    stable even when the machine's speed drifts during the run."""
    for _ in range(warmup):
        a()
        b()
    times_a, times_b = [], []
    for _ in range(repeats):
        times_a.append(time_call(a))
        times_b.append(time_call(b))
    return Samples(times_a), Samples(times_b)


@dataclass(frozen=True)
class Figure:
    """One side of a ratio, with what it measured."""

    label: str
    value: float
    unit: str


@dataclass
class Result:
    """One measured target: the figure, the bound it must meet, and the evidence behind it."""

    key: str  # stable id, e.g. "ingest.pipeline_vs_feedparser"
    title: str
    vendor: str  # "sqlite", "postgresql", or "any" when no database is involved
    value: float
    unit: str  # TIMES, "ms", "queries", "rows", "MiB"
    op: str  # ">=", "<=", "=="
    bound: float
    tier: int | None = None
    numerator: Figure | None = None
    denominator: Figure | None = None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    # None: reported beside a target, not a target itself (offset paging, say).
    gated: bool = True

    @property
    def passed(self) -> bool | None:
        if not self.gated:
            return None
        if self.op == ">=":
            return self.value >= self.bound
        if self.op == "<=":
            return self.value <= self.bound
        return self.value == self.bound

    @property
    def target(self) -> str:
        symbol = {">=": "≥", "<=": "≤", "==": "="}[self.op]
        return f"{symbol} {self.bound:g}{'' if self.unit in (TIMES, '') else ' ' + self.unit}"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["passed"] = self.passed
        data["target"] = self.target
        return data


def ratio(
    key: str,
    title: str,
    *,
    vendor: str,
    numerator: Figure,
    denominator: Figure,
    op: str,
    bound: float,
    **extra: Any,
) -> Result:
    value = numerator.value / denominator.value if denominator.value else math.inf
    return Result(
        key,
        title,
        vendor,
        round(value, 3),
        TIMES,
        op,
        bound,
        numerator=numerator,
        denominator=denominator,
        **extra,
    )
