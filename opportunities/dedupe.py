"""Cross-source deduplication: pure functions (no ORM). The same opportunity posted on two sites
becomes one cluster; near-misses stay apart.

Candidates come from blocking keys (the canonical apply URL, the folded organisation name), so
the work grows with the listings that share a key, never all pairs of the table. A pair is the
same opportunity when nothing rules it out (another organisation, onsite vs remote or another
city, another year or cohort) and its titles, or its apply URL and texts, agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from rapidfuzz import fuzz

from opportunities.feeds.values import fold
from opportunities.normalize import normalize_org_name

MAX_BLOCK = 300  # a key shared by more listings than this is too generic to compare within
_WORDS = re.compile(r"[^\w]+")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SEASONS = {
    "spring": "spring", "primavera": "spring", "printemps": "spring", "fruhling": "spring",
    "fruehling": "spring",
    "summer": "summer", "verano": "summer", "ete": "summer", "sommer": "summer", "verao": "summer",
    "fall": "autumn", "autumn": "autumn", "otono": "autumn", "automne": "autumn", "herbst": "autumn",
    "outono": "autumn", "winter": "winter", "invierno": "winter", "hiver": "winter", "inverno": "winter",
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january enero janvier januar janeiro", "february febrero fevrier februar fevereiro",
            "march marzo mars marz marco", "april abril avril", "may mayo mai maio",
            "june junio juin juni junho", "july julio juillet juli julho", "august agosto aout",
            "september septiembre setiembre septembre setembro", "october octubre octobre oktober outubro",
            "november noviembre novembre novembro", "december diciembre decembre dezember dezembro",
        ],
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_COHORT = re.compile(
    r"\b(?:cohort|intake|batch|round|term|season|promotion|jahrgang|turma|edicion|edition)\s*(\d+)\b"
)
# Words that say nothing about which role it is.
_TITLE_NOISE = {
    "volunteer", "volunteers", "volunteering", "remote", "remotely", "online", "virtual", "from", "home",
    "voluntario", "voluntaria", "voluntariado", "benevole", "benevolat", "ehrenamtlich", "ehrenamt",
    "freiwillige", "freiwilliger", "the", "a", "an", "for", "with", "and", "of", "to", "in", "at", "our",
    "de", "la", "le", "el", "para", "pour", "fur", "und", "et", "y", "e", "da", "do", "des", "du", "en",
    "wanted", "needed", "gesucht", "busca", "buscamos", "recherche", "procura", "procuramos", "urgent",
    "new", "nuevo", "nouveau", "neu", "novo", "ehrenamtliche", "ehrenamtlicher", "bénévoles", "benevoles",
    "voluntarios", "voluntarias", "innen", "r", "o",
    "linea", "ligne", "linha", "distancia", "distance", "casa", "domicile", "hause",  # "online", "from home"
}  # fmt: skip
_GENERIC_APPLY_PATHS = {"", "volunteer", "volunteers", "get-involved", "join", "apply", "careers", "jobs",
                        "opportunities", "contact", "join-us", "support-us", "help"}  # fmt: skip
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|src|source|campaign)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Record:
    key: int | str
    title: str
    organization: str = ""
    description: str = ""
    apply_url: str = ""
    location_type: str = ""
    city: str = ""
    country: str = ""


def apply_url_key(url: str) -> str:
    """The apply URL as one opportunity's address: scheme, www, case of the host, trailing slash and
    tracking parameters ignored. "" for an organisation's generic page (/, /volunteer, /join …),
    which many roles share and so identifies none."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/").lower()
    if not host or (path.rsplit("/", 1)[-1] in _GENERIC_APPLY_PATHS and path.count("/") <= 1):
        return ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    return f"{host}{path}" + (f"?{query}" if query else "")


def _words(text: str) -> list[str]:
    return [word for word in _WORDS.split(fold(text)) if word]


def _periods_of(words: list[str]) -> set[str]:
    folded = " ".join(words)
    found = set(_YEAR.findall(folded)) | {_SEASONS[word] for word in words if word in _SEASONS}
    found |= {f"month {_MONTHS[word]}" for word in words if word in _MONTHS}
    return found | {f"cohort {number}" for number in _COHORT.findall(folded)}


STEM = 5  # letters compared: "student"/"students", "mapper"/"mapping" meet; "maths"/"english" do not


def _stems_of(words: Iterable[str]) -> set[str]:
    return {word[:STEM] for word in words if len(word) > 2}


@dataclass(frozen=True)
class _Features:
    """What the pair tests read from a record, computed once per record, not once per pair."""

    org: str
    title_words: tuple[str, ...]
    periods: frozenset[str]
    text: str  # folded description, for fuzzy comparison
    own_stems: frozenset[str]  # stems of the description
    listing_stems: frozenset[str]  # stems of title, description and organisation
    org_words: frozenset[str]
    url: str
    city: str


