"""Writing cause and skill tags for stored listings: on ingest, and again by `manage.py retag`.

Tags made by a person (method manual) are never touched, and a cause a person removed
(CauseTagRemoval) is never added back: both survive every re-ingestion and re-tagging.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from opportunities import tagging
from opportunities.models import (
    Cause,
    CauseCrosswalk,
    CauseTagRemoval,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Skill,
    TagMethod,
)

AUTOMATIC = [TagMethod.SOURCE, TagMethod.CROSSWALK, TagMethod.RULE, TagMethod.MODEL]
BATCH = 1000


def _crosswalks(source_ids: set[int]) -> dict[int | None, dict[str, tuple[str, ...]]]:
    """{source id or None (every source): {folded label: cause slugs}}."""
    table: dict[int | None, dict[str, list[str]]] = {}
    rows = CauseCrosswalk.objects.filter(source_id__in=[*source_ids, None]).values_list(
        "source_id", "label", "cause__slug"
    )
    for source_id, label, slug in rows:
        table.setdefault(source_id, {}).setdefault(tagging.normalize_text(label).strip(), []).append(slug)
    return {
        source: {label: tuple(slugs) for label, slugs in labels.items()} for source, labels in table.items()
    }


def opportunities_tag(*, opportunity_ids: Sequence[int], touch: bool = True) -> int:
    """(Re)compute the automatic tags of these listings. Returns how many cause tags they carry.
    Idempotent: the same listing and rules always give the same rows. With `touch`, a listing
    whose tags changed gets a new updated_at (ingestion passes False: it has just set one)."""
    cause_ids = dict(Cause.objects.values_list("slug", "id"))
    skill_ids = dict(Skill.objects.values_list("slug", "id"))
    total = 0
    for start in range(0, len(opportunity_ids), BATCH):
        total += _tag_batch(list(opportunity_ids[start : start + BATCH]), cause_ids, skill_ids, touch)
    return total


@transaction.atomic
def _tag_batch(ids: list[int], cause_ids: dict[str, int], skill_ids: dict[str, int], touch: bool) -> int:
    rows = list(
        Opportunity.objects.filter(pk__in=ids).values_list(
            "pk", "source_id", "title", "description_text", "organization__name", "source_categories",
            "stated_causes", "stated_skills",
        )
    )  # fmt: skip
    crosswalks = _crosswalks({row[1] for row in rows})
    removed = set(
        CauseTagRemoval.objects.filter(opportunity_id__in=ids).values_list("opportunity_id", "cause__slug")
    )
    cause_tags, skill_tags = [], []
    for pk, source_id, title, description, organization, categories, causes, skills in rows:
        item = tagging.TagInput(
            title=title,
            description=description,
            organization=organization or "",
            source_categories=tuple(str(label) for label in categories),
            stated=(*causes, *skills),
        )
        crosswalk = {**crosswalks.get(None, {}), **crosswalks.get(source_id, {})}
        # A slug with no row (taxonomy not loaded yet, or newer than this database) is skipped:
        # a listing never fails to ingest over a tag.
        causes_found, skills_found = tagging.tag_listing(item, crosswalk=crosswalk)
        for tag in causes_found:
            if (pk, tag.slug) not in removed and tag.slug in cause_ids:
                cause_tags.append(_row(OpportunityCause, pk, "cause_id", cause_ids[tag.slug], tag))
        for tag in skills_found:
            if tag.slug in skill_ids:
                skill_tags.append(_row(OpportunitySkill, pk, "skill_id", skill_ids[tag.slug], tag))
    before = _automatic_tags(ids) if touch else {}
    OpportunityCause.objects.filter(opportunity_id__in=ids, method__in=AUTOMATIC).delete()
    OpportunitySkill.objects.filter(opportunity_id__in=ids, method__in=AUTOMATIC).delete()
    # ignore_conflicts: a manual tag for the same cause or skill wins over an automatic one.
    OpportunityCause.objects.bulk_create(cause_tags, ignore_conflicts=True)
    OpportunitySkill.objects.bulk_create(skill_tags, ignore_conflicts=True)
    # Tags (with their reasons) are part of a listing's data: a listing whose tags changed moves
    # in the change feed. An unchanged re-tag writes nothing more.
    after = _automatic_tags(ids) if touch else {}
    changed = [pk for pk in ids if before.get(pk) != after.get(pk)]
    if changed:
        Opportunity.objects.filter(pk__in=changed).update(updated_at=timezone.now())
    return len(cause_tags)


def _automatic_tags(ids: list[int]) -> dict[int, set[tuple]]:
    """Each listing's automatic tags as comparable tuples (what the API shows of them)."""
    tags: dict[int, set[tuple]] = {}
    for model, field in ((OpportunityCause, "cause_id"), (OpportunitySkill, "skill_id")):
        rows = model.objects.filter(opportunity_id__in=ids, method__in=AUTOMATIC).values_list(
            "opportunity_id", field, "method", "reason", "confidence"
        )
        for opportunity_id, *tag in rows:
            tags.setdefault(opportunity_id, set()).add((field, *tag))
    return tags


def _row(model, opportunity_id: int, field: str, target_id: int, tag: tagging.Tag):  # type: ignore[no-untyped-def]
    return model(
        opportunity_id=opportunity_id,
        method=tag.method,
        reason=tag.reason[:500],
        confidence=tag.confidence,
        **{field: target_id},
    )
