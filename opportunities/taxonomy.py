"""The cause taxonomy as pure data (no ORM), for adapters and tagging: provider codes → our slugs.

Read from the project's copy of causes.json once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CAUSES_FILE = Path(__file__).resolve().parent / "data" / "causes.json"
SKILLS_FILE = Path(__file__).resolve().parent / "data" / "skills.json"


@cache
def _causes() -> list[dict]:
    return json.loads(CAUSES_FILE.read_text())["causes"]


@cache
def cause_slugs() -> frozenset[str]:
    return frozenset(cause["slug"] for cause in _causes())


@cache
def skill_slugs() -> frozenset[str]:
    return frozenset(skill["slug"] for skill in json.loads(SKILLS_FILE.read_text())["skills"])


@cache
def _provider_codes(provider: str) -> dict[str, tuple[str, ...]]:
    mapping: dict[str, list[str]] = {}
    for cause in _causes():
        for code in cause.get(provider, []):
            mapping.setdefault(code, []).append(cause["slug"])
    return {code: tuple(slugs) for code, slugs in mapping.items()}


def causes_for_idealist(code: str) -> tuple[str, ...]:
    """Idealist areasOfFocus code (e.g. "HUNGER_FOOD_SECURITY") → our cause slugs; () if unknown."""
    return _provider_codes("idealist").get(code.strip().upper(), ())


def causes_for_volunteermatch(code: str) -> tuple[str, ...]:
    return _provider_codes("volunteermatch").get(code.strip(), ())
