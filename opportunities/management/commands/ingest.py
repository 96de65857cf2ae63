from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from opportunities import services
from opportunities.feeds import ADAPTERS
from opportunities.management.commands.source_add import parse_credential
from opportunities.management.progress import Progress
from opportunities.models import FetchOutcome, FetchRun, Source


class Command(BaseCommand):
    help = (
        "Ingest one feed file or URL synchronously through the same service the workers use. "
        "Prints one summary line; exits non-zero with the reason when the input is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path_or_url", help="A feed file, or an http(s) URL to fetch.")
        parser.add_argument("--format", required=True, choices=sorted(ADAPTERS), help="Feed format.")
        parser.add_argument(
            "--source", help="Source name (created if missing). Default: derived from the file name or URL."
        )
        parser.add_argument(
            "--credential",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="For provider APIs (e.g. api_key=…); stored encrypted on the source. Repeatable.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        target, fmt = options["path_or_url"], options["format"]
        is_url = urlsplit(target).scheme in {"http", "https"}
        path = Path(target)
        if not is_url and not path.is_file():
            raise CommandError(f"{target}: no such file. Give the path of a feed file or an http(s) URL.")
        name = options["source"] or _default_name(target, is_url)
        # A one-off ingest is not fetched on a schedule: `source_add` registers scheduled sources.
        source, created = services.source_register(
            name=name, format=fmt, url=target if is_url else "", enabled=False
        )
        if source.format != fmt:
            raise CommandError(
                f"Source {name!r} exists with format {source.format!r}, not {fmt!r}: "
                "pass --source with another name."
            )
        if created:
            self.stderr.write(f"created source {name!r} (not fetched on a schedule; use source_add for that)")
        if options["credential"]:
            source.set_credentials(dict(parse_credential(value) for value in options["credential"]))
            source.save(update_fields=["credentials_encrypted"])
        run = self._run(source, target, path, is_url)
        if run.outcome not in {FetchOutcome.OK, FetchOutcome.NOT_MODIFIED}:
            raise CommandError(f"{target} refused: {run.error}")
        if run.outcome == FetchOutcome.NOT_MODIFIED:
            self.stdout.write(f"not modified since the last ingest (nothing parsed): {run.summary}")
        else:
            self.stdout.write(run.summary)

    def _run(self, source: Source, target: str, path: Path, is_url: bool) -> FetchRun:
        progress = Progress(self.stderr, "upserting")
        if is_url:
            if source.url != target:
                raise CommandError(f"Source {source.name!r} fetches {source.url or 'a file'}, not {target}.")
            self.stderr.write(f"fetching {target} …")
            run = services.source_fetch(source=source, progress=progress)
            if run is None:
                raise CommandError(
                    f"Source {source.name!r} is being fetched by a worker right now: try again shortly."
                )
            return run
        size = path.stat().st_size
        self.stderr.write(f"ingesting {path} ({size:,} bytes) as {source.format} …")
        # Read at most one byte past the cap: the service refuses it without us holding a huge file.
        with path.open("rb") as handle:
            payload = handle.read(settings.FEEDS_MAX_BYTES + 1)
        return services.source_ingest_payload(source=source, payload=payload, progress=progress)


def _default_name(target: str, is_url: bool) -> str:
    if is_url:
        parts = urlsplit(target)
        return slugify(f"{parts.hostname} {parts.path}".replace(".", " ").replace("/", " "))[:100] or "url"
    return slugify(Path(target).stem) or "local-file"
