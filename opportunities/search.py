"""The user's search box, parsed once in Python and rendered for either full-text backend.

SQLite FTS5 (tokenizer ``unicode61 remove_diacritics 2``) and PostgreSQL (``to_tsquery('simple', …)``
over ``unaccent(lower(text))`` with non-alphanumeric runs turned into spaces) each have their own
query language with its own quirks. Parsing here and emitting only quoted words and operators means
both give the same answers, and nothing the user types can reach either parser as syntax.
Pure: no ORM, no database, no network.

Syntax (websearch-style): bare words are ANDed; ``"a phrase"``; ``-word`` / ``-"a phrase"`` exclude;
``x or y`` joins two terms; the last bare word, while still being typed, matches as a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Abuse guard: a query is a few words, and every term is a separate index lookup in the database.
# Distinct terms (positive and excluded together) beyond this many are ignored.
MAX_TERMS = 16
# Longer tokens are cut; no real word is this long, and it bounds the size of what we render.
MAX_WORD_LENGTH = 64
# A phrase longer than this is cut too: a pasted paragraph in quotes would otherwise become one
# enormous phrase, which MAX_TERMS alone does not bound.
MAX_PHRASE_WORDS = 16


def _spacing_marks() -> str:
    """Spacing combining marks (category Mc, e.g. the Devanagari vowel sign in "हि"), as a regex
    class body. PostgreSQL's [:alnum:] counts them as part of a word and Python's \\w does not;
    adding them keeps Indic words whole on both sides."""
    marks = [chr(code) for code in range(0x0900, 0x1FFFF) if unicodedata.category(chr(code)) == "Mc"]
    return "".join(re.escape(mark) for mark in marks)


_WORD = re.compile(rf"(?:[^\W_]|[{_spacing_marks()}])+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# One token: an optional minus, then a quoted run (closing quote optional: an unclosed quote runs
# to the end) or a run of anything but whitespace and quotes. Linear on any input: no nesting.
_TOKEN = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')
_OR = "or"


# The combining-mark blocks dropped after NFKD decomposition ("é" is "e" + U+0301). The database
# side (fulltext.py) strips exactly these ranges too, so query and documents fold alike.
COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_COMBINING = re.compile(f"[{COMBINING_MARKS}]")


def fold(text: str) -> str:
    """Compatibility-decomposed, accents dropped, lower-cased: "Éducation ﬁt" -> "education fit".

    The same steps run in the database for documents (fulltext.py), so a word folds the same way
    on either side. lower() and not casefold(), which PostgreSQL has no twin for; the final sigma
    is made the plain one because Python lowers it by context and PostgreSQL does not.
    """
    if text.isascii():  # NFKD, the marks and the sigma change nothing in ASCII
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return _COMBINING.sub("", decomposed).lower().replace("\u03c2", "\u03c3")  # final sigma -> sigma


def words(text: str) -> list[str]:
    """The words both database tokenizers would see: runs of letters and digits, so underscores,
    hyphens, apostrophes and punctuation all separate words."""
    folded = fold(text)
    # In ASCII, letters and digits are exactly [a-z0-9] once lower-cased: a plain class runs several
    # times faster than _WORD's alternation (SQLite's index triggers split every listing with this).
    found = _ASCII_WORD.findall(folded) if folded.isascii() else _WORD.findall(folded)
    return [word[:MAX_WORD_LENGTH] for word in found]


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or several: a phrase (adjacent, in order)
    prefix: bool = False  # the last word matches as a prefix ("tut" finds "tutoring")

    def to_fts5(self) -> str:
        # Words hold no quotes (they are [^\W_]+), but quoting keeps FTS5 from reading one as a
        # keyword (AND, NEAR) or a column filter.
        return f'"{" ".join(self.words)}"' + ("*" if self.prefix else "")

    def to_tsquery(self) -> str:
        lexemes = [f"'{word}'" for word in self.words]
        if self.prefix:
            lexemes[-1] += ":*"
        return lexemes[0] if len(lexemes) == 1 else f"({' <-> '.join(lexemes)})"


@dataclass(frozen=True)
class SearchQuery:
    clauses: tuple[tuple[Term, ...], ...]  # AND of clauses; each clause is an OR of terms
    excluded: tuple[Term, ...]  # terms that must NOT match

    def has_positive(self) -> bool:
        # Without one the caller applies only the exclusions ("-covid" lists everything else).
        return bool(self.clauses)

    def to_fts5(self) -> str:
        return " AND ".join(_fts5_clause(clause) for clause in self.clauses)

    def to_fts5_excluded(self) -> str:
        return " OR ".join(term.to_fts5() for term in self.excluded)

    def to_tsquery(self) -> str:
        return " & ".join(_tsquery_clause(clause) for clause in self.clauses)

    def to_tsquery_excluded(self) -> str:
        return " | ".join(term.to_tsquery() for term in self.excluded)


def _fts5_clause(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].to_fts5()
    return "(" + " OR ".join(term.to_fts5() for term in clause) + ")"


def _tsquery_clause(clause: tuple[Term, ...]) -> str:
    if len(clause) == 1:
        return clause[0].to_tsquery()
    return "( " + " | ".join(term.to_tsquery() for term in clause) + " )"


@dataclass(frozen=True)
class _Token:
    negated: bool
    quoted: bool
    raw: str

    def is_or(self) -> bool:
        return not self.negated and not self.quoted and self.raw.lower() == _OR


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        minus, quoted, bare = match.groups()  # quoted is None when the token has no quote
        raw = bare if quoted is None else quoted
        tokens.append(_Token(negated=bool(minus), quoted=quoted is not None, raw=raw))
    return tokens


def _term(token: _Token, prefix: bool) -> Term | None:
    found = tuple(words(token.raw)[:MAX_PHRASE_WORDS])
    # "or" on its own is an operator, never a search word, wherever it stands (keeps "OR" alone
    # from turning into a search for the word).
    if not found or found == (_OR,):
        return None
    return Term(found, prefix=prefix)


def _types_prefix(text: str, tokens: list[_Token]) -> bool:
    """Whether the last token is a bare word the user is still typing. A closing quote, a
    negation or a trailing space all mean the user has finished it."""
    if not tokens or text[-1:].isspace():
        return False
    last = tokens[-1]
    return not (last.negated or last.quoted or last.is_or())


class _Builder:
    """Collects terms in input order, deciding OR-joins and applying the MAX_TERMS budget."""

    def __init__(self) -> None:
        self.clauses: list[list[Term]] = []
        self.excluded: list[Term] = []
        self.seen_positive: set[Term] = set()
        self.can_join = False  # the previous term was positive, so an "or" after it may join
        self.joining = False  # an "or" stands between the previous positive term and the next

    def _has_room(self, term: Term, negated: bool) -> bool:
        if term in (self.excluded if negated else self.seen_positive):
            return True  # a repeat costs nothing: it collapses below
        return len(self.seen_positive) + len(self.excluded) < MAX_TERMS

    def add_or(self) -> None:
        self.joining = self.can_join  # at the start, or after a negation, "or" is ignored

    def add(self, term: Term, negated: bool) -> None:
        kept = self._has_room(term, negated)
        if negated:
            if kept and term not in self.excluded:
                self.excluded.append(term)
        elif kept:
            self.seen_positive.add(term)
            if self.joining:
                if term not in self.clauses[-1]:
                    self.clauses[-1].append(term)
            else:
                self.clauses.append([term])
        # A dropped term cannot be joined to; a negated one breaks an OR chain.
        self.can_join = kept and not negated
        self.joining = False

    def build(self) -> SearchQuery:
        # "a a" or "a or b b or a": the same clause twice adds nothing to an AND. A repeated word
        # still opens a clause while parsing, since an "or" may follow and extend it.
        clauses: dict[frozenset[Term], tuple[Term, ...]] = {}
        for clause in self.clauses:
            clauses.setdefault(frozenset(clause), tuple(clause))
        return SearchQuery(clauses=tuple(clauses.values()), excluded=tuple(self.excluded))


def parse(text: str | None) -> SearchQuery | None:
    """The query in ``text``, or None when it holds no searchable word at all."""
    if not text:
        return None
    tokens = _tokens(text)
    prefix_at = len(tokens) - 1 if _types_prefix(text, tokens) else -1
    builder = _Builder()
    for index, token in enumerate(tokens):
        if token.is_or():
            builder.add_or()
        elif (term := _term(token, prefix=index == prefix_at)) is not None:
            builder.add(term, token.negated)
    query = builder.build()
    return query if query.clauses or query.excluded else None
