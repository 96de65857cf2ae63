from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opportunities import selectors
from opportunities.models import Opportunity, Source


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def opportunity_record(opportunity: Opportunity) -> dict[str, Any]:
    """One canonical opportunity as a JSON object: the export's contract with outside tools."""
    return {
        "source": opportunity.source.name,
        "source_item_id": opportunity.source_item_id,
        "url": opportunity.url,
        "apply_url": opportunity.apply_url,
        "title": opportunity.title,
        "organization": opportunity.organization.name if opportunity.organization else None,
        "description_text": opportunity.description_text,
        "location_type": opportunity.location_type or None,
        "remote_scope": opportunity.remote_scope or None,
        "countries": opportunity.eligible_countries,
        "city": opportunity.city,
        "country": opportunity.country,
        "timezone": opportunity.timezone,
        "schedule": opportunity.schedule or None,
        "hours_per_week": float(opportunity.hours_per_week)
        if opportunity.hours_per_week is not None
        else None,
        "causes": [tag.cause.slug for tag in opportunity.cause_tags.all()],
        "skills": [tag.skill.slug for tag in opportunity.skill_tags.all()],
        "languages": opportunity.languages,
        "posted_at": _iso(opportunity.posted_at),
        "expires_at": _iso(opportunity.expires_at),
        "status": opportunity.status,
        "cluster_id": None,  # set once cross-source deduplication exists
    }


class Command(BaseCommand):
    help = (
        "Write opportunities to stdout as JSON Lines, one canonical opportunity per line, in a stable order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", metavar="NAME", help="Only this source.")
        parser.add_argument(
            "--include-inactive", action="store_true", help="Also expired and withdrawn ones."
        )

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        if options["source"] and not Source.objects.filter(name=options["source"]).exists():
            raise CommandError(f"No source named {options['source']!r}.")
        queryset = selectors.opportunity_export(
            source_name=options["source"], include_inactive=options["include_inactive"]
        )
        count = 0
        for opportunity in queryset.iterator(chunk_size=1000):
            self.stdout.write(json.dumps(opportunity_record(opportunity), ensure_ascii=False))
            count += 1
        self.stderr.write(f"exported {count:,} opportunities")
