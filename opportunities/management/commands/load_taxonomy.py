from __future__ import annotations

from django.core.management.base import BaseCommand

from opportunities import services


class Command(BaseCommand):
    help = "Load the cause and skill taxonomy from opportunities/data/ (idempotent: upserts on slug)."

    def handle(self, *args: object, **options: object) -> None:
        causes, skills = services.taxonomy_load()
        self.stdout.write(f"taxonomy loaded: {causes} causes, {skills} skills")
