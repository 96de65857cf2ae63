"""The cause and skill taxonomy, loaded from the project's data files."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from opportunities.models import Cause, Skill

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def taxonomy_load(*, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Upsert causes and skills from the project's data files, keyed on slug. Returns counts."""
    causes_doc = json.loads((data_dir / "causes.json").read_text())
    descriptions = json.loads((data_dir / "cause_descriptions.json").read_text())["descriptions"]
    skills_doc = json.loads((data_dir / "skills.json").read_text())
    causes = [
        Cause(
            slug=entry["slug"],
            name=entry["name"],
            description=descriptions.get(entry["slug"], ""),
            sdg=entry.get("sdg", []),
            volunteermatch_codes=entry.get("volunteermatch", []),
            idealist_codes=entry.get("idealist", []),
            position=position,
        )
        for position, entry in enumerate(causes_doc["causes"])
    ]
    skills = [
        Skill(slug=entry["slug"], name=entry["name"], position=position)
        for position, entry in enumerate(skills_doc["skills"])
    ]
    with transaction.atomic():
        Cause.objects.bulk_create(
            causes,
            update_conflicts=True,
            unique_fields=["slug"],
            update_fields=[
                "name",
                "description",
                "sdg",
                "volunteermatch_codes",
                "idealist_codes",
                "position",
            ],
        )
        Skill.objects.bulk_create(
            skills, update_conflicts=True, unique_fields=["slug"], update_fields=["name", "position"]
        )
    return len(causes), len(skills)
