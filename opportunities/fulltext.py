"""Full-text search: the database side, one backend per database vendor.

The index holds three weighted fields, title > organization > description (summary + text), and is
kept in sync by triggers, so every write path (bulk upserts, the admin, a test factory, a raw SQL fix)
updates it with no service having to remember to.

- SQLite: an FTS5 table `opportunity_fts` (rowid = opportunity id) holding the folded words, made
  by search.words() itself (a Python function registered on the connection); ranked with bm25.
- PostgreSQL: a stored `search_vector tsvector` column on the opportunity table with a GIN index,
  built with the `simple` configuration from the same folding done in SQL; ranked with ts_rank.

Both index words as runs of letters and digits, folded for case and accents, without stemming: our
listings come in several languages, and an English stemmer would mangle the rest. Queries are parsed
once in Python (`opportunities.search`) and rendered for each backend, and documents are folded by
the same rules as queries, so both backends give the same answers.
The column and the table are not Django fields: Django never reads them; only the SQL here does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from opportunities.search import words

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from opportunities.search import SearchQuery


SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS opportunity_fts
       USING fts5(title, organization, description, tokenize = 'unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS opportunity_fts_insert AFTER INSERT ON opportunities_opportunity
       BEGIN
         INSERT INTO opportunity_fts(rowid, title, organization, description) VALUES (
           new.id, pitchin_search_words(new.title),
           pitchin_search_words((SELECT name FROM opportunities_organization WHERE id = new.organization_id)),
           pitchin_search_words(new.summary || ' ' || new.description_text));
       END""",
    """CREATE TRIGGER IF NOT EXISTS opportunity_fts_update
        AFTER UPDATE OF title, summary, description_text, organization_id ON opportunities_opportunity
        BEGIN
          DELETE FROM opportunity_fts WHERE rowid = old.id;
          INSERT INTO opportunity_fts(rowid, title, organization, description) VALUES (
           new.id, pitchin_search_words(new.title),
           pitchin_search_words((SELECT name FROM opportunities_organization WHERE id = new.organization_id)),
           pitchin_search_words(new.summary || ' ' || new.description_text));
        END""",
    """CREATE TRIGGER IF NOT EXISTS opportunity_fts_delete AFTER DELETE ON opportunities_opportunity
       BEGIN DELETE FROM opportunity_fts WHERE rowid = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS organization_fts_rename AFTER UPDATE OF name ON opportunities_organization
       BEGIN
         UPDATE opportunity_fts SET organization = pitchin_search_words(new.name)
         WHERE rowid IN (SELECT id FROM opportunities_opportunity WHERE organization_id = new.id);
       END""",
]
SQLITE_REBUILD = [
    "DELETE FROM opportunity_fts",
    """INSERT INTO opportunity_fts(rowid, title, organization, description)
       SELECT o.id, pitchin_search_words(o.title), pitchin_search_words(g.name),
              pitchin_search_words(o.summary || ' ' || o.description_text)
       FROM opportunities_opportunity o LEFT JOIN opportunities_organization g ON g.id = o.organization_id""",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS opportunity_fts_insert",
    "DROP TRIGGER IF EXISTS opportunity_fts_update",
    "DROP TRIGGER IF EXISTS opportunity_fts_delete",
    "DROP TRIGGER IF EXISTS organization_fts_rename",
    "DROP TABLE IF EXISTS opportunity_fts",
]
SQLITE_TRIGGERS = {
    "opportunity_fts_insert",
    "opportunity_fts_update",
    "opportunity_fts_delete",
    "organization_fts_rename",
}

# Needs PostgreSQL 14+ (normalize(), CREATE OR REPLACE TRIGGER) and a UTF-8 database whose
# LC_CTYPE knows Unicode case (C.UTF-8, en_US.UTF-8…), or lower() folds ASCII only.
PG_INSTALL = [
    # search.words() in SQL: decompose, drop the combining marks (search.COMBINING_MARKS), lower-case, make the final
    # sigma plain, and turn every run of other characters into one space, so the `simple` parser
    # sees exactly the words the query side folds to.
    """CREATE OR REPLACE FUNCTION pitchin_search_words(value text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT regexp_replace(
           replace(lower(regexp_replace(normalize(coalesce(value, ''), NFKD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')),
                   U&'\\03C2', U&'\\03C3'),
           '[^[:alnum:]]+', ' ', 'g')
       $$""",
    """CREATE OR REPLACE FUNCTION pitchin_search_vector(title text, organization text, body text)
       RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
         SELECT setweight(to_tsvector('simple', pitchin_search_words(title)), 'A')
             || setweight(to_tsvector('simple', pitchin_search_words(organization)), 'B')
             || setweight(to_tsvector('simple', pitchin_search_words(body)), 'C')
       $$""",
    """CREATE OR REPLACE FUNCTION opportunity_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         NEW.search_vector := pitchin_search_vector(
           NEW.title,
           (SELECT name FROM opportunities_organization WHERE id = NEW.organization_id),
           NEW.summary || ' ' || NEW.description_text);
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE TRIGGER opportunity_search_refresh
       BEFORE INSERT OR UPDATE OF title, summary, description_text, organization_id
       ON opportunities_opportunity FOR EACH ROW EXECUTE FUNCTION opportunity_search_refresh()""",
    """CREATE OR REPLACE FUNCTION organization_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE opportunities_opportunity
         SET search_vector = pitchin_search_vector(title, NEW.name, summary || ' ' || description_text)
         WHERE organization_id = NEW.id;
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE TRIGGER organization_search_refresh
       AFTER UPDATE OF name ON opportunities_organization
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
       EXECUTE FUNCTION organization_search_refresh()""",
]
PG_ADD_INDEX = """CREATE INDEX opportunity_search_gin
       ON opportunities_opportunity USING gin (search_vector)"""
