"""Fast writes for seeding: rows as plain dicts straight to the driver (COPY on PostgreSQL), on a
background thread, and the housekeeping a bulk load needs afterwards (sequences, statistics)."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Sequence
from enum import Enum

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Field, JSONField, Model

Batch = list[tuple[type[Model], list[dict]]]


def insert_rows(model: type[Model], rows: list[dict]) -> None:
    """Insert rows given as {attname: value}, every row with the same keys, without building model
    instances: the ORM's bulk_create spends most of a seed in per-value preparation (and SQLite's
    999-variable limit cuts it into 22-row statements). PostgreSQL gets COPY, SQLite executemany.
    A NOT NULL column left out fails loudly: no Django default (now()!) is filled in."""
    if not rows:
        return
    columns = list(rows[0])
    fields = [model._meta.get_field(name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    adapters = [_adapter(field) for field in fields]
    values = (
        tuple(
            value if adapt is None else adapt(value)
            for value, adapt in zip(row.values(), adapters, strict=True)
        )
        for row in rows
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            statement = f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})"  # noqa: S608 - names from _meta
            cursor.executemany(statement, list(values))


def _adapter(field: Field) -> Callable[[object], object] | None:
    """How a value of this field goes to the driver, as the field's own get_db_prep_save would."""
    if isinstance(field, JSONField):
        return lambda value: json.dumps(value)
    if field.choices:
        # TextChoices members are str subclasses, but psycopg writes an Enum by its *name* ("ACTIVE").
        return lambda value: value.value if isinstance(value, Enum) else value
    if connection.vendor == "postgresql":
        return None  # psycopg writes datetimes, dates and decimals itself
    if isinstance(field, DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, DateField):
        return connection.ops.adapt_datefield_value
    return None


class BackgroundWriter:
    """Writes batches on its own thread and database connection while the caller makes the next
    one, so PostgreSQL's share of the work (the search-vector trigger, the indexes: a separate
    process) overlaps Python's instead of following it. At most QUEUED batches wait, so memory stays
    flat; a write error is raised in the caller at its next put() or on leaving the block.

    On SQLite it writes inline: there the search trigger runs a Python function (it needs the GIL
    the generating thread holds), and a second thread measured no faster."""

    QUEUED = 2

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql"
        self.queue: queue.Queue[Batch | None] = queue.Queue(self.QUEUED)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="seed-writer", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        if self.threaded:
            self.thread.start()
        return self

    def put(self, batch: Batch) -> None:
        if not self.threaded:
            _write(batch)
            return
        self._raise()
        self.queue.put(batch)

    def __exit__(self, *exc_info: object) -> None:
        if self.threaded:
            self.queue.put(None)
            self.thread.join()
            self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise RuntimeError("seeding failed in the writer thread") from self.error

    def _run(self) -> None:
        try:
            while (batch := self.queue.get()) is not None:
                _write(batch)
        except BaseException as error:  # handed to the caller's thread, raised there
            self.error = error
            while self.queue.get() is not None:  # drain, so the caller never blocks on a full queue
                pass
        finally:
            connection.close()  # this thread's own connection


def _write(batch: Batch) -> None:
    with transaction.atomic():
        for model, rows in batch:
            insert_rows(model, rows)


def sequences_reset(models: Sequence[type[Model]]) -> None:
    """Explicit ids leave PostgreSQL's sequences at 1: move them past the seeded rows, or the next
    insert (an ingest, a new user) would collide. SQLite takes the next id from the table itself."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def statistics_refresh(models: Sequence[type[Model]]) -> None:
    """PostgreSQL: VACUUM ANALYZE the freshly loaded tables, as autovacuum would within minutes of
    such a load, so the first queries after seeding get the plans (and index-only scans) of every
    later one. SQLite is left alone: the app never runs ANALYZE there, so neither do we."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
