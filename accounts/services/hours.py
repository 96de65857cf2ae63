"""Writes for the hours log: entries (create, edit, delete) and the start/stop timer.

Every rule lives here, not in forms, so the web pages, the API and the timer all obey the same
ones; a broken rule raises django's ValidationError keyed by field ("date", "minutes", ...),
which forms show next to the field. The rules:

* no day in the future, "today" being today in the entry's own time zone;
* a duration above zero and at most 24 h in one calendar day across all the person's entries;
* a listing or an organisation name (one of the two);
* not before the listing existed (the earlier of its posted and first-seen days, in the entry's zone);
* evidence links are http(s) only (no javascript: or data: links on our pages).

Each write locks the person's row first, so two requests at once cannot both pass the 24-h
check; a locked (verified) entry refuses edits and deletion.
"""

from __future__ import annotations

import datetime
import logging
import math
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import HoursEntry, HoursTimer
from accounts.selectors.hours import duration_text
from accounts.services.audit import ACTOR_VOLUNTEER, VIA_WEB, audit_record
from opportunities.models import Opportunity
from opportunities.timezones import is_valid_zone

logger = logging.getLogger(__name__)

MAX_DAY_MINUTES = 24 * 60
LOCKED_MESSAGE = (
    "This entry was verified, so it is locked: it can no longer be edited or deleted. "
    "It keeps the hours the contact confirmed."
)
EDITABLE_FIELDS = (
    "date",
    "minutes",
    "timezone",
    "opportunity",
    "organization_name",
    "activity",
    "description",
    "evidence_url",
)


@dataclass(frozen=True)
class EntryData:
    """What a person types for an entry; the same for creating and editing."""

    date: datetime.date
    minutes: int
    timezone: str
    activity: str
    opportunity: Opportunity | None = None
    organization_name: str = ""
    description: str = ""
    evidence_url: str = ""


def day_text(day: datetime.date) -> str:
    """3 March (this year's days need no year), 3 March 2025 otherwise."""
    if day.year == timezone.now().year:
        return f"{day.day} {day:%B}"
    return f"{day.day} {day:%B %Y}"


def local_today(zone: str, now: datetime.datetime | None = None) -> datetime.date:
    return (now or timezone.now()).astimezone(ZoneInfo(zone)).date()


def lock_person(user: Any) -> None:
    """Serialise one person's hours writes (PostgreSQL row lock; SQLite is serialised already by
    IMMEDIATE transactions), so the 24-h check and the write that follows cannot interleave."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def day_minutes(*, user: Any, day: datetime.date, exclude_entry_id: int | None = None) -> int:
    entries = HoursEntry.objects.filter(user=user, date=day)
    if exclude_entry_id is not None:
        entries = entries.exclude(pk=exclude_entry_id)
    return entries.aggregate(total=Sum("minutes"))["total"] or 0


def day_limit_error(
    *, user: Any, day: datetime.date, minutes: int, exclude_entry_id: int | None = None, who: str = "You"
) -> str | None:
    """The 24-h rule: a message when `minutes` more on `day` would pass 24 h, else None.
    The entry being edited or adjusted is left out, so it is counted once (with its new value)."""
    already = day_minutes(user=user, day=day, exclude_entry_id=exclude_entry_id)
    if already + minutes <= MAX_DAY_MINUTES:
        return None
    if already == 0:
        return "At most 24 h a day can be logged."
    room = MAX_DAY_MINUTES - already
    left = f" This entry can be at most {duration_text(room)}." if room > 0 else ""
    return (
        f"{who} already logged {duration_text(already)} on {day_text(day)}; "
        f"at most 24 h a day can be logged.{left}"
    )


def listing_first_day(opportunity: Opportunity, zone: str) -> datetime.date:
    """The first day hours can be logged for a listing: the earlier of when it was posted and
    when we first saw it, as a day in the entry's time zone."""
    moments = [opportunity.first_seen_at] + ([opportunity.posted_at] if opportunity.posted_at else [])
    return min(moments).astimezone(ZoneInfo(zone)).date()


