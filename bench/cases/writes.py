"""Counting what a piece of code writes: statements and rows, per table, at the database cursor."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
LISTING_TABLES = {
    "opportunities_opportunity",
    "opportunities_opportunitycause",
    "opportunities_opportunityskill",
    "opportunities_organization",
}


class WriteLog:
    def __init__(self) -> None:
        self.rows: Counter[str] = Counter()
        self.statements: Counter[str] = Counter()
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.queries += 1
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        if match:
            table = match.group(2)
            self.statements[table] += 1
            self.rows[table] += max(context["cursor"].rowcount, 0)
        return result

    @property
    def listing_rows(self) -> int:
        return sum(count for table, count in self.rows.items() if table in LISTING_TABLES)


@contextmanager
def counting_writes() -> Iterator[WriteLog]:
    log = WriteLog()
    with connection.execute_wrapper(log):
        yield log
