from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opportunities import services
from opportunities.management.progress import Progress
from opportunities.models import FetchOutcome, Source

GOOD = {FetchOutcome.OK, FetchOutcome.NOT_MODIFIED}


class Command(BaseCommand):
    help = "Fetch sources now, synchronously, through the same service as the workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", metavar="NAME")
        parser.add_argument("--all", action="store_true", help="Every enabled source with a URL.")
        parser.add_argument("--reenable", action="store_true", help="Re-enable paused sources first.")

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        sources = self._sources(options["names"], options["all"])
        failed = 0
        for number, source in enumerate(sources, start=1):
            label = f"[{number}/{len(sources)}] {source.name}"
            if options["reenable"] and not source.enabled:
                services.source_reenable(source=source)
                source.refresh_from_db()
            if source.paused_reason:
                self.stdout.write(
                    f"{label}: paused: {source.paused_reason} (pass --reenable to fetch anyway)"
                )
                failed += 1
                continue
            run = services.source_fetch(source=source, progress=Progress(self.stderr, f"{label} upserting"))
            if run is None:
                self.stdout.write(f"{label}: skipped, a worker is fetching it right now")
            elif run.outcome in GOOD:
                self.stdout.write(f"{label}: {run.get_outcome_display().lower()}: {run.summary}")
            else:
                failed += 1
                self.stdout.write(f"{label}: {run.get_outcome_display().lower()}: {run.error}")
        if failed:
            raise CommandError(
                f"{failed} of {len(sources)} source(s) failed; see above, and the source in admin."
            )

    def _sources(self, names: list[str], every: bool) -> list[Source]:
        if every == bool(names):
            raise CommandError("Name one or more sources, or pass --all.")
        if every:
            return list(Source.objects.filter(enabled=True).exclude(url="").order_by("name"))
        found = {source.name: source for source in Source.objects.filter(name__in=names)}
        missing = [name for name in names if name not in found]
        if missing:
            raise CommandError(
                f"No source named {', '.join(map(repr, missing))}; `manage.py source_add` adds one."
            )
        without_url = [name for name in names if not found[name].url]
        if without_url:
            raise CommandError(f"{', '.join(map(repr, without_url))} has no URL (it was loaded from a file).")
        return [found[name] for name in names]
