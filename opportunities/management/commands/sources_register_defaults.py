from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from opportunities import services

SOURCES_FILE = Path(__file__).resolve().parents[2] / "data" / "sources.json"


class Command(BaseCommand):
    help = "Register the real public sources listed in data/sources.json; existing ones are left alone."

    def handle(self, *args: object, **options: object) -> None:
        entries = json.loads(SOURCES_FILE.read_text())["sources"]
        for entry in entries:
            fields = dict(entry)
            name, fmt, url = fields.pop("name"), fields.pop("format"), fields.pop("url")
            _, created = services.source_register(name=name, format=fmt, url=url, **fields)
            self.stdout.write(f"{'registered' if created else 'already registered'}: {name}")
