from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opportunities import services
from opportunities.management.progress import Progress
from opportunities.models import Opportunity, Source

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Re-apply the tagging rules to stored listings (after rules or crosswalks change), in bulk. "
        "Manual tags and removals made in admin are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every listing.")
        parser.add_argument("--source", metavar="NAME", help="Only this source's listings.")
        parser.add_argument("--recluster", action="store_true", help="Also recompute duplicate clusters.")

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        if options["all"] == bool(options["source"]):
            raise CommandError("Pass --all, or --source NAME.")
        queryset = Opportunity.objects.order_by("pk")
        if options["source"]:
            if not Source.objects.filter(name=options["source"]).exists():
                raise CommandError(f"No source named {options['source']!r}.")
            queryset = queryset.filter(source__name=options["source"])
        ids = list(queryset.values_list("pk", flat=True))
        progress, tagged = Progress(self.stderr, "retagging"), 0
        for start in range(0, len(ids), CHUNK):
            tagged += services.opportunities_tag(opportunity_ids=ids[start : start + CHUNK])
            progress(min(start + CHUNK, len(ids)), len(ids))
        moved = services.clusters_update(opportunity_ids=ids) if options["recluster"] else 0
        extra = f", {moved:,} moved between clusters" if options["recluster"] else ""
        self.stdout.write(f"retagged {len(ids):,} listings: {tagged:,} cause tags{extra}")
