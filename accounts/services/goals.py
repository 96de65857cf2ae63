"""Writes for goals: create (custom, school requirement, PVSA award), update, delete.

A goal is a target and a window; progress is never stored, it is computed from entries by
accounts.selectors.progress, so editing a goal or an entry can never leave a stale count behind.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import pvsa
from accounts.models import Goal, GoalKind, User

MAX_TARGET_HOURS = 100_000


def _validate(*, name: str, target_hours: int, starts_on: datetime.date, ends_on: datetime.date) -> None:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Give the goal a name."
    if not 1 <= target_hours <= MAX_TARGET_HOURS:
        errors["target_hours"] = f"Choose a target between 1 and {MAX_TARGET_HOURS:,} hours."
    if ends_on < starts_on:
        errors["ends_on"] = "The end date must be on or after the start date."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def goal_create(
    *,
    user: User,
    kind: str,
    name: str,
    target_hours: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    verified_only: bool,
) -> Goal:
    """Create a goal, or return the identical one the user already has.

    Idempotent: a double-submitted form finds the goal the first submission made (same kind, name,
    target, window and rule) instead of adding a twin. Goal has no unique constraint, so the
    user's row is locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions already run one writer at a time), which makes check-then-insert safe.
    """
    if kind not in GoalKind.values:
        raise ValidationError({"kind": "Choose a kind of goal."})
    _validate(name=name, target_hours=target_hours, starts_on=starts_on, ends_on=ends_on)
    User.objects.select_for_update().filter(pk=user.pk).first()
    goal, _ = Goal.objects.get_or_create(
        user=user,
        kind=kind,
        name=name.strip(),
        target_hours=target_hours,
        starts_on=starts_on,
        ends_on=ends_on,
        verified_only=verified_only,
    )
    return goal


def goal_create_pvsa(
    *, user: User, band: str, level: str, starts_on: datetime.date, verified_only: bool = True
) -> Goal:
    """A PVSA goal: the level's lower bound of hours within 12 months from `starts_on`
    (accounts.pvsa holds the table). Idempotent as goal_create."""
    if (band, level) not in pvsa.THRESHOLDS:
        raise ValidationError({"level": "Choose an age band and an award level."})
    try:
        award = pvsa.goal_for(band=band, level=level, starts_on=starts_on)
    except (ValueError, OverflowError):  # a year past 9999: no 12-month window fits
        raise ValidationError({"starts_on": "Choose a start date before the year 9999."}) from None
    return goal_create(
        user=user,
        kind=GoalKind.PVSA,
        name=award.name,
        target_hours=award.target_hours,
        starts_on=award.starts_on,
        ends_on=award.ends_on,
        verified_only=verified_only,
    )


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    name: str,
    target_hours: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    verified_only: bool,
) -> Goal:
    """Set the goal's fields. Idempotent: it writes values, not changes, so a repeat is a no-op."""
    _validate(name=name, target_hours=target_hours, starts_on=starts_on, ends_on=ends_on)
    goal.name = name.strip()
    goal.target_hours = target_hours
    goal.starts_on = starts_on
    goal.ends_on = ends_on
    goal.verified_only = verified_only
    goal.save(update_fields=["name", "target_hours", "starts_on", "ends_on", "verified_only"])
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    """Delete the goal (its entries are untouched). Idempotent: deleting by filter finds nothing
    the second time instead of raising."""
    Goal.objects.filter(pk=goal.pk, user_id=goal.user_id).delete()