def _check_fields(data: EntryData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not is_valid_zone(data.timezone):
        errors["timezone"] = "Pick a time zone from the list, e.g. Europe/Paris."
    if data.minutes <= 0:
        errors["minutes"] = "Enter how long you volunteered: more than 0 minutes."
    elif data.minutes > MAX_DAY_MINUTES:
        errors["minutes"] = "At most 24 h a day can be logged; split longer work into one entry per day."
    if data.opportunity is None and not data.organization_name.strip():
        errors["organization_name"] = "Pick one of your listings or type the organisation's name."
    if not data.activity.strip():
        errors["activity"] = "Say what you did, e.g. “Translated a newsletter”."
    elif len(data.activity.strip()) > 200:
        errors["activity"] = "Keep it under 200 characters; the details box has room for more."
    if len(data.organization_name.strip()) > 300:
        errors["organization_name"] = "Keep the organisation's name under 300 characters."
    if data.evidence_url.strip():
        try:
            URLValidator(schemes=["http", "https"])(data.evidence_url.strip())
        except ValidationError:
            errors["evidence_url"] = (
                "Enter a web address starting with http:// or https://, or leave it empty."
            )
    return errors


def _check_dates(data: EntryData) -> dict[str, str]:
    today = local_today(data.timezone)
    if data.date > today:
        return {
            "date": f"{day_text(data.date)} has not happened yet in {data.timezone} "
            f"(today there is {day_text(today)}); hours can be logged once they are done."
        }
    if data.opportunity is not None:
        first = listing_first_day(data.opportunity, data.timezone)
        if data.date < first:
            return {
                "date": f"“{data.opportunity.title}” was first listed on {day_text(first)}; "
                "hours for it can be logged from that day on."
            }
    return {}


def entry_validate(*, user: Any, data: EntryData, exclude_entry_id: int | None = None) -> None:
    """Raise ValidationError({field: message}) when `data` breaks a rule. Call it with the person locked."""
    errors = _check_fields(data)
    if "timezone" not in errors:
        errors = {**_check_dates(data), **errors}
    if "minutes" not in errors and "date" not in errors:
        message = day_limit_error(
            user=user, day=data.date, minutes=data.minutes, exclude_entry_id=exclude_entry_id
        )
        if message:
            errors["minutes"] = message
    if errors:
        raise ValidationError(errors)


def _cleaned(data: EntryData) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in EDITABLE_FIELDS}
    for name in ("organization_name", "activity", "description", "evidence_url"):
        values[name] = values[name].strip()
    if data.opportunity is not None:
        values["organization_name"] = ""  # the listing names the organisation; keep one source of truth
    return values


@transaction.atomic
def hours_entry_create(*, user: Any, data: EntryData, via: str = VIA_WEB) -> HoursEntry:
    """Log an entry (self-reported). Not idempotent by key (two identical sessions on one day are
    legitimate); the form's POST-redirect-GET and the 24-h rule bound what a double submit can do."""
    lock_person(user)
    entry_validate(user=user, data=data)
    entry = HoursEntry.objects.create(user=user, **_cleaned(data))
    audit_record(entry=entry, actor=ACTOR_VOLUNTEER, action="created", via=via)
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Opportunity):
        return value.pk
    return value