PG_ADD_COLUMN = "ALTER TABLE opportunities_opportunity ADD COLUMN search_vector tsvector"
PG_REBUILD = [
    """UPDATE opportunities_opportunity o
       SET search_vector = pitchin_search_vector(
         o.title, (SELECT name FROM opportunities_organization WHERE id = o.organization_id),
         o.summary || ' ' || o.description_text)""",
]
PG_UNINSTALL = [
    "DROP TRIGGER IF EXISTS organization_search_refresh ON opportunities_organization",
    "DROP TRIGGER IF EXISTS opportunity_search_refresh ON opportunities_opportunity",
    "DROP FUNCTION IF EXISTS organization_search_refresh()",
    "DROP FUNCTION IF EXISTS opportunity_search_refresh()",
    "DROP INDEX IF EXISTS opportunity_search_gin",
    "ALTER TABLE opportunities_opportunity DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS pitchin_search_vector(text, text, text)",
    "DROP FUNCTION IF EXISTS pitchin_search_words(text)",
]


def sqlite_search_words(value: str | None) -> str:
    """search.words() for SQLite's triggers, registered on every SQLite connection (apps.py)."""
    return " ".join(words(value)) if value else ""


def sqlite_register_functions(connection: BaseDatabaseWrapper) -> None:
    connection.connection.create_function("pitchin_search_words", 1, sqlite_search_words, deterministic=True)


def _missing_sqlite_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return SQLITE_TRIGGERS - {row[0] for row in cursor.fetchall()}


def index_install(connection: BaseDatabaseWrapper) -> None:
    """Create the index and its triggers if missing, and fill it when it may be stale.

    Idempotent. Runs from the migration that introduced search and again after every `migrate`:
    on SQLite, Django rebuilds a table to alter it, which drops that table's triggers, so a later
    migration touching opportunities would otherwise leave the index silently out of date.
    """
    if connection.vendor == "sqlite":
        stale = bool(_missing_sqlite_triggers(connection))
        statements = SQLITE_INSTALL + (SQLITE_REBUILD if stale else [])
    elif connection.vendor == "postgresql":
        # The column comes first (the trigger function names it); a new column is filled at once.
        missing = _pg_column_missing(connection)
        # Only when missing: ALTER TABLE and CREATE INDEX refuse to run in a transaction that has
        # pending deferred-constraint events, even as no-ops (a test, or a later data migration).
        statements = [PG_ADD_COLUMN] if missing else []
        statements += PG_INSTALL + (PG_REBUILD if missing else [])
        statements += [PG_ADD_INDEX] if missing or not _pg_index_exists(connection) else []
    else:  # pragma: no cover - we support only these two
        raise NotImplementedError(f"full-text search has no backend for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _pg_column_missing(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'search_vector'",
            ["opportunities_opportunity"],
        )
        return cursor.fetchone() is None


