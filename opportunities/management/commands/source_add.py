from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.db import transaction

from opportunities import services
from opportunities.feeds import ADAPTERS
from opportunities.models import Source


def parse_credential(value: str) -> tuple[str, str]:
    key, sep, secret = value.partition("=")
    if not sep or not key.strip() or not secret:
        raise CommandError(f"--credential takes KEY=VALUE, got {value.split('=')[0]!r}…")
    return key.strip(), secret


class Command(BaseCommand):
    help = "Register a source to fetch on a schedule (or update an existing one of that name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("format", choices=sorted(ADAPTERS))
        parser.add_argument("url")
        parser.add_argument(
            "--credential",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="Stored encrypted; repeatable.",
        )
        parser.add_argument("--interval", type=int, metavar="MINUTES", help="Fetch interval (default 60).")

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        try:
            URLValidator(schemes=["http", "https"])(options["url"])
        except Exception:
            raise CommandError(f"{options['url']!r} is not an http(s) URL.") from None
        if options["interval"] is not None and options["interval"] < 1:
            raise CommandError("--interval must be at least 1 minute.")
        credentials = dict(parse_credential(value) for value in options["credential"])
        with transaction.atomic():
            source, created = services.source_register(
                name=options["name"], format=options["format"], url=options["url"]
            )
            source.format, source.url = options["format"], options["url"]
            if options["interval"]:
                source.fetch_interval_minutes = options["interval"]
            if credentials:
                source.set_credentials(credentials)
            source.save()
        self._report(source, created, credentials)

    def _report(self, source: Source, created: bool, credentials: dict[str, str]) -> None:
        verb = "added" if created else "updated"
        keys = f", credentials: {', '.join(sorted(credentials))}" if credentials else ""
        every = f"every {source.fetch_interval_minutes} min"
        self.stdout.write(f"{verb} source {source.name!r} ({source.format}, {every}{keys})")