@transaction.atomic
def hours_entry_update(*, entry: HoursEntry, data: EntryData, via: str = VIA_WEB) -> HoursEntry:
    """Change an unlocked entry; the audit event lists each changed field, old → new. Saving the
    same values twice changes nothing and records nothing."""
    lock_person(entry.user)
    current = HoursEntry.objects.select_related("opportunity").get(pk=entry.pk)
    if current.is_locked:
        raise ValidationError(LOCKED_MESSAGE)
    entry_validate(user=entry.user, data=data, exclude_entry_id=entry.pk)
    changes = {}
    for name, new in _cleaned(data).items():
        old = getattr(current, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
            setattr(current, name, new)
    if changes:
        current.updated_at = timezone.now()
        current.save()
        audit_record(
            entry=current, actor=ACTOR_VOLUNTEER, action="edited", via=via, details={"changes": changes}
        )
    return current


@transaction.atomic
def hours_entry_delete(*, entry: HoursEntry, via: str = VIA_WEB) -> bool:
    """Delete an unlocked entry; False when it was already gone (a second click). Its audit trail
    and verification requests cascade away with it, so the deletion is only logged here."""
    current = HoursEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if current is None:
        return False
    if current.is_locked:
        raise ValidationError(LOCKED_MESSAGE)
    current.delete()
    logger.info("hours entry %s of user %s deleted via %s", entry.pk, entry.user_id, via)
    return True


# --- The timer -----------------------------------------------------------------------------------


def hours_timer_start(
    *, user: Any, opportunity: Opportunity | None = None, organization_name: str = "", activity: str = ""
) -> tuple[HoursTimer, bool]:
    """Start the person's timer; (timer, started). Starting again while one runs changes nothing:
    the one-per-user constraint decides, even when two clicks race."""
    try:
        with transaction.atomic():
            return HoursTimer.objects.get_or_create(
                user=user,
                defaults={
                    "opportunity": opportunity,
                    "organization_name": "" if opportunity else organization_name.strip(),
                    "activity": activity.strip(),
                },
            )
    except IntegrityError:
        return HoursTimer.objects.get(user=user), False


@dataclass
class TimerStopResult:
    entries: list[HoursEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stopped: bool = True


def day_spans(start: datetime.datetime, end: datetime.datetime, zone: str) -> list[tuple[datetime.date, int]]:
    """Split [start, end) at midnights in `zone`: [(day, minutes)], each part rounded up to the next
    whole minute (a 10-second session is 1 minute); empty parts are left out. Arithmetic is in UTC,
    because subtracting two datetimes of one zone ignores a DST change between them."""
    tz = ZoneInfo(zone)
    spans = []
    cursor = start.astimezone(datetime.UTC)
    while cursor < end:
        day = cursor.astimezone(tz).date()
        midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)
        part_end = min(midnight.astimezone(datetime.UTC), end)
        spans.append((day, max(1, math.ceil((part_end - cursor).total_seconds() / 60))))
        cursor = part_end
    return spans


def _timer_fields(timer: HoursTimer, given: dict[str, Any]) -> dict[str, Any]:
    """What the stop form says, else what the timer was started with; errors if still incomplete."""
    opportunity = given["opportunity"] or timer.opportunity
    values = {
        "opportunity": opportunity,
        "organization_name": ""
        if opportunity
        else (given["organization_name"] or timer.organization_name).strip(),
        "activity": (given["activity"] or timer.activity).strip(),
    }
    errors = {}
    if opportunity is None and not values["organization_name"]:
        errors["organization_name"] = "Before stopping, pick the listing or type the organisation's name."
    if not values["activity"]:
        errors["activity"] = "Before stopping, say what you did, e.g. “Moderated the forum”."
    if errors:
        raise ValidationError(errors)
    return values


def _timer_entry(
    *, user: Any, day: datetime.date, minutes: int, result: TimerStopResult, **fields: Any
) -> None:
    """One day's part of a stopped timer, capped by the 24-h rule (the note says so)."""
    room = MAX_DAY_MINUTES - day_minutes(user=user, day=day)
    if room <= 0:
        result.notes.append(
            f"Nothing was logged for {day_text(day)}: you already logged 24 h that day, the most a day can hold."
        )
        return
    if minutes > room:
        result.notes.append(
            f"{day_text(day)}: logged {duration_text(room)} instead of {duration_text(minutes)}, "
            f"because you already logged {duration_text(MAX_DAY_MINUTES - room)} that day; "
            "at most 24 h a day can be logged."
        )
    entry = HoursEntry.objects.create(user=user, date=day, minutes=min(minutes, room), **fields)
    details = {"minutes": entry.minutes, "timed_minutes": minutes}
    audit_record(entry=entry, actor=ACTOR_VOLUNTEER, action="timer_stopped", via=VIA_WEB, details=details)
    result.entries.append(entry)


@transaction.atomic
def hours_timer_stop(
    *,
    user: Any,
    opportunity: Opportunity | None = None,
    organization_name: str = "",
    activity: str = "",
    now: datetime.datetime | None = None,
) -> TimerStopResult:
    """Stop the timer and log what it measured, one entry per day it spans (in the person's time
    zone, UTC if none). Idempotent: the timer row is deleted before any entry is written, and only
    the call whose DELETE removed it (count 1) logs anything; a second stop returns stopped=False."""
    now = now or timezone.now()
    lock_person(user)
    timer = HoursTimer.objects.select_related("opportunity").filter(user=user).first()
    if timer is None:
        return TimerStopResult(stopped=False)
    given = {"opportunity": opportunity, "organization_name": organization_name, "activity": activity}
    fields = _timer_fields(timer, given)
    deleted, _ = HoursTimer.objects.filter(pk=timer.pk).delete()
    if deleted != 1:
        return TimerStopResult(stopped=False)
    zone = user.timezone if is_valid_zone(user.timezone) else "UTC"
    result = TimerStopResult()
    # A stop in the same instant as the start still logs the minimum: one minute.
    spans = day_spans(timer.started_at, now, zone) or [(local_today(zone, now), 1)]
    for day, minutes in spans:
        _timer_entry(user=user, day=day, minutes=minutes, result=result, timezone=zone, **fields)
    return result
