from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from opportunities import services
from opportunities.feeds import ADAPTERS
from opportunities.models import FetchOutcome


class Command(BaseCommand):
    help = (
        "Ingest one feed file synchronously through the same service the workers use. "
        "Prints one summary line; exits non-zero with the reason when the input is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Path of the feed file to ingest.")
        parser.add_argument("--format", required=True, choices=sorted(ADAPTERS), help="Feed format.")
        parser.add_argument("--source", help="Source name (created if missing). Default: from the file name.")

    def handle(self, *args: object, **options: str) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file. Give the path of a feed file.")
        name = options["source"] or slugify(path.stem) or "local-file"
        # A file has nothing to fetch on a schedule, hence no URL and not enabled for fetching.
        source, created = services.source_register(name=name, format=options["format"], url="", enabled=False)
        if source.format != options["format"]:
            raise CommandError(
                f"Source {name!r} exists with format {source.format!r}, not {options['format']!r}: "
                "pass --source with another name."
            )
        if created:
            self.stderr.write(
                f"created source {name!r} (not fetched on a schedule: it was loaded from a file)"
            )
        self.stderr.write(f"ingesting {path} ({path.stat().st_size:,} bytes) as {options['format']} …")
        run = services.source_ingest_payload(source=source, payload=path.read_bytes())
        if run.outcome != FetchOutcome.OK:
            raise CommandError(f"{path} refused: {run.error}")
        self.stdout.write(run.summary)
