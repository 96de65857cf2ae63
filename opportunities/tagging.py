"""Cause and skill tagging: pure functions (no ORM, no network). Every tag says how it was made
and why, so a person can judge it, and a wrong one can be traced to the rule that made it.

Evidence, strongest first:
1. `source`: the source's own structured category (an Idealist or VolunteerMatch code mapped
   through causes.json, or a cause slug the source states);
2. `crosswalk`: a free-text label a person mapped to causes in admin ("Youth / Mentoring");
3. `rule`: phrases in the title, the source's labels, the description and the organisation name,
   in five languages (tagging_rules.py), after masking known traps ("family tree", "python
   developer", "climate crisis" …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from itertools import compress

from opportunities import taxonomy
from opportunities.feeds.values import fold

# A cause or skill is tagged when its score reaches this; see tagging_rules.py for the weights.
THRESHOLD = 2.0
# Phrases count double in the title and in the source's own labels.
STRONG_PLACES = ("title", "categories")
# Among rule tags, keep those scoring at least this share of the best one: a listing mentioning
# a second topic in passing should not carry it as a cause.
RELATIVE_CUTOFF = 0.4
MAX_RULE_TAGS = 2
_NON_WORD = re.compile(r"[^\w]+")
# Distinct words whose candidate phrases a table remembers (see _candidate_lists); past it, new
# words are looked up each time, so a flood of unique tokens cannot grow a worker's memory.
MEMO_LIMIT = 50_000
_CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")


@dataclass(frozen=True)
class Tag:
    slug: str
    method: str  # "source", "crosswalk" or "rule" (TagMethod values)
    reason: str
    confidence: float


@dataclass(frozen=True)
class TagInput:
    title: str
    description: str = ""
    organization: str = ""
    source_categories: tuple[str, ...] = ()
    stated: tuple[str, ...] = ()  # cause or skill slugs the source states in structured data


def normalize_text(value: str) -> str:
    """Folded (case, accents) with every run of non-word characters as one space."""
    return f" {_NON_WORD.sub(' ', fold(value)).strip()} "


Phrase = tuple[tuple[str, ...], bool]  # words, and whether the last one is a prefix ("mentor*")


@dataclass(frozen=True)
class _Table:
    """Phrases indexed by their first word, so matching costs a dict lookup per word of text,
    not a scan of every phrase (a regex alternation of thousands of phrases took 0.5 s a listing)."""

    by_first_word: dict[str, list[tuple[Phrase, str]]]  # exact first word -> [(phrase, as written)]
    by_prefix: dict[str, list[tuple[Phrase, str]]]  # one-word prefix phrases, by their prefix
    shortest_prefix: int  # no shorter start of a word can be a prefix phrase: skip those lookups
    meaning: dict[str, list[tuple[str, float]]]  # phrase as written -> [(slug, weight)]
    masks: _Masks
    memo: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _Masks:
    by_first_word: dict[str, list[Phrase]]
    by_prefix: dict[str, list[Phrase]]
    shortest_prefix: int
    # Mask -> which of its words to blank: "high school [seniors]" keeps "high school" as evidence
    # for education and blanks only "seniors". A mask with no brackets blanks every word.
    blank: dict[tuple[str, ...], tuple[int, ...]]
    memo: dict[str, tuple] = field(default_factory=dict, compare=False, repr=False)


def _mask_phrase(text: str) -> tuple[Phrase, tuple[int, ...]]:
    words = text.split()
    marked = tuple(i for i, word in enumerate(words) if word.startswith("["))
    phrase = _phrase(" ".join(word.strip("[]") for word in words))
    return phrase, marked or tuple(range(len(phrase[0])))


def _phrase(text: str) -> Phrase:
    return tuple(normalize_text(text.rstrip("*")).split()), text.endswith("*")


def _index(phrases: Iterable[tuple[Phrase, object]]) -> tuple[dict, dict]:
    by_first_word: dict[str, list] = {}
    by_prefix: dict[str, list] = {}
    for (words, prefix), payload in phrases:
        if not words:
            continue
        target = by_prefix if prefix and len(words) == 1 else by_first_word
        target.setdefault(words[0], []).append(((words, prefix), payload))
    for entries in (*by_first_word.values(), *by_prefix.values()):
        entries.sort(key=lambda entry: -len(entry[0][0]))  # longest phrase first
    return by_first_word, by_prefix


def _compile(phrases: Mapping[str, Iterable[tuple[str, float]]], masks: Iterable[str]) -> _Table:
    meaning: dict[str, list[tuple[str, float]]] = {}
    for slug, entries in phrases.items():
        for phrase, weight in entries:
            meaning.setdefault(phrase, []).append((slug, weight))
    by_first_word, by_prefix = _index((_phrase(phrase), phrase) for phrase in meaning)
    parsed = [_mask_phrase(mask) for mask in masks]
    mask_first, mask_prefix = _index((phrase, None) for phrase, _ in parsed)
    strip = lambda index: {key: [entry[0] for entry in entries] for key, entries in index.items()}  # noqa: E731
    blank = {phrase[0]: marked for phrase, marked in parsed}
    shortest = lambda index: min((len(key) for key in index), default=1)  # noqa: E731
    masks = _Masks(strip(mask_first), strip(mask_prefix), shortest(mask_prefix), blank)
    return _Table(by_first_word, by_prefix, shortest(by_prefix), meaning, masks)


def _fits(words: tuple[str, ...], prefix: bool, tokens: list[str], at: int) -> bool:
    if at + len(words) > len(tokens):
        return False
    last = len(words) - 1
    for offset, word in enumerate(words):
        token = tokens[at + offset]
        if not (token.startswith(word) if prefix and offset == last else token == word):
            return False
    return True


def _candidates(index: _Table | _Masks, token: str) -> tuple:
    """The phrases that may start at this word: those whose first word it is, and the one-word
    prefix phrases it begins with ("mentor*" for "mentoring"), longest first."""
    found = (*index.by_first_word.get(token, ()),)
    for end in range(index.shortest_prefix, len(token) + 1):
        found += (*index.by_prefix.get(token[:end], ()),)
    return found


def _candidate_lists(index: _Table | _Masks, tokens: list[str]) -> list[tuple]:
    """_candidates() of every token, remembered per table. Listings reuse a small vocabulary
    (Zipf's law), so after the first few hundred this is a C-level map over a dict: the Python
    loop per word was most of ingestion's tagging time."""
    memo = index.memo
    unseen = set(tokens).difference(memo)
    if unseen and len(memo) + len(unseen) > MEMO_LIMIT:
        return [memo[token] if token in memo else _candidates(index, token) for token in tokens]
    memo.update((token, _candidates(index, token)) for token in unseen)
    return list(map(memo.__getitem__, tokens))


def _masked(masks: _Masks, tokens: list[str]) -> list[str]:
    """Tokens with every mask phrase blanked out ("family tree" no longer holds "tree")."""
    candidates = _candidate_lists(masks, tokens)
    tokens = list(tokens)
    for at in compress(range(len(tokens)), candidates):  # only where a mask may start
        if not tokens[at]:  # blanked by a mask starting earlier
            continue
        for words, prefix in candidates[at]:
            if _fits(words, prefix, tokens, at):
                for offset in masks.blank.get(words, range(len(words))):
                    tokens[at + offset] = ""
                break
    return tokens


def _matches(table: _Table, text: str) -> set[str]:
    """The phrases (as written in the rules) found in normalized text: at each word the longest
    phrase that starts there, then on past it."""
    tokens = _masked(table.masks, text.split())
    candidates = _candidate_lists(table, tokens)
    found: set[str] = set()
    free_from = 0  # words before this belong to a phrase already found
    for at in compress(range(len(tokens)), candidates):
        if at < free_from:
            continue
        best = None
        for (words, prefix), phrase in candidates[at]:
            if (best is None or len(words) > len(best[0])) and _fits(words, prefix, tokens, at):
                best = (words, phrase)
        if best:
            found.add(best[1])
            free_from = at + len(best[0])
    return found


@cache
def _cause_table() -> _Table:
    from opportunities import tagging_rules

    return _compile(tagging_rules.CAUSE_PHRASES, (mask for mask, _why in tagging_rules.MASKS))


@cache
def _skill_table() -> _Table:
    from opportunities import tagging_rules

    return _compile(tagging_rules.SKILL_PHRASES, (mask for mask, _why in tagging_rules.MASKS))


def _rule_tags(table: _Table, places: dict[str, str], valid: frozenset[str]) -> list[Tag]:
    found = {place: _matches(table, text) for place, text in places.items() if text.strip()}
    scores: dict[str, float] = {}
    evidence: dict[str, list[tuple[float, str, str]]] = {}
    for phrase in set().union(*found.values()) if found else set():
        where = [place for place in found if phrase in found[place]]
        factor = 2.0 if any(place in STRONG_PLACES for place in where) else 1.0
        for slug, weight in table.meaning[phrase]:
            if slug in valid:
                scores[slug] = scores.get(slug, 0.0) + weight * factor
                evidence.setdefault(slug, []).append((weight * factor, phrase, where[0]))
    passing = {slug: score for slug, score in scores.items() if score >= THRESHOLD}
    if not passing:
        return []
    best = max(passing.values())
    kept = sorted((s for s in passing if passing[s] >= RELATIVE_CUTOFF * best), key=lambda s: -passing[s])
    return [_rule_tag(slug, passing[slug], evidence[slug]) for slug in kept[:MAX_RULE_TAGS]]


def _rule_tag(slug: str, score: float, evidence: list[tuple[float, str, str]]) -> Tag:
    top = sorted(evidence, reverse=True)[:3]
    said = ", ".join(f'"{phrase.rstrip("*")}" in {place}' for _, phrase, place in top)
    return Tag(
        slug=slug, method="rule", reason=f"rule: {said}", confidence=round(min(0.95, 0.4 + score / 10), 2)
    )


def _places(item: TagInput) -> dict[str, str]:
    labels = " | ".join(label for label in item.source_categories if not _CODE.match(label))
    return {
        "title": normalize_text(item.title),
        "categories": normalize_text(labels),
        "description": normalize_text(item.description),
        "organization": normalize_text(item.organization),
    }


def _source_cause_tags(item: TagInput, crosswalk: Mapping[str, tuple[str, ...]]) -> list[Tag]:
    tags = [
        Tag(slug, "source", f"source: stated cause {slug}", 1.0)
        for slug in item.stated
        if slug in taxonomy.cause_slugs()
    ]
    for label in item.source_categories:
        for slug in taxonomy.causes_for_idealist(label) if _CODE.match(label) else ():
            tags.append(Tag(slug, "source", f"source: Idealist category {label}", 0.95))
        for slug in taxonomy.causes_for_volunteermatch(label):
            tags.append(Tag(slug, "source", f"source: VolunteerMatch category {label}", 0.95))
        for slug in crosswalk.get(normalize_text(label).strip(), ()):
            tags.append(Tag(slug, "crosswalk", f'crosswalk: "{label}" → {slug}', 0.9))
    return tags


def _strongest(tags: Iterable[Tag]) -> list[Tag]:
    """One tag per slug: the first seen wins (callers pass the strongest kinds first)."""
    best: dict[str, Tag] = {}
    for tag in tags:
        best.setdefault(tag.slug, tag)
    return list(best.values())


def tag_causes(
    item: TagInput,
    *,
    crosswalk: Mapping[str, tuple[str, ...]] | None = None,
    places: dict[str, str] | None = None,
) -> list[Tag]:
    """The causes of one listing, each with how it was made and why. `crosswalk` maps a folded
    free-text label (normalize_text(label).strip()) to cause slugs."""
    stated = _source_cause_tags(item, crosswalk or {})
    rules = _rule_tags(_cause_table(), places or _places(item), taxonomy.cause_slugs())
    return _strongest([*stated, *rules])


def tag_skills(item: TagInput, *, places: dict[str, str] | None = None) -> list[Tag]:
    stated = [
        Tag(slug, "source", f"source: stated skill {slug}", 1.0)
        for slug in item.stated
        if slug in taxonomy.skill_slugs()
    ]
    rules = _rule_tags(_skill_table(), places or _places(item), taxonomy.skill_slugs())
    return _strongest([*stated, *rules])


def tag_listing(
    item: TagInput, *, crosswalk: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[list[Tag], list[Tag]]:
    """(causes, skills) of one listing, its text normalized once for both."""
    places = _places(item)
    return tag_causes(item, crosswalk=crosswalk, places=places), tag_skills(item, places=places)
