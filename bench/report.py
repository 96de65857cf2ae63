"""bench/results.json and the results table of docs/benchmarks.md, and the pass/fail summary.

docs/benchmarks.md is half written by hand (method, profiles, explanations of misses) and half
generated: only the part between the two markers below is replaced on each run.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.harness import TIMES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOCUMENT = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def merge(document: dict) -> dict:
    """Fold a partial run (--only, --vendor) into the last full one of the same mode."""
    if not RESULTS.exists():
        return document
    previous = json.loads(RESULTS.read_text())
    if previous.get("mode") != document["mode"]:
        return document
    fresh = {(r["key"], r["vendor"], r["tier"]) for r in document["results"]}
    kept = [r for r in previous["results"] if (r["key"], r["vendor"], r["tier"]) not in fresh]
    return {
        **document,
        "machine": previous["machine"],
        "seconds": previous["seconds"],
        "merged": [
            *previous.get("merged", []),
            {"started": document["machine"]["started"], "seconds": document["seconds"]},
        ],
        "results": kept + document["results"],
        "seeds": {**previous.get("seeds", {}), **document["seeds"]},
    }


def write(document: dict) -> None:
    RESULTS.write_text(json.dumps(document, indent=2, default=str) + "\n")
    table = markdown(document)
    text = DOCUMENT.read_text() if DOCUMENT.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOCUMENT.write_text(f"{before}{START}\n{table}{END}{after}")


def _verdict(result: dict) -> str:
    return {True: "pass", False: "**miss**", None: "(reported)"}[result["passed"]]


def _value(result: dict) -> str:
    unit = result["unit"]
    value = f"{result['value']:,.3g}" if isinstance(result["value"], float) else f"{result['value']:,}"
    return value + (TIMES if unit == TIMES else f" {unit}" if unit else "")


def _side(figure: dict | None) -> str:
    if not figure:
        return ""
    return f"{figure['label']}: {figure['value']:,.4g} {figure['unit']}"


def markdown(document: dict) -> str:
    machine = document["machine"]
    lines = [
        f"Run: {machine['started']}, {document['mode']} mode, {document['seconds']:.0f} s; "
        f"{machine.get('cpu_model', machine['processor'])}, {machine['cpus']} CPUs, "
        f"{machine.get('memory_gib', '?')} GiB; Python {machine['python']}.",
        *(
            f"Partial re-run merged in: {run['started']} ({run['seconds']:.0f} s)."
            for run in document.get("merged", [])
        ),
        "",
        "| Target | DB | Listings | Result | Target | Verdict | Numerator | Denominator |",
        "|---|---|---:|---:|---|---|---|---|",
    ]
    for result in document["results"]:
        tier = f"{result['tier']:,}" if result["tier"] else ""
        lines.append(
            f"| {result['title']} | {result['vendor']} | {tier} | {_value(result)} | {result['target']} | "
            f"{_verdict(result)} | {_side(result['numerator'])} | {_side(result['denominator'])} |"
        )
    notes = [r for r in document["results"] if r.get("note")]
    if notes:
        lines += ["", "Notes from the run:", ""]
        lines += [f"- {r['title']} ({r['vendor']}): {r['note']}" for r in notes]
    return "\n".join(lines) + "\n"


def print_summary(document: dict) -> None:
    print(f"\n{'target':<58} {'db':<10} {'result':>12}  {'target':<10} verdict")
    for result in document["results"]:
        print(
            f"{result['title'][:58]:<58} {result['vendor']:<10} {_value(result):>12}  "
            f"{result['target']:<10} {_verdict(result).strip('*')}"
        )
    missed = [r for r in document["results"] if r["passed"] is False]
    print(
        f"\n{len(document['results'])} figures, {len(missed)} missed; "
        f"written to {RESULTS.relative_to(ROOT)} and {DOCUMENT.relative_to(ROOT)}"
    )
