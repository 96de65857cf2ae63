"""Reads for the progress pages: goal progress, the dashboard's totals, charts and streaks, the CSV
export rows, and transcripts. Every function is scoped to one user and runs a fixed number of
queries whatever the number of goals or entries (aggregates in the database, never one per row).

Only VERIFIED and APPROVED entries count as verified (TrustLevel's docstring); a goal marked
verified_only counts nothing else.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.charts import Bar, format_hours
from accounts.models import Goal, HoursEntry, Transcript, TrustLevel, User
from accounts.selectors.hours import hours_totals


def person_today(user: User) -> datetime.date:
    """Today where the person is (their profile's time zone), so "this week" and "this year" are theirs."""
    try:
        return timezone.localdate(timezone=ZoneInfo(user.timezone)) if user.timezone else timezone.localdate()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.localdate()


def hours_export_filename(*, user: User) -> str:
    """The CSV export's file name, the same from the site and the API: the username's safe
    characters and today in the person's zone."""
    username = re.sub(r"[^A-Za-z0-9_.-]", "_", user.get_username())
    return f"pitchin-hours-{username}-{person_today(user).isoformat()}.csv"


VERIFIED_TRUST = (TrustLevel.VERIFIED, TrustLevel.APPROVED)
NO_CAUSE_LABEL = "No cause (not linked to a tagged listing)"


@dataclass(frozen=True)
class Progress:
    """Minutes done toward a target in whole hours; `label` is the text the bar shows."""

    minutes: int
    target_hours: int

    @property
    def target_minutes(self) -> int:
        return self.target_hours * 60

    @property
    def percent(self) -> int:
        return self.minutes * 100 // self.target_minutes

    @property
    def bar_value(self) -> int:
        # <progress> clamps anyway; clamping here keeps the markup honest.
        return min(self.minutes, self.target_minutes)

    @property
    def is_reached(self) -> bool:
        return self.minutes >= self.target_minutes

    @property
    def hours(self) -> str:
        return format_hours(self.minutes)

    @property
    def remaining_hours(self) -> str:
        return format_hours(max(self.target_minutes - self.minutes, 0))

    @property
    def label(self) -> str:
        return f"{self.hours} of {self.target_hours} h, {self.percent} %"


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    progress: Progress


def _goal_window(goal: Goal) -> Q:
    window = Q(date__gte=goal.starts_on, date__lte=goal.ends_on)
    if goal.verified_only:
        window &= Q(trust__in=VERIFIED_TRUST)
    return window


def goal_progress_list(*, user: User) -> list[GoalProgress]:
    """Every goal of `user` with its progress, in two queries for any number of goals: the goals,
    then ONE aggregate over the entries in the union of their windows, with one conditional sum
    per goal. An entry counts toward every goal whose window holds its date."""
    goals = list(Goal.objects.filter(user=user))
    if not goals:
        return []
    sums = {f"goal_{goal.pk}": Sum("minutes", filter=_goal_window(goal), default=0) for goal in goals}
    totals = HoursEntry.objects.filter(
        user=user,
        date__gte=min(goal.starts_on for goal in goals),
        date__lte=max(goal.ends_on for goal in goals),
    ).aggregate(**sums)
    return [
        GoalProgress(goal=goal, progress=Progress(totals[f"goal_{goal.pk}"], goal.target_hours))
        for goal in goals
    ]


def goal_get(*, user: User, pk: int) -> Goal | None:
    return Goal.objects.filter(user=user, pk=pk).first()


@dataclass(frozen=True)
class Totals:
    self_reported_minutes: int
    verified_minutes: int
    approved_minutes: int
    year_minutes: int
    year_verified_minutes: int

    @property
    def verified_total_minutes(self) -> int:
        """Verified by a contact plus approved by the organisation: what counts as verified."""
        return self.verified_minutes + self.approved_minutes

    @property
    def all_minutes(self) -> int:
        return self.self_reported_minutes + self.verified_total_minutes

    # Display strings (format_hours), so templates need no custom filter.
    @property
    def verified_total_hours(self) -> str:
        return format_hours(self.verified_total_minutes)

    @property
    def verified_hours(self) -> str:
        return format_hours(self.verified_minutes)

    @property
    def approved_hours(self) -> str:
        return format_hours(self.approved_minutes)

    @property
    def self_reported_hours(self) -> str:
        return format_hours(self.self_reported_minutes)

    @property
    def year_hours(self) -> str:
        return format_hours(self.year_minutes)

    @property
    def year_verified_hours(self) -> str:
        return format_hours(self.year_verified_minutes)


def hours_totals_by_trust(*, user: User, year: int) -> Totals:
    """All-time minutes per trust level and this calendar year's minutes (two queries), counted by
    the hours log's own hours_totals, so every page adds trust levels up the same way."""
    all_time = hours_totals(user=user)
    this_year = hours_totals(user=user, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    return Totals(
        self_reported_minutes=all_time["self_reported"],
        verified_minutes=all_time["verified"],
        approved_minutes=all_time["approved"],
        year_minutes=this_year["all"],
        year_verified_minutes=this_year["verified_total"],
    )


def _split(rows: Iterable[dict], key: str) -> dict[object, list[int]]:
    """{key value: [verified minutes, self-reported minutes]} from rows grouped by key and trust."""
    split: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        split[row[key]][0 if row["trust"] in VERIFIED_TRUST else 1] += row["minutes"]
    return split


def hours_by_month(*, user: User, today: datetime.date) -> list[Bar]:
    """The last 12 calendar months up to today's, oldest first, empty months included (one query)."""
    first = today.replace(day=1) - relativedelta(months=11)
    rows = (
        HoursEntry.objects.filter(
            user=user, date__gte=first, date__lt=today.replace(day=1) + relativedelta(months=1)
        )
        .values("date__year", "date__month", "trust")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    split = _split(({**row, "month": (row["date__year"], row["date__month"])} for row in rows), "month")
    bars = []
    for offset in range(12):
        month = first + relativedelta(months=offset)
        verified, self_reported = split.get((month.year, month.month), (0, 0))
        bars.append(Bar(f"{month:%b}", verified, self_reported, long_label=f"{month:%B %Y}"))
    return bars


def hours_by_cause(*, user: User) -> list[Bar]:
    """All-time hours per cause of the entry's listing, largest first (one query). An entry on a
    listing tagged with two causes counts under both; one with no tagged listing goes under
    NO_CAUSE_LABEL."""
    rows = (
        HoursEntry.objects.filter(user=user)
        .values("opportunity__cause_tags__cause__name", "trust")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    split = _split(rows, "opportunity__cause_tags__cause__name")
    bars = [Bar(name or NO_CAUSE_LABEL, verified, other) for name, (verified, other) in split.items()]
    return sorted(bars, key=lambda bar: (bar.name == NO_CAUSE_LABEL, -bar.total_minutes, bar.name))


def week_streaks(*, dates: Iterable[datetime.date], today: datetime.date) -> tuple[int, int]:
    """(current, longest) runs of consecutive weeks (Monday to Sunday) with at least one entry.

    The current run may end this week or last week: a week still under way has not broken it.
    """
    weeks = sorted({day - datetime.timedelta(days=day.weekday()) for day in dates})
    longest, run, previous = 0, 0, None
    for week in weeks:
        run = run + 1 if previous is not None and (week - previous).days == 7 else 1
        longest, previous = max(longest, run), week
    this_week = today - datetime.timedelta(days=today.weekday())
    alive = previous is not None and (this_week - previous).days in (0, 7)
    return (run if alive else 0), longest


def entry_dates(*, user: User) -> list[datetime.date]:
    return list(HoursEntry.objects.filter(user=user).values_list("date", flat=True).distinct().order_by())


@dataclass(frozen=True)
class Dashboard:
    totals: Totals
    yearly_goal: Progress | None
    months: list[Bar]
    causes: list[Bar]
    current_streak_weeks: int
    longest_streak_weeks: int
    goals: list[GoalProgress] = field(default_factory=list)

    @property
    def has_entries(self) -> bool:
        return self.totals.all_minutes > 0


def dashboard_get(*, user: User, today: datetime.date) -> Dashboard:
    """Everything the dashboard shows, in six queries however many entries and goals there are."""
    totals = hours_totals_by_trust(user=user, year=today.year)
    current, longest = week_streaks(dates=entry_dates(user=user), today=today)
    goal = user.yearly_hours_goal
    return Dashboard(
        totals=totals,
        yearly_goal=Progress(totals.year_minutes, goal) if goal else None,
        months=hours_by_month(user=user, today=today),
        causes=hours_by_cause(user=user),
        current_streak_weeks=current,
        longest_streak_weeks=longest,
        goals=goal_progress_list(user=user),
    )


# --- CSV export ---------------------------------------------------------------------------------

CSV_HEADER = [
    "Date",
    "Minutes",
    "Hours",
    "Time zone",
    "Organisation",
    "Listing title",
    "Listing URL",
    "Activity",
    "Description",
    "Evidence URL",
    "Trust level",
    "Verified by",
    "Verifier e-mail",
    "Locked at",
]
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Text for one cell, with a leading apostrophe when a spreadsheet would read a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def hours_export_entries(*, user: User) -> QuerySet[HoursEntry]:
    return (
        HoursEntry.objects.filter(user=user)
        .select_related("opportunity__organization")
        .order_by("date", "id")
    )


def _csv_row(entry: HoursEntry) -> list[str]:
    listing = entry.opportunity
    organisation = entry.organization_name
    if listing is not None and listing.organization is not None:
        organisation = listing.organization.name
    hours = f"{entry.minutes / 60:.2f}"
    return [
        entry.date.isoformat(),
        str(entry.minutes),
        hours,
        entry.timezone,
        organisation,
        listing.title if listing else "",
        listing.url if listing else "",
        entry.activity,
        entry.description,
        entry.evidence_url,
        entry.get_trust_display(),
        entry.verified_by_name,
        entry.verified_by_email,
        entry.locked_at.isoformat() if entry.locked_at else "",
    ]


def hours_csv_rows(*, user: User) -> Iterator[list[str]]:
    """The header, then one row per entry of `user`, oldest first, every cell made safe (one query,
    read in chunks so a long history is not held in memory)."""
    yield CSV_HEADER
    for entry in hours_export_entries(user=user).iterator(chunk_size=500):
        yield [csv_cell(value) for value in _csv_row(entry)]


# --- Transcripts --------------------------------------------------------------------------------


def transcript_list(*, user: User) -> QuerySet[Transcript]:
    return Transcript.objects.filter(user=user)


def transcript_get(*, user: User, public_id: str) -> Transcript | None:
    return Transcript.objects.filter(user=user, public_id=public_id).first()


def transcript_get_public(*, public_id: str) -> Transcript | None:
    """Anyone may read a transcript by its unguessable id; the page shows only what was published."""
    return Transcript.objects.filter(public_id=public_id).first()


@dataclass(frozen=True)
class TranscriptSummary:
    transcript: Transcript
    start: datetime.date
    end: datetime.date
    entry_count: int
    hours: str
    organisations: list[str]


def transcript_summary(*, transcript: Transcript) -> TranscriptSummary:
    """What the pages show, read from the frozen content only (never from live entries)."""
    content = transcript.content
    entries = content.get("entries", [])
    return TranscriptSummary(
        transcript=transcript,
        start=datetime.date.fromisoformat(content["period"]["start"]),
        end=datetime.date.fromisoformat(content["period"]["end"]),
        entry_count=len(entries),
        hours=format_hours(transcript.total_minutes),
        organisations=sorted({entry["organisation"] for entry in entries if entry.get("organisation")}),
    )


def transcript_summaries(*, user: User) -> list[TranscriptSummary]:
    """The user's transcripts, newest first, each with its summary (one query)."""
    return [transcript_summary(transcript=transcript) for transcript in transcript_list(user=user)]
