from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opportunities import evaluation


class Command(BaseCommand):
    help = "Measure deduplication on a labelled JSON Lines file of pairs (a, b, same per line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="One JSON object: precision, recall, f1.")
        parser.add_argument("--mistakes", action="store_true", help="Also list every pair decided wrongly.")

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            report = evaluation.evaluate_dedupe(evaluation.read_jsonl(path))
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        if options["json"]:
            self.stdout.write(
                json.dumps({"precision": report.precision, "recall": report.recall, "f1": report.f1})
            )
            return
        self.stdout.write(f"precision {report.precision:.3f}  recall {report.recall:.3f}  F1 {report.f1:.3f}")
        self.stdout.write(
            f"false merges: {len(report.false_merges)}  missed duplicates: {len(report.missed)}"
        )
        if options["mistakes"]:
            for label, entries in (("merged, but different", report.false_merges), ("missed", report.missed)):
                for entry in entries:
                    self.stdout.write(
                        f"{label}: {entry['id']} [{entry['kind']}] {entry['a']!r} ~ {entry['b']!r} ({entry['why']})"
                    )
