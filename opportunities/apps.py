from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _search_index_install(using: str = "default", **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from opportunities import fulltext

    connection = connections[using]
    # Only while the migration that introduced search is applied (not after migrating back past it).
    if ("opportunities", "0005_search_and_saved") in MigrationRecorder(connection).applied_migrations():
        fulltext.index_install(connection)


def _sqlite_functions(connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        import sqlite3

        from opportunities import fulltext

        fulltext.sqlite_register_functions(connection)
        # Django 5.2 assumes SQLite's old limit of 999 bound values per statement, so a bulk upsert
        # of 500 listings (37 columns) went out as 19 INSERTs of 27 rows. SQLite 3.32+ allows far
        # more; ask this connection its real limit (as Django 6 does).
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        connection.features.max_query_params = max(999, limit)


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = "Opportunities"

    def ready(self) -> None:
        # Django's own setup hook (as contenttypes and auth use it), not internal flow: re-create the
        # search triggers after every migrate, since SQLite drops them when a migration rebuilds the
        # table (see fulltext.index_install).
        # SQLite's search triggers call a Python function, which each new connection must know
        # (and it learns its real bound-value limit there too).
        connection_created.connect(_sqlite_functions, dispatch_uid="opportunities.sqlite_functions")
        post_migrate.connect(_search_index_install, sender=self, dispatch_uid="opportunities.search_index")
