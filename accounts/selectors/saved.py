"""Reads for the saved-opportunities board: a person's items with how many sit in each stage, and
what each card has to say (closed, changed since saved, time to follow up).

Scoped to one user: callers pass request.user. Two queries whatever the board holds (the counts,
then the items with their listing and organisation).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from opportunities.models import SavedOpportunity, SavedStage, Status
from opportunities.services.saved import stage_moves

# The board shows the most recent this many; a person past it filters by stage.
BOARD_LIMIT = 200
# Stages where a follow-up still makes sense: done and withdrawn items are finished with.
_OPEN_STAGES = frozenset(SavedStage.values) - {SavedStage.DONE, SavedStage.WITHDRAWN}


@dataclass(frozen=True)
class StageTab:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class BoardItem:
    saved: SavedOpportunity
    is_closed: bool
    is_changed: bool
    follow_up_due: bool
    stage_choices: list[tuple[str, str]]


@dataclass(frozen=True)
class Board:
    tabs: list[StageTab]
    total: int
    stage: str | None
    items: list[BoardItem]
    truncated: bool


def saved_for(*, user: Any) -> QuerySet[SavedOpportunity]:
    """The person's saved items, newest first, with what a card shows."""
    return (
        SavedOpportunity.objects.filter(user=user)
        .select_related("opportunity", "opportunity__organization")
        .order_by("-created_at", "-id")
    )


def saved_item(*, saved: SavedOpportunity, today: datetime.date | None = None) -> BoardItem:
    """One saved item with its notices worked out, so the template only displays them."""
    today = today or timezone.localdate()
    opportunity = saved.opportunity
    labels = dict(SavedStage.choices)
    return BoardItem(
        saved=saved,
        is_closed=opportunity.status != Status.ACTIVE,
        is_changed=opportunity.updated_at > saved.seen_version_at,
        follow_up_due=(
            saved.follow_up_on is not None and saved.follow_up_on <= today and saved.stage in _OPEN_STAGES
        ),
        stage_choices=[(value, labels[value]) for value in stage_moves(current=saved.stage)],
    )


def saved_board(*, user: Any, stage: str | None = None) -> Board:
    """The board: a tab per stage with its count, and the items (of one stage, when given)."""
    if stage not in SavedStage.values:
        stage = None
    counts = dict(
        SavedOpportunity.objects.filter(user=user)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    rows = saved_for(user=user)
    if stage is not None:
        rows = rows.filter(stage=stage)
    items = list(rows[: BOARD_LIMIT + 1])
    today = timezone.localdate()
    return Board(
        tabs=[
            StageTab(value, label, counts.get(value, 0), value == stage)
            for value, label in SavedStage.choices
        ],
        total=sum(counts.values()),
        stage=stage,
        items=[saved_item(saved=saved, today=today) for saved in items[:BOARD_LIMIT]],
        truncated=len(items) > BOARD_LIMIT,
    )
