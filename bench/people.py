"""The people of the seeded database: USERS ordinary users, each with a few saved listings (at
every stage), about twenty hours entries (mixed trust, some on listings) and a goal or two, and one
heavy user, "bench-heavy", with 10,000 entries over three years for the hours dashboard.

Ordinary users cannot log in (a fixed unusable password); the heavy user's password is
HEAVY_PASSWORD, hashed with a fixed salt so the row is as deterministic as the rest (a benchmark may
also just force_login them).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Goal, GoalKind, HoursEntry, TrustLevel, User
from bench import words
from bench.bulk import insert_rows
from bench.randomness import EPOCH, Stream, pick_cause, stream, weighted
from opportunities.models import SavedOpportunity, SavedStage

USERS = 1000
SAVED_PER_USER = (2, 8)
HOURS_PER_USER = (10, 30)
HEAVY_USERNAME = "bench-heavy"
HEAVY_PASSWORD = "bench-password"  # noqa: S105 - a throwaway benchmark account, documented
HEAVY_ENTRIES = 10_000
HEAVY_YEARS = 3
BATCH = 5000

STAGE_WEIGHTS = ((SavedStage.SAVED, 0.5), (SavedStage.APPLIED, 0.2), (SavedStage.HEARD_BACK, 0.1),
                 (SavedStage.ACTIVE, 0.1), (SavedStage.DONE, 0.05), (SavedStage.WITHDRAWN, 0.05))  # fmt: skip
TRUST_WEIGHTS = ((TrustLevel.SELF_REPORTED, 0.6), (TrustLevel.VERIFIED, 0.25), (TrustLevel.APPROVED, 0.15))
TIMEZONES = ("Europe/London", "America/New_York", "America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo",
             "Australia/Sydney", "America/Sao_Paulo", "Africa/Nairobi", "UTC")  # fmt: skip

Progress = Callable[[str, int, int], None]


def people_create(*, seed: int, listings: int, organisation_names: Sequence[str], report: Progress) -> dict:
    """USERS people and the heavy user, with saved listings, hours and goals; returns counts and
    the heavy user's id and credentials."""
    # A fixed salt makes the hash as deterministic as the rest; everyone else cannot log in.
    heavy = User(
        id=USERS + 1,
        username=HEAVY_USERNAME,
        email=f"{HEAVY_USERNAME}@bench.test",
        password=make_password(HEAVY_PASSWORD, salt="benchseedsalt0001"),
        display_name="Bench Heavy",
        timezone="Europe/London",
        country="GB",
        languages=["en"],
        yearly_hours_goal=300,
        date_joined=EPOCH - timedelta(days=365 * HEAVY_YEARS + 30),
        email_confirmed_at=EPOCH - timedelta(days=365 * HEAVY_YEARS + 29),
    )
    users = [_user(seed, number) for number in range(1, USERS + 1)]
    User.objects.bulk_create([*users, heavy])
    counts = {"users": len(users) + 1, "saved": 0, "hours_entries": 0, "goals": 0}
    for start in range(0, len(users), 100):
        saved, entries, goals = [], [], []
        for user in users[start : start + 100]:
            rng = stream(seed, Stream.USER, user.id)
            saved += _saved(rng, user, listings)
            entries += [_entry(rng, user.id, user.timezone or "UTC", listings, organisation_names, years=2)
                        for _ in range(rng.randint(*HOURS_PER_USER))]  # fmt: skip
            goals += _goals(rng, user.id, heavy=False)
        with transaction.atomic():
            insert_rows(SavedOpportunity, saved)
            insert_rows(HoursEntry, entries)
            Goal.objects.bulk_create(goals)
        counts["saved"] += len(saved)
        counts["hours_entries"] += len(entries)
        counts["goals"] += len(goals)
        report("people", start + 100, len(users))
    rng = stream(seed, Stream.HEAVY_USER, 0)
    for start in range(0, HEAVY_ENTRIES, BATCH):
        batch = [_entry(rng, heavy.id, rng.choice(TIMEZONES), listings, organisation_names, years=HEAVY_YEARS)
                 for _ in range(min(BATCH, HEAVY_ENTRIES - start))]  # fmt: skip
        insert_rows(HoursEntry, batch)
        counts["hours_entries"] += len(batch)
        report("heavy user's hours", start + len(batch), HEAVY_ENTRIES)
    heavy_goals = _goals(rng, heavy.id, heavy=True)
    Goal.objects.bulk_create(heavy_goals)
    counts["goals"] += len(heavy_goals)
    return {
        **counts,
        "heavy_user_id": heavy.id,
        "heavy_username": HEAVY_USERNAME,
        "heavy_password": HEAVY_PASSWORD,
        "heavy_hours_entries": HEAVY_ENTRIES,
    }