def _pg_index_exists(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'opportunity_search_gin'")
        return cursor.fetchone() is not None


def index_uninstall(connection: BaseDatabaseWrapper) -> None:
    statements = SQLITE_UNINSTALL if connection.vendor == "sqlite" else PG_UNINSTALL
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def index_rebuild(connection: BaseDatabaseWrapper) -> None:
    """Recompute every row of the index from the tables (for repairs; triggers keep it current)."""
    statements = SQLITE_REBUILD if connection.vendor == "sqlite" else PG_REBUILD
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def matching_ids(*, query: SearchQuery, vendor: str, excluded: bool = False) -> RawSQL:
    """A subquery of the ids of listings matching the query's positive terms (or, with
    excluded=True, any of its -terms), for `pk__in=`. Self-contained, so it works in any subquery."""
    if vendor == "sqlite":
        expression = query.to_fts5_excluded() if excluded else query.to_fts5()
        return RawSQL("SELECT rowid FROM opportunity_fts WHERE opportunity_fts MATCH %s", [expression])
    expression = query.to_tsquery_excluded() if excluded else query.to_tsquery()
    return RawSQL(
        "SELECT id FROM opportunities_opportunity WHERE search_vector @@ to_tsquery('simple', %s)",
        [expression],
    )


_SQLITE_RANK = "-bm25(opportunity_fts, 10.0, 4.0, 1.0)"


def best_matches(
    *,
    query: SearchQuery,
    after: tuple[float, int] | None,
    before: tuple[float, int] | None,
    limit: int | None,
) -> list[tuple[int, float]]:
    """SQLite: the `limit` best matches from a position (every one with None), as (id, rank) in
    order, ranked by the index alone, in C, before any row of the table is read (order_by_rank
    drives the table from every match)."""
    sql = f"SELECT rowid, {_SQLITE_RANK} FROM opportunity_fts WHERE opportunity_fts MATCH %s"  # noqa: S608 - fixed SQL
    params: list[object] = [query.to_fts5()]
    if after is not None:
        sql += f" AND ({_SQLITE_RANK} < %s OR ({_SQLITE_RANK} = %s AND rowid < %s))"
        params += [after[0], after[0], after[1]]
    if before is not None:
        sql += f" AND ({_SQLITE_RANK} > %s OR ({_SQLITE_RANK} = %s AND rowid > %s))"
        params += [before[0], before[0], before[1]]
    direction = "ASC" if before is not None else "DESC"
    sql += f" ORDER BY 2 {direction}, 1 {direction} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, -1 if limit is None else limit])
        return [(int(row_id), float(rank)) for row_id, rank in cursor.fetchall()]


def order_by_known_rank(queryset: QuerySet, *, ranks: list[tuple[int, float]], backwards: bool) -> QuerySet:
    """The rows of `queryset` among `ranks` (from best_matches), in the order order_by_rank gives,
    with the same `search_rank` on each row."""
    if not ranks:
        return queryset.none()
    rank = Case(*(When(pk=row_id, then=Value(value)) for row_id, value in ranks), output_field=FloatField())
    ranked = queryset.filter(pk__in=[row_id for row_id, _ in ranks]).annotate(search_rank=rank)
    return ranked.order_by(*(("search_rank", "id") if backwards else ("-search_rank", "-id")))


def order_by_rank(
    queryset: QuerySet,
    *,
    query: SearchQuery,
    vendor: str,
    after: tuple[float, int] | None = None,
    before: tuple[float, int] | None = None,
) -> QuerySet:
    """`queryset` best match first (then newest id), with `search_rank` on each row (higher is
    better), starting after (rank, id) when given: keyset paging for the relevance order.
    With `before`, the rows ahead of (rank, id), nearest first (worst match first): the page
    before it, read backwards."""
    if vendor == "sqlite":
        # bm25() exists only inside a full-text query, so the index is joined (FTS5 drives the
        # join from its matches); a correlated per-row lookup re-ran the whole match for every row.
        # Weights: title 10, organisation 4, description 1. bm25 is lower-is-better, hence the minus.
        rank = _SQLITE_RANK
        where = ["opportunity_fts.rowid = opportunities_opportunity.id", "opportunity_fts MATCH %s"]
        params: list[object] = [query.to_fts5()]
        if after is not None:
            where.append(f"({rank} < %s OR ({rank} = %s AND opportunities_opportunity.id < %s))")
            params += [after[0], after[0], after[1]]
        if before is not None:
            where.append(f"({rank} > %s OR ({rank} = %s AND opportunities_opportunity.id > %s))")
            params += [before[0], before[0], before[1]]
        return queryset.extra(  # noqa: S610 - fixed SQL; the user's words are a parameter
            select={"search_rank": rank}, tables=["opportunity_fts"], where=where, params=params
        ).order_by(*(("search_rank", "id") if before is not None else ("-search_rank", "-id")))
    ranked = queryset.annotate(
        search_rank=RawSQL(
            # float8: ts_rank is a float4, whose value a cursor's decimal would not match exactly.
            "ts_rank(opportunities_opportunity.search_vector, to_tsquery('simple', %s))::float8",
            [query.to_tsquery()],
            output_field=FloatField(),
        )
    )
    if after is not None:
        ranked = ranked.filter(Q(search_rank__lt=after[0]) | Q(search_rank=after[0], id__lt=after[1]))
    if before is not None:
        ranked = ranked.filter(Q(search_rank__gt=before[0]) | Q(search_rank=before[0], id__gt=before[1]))
        return ranked.order_by("search_rank", "id")
    return ranked.order_by("-search_rank", "-id")
