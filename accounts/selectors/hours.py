"""Reads for the hours log: a person's entries, their totals by trust level, the list page and
an entry's timeline. Other areas (goals, dashboard, exports, transcripts) build on
`hours_entries_for` and `hours_totals`; keep their names and shapes.

Every read is scoped to one user: a caller passes request.user, never an id from the URL alone.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import AuditEvent, HoursEntry, HoursTimer, TrustLevel
from opportunities.models import Opportunity


def hours_entries_for(*, user: Any) -> QuerySet[HoursEntry]:
    """The person's entries, newest day first, with what every list of them shows: the listing,
    its organisation and source, and the verification requests (newest first)."""
    return (
        HoursEntry.objects.filter(user=user)
        .select_related("opportunity", "opportunity__organization", "opportunity__source")
        .prefetch_related("verifications")
    )


def hours_totals(
    *, user: Any, start: datetime.date | None = None, end: datetime.date | None = None
) -> dict[str, int]:
    """Minutes by trust level between `start` and `end` (both included, either open), in one query.

    Only VERIFIED and APPROVED count as verified: `verified_total` never includes a self-reported
    minute, whatever a goal or a transcript asks for.
    """
    entries = HoursEntry.objects.filter(user=user)
    if start is not None:
        entries = entries.filter(date__gte=start)
    if end is not None:
        entries = entries.filter(date__lte=end)

    def total(condition: Q | None = None) -> Coalesce:
        return Coalesce(Sum("minutes", filter=condition), 0)

    sums = entries.aggregate(
        self_reported=total(Q(trust=TrustLevel.SELF_REPORTED)),
        verified=total(Q(trust=TrustLevel.VERIFIED)),
        approved=total(Q(trust=TrustLevel.APPROVED)),
        all=total(),
    )
    sums["verified_total"] = sums["verified"] + sums["approved"]
    return sums


def duration_text(minutes: int) -> str:
    """90 -> "1 h 30 min", 45 -> "45 min", 120 -> "2 h": how every page and e-mail writes a duration."""
    hours, rest = divmod(max(int(minutes), 0), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


@dataclass(frozen=True)
class HoursPage:
    """What the hours list shows: entries (each with a `duration` text), totals, the year filter."""

    entries: list[HoursEntry]
    totals: dict[str, int]
    totals_text: dict[str, str]
    years: list[int]
    year: int | None
    timer: HoursTimer | None
    timer_elapsed: str


def hours_page(*, user: Any, year: int | None = None) -> HoursPage:
    """The list page in a fixed number of queries, however many entries there are."""
    entries = hours_entries_for(user=user)
    start = end = None
    if year is not None:
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        entries = entries.filter(date__range=(start, end))
    rows = list(entries)
    for entry in rows:
        entry.duration = duration_text(entry.minutes)  # type: ignore[attr-defined]
    totals = hours_totals(user=user, start=start, end=end)
    timer = hours_timer_get(user=user)
    return HoursPage(
        entries=rows,
        totals=totals,
        totals_text={key: duration_text(value) for key, value in totals.items()},
        years=hours_years(user=user),
        year=year,
        timer=timer,
        timer_elapsed=timer_elapsed_text(timer) if timer else "",
    )


def timer_elapsed_text(timer: HoursTimer) -> str:
    """How long the timer has run, rounded up to the minute as stopping it would count it."""
    seconds = max((timezone.now() - timer.started_at).total_seconds(), 0)
    return duration_text(max(1, math.ceil(seconds / 60)))


def hours_years(*, user: Any) -> list[int]:
    """Years with at least one entry, newest first (the year filter's choices)."""
    return [day.year for day in HoursEntry.objects.filter(user=user).dates("date", "year", order="DESC")]


def hours_timer_get(*, user: Any) -> HoursTimer | None:
    return HoursTimer.objects.filter(user=user).select_related("opportunity").first()


def hours_entry_get(*, user: Any, entry_id: int) -> HoursEntry | None:
    """One of the person's entries with its verifications and audit trail; None for anyone else's."""
    entry = hours_entries_for(user=user).prefetch_related("audit_events").filter(pk=entry_id).first()
    if entry is not None:
        entry.duration = duration_text(entry.minutes)  # type: ignore[attr-defined]
    return entry


def hours_opportunity_choices(*, user: Any, include_ids: list[int] | None = None) -> list[Opportunity]:
    """Listings offered in the entry and timer forms: the person's saved ones, plus any listing
    the form already names (a ?opportunity= link from a detail page, or the entry being edited)."""
    condition = Q(saved_by__user=user)
    if include_ids:
        condition |= Q(pk__in=include_ids)
    return list(
        Opportunity.objects.filter(condition)
        .select_related("organization")
        .distinct()
        .order_by("title", "id")
    )


def hours_opportunity_get(*, opportunity_id: int) -> Opportunity | None:
    """Any aggregated listing, active or not: people log hours for roles that have since closed."""
    return Opportunity.objects.filter(pk=opportunity_id).select_related("organization").first()


def hours_timeline(*, entry: HoursEntry) -> list[tuple[AuditEvent, str]]:
    """The entry's audit trail as (event, sentence) pairs, oldest first (audit_events prefetched)."""
    return [(event, audit_describe(event=event)) for event in entry.audit_events.all()]


_VIA_TEXT = {
    "web": "on the website",
    "api": "through the API",
    "email link": "via e-mail link",
    "task": "automatically",
}
_FIELD_NAMES = {
    "date": "date",
    "minutes": "duration",
    "timezone": "time zone",
    "opportunity": "listing",
    "organization_name": "organisation",
    "activity": "activity",
    "description": "description",
    "evidence_url": "evidence link",
}


def _contact(details: dict[str, Any]) -> str:
    return f"{details.get('contact_name', '')} ({details.get('contact_email', '')})".strip()


def _change_text(field: str, old: Any, new: Any) -> str:
    if field == "minutes":
        old, new = duration_text(old or 0), duration_text(new or 0)
    if field in ("description", "opportunity"):
        return f"{_FIELD_NAMES.get(field, field)} changed"
    return f"{_FIELD_NAMES.get(field, field)} “{old or ''}” → “{new or ''}”"


def audit_describe(*, event: AuditEvent) -> str:
    """One sentence for the timeline, e.g. "Confirmed by Ana Ruiz (ana@example.org) via e-mail link"."""
    details, via = event.details or {}, _VIA_TEXT.get(event.via, event.via)
    reason = f" Reason: “{details['reason']}”" if details.get("reason") else ""
    texts = {
        "created": f"Logged by the volunteer {via}",
        "edited": f"Edited by the volunteer {via}: "
        + "; ".join(_change_text(field, *values) for field, values in details.get("changes", {}).items()),
        "timer_stopped": f"Logged from the timer {via} ({duration_text(details.get('minutes', 0))})",
        "verification_requested": f"Verification requested from {_contact(details)} {via}",
        "verification_resent": f"Verification e-mail sent again to {_contact(details)} {via}",
        "verification_reminded": f"Reminder {details.get('number', '')} sent to {_contact(details)} {via}",
        "verification_superseded": f"Request to {_contact(details)} replaced by a newer one",
        "confirmed": f"Confirmed by {_contact(details)} {via}",
        "adjusted": f"Adjusted by {_contact(details)} {via}: "
        f"{duration_text(details.get('old_minutes', 0))} → {duration_text(details.get('new_minutes', 0))}.{reason}",
        "declined": f"Declined by {_contact(details)} {via}.{reason}",
        "expired": f"Request to {_contact(details)} expired unanswered",
        "locked": "Locked: verified hours can no longer be edited or deleted",
    }
    return texts.get(event.action, f"{event.action.replace('_', ' ').capitalize()} ({event.actor}, {via})")
