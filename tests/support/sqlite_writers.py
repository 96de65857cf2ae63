"""Run by tests/test_sqlite_concurrency.py in a child process: several processes each run many
read-then-write transactions on one SQLite file, as web, worker and beat do. Prints the number
of transactions that failed."""

from __future__ import annotations

import multiprocessing
import sys

import django

PROCESSES = 4
TRANSACTIONS = 40


def writer(number: int, failures) -> None:  # type: ignore[no-untyped-def]
    django.setup()
    from django.db import OperationalError, connection, transaction
    from django.utils import timezone

    from opportunities.models import Heartbeat

    connection.close()  # never share the parent's connection across fork
    for attempt in range(TRANSACTIONS):
        try:
            with transaction.atomic():
                # Read first, then write: under DEFERRED transactions this upgrade is where
                # SQLite answers "database is locked" at once instead of waiting.
                Heartbeat.objects.filter(name=f"p{number}").exists()
                Heartbeat.objects.update_or_create(
                    name=f"p{number}-{attempt}", defaults={"last_seen_at": timezone.now()}
                )
        except OperationalError:
            with failures.get_lock():
                failures.value += 1


def main() -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    failures = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=writer, args=(n, failures)) for n in range(PROCESSES)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    from opportunities.models import Heartbeat

    print(failures.value, Heartbeat.objects.count())
    sys.exit(0)


if __name__ == "__main__":
    main()
