from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opportunities import evaluation


class Command(BaseCommand):
    help = (
        "Measure cause tagging on a labelled JSON Lines file (title, organization, description_html or "
        "description, source_categories, language, gold_causes per line)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--json",
            action="store_true",
            help="One JSON object: micro_f1, macro_f1, precision, recall, per_cause.",
        )
        parser.add_argument("--mistakes", action="store_true", help="Also list every listing tagged wrongly.")

    def handle(self, *args: object, **options) -> None:  # type: ignore[no-untyped-def]
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            report = evaluation.evaluate_tagging(evaluation.read_jsonl(path))
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            result = {
                key: getattr(report, key)
                for key in ("micro_f1", "macro_f1", "precision", "recall", "per_cause")
            }
            self.stdout.write(json.dumps(result, indent=2))
            return
        self.stdout.write(
            f"precision {report.precision:.3f}  recall {report.recall:.3f}  "
            f"micro-F1 {report.micro_f1:.3f}  macro-F1 {report.macro_f1:.3f}\n"
        )
        self.stdout.write(f"{'cause':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
        for slug, scores in report.per_cause.items():
            self.stdout.write(
                f"{slug:<28} {scores['precision']:>9.2f} {scores['recall']:>7.2f} {scores['f1']:>6.2f} {scores['support']:>8}"
            )
        if options["mistakes"]:
            for mistake in report.mistakes:
                self.stdout.write(
                    f"{mistake['id']}: {mistake['title'][:70]!r} gold={mistake['gold']} got={mistake['got']}"
                )
