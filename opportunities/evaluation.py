"""Measuring tagging and deduplication against labelled sets (pure; used by the evaluate_*
commands and by the tests that keep the numbers from regressing)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opportunities import dedupe, tagging
from opportunities.normalize import html_to_text


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object ({exc})") from None
    return rows


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class TaggingReport:
    precision: float
    recall: float
    micro_f1: float
    macro_f1: float
    per_cause: dict[str, dict[str, float]] = field(default_factory=dict)
    mistakes: list[dict[str, Any]] = field(default_factory=list)


def tag_item(row: dict[str, Any]) -> tagging.TagInput:
    description = row.get("description_html") or row.get("description") or ""
    return tagging.TagInput(
        title=str(row.get("title") or ""),
        description=html_to_text(str(description)),
        organization=str(row.get("organization") or ""),
        source_categories=tuple(str(label) for label in row.get("source_categories") or []),
    )


def evaluate_tagging(rows: Iterable[dict[str, Any]]) -> TaggingReport:
    counts: dict[str, list[int]] = {}  # slug -> [true positives, predicted, gold]
    mistakes = []
    for row in rows:
        gold = set(row.get("gold_causes") or [])
        predicted = {tag.slug for tag in tagging.tag_causes(tag_item(row))}
        for slug in gold | predicted:
            tally = counts.setdefault(slug, [0, 0, 0])
            tally[0] += slug in gold and slug in predicted
            tally[1] += slug in predicted
            tally[2] += slug in gold
        if gold != predicted:
            mistakes.append(
                {
                    "id": row.get("id"),
                    "title": row.get("title"),
                    "gold": sorted(gold),
                    "got": sorted(predicted),
                }
            )
    tp, predicted_total, gold_total = (sum(tally[i] for tally in counts.values()) for i in range(3))
    precision, recall = _ratio(tp, predicted_total), _ratio(tp, gold_total)
    per_cause = {}
    for slug, (hits, predicted_n, gold_n) in sorted(counts.items()):
        p, r = _ratio(hits, predicted_n), _ratio(hits, gold_n)
        per_cause[slug] = {"precision": p, "recall": r, "f1": _f1(p, r), "support": gold_n}
    # Macro-F1 over the causes the set labels (a cause never in the gold set has no recall to measure).
    labelled = [scores["f1"] for scores in per_cause.values() if scores["support"]]
    macro = sum(labelled) / len(labelled) if labelled else 0.0
    return TaggingReport(precision, recall, _f1(precision, recall), macro, per_cause, mistakes)


@dataclass
class DedupeReport:
    precision: float
    recall: float
    f1: float
    false_merges: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)


def _record(key: str, listing: dict[str, Any]) -> dedupe.Record:
    return dedupe.Record(
        key=key,
        title=str(listing.get("title") or ""),
        organization=str(listing.get("organization") or ""),
        description=html_to_text(str(listing.get("description_html") or listing.get("description") or "")),
        apply_url=str(listing.get("apply_url") or ""),
        location_type=str(listing.get("location_type") or ""),
        city=str(listing.get("city") or ""),
        country=str(listing.get("country") or ""),
    )


def evaluate_dedupe(rows: Iterable[dict[str, Any]]) -> DedupeReport:
    tp = fp = fn = 0
    false_merges, missed = [], []
    for number, row in enumerate(rows):
        same, why = dedupe.same_opportunity(_record(f"{number}a", row["a"]), _record(f"{number}b", row["b"]))
        gold = bool(row["same"])
        tp += same and gold
        fp += same and not gold
        fn += gold and not same
        if same != gold:
            entry = {"id": row.get("id", number), "kind": row.get("kind"), "why": why,
                     "a": row["a"].get("title"), "b": row["b"].get("title")}  # fmt: skip
            (false_merges if same else missed).append(entry)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return DedupeReport(precision, recall, _f1(precision, recall), false_merges, missed)
