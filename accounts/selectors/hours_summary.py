"""Reads for the API's hours summary (totals by trust level, by month and by cause, and goal
progress) and goal pages, for one person, in a fixed number of queries however many entries there are.

Totals by trust level and goal progress come from the selectors the pages use (hours_totals,
goal_progress_list), so the API and the dashboard can never disagree on them. The months and
causes here differ from the dashboard's charts in shape only: every month with hours (not a
rolling 12), keyed "YYYY-MM", and causes keyed by slug (the dashboard groups by display name).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from accounts.models import Goal, HoursEntry, User
from accounts.selectors.hours import hours_totals
from accounts.selectors.progress import VERIFIED_TRUST, GoalProgress, goal_progress_list


@dataclass(frozen=True)
class BucketTotal:
    """Minutes in one month or one cause; `key` is "2026-03", or a cause's slug and `name` its
    name (both None/"" for entries with no tagged listing)."""

    key: str | None
    minutes: int
    verified_minutes: int
    name: str = ""


@dataclass(frozen=True)
class HoursSummary:
    year: int | None
    totals: dict[str, int]
    months: list[BucketTotal]
    causes: list[BucketTotal]
    goals: list[GoalProgress]


def _entries(user: User, start: datetime.date | None, end: datetime.date | None) -> QuerySet[HoursEntry]:
    entries = HoursEntry.objects.filter(user=user)
    if start is not None and end is not None:
        entries = entries.filter(date__range=(start, end))
    return entries


def _sums() -> dict[str, Sum]:
    return {
        # Not named "minutes": an annotation by the field's own name would shadow it in the next Sum.
        "total_minutes": Sum("minutes", default=0),
        "verified_minutes": Sum("minutes", filter=Q(trust__in=VERIFIED_TRUST), default=0),
    }


def hours_by_month_key(*, entries: QuerySet[HoursEntry]) -> list[BucketTotal]:
    """Every month that has hours, oldest first (one query)."""
    rows = (
        entries.values("date__year", "date__month").annotate(**_sums()).order_by("date__year", "date__month")
    )
    return [
        BucketTotal(
            key=f"{row['date__year']:04d}-{row['date__month']:02d}",
            minutes=row["total_minutes"],
            verified_minutes=row["verified_minutes"],
        )
        for row in rows
    ]


def hours_by_cause_slug(*, entries: QuerySet[HoursEntry]) -> list[BucketTotal]:
    """Minutes per cause of the entry's listing, largest first, "no cause" last (one query). An
    entry on a listing tagged with two causes counts under both, as on the dashboard."""
    rows = entries.values(
        "opportunity__cause_tags__cause__slug", "opportunity__cause_tags__cause__name"
    ).annotate(**_sums())
    buckets = [
        BucketTotal(
            key=row["opportunity__cause_tags__cause__slug"],
            name=row["opportunity__cause_tags__cause__name"] or "",
            minutes=row["total_minutes"],
            verified_minutes=row["verified_minutes"],
        )
        for row in rows.order_by()
    ]
    return sorted(buckets, key=lambda bucket: (bucket.key is None, -bucket.minutes, bucket.key or ""))


def hours_summary_get(*, user: User, year: int | None = None) -> HoursSummary:
    """Totals (all time, or within `year`), months, causes, and every goal's progress. Goals keep
    their own windows whatever `year` is: a goal's progress is one number, wherever it is shown."""
    start = end = None
    if year is not None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = _entries(user, start, end)
    return HoursSummary(
        year=year,
        totals=hours_totals(user=user, start=start, end=end),
        months=hours_by_month_key(entries=entries),
        causes=hours_by_cause_slug(entries=entries),
        goals=goal_progress_list(user=user),
    )


# --- Goals, a page at a time (the API's cursor pages) ------------------------------------------


def goals_for(*, user: User) -> QuerySet[Goal]:
    return Goal.objects.filter(user=user)


def goal_progress_for(*, user: User, goals: list[Goal]) -> list[GoalProgress]:
    """Progress of `goals` (a page of the person's goals), counted by goal_progress_list so every
    page shows the dashboard's numbers; three queries with the page's own, for any page size. A
    goal deleted since the page was read is left out."""
    progress = {item.goal.pk: item.progress for item in goal_progress_list(user=user)}
    return [GoalProgress(goal=goal, progress=progress[goal.pk]) for goal in goals if goal.pk in progress]
