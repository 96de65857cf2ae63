"""The US President's Volunteer Service Award (PVSA): age bands, levels and the hours each needs.

Source: AmeriCorps, the program's administrator, "Eligibility" on
https://www.presidentialserviceawards.gov/eligibility (hours served within one 12-month period):

    Kids 5-10:            Bronze 26-49,   Silver 50-74,   Gold 75+
    Teens 11-15:          Bronze 50-74,   Silver 75-99,   Gold 100+
    Young Adults 16-25:   Bronze 100-174, Silver 175-249, Gold 250+
    Adults 26+:           Bronze 100-249, Silver 250-499, Gold 500+
    Lifetime Achievement: 4,000+ hours over a lifetime (no 12-month window)

Each level is a band of hours; the LOWER bound is what earns it, so the lower bound becomes a
goal's target. Pure module: no ORM, so the table is tested with plain asserts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

# (key, label, youngest age, oldest age or None)
AGE_BANDS: list[tuple[str, str, int, int | None]] = [
    ("kids", "Kids 5 to 10", 5, 10),
    ("teens", "Teens 11 to 15", 11, 15),
    ("young_adults", "Young adults 16 to 25", 16, 25),
    ("adults", "Adults 26 and older", 26, None),
]
LEVELS: list[tuple[str, str]] = [("bronze", "Bronze"), ("silver", "Silver"), ("gold", "Gold")]

# Lower bound of each level's band, in hours (see the table above).
THRESHOLDS: dict[tuple[str, str], int] = {
    ("kids", "bronze"): 26,
    ("kids", "silver"): 50,
    ("kids", "gold"): 75,
    ("teens", "bronze"): 50,
    ("teens", "silver"): 75,
    ("teens", "gold"): 100,
    ("young_adults", "bronze"): 100,
    ("young_adults", "silver"): 175,
    ("young_adults", "gold"): 250,
    ("adults", "bronze"): 100,
    ("adults", "silver"): 250,
    ("adults", "gold"): 500,
}
# Counted over a whole life, not a 12-month window, so it is not offered as a dated goal.
LIFETIME_ACHIEVEMENT_HOURS = 4000

BAND_CHOICES = [(key, label) for key, label, _, _ in AGE_BANDS]
LEVEL_CHOICES = LEVELS


@dataclass(frozen=True)
class PvsaGoal:
    name: str
    target_hours: int
    starts_on: datetime.date
    ends_on: datetime.date


def target_hours(*, band: str, level: str) -> int:
    """The hours that earn `level` in `band` (KeyError for an unknown pair)."""
    return THRESHOLDS[(band, level)]


def age_on(*, date_of_birth: datetime.date, day: datetime.date) -> int:
    return relativedelta(day, date_of_birth).years


def band_for_age(age: int) -> str | None:
    """The band for an age in whole years; None under 5, when no award applies."""
    for key, _, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return key
    return None


def band_for_birth_date(*, date_of_birth: datetime.date | None, day: datetime.date) -> str | None:
    """The band to preselect for someone born on `date_of_birth`, as of `day`."""
    if date_of_birth is None:
        return None
    return band_for_age(age_on(date_of_birth=date_of_birth, day=day))


def table_rows() -> list[dict[str, object]]:
    """The table as rows for a page: each band's label and its Bronze, Silver and Gold hours."""
    return [
        {"band": key, "label": label, "hours": [THRESHOLDS[(key, level)] for level, _ in LEVELS]}
        for key, label, _, _ in AGE_BANDS
    ]


def goal_for(*, band: str, level: str, starts_on: datetime.date) -> PvsaGoal:
    """Name, target and the 12-month window (starts_on through the day before its anniversary)."""
    band_label = dict(BAND_CHOICES)[band]
    level_label = dict(LEVEL_CHOICES)[level]
    return PvsaGoal(
        name=f"President's Volunteer Service Award: {level_label}, {band_label}",
        target_hours=target_hours(band=band, level=level),
        starts_on=starts_on,
        ends_on=starts_on + relativedelta(years=1) - datetime.timedelta(days=1),
    )
