"""The search box parser: what each piece of syntax means, what it renders to, and that SQLite FTS5
and PostgreSQL find the same documents for the same query. No Django database needed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

import pytest

from opportunities.search import MAX_TERMS, MAX_WORD_LENGTH, SearchQuery, Term, fold, parse, words

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def t(text: str, prefix: bool = False) -> Term:
    """A term from space-separated folded words: t("food bank") is the phrase."""
    return Term(tuple(text.split()), prefix=prefix)


def parsed(text: str) -> SearchQuery:
    query = parse(text)
    assert query is not None
    return query


# --- folding and words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Éducation Niño", "education nino"),
        ("ÇA VA Ångström", "ca va angstrom"),
        ("ΣΤΗΝ ΑΘΗΝΑ", "στην αθηνα"),
        ("МОСКВА Волонтеры", "москва волонтеры"),
        # lower(), not casefold(): neither database turns ß into ss.
        ("Straße", "straße"),
        ("café", "cafe"),  # already decomposed: e + combining acute
    ],
)
def test_fold_drops_accents_and_lowercases(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tutor kids", ["tutor", "kids"]),
        ("e-mail", ["e", "mail"]),
        ("O'Brien", ["o", "brien"]),
        ("snake_case", ["snake", "case"]),
        ("covid19-response", ["covid19", "response"]),
        ("Help, please! (today)", ["help", "please", "today"]),
        ("  ...  ", []),
    ],
)
def test_words_are_runs_of_letters_and_digits(text, expected):
    assert words(text) == expected


def test_words_are_cut_to_the_maximum_length():
    assert words("a" * 100 + " b") == ["a" * MAX_WORD_LENGTH, "b"]


# --- structure ---------------------------------------------------------------------------------


def test_bare_words_are_anded():
    assert parsed("tutor kids ").clauses == ((t("tutor"),), (t("kids"),))


def test_a_quoted_phrase_is_one_term():
    assert parsed('"food bank" volunteers ').clauses == ((t("food bank"),), (t("volunteers"),))


def test_an_unclosed_quote_runs_to_the_end_of_the_input():
    assert parsed('help "food bank sorting').clauses == ((t("help"),), (t("food bank sorting"),))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("e-mail ", "e mail"), ("O'Brien ", "o brien"), ("covid19-response ", "covid19 response")],
)
def test_a_bare_token_that_folds_to_several_words_becomes_a_phrase(text, phrase):
    assert parsed(text).clauses == ((t(phrase),),)


def test_minus_excludes_a_word_or_a_phrase():
    query = parsed('tutor -"food bank" -covid ')
    assert query.clauses == ((t("tutor"),),)
    assert query.excluded == (t("food bank"), t("covid"))


def test_a_query_of_only_negations_is_valid_without_positive_clauses():
    query = parsed("-covid")
    assert query.clauses == ()
    assert query.excluded == (t("covid"),)
    assert not query.has_positive()
    assert query.to_fts5() == ""
    assert query.to_tsquery() == ""


def test_a_lone_minus_or_a_hyphen_inside_a_word_is_not_negation():
    query = parsed("well-being - kids ")
    assert query.clauses == ((t("well being"),), (t("kids"),))
    assert query.excluded == ()


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("tutor or mentor kids ", ((t("tutor"), t("mentor")), (t("kids"),))),
        ("a OR b Or c ", ((t("a"), t("b"), t("c")),)),
        ('"food bank" or pantry ', ((t("food bank"), t("pantry")),)),
        ("tutor or or mentor ", ((t("tutor"), t("mentor")),)),
    ],
)
def test_or_joins_neighbouring_terms_into_one_clause(text, clauses):
    assert parsed(text).clauses == clauses


@pytest.mark.parametrize(
    ("text", "clauses", "excluded"),
    [
        ("or tutor ", ((t("tutor"),),), ()),
        ("tutor or ", ((t("tutor"),),), ()),
        ("tutor or -covid kids ", ((t("tutor"),), (t("kids"),)), (t("covid"),)),
        ("-covid or tutor ", ((t("tutor"),),), (t("covid"),)),
        ('tutor "or" -or kids ', ((t("tutor"),), (t("kids"),)), ()),
    ],
)
def test_or_at_the_edges_or_next_to_a_negation_is_ignored(text, clauses, excluded):
    query = parsed(text)
    assert (query.clauses, query.excluded) == (clauses, excluded)


@pytest.mark.parametrize(
    ("text", "prefixed"),
    [
        ("food ban", [t("ban", prefix=True)]),
        ("tut kid", [t("kid", prefix=True)]),
        ("e-mai", [t("e mai", prefix=True)]),
        ("food ban ", []),
        ("food ban\n", []),
        ('"food ban"', []),
        ('"food ban', []),
        ("food -ban", []),
        ("food or", []),
        ("food ban -", []),
    ],
)
def test_only_a_last_bare_word_still_being_typed_matches_as_a_prefix(text, prefixed):
    query = parsed(text)
    terms = [term for clause in query.clauses for term in clause] + list(query.excluded)
    assert [term for term in terms if term.prefix] == prefixed


def test_a_trailing_space_turns_prefix_matching_off():
    assert parsed("tutor").to_fts5() == '"tutor"*'
    assert parsed("tutor ").to_fts5() == '"tutor"'


def test_terms_beyond_the_maximum_are_dropped():
    many = " ".join(f"w{i}" for i in range(MAX_TERMS + 5)) + " "
    assert parsed(many).clauses == tuple((t(f"w{i}"),) for i in range(MAX_TERMS))


def test_excluded_terms_count_towards_the_maximum():
    mixed = " ".join(f"p{i} -n{i}" for i in range(MAX_TERMS)) + " "
    query = parsed(mixed)
    half = MAX_TERMS // 2
    assert query.clauses == tuple((t(f"p{i}"),) for i in range(half))
    assert query.excluded == tuple(t(f"n{i}") for i in range(half))


def test_repeated_terms_do_not_use_up_the_budget():
    text = "same " * 40 + " ".join(f"w{i}" for i in range(MAX_TERMS - 1)) + " "
    assert len(parsed(text).clauses) == MAX_TERMS


@pytest.mark.parametrize(
    ("text", "clauses", "excluded"),
    [
        ("tutor kids tutor -covid -covid kids ", ((t("tutor"),), (t("kids"),)), (t("covid"),)),
        ("a or b b or a ", ((t("a"), t("b")),), ()),
        ("a or a ", ((t("a"),),), ()),
        # Not a duplicate: "a" AND ("a" OR "b") is a different query from "a" OR "b".
        ("a a or b ", ((t("a"),), (t("a"), t("b"))), ()),
    ],
)
def test_duplicate_terms_collapse_keeping_the_first(text, clauses, excluded):
    query = parsed(text)
    assert (query.clauses, query.excluded) == (clauses, excluded)


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "!!! ... ???", "-", "- -- ---", '""', '-""', "_ _", "or", "OR or", '"or"', "-or"],
)
def test_parse_returns_none_when_there_is_nothing_to_search(text):
    assert parse(text) is None


# --- rendering ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fts5", "fts5_excluded", "tsquery", "tsquery_excluded"),
    [
        ("tutor", '"tutor"*', "", "'tutor':*", ""),
        ("tutor kids ", '"tutor" AND "kids"', "", "'tutor' & 'kids'", ""),
        ('"food bank"', '"food bank"', "", "('food' <-> 'bank')", ""),
        ("e-mai", '"e mai"*', "", "('e' <-> 'mai':*)", ""),
        (
            "tutor or mentor kids",
            '("tutor" OR "mentor") AND "kids"*',
            "",
            "( 'tutor' | 'mentor' ) & 'kids':*",
            "",
        ),
        (
            'help -covid -"food bank"',
            '"help"',
            '"covid" OR "food bank"',
            "'help'",
            "'covid' | ('food' <-> 'bank')",
        ),
        ("-covid", "", '"covid"', "", "'covid'"),
    ],
)
def test_each_backend_gets_its_own_syntax(text, fts5, fts5_excluded, tsquery, tsquery_excluded):
    query = parsed(text)
    assert query.to_fts5() == fts5
    assert query.to_fts5_excluded() == fts5_excluded
    assert query.to_tsquery() == tsquery
    assert query.to_tsquery_excluded() == tsquery_excluded


# --- both backends find the same documents -----------------------------------------------------

CORPUS = {
    "tutoring": "Online tutoring for kids",
    "mentor": "Mentor a teenager in maths",
    "food-bank": "Sort donations at the Food Bank",
    "bank-food": "A bank of food ideas",
    "covid": "COVID-19 response hotline",
    "email": "Write e-mail newsletters",
    "accents": "Éducation pour tous — Niño",
    "obrien": "O'Brien family trust",
    "greek": "Εθελοντές ΣΤΗΝ ΑΘΗΝΑ",
    "cyrillic": "ВОЛОНТЕРЫ Москвы",
    "snake": "snake_case identifiers",
    "keywords": "Near the station, NOT far: open AND friendly",
}

AGREEMENT = [
    ("tutor", {"tutoring"}),
    ("tutor ", set()),
    ("kids online", {"tutoring"}),
    ("tutoring or mentor", {"tutoring", "mentor"}),
    ("mentor or tutoring kids ", {"tutoring"}),
    ("or mentor", {"mentor"}),
    ('"food bank"', {"food-bank"}),
    ('"bank food"', set()),
    ("food bank ", {"food-bank", "bank-food"}),
    ('"sort donations at', {"food-bank"}),
    ("food -ideas", {"food-bank"}),
    ('kids -"food bank"', {"tutoring"}),
    ("-covid -tutoring", set(CORPUS) - {"covid", "tutoring"}),
    ("e-mail", {"email"}),
    ("e-mai", {"email"}),
    ("email ", set()),
    ("covid-19", {"covid"}),
    ("COVID19 ", set()),
    ("ÉDUCATION nino", {"accents"}),
    ("education niño ", {"accents"}),
    ("o'brien", {"obrien"}),
    ("brien ", {"obrien"}),
    ("στην αθηνα", {"greek"}),
    ("ΑΘΗ", {"greek"}),
    ("волонтеры МОСКВЫ", {"cyrillic"}),
    ("snake", {"snake"}),
    ("case identifier", {"snake"}),
    ("NOT near AND", {"keywords"}),
    ("station: far* (open) ^friendly", {"keywords"}),
]


def found_ids(positive: str, excluded: str, match: Callable[[str], set[str]]) -> set[str]:
    """What a caller does: id IN (positive matches), then id NOT IN (excluded matches)."""
    found = match(positive) if positive else set(CORPUS)
    return found - match(excluded) if excluded else found


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')"
    )
    connection.executemany("INSERT INTO docs (key, body) VALUES (?, ?)", CORPUS.items())
    yield connection
    connection.close()


def fts5_match(connection: sqlite3.Connection) -> Callable[[str], set[str]]:
    def match(expression: str) -> set[str]:
        rows = connection.execute("SELECT key FROM docs WHERE docs MATCH ?", (expression,))
        return {key for (key,) in rows}

    return match


@pytest.mark.parametrize(("text", "expected"), AGREEMENT)
def test_sqlite_fts5_finds_the_expected_documents(fts5, text, expected):
    query = parsed(text)
    assert found_ids(query.to_fts5(), query.to_fts5_excluded(), fts5_match(fts5)) == expected


# Documents normalised as the database will (opportunities.fulltext); without unaccent, the test
# folds them in Python instead and only lower-cases in SQL.
PG_UNACCENT_SQL = """
    SELECT d.key FROM unnest(%s::text[], %s::text[]) AS d(key, body)
    WHERE to_tsvector('simple', regexp_replace(unaccent(lower(d.body)), '[^[:alnum:]]+', ' ', 'g'))
          @@ to_tsquery('simple', %s)"""
PG_FOLDED_SQL = """
    SELECT d.key FROM unnest(%s::text[], %s::text[]) AS d(key, body)
    WHERE to_tsvector('simple', regexp_replace(lower(d.body), '[^[:alnum:]]+', ' ', 'g'))
          @@ to_tsquery('simple', %s)"""


@pytest.fixture(scope="module")
def postgres() -> Iterator[tuple[object, bool]]:
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect(PG_URL, connect_timeout=3)
    except psycopg.Error as error:
        pytest.skip(f"PostgreSQL not reachable: {error}")
    # Created inside a transaction that is rolled back at the end: the database is left as it was.
    try:
        connection.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        has_unaccent = True
    except psycopg.Error:
        connection.rollback()
        has_unaccent = False
    yield connection, has_unaccent
    connection.rollback()
    connection.close()


def pg_match(postgres: tuple[object, bool]) -> Callable[[str], set[str]]:
    connection, has_unaccent = postgres
    keys = list(CORPUS)
    bodies = [CORPUS[key] if has_unaccent else fold(CORPUS[key]) for key in keys]
    sql = PG_UNACCENT_SQL if has_unaccent else PG_FOLDED_SQL

    def match(expression: str) -> set[str]:
        return {key for (key,) in connection.execute(sql, (keys, bodies, expression))}

    return match


@pytest.mark.parametrize(("text", "expected"), AGREEMENT)
def test_postgresql_agrees_with_the_same_table(postgres, text, expected):
    query = parsed(text)
    assert found_ids(query.to_tsquery(), query.to_tsquery_excluded(), pg_match(postgres)) == expected


# --- hostile input -----------------------------------------------------------------------------

HOSTILE = [
    '"-' * 50_000,
    "-" * 100_000,
    '"' * 100_000,
    '-"' * 50_000 + "tail",
    '"a -b or "' * 10_000,
    "x " * 50_000,
    '"' + "word " * 20_000,
    "NEAR(a b) AND NOT c OR d* ^e {f g}: h:i + j",
    "'\\\"\x00;DROP TABLE docs;--",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: text[:20])
def test_hostile_input_is_bounded_and_renders_valid_fts5(fts5, text):
    # No timing here (speed belongs to `make bench`): the tokenizer is one linear regex, and what
    # comes out is bounded by MAX_TERMS and MAX_PHRASE_WORDS whatever goes in.
    query = parse(text)
    if query is None:
        return
    assert sum(map(len, query.clauses)) + len(query.excluded) <= MAX_TERMS
    match = fts5_match(fts5)
    for expression in (query.to_fts5(), query.to_fts5_excluded()):
        if expression:
            match(expression)  # raises sqlite3.OperationalError on a syntax error


@pytest.mark.parametrize("text", HOSTILE, ids=lambda text: text[:20])
def test_hostile_input_renders_valid_tsquery(postgres, text):
    query = parse(text)
    if query is None:
        return
    match = pg_match(postgres)
    for expression in (query.to_tsquery(), query.to_tsquery_excluded()):
        if expression:
            match(expression)  # raises psycopg.errors.SyntaxError on a malformed tsquery