def _user(seed: int, number: int) -> User:
    rng = stream(seed, Stream.USER, -number)
    joined = EPOCH - timedelta(days=rng.uniform(30, 1000))
    _city, _region, country, timezone = rng.choice(words.PLACES)
    available = rng.random() < 0.4
    start_hour = rng.randint(6, 20)
    return User(
        id=number,
        username=f"bench-user-{number:04d}",
        email=f"bench-user-{number:04d}@bench.test",
        # An unusable password ("!" prefix), fixed rather than Django's random one: deterministic.
        password=f"!bench{hashlib.sha256(f'{seed}:{number}'.encode()).hexdigest()[:34]}",
        display_name=f"Volunteer {number}" if rng.random() < 0.5 else "",
        timezone=timezone if rng.random() < 0.8 else "",
        country=country if rng.random() < 0.7 else "",
        languages=rng.choice((["en"], ["en"], ["es"], ["fr", "en"], ["de"], ["pt", "en"], [])),
        available_from_hour=start_hour if available else None,
        available_to_hour=min(24, start_hour + rng.randint(2, 6)) if available else None,
        yearly_hours_goal=rng.choice((None, None, 50, 100, 200)),
        date_joined=joined,
        last_login=joined + timedelta(days=rng.uniform(0, (EPOCH - joined).days)),
        email_confirmed_at=joined + timedelta(minutes=rng.uniform(1, 600)) if rng.random() < 0.9 else None,
    )


def _saved(rng: random.Random, user: User, listings: int) -> list[dict]:
    picked = sorted({rng.randrange(listings) + 1 for _ in range(rng.randint(*SAVED_PER_USER))})
    rows = []
    for opportunity_id in picked:
        created = EPOCH - timedelta(days=rng.uniform(0, 300))
        stage = weighted(rng, STAGE_WEIGHTS)
        changed = created + timedelta(days=rng.uniform(0, 20))
        rows.append(
            {
                "user_id": user.id,
                "opportunity_id": opportunity_id,
                "stage": stage,
                "stage_changed_at": min(changed, EPOCH) if stage != SavedStage.SAVED else created,
                "note": rng.choice(
                    ("", "", "Ask about training dates.", "Call back next week.", "Looks great!")
                ),
                "follow_up_on": (EPOCH + timedelta(days=rng.randint(-10, 30))).date()
                if stage == SavedStage.APPLIED and rng.random() < 0.6
                else None,
                "seen_version_at": created,
                "created_at": created,
            }
        )
    return rows


def _entry(
    rng: random.Random,
    user_id: int,
    timezone: str,
    listings: int,
    organisation_names: Sequence[str],
    *,
    years: int,
) -> dict:
    day = (EPOCH - timedelta(days=rng.uniform(0, 365 * years))).date()
    trust = weighted(rng, TRUST_WEIGHTS)
    opportunity_id = rng.randrange(listings) + 1 if rng.random() < 0.4 else None
    organisation = "" if opportunity_id else rng.choice(organisation_names)
    cause = pick_cause(rng)
    activity = rng.choice(words.CAUSES[cause][0])
    created = datetime(day.year, day.month, day.day, 18, tzinfo=UTC) + timedelta(hours=rng.uniform(0, 72))
    created = min(created, EPOCH)
    locked = None
    verifier_name = verifier_email = ""
    if trust != TrustLevel.SELF_REPORTED:
        locked = min(created + timedelta(days=rng.uniform(1, 14)), EPOCH)
        verifier_name = rng.choice(("Sam Patel", "Ana García", "Chloé Martin", "Jonas Weber", "Ama Mensah"))
        verifier_email = f"{verifier_name.split()[0].lower().replace('é', 'e')}@verifier.bench.test"
    return {
        "user_id": user_id,
        "date": day,
        "minutes": rng.choice((30, 45, 60, 60, 90, 120, 120, 180, 240, 300, 480)),
        "timezone": timezone,
        "opportunity_id": opportunity_id,
        "organization_name": organisation,
        "activity": activity[0].upper() + activity[1:],
        "description": rng.choice(("", "", "", "Covered an extra shift.", "Training session included.")),
        "evidence_url": "https://evidence.bench.test/photo.jpg" if rng.random() < 0.05 else "",
        "trust": trust,
        "locked_at": locked,
        "verified_by_name": verifier_name,
        "verified_by_email": verifier_email,
        "created_at": created,
        "updated_at": locked or created,
    }


def _goals(rng: random.Random, user_id: int, *, heavy: bool) -> list[Goal]:
    year = EPOCH.year
    choices = [
        Goal(user_id=user_id, kind=GoalKind.CUSTOM, name=f"{year} hours", target_hours=rng.choice((20, 50, 100)),
             starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)),
        Goal(user_id=user_id, kind=GoalKind.PVSA, name="President's Volunteer Service Award (Gold)",
             target_hours=250 if heavy else 100, starts_on=date(year - 1, 11, 1), ends_on=date(year, 10, 31),
             verified_only=True),
        Goal(user_id=user_id, kind=GoalKind.SCHOOL, name="School service hours", target_hours=40,
             starts_on=date(year - 2, 9, 1), ends_on=date(year - 1, 6, 30), verified_only=True),
    ]  # fmt: skip
    chosen = choices if heavy else choices[: rng.choice((0, 1, 1, 2, 3))]
    for goal in chosen:
        goal.created_at = datetime.combine(goal.starts_on, datetime.min.time(), tzinfo=UTC)
    return chosen