# Features are memoised for the pairs of one clusters() call, which clears them when it ends: kept
# across calls, 50,000 of them (each holding a listing's text and stems) grew a worker by about
# 1 GB over its first 100k listings.
@lru_cache(maxsize=8192)
def _features(record: Record) -> _Features:
    # Each field is folded and split once; every feature below is read off those word lists.
    title, description, organization = (
        _words(record.title),
        _words(record.description),
        _words(record.organization),
    )
    own_stems = _stems_of(description)
    return _Features(
        org=normalize_org_name(record.organization),
        title_words=tuple(word for word in title if word not in _TITLE_NOISE),
        periods=frozenset(_periods_of(title)),
        text=" ".join(description)[:2000],
        own_stems=frozenset(own_stems),
        listing_stems=frozenset(own_stems | _stems_of(title) | _stems_of(organization)),
        org_words=frozenset(organization),
        url=apply_url_key(record.apply_url),
        city=" ".join(_words(record.city)),
    )


def _contradiction(a: Record, b: Record) -> str:
    """A role word one listing uses (in its title and its text) and the other never mentions names
    another role: "Maths tutor" vs "English tutor", "Mapper" vs "Validator", "inglés" vs "francés".
    A site that rewords a title keeps the role's words somewhere, so a duplicate rarely trips this;
    a title word its own text never uses is decoration, not a role, and is not counted."""
    for one, other in ((_features(a), _features(b)), (_features(b), _features(a))):
        for word in one.title_words:
            stem = word[:STEM]
            if (
                len(word) > 2
                and not word.isdigit()
                and stem in one.own_stems
                and stem not in other.listing_stems
            ):
                return f'"{word}" in one listing only'
    return ""


def _conflict(a: Record, b: Record) -> str:
    """Why two similar listings are NOT the same opportunity, or "" when nothing rules it out."""
    fa, fb = _features(a), _features(b)
    if fa.org and fb.org and fa.org != fb.org and fuzz.ratio(fa.org, fb.org) < 88:
        return "different organisations"
    kinds = {a.location_type, b.location_type}
    if "onsite" in kinds and "remote" in kinds:
        return "onsite vs remote"
    if fa.city and fb.city and fa.city != fb.city and kinds & {"onsite", "hybrid"}:
        return "different cities"
    periods_a, periods_b = fa.periods, fb.periods
    if periods_a and periods_b and periods_a != periods_b:
        return "another year, season or cohort"
    return _contradiction(a, b)


def same_opportunity(a: Record, b: Record) -> tuple[bool, str]:
    """(same, why): the decision for one pair, with the evidence that made it."""
    conflict = _conflict(a, b)
    if conflict:
        return False, conflict
    fa, fb = _features(a), _features(b)
    title_score = fuzz.token_set_ratio(" ".join(fa.title_words), " ".join(fb.title_words))
    text_score = fuzz.token_set_ratio(fa.text, fb.text)
    url_a, url_b = fa.url, fb.url
    if url_a and url_a == url_b and (title_score >= 50 or text_score >= 80):
        return True, f"same apply URL, titles {title_score:.0f}% alike"
    # No conflict above: two organisation names present here are the same organisation.
    same_org = bool(fa.org and fb.org)
    if same_org and title_score >= 88 and text_score >= 85:
        return True, f"same organisation, titles {title_score:.0f}% alike"
    if same_org and text_score >= 85:  # no title contradiction above: a reworded title
        return True, f"same organisation, texts {text_score:.0f}% alike"
    if not same_org and title_score >= 95 and text_score >= 90:  # one site left the organisation out
        return True, f"titles {title_score:.0f}% and texts {text_score:.0f}% alike"
    return False, f"titles {title_score:.0f}% and texts {text_score:.0f}% alike"


def _order(key: int | str) -> tuple[int, int | str]:
    return (0, key) if isinstance(key, int) else (1, str(key))


def blocking_keys(record: Record) -> list[str]:
    features = _features(record)
    return [f"{kind}:{key}" for kind, key in (("url", features.url), ("org", features.org)) if key]


def clusters(records: Iterable[Record]) -> dict[int | str, int | str]:
    """Each record's cluster: the smallest key among the records it is (transitively) the same
    opportunity as. Only records sharing a blocking key are compared."""
    records = list(records)
    parent = {record.key: record.key for record in records}

    def root(key: int | str) -> int | str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    blocks: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        for key in blocking_keys(record):
            blocks[key].append(record)
    compared: set[tuple[int | str, int | str]] = set()
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = (a.key, b.key) if _order(a.key) < _order(b.key) else (b.key, a.key)
                if pair in compared or root(a.key) == root(b.key):
                    continue
                compared.add(pair)
                if same_opportunity(a, b)[0]:
                    low, high = sorted((root(a.key), root(b.key)), key=_order)
                    parent[high] = low
    assignment = {record.key: root(record.key) for record in records}
    _features.cache_clear()
    return assignment
