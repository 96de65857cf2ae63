from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opportunities import services
from opportunities.models import FetchOutcome

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


class Command(BaseCommand):
    help = "Ingest the bundled demo listings (opportunities/demo/*.json) offline. Safe to re-run."

    def handle(self, *args: object, **options: object) -> None:
        files = sorted(DEMO_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"No demo files in {DEMO_DIR}.")
        for number, path in enumerate(files, start=1):
            feed = json.loads(path.read_bytes())
            source, _ = services.source_register(
                name=feed["title"],
                format="jsonfeed",
                url=feed["feed_url"],
                homepage_url=feed.get("home_page_url", ""),
                # Fictional publishers: there is nothing to fetch, so the scheduler leaves them alone.
                enabled=False,
                attribution=f"Demo listings from {feed['title']}, bundled with Pitch In.",
            )
            run = services.source_ingest_payload(source=source, payload=path.read_bytes())
            if run.outcome not in {FetchOutcome.OK, FetchOutcome.NOT_MODIFIED}:
                raise CommandError(f"{path.name}: {run.error}")
            self.stdout.write(f"[{number}/{len(files)}] {source.name}: {run.summary}")
