"""Reads for a person's account: the profile form's choices, the "fits me" search, and the data
export. Every read takes the user and is scoped to them."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.http import urlencode

from accounts.models import (
    AuditEvent,
    Goal,
    HoursEntry,
    HoursTimer,
    SavedSearch,
    Transcript,
    User,
    VerificationRequest,
)
from opportunities.models import Cause, SavedOpportunity, Skill

EXPORT_FORMAT_VERSION = 1


def profile_cause_choices() -> list[tuple[str, str]]:
    return list(Cause.objects.values_list("slug", "name"))


def profile_skill_choices() -> list[tuple[str, str]]:
    return list(Skill.objects.values_list("slug", "name"))


def profile_get(*, user: User) -> User:
    """The user with causes and skills loaded, for the profile page (two queries, whatever the count)."""
    return User.objects.prefetch_related("causes", "skills").get(pk=user.pk)


def profile_search_query(*, user: User) -> str:
    """The results page's query string for what the profile says (see opportunities/filters.py).

    `user` must come from profile_get (causes prefetched). Causes widen (any of them); a language
    is added only when the person gave exactly one, because the filter takes one and picking one
    of several would hide listings in the others. Working-hours overlap needs a time zone.
    """
    params: list[tuple[str, str | int]] = [("cause", cause.slug) for cause in user.causes.all()]
    if user.country:
        params.append(("country", user.country))
    if len(user.languages) == 1:
        params.append(("language", user.languages[0]))
    if user.timezone:
        params += [("tz", user.timezone), ("overlap", 1)]
        if user.available_from_hour is not None and user.available_to_hour is not None:
            params += [("work_from", user.available_from_hour), ("work_to", user.available_to_hour)]
    return urlencode(params)


def transcript_count(*, user: User) -> int:
    return Transcript.objects.filter(user=user).count()


# --- Export -----------------------------------------------------------------------------------


def account_export(*, user: User) -> dict[str, Any]:
    """Everything we hold about the person, as JSON-ready data (dates left to DjangoJSONEncoder).

    A fixed number of queries however much they have (select_related and prefetches). Left out on
    purpose: the password hash, saved searches' feed-token hashes and verification nonces (they
    are secrets that unlock things, not information about the person).
    """
    profile = profile_get(user=user)
    saved = SavedOpportunity.objects.filter(user=user).select_related("opportunity__organization")
    searches = SavedSearch.objects.filter(user=user).prefetch_related("deliveries")
    entries = (
        HoursEntry.objects.filter(user=user)
        .select_related("opportunity")
        .prefetch_related(
            Prefetch("verifications", queryset=VerificationRequest.objects.order_by("sent_at", "id")),
            Prefetch("audit_events", queryset=AuditEvent.objects.order_by("at", "id")),
        )
    )
    timer = HoursTimer.objects.filter(user=user).select_related("opportunity").first()
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "profile": _profile(profile),
        "saved_opportunities": [_saved(item) for item in saved],
        "saved_searches": [_search(item) for item in searches],
        "hours_entries": [_entry(item) for item in entries],
        "hours_timer": _timer(timer) if timer else None,
        "goals": [_goal(item) for item in Goal.objects.filter(user=user)],
        "transcripts": [_transcript(item) for item in Transcript.objects.filter(user=user)],
    }


def _profile(user: User) -> dict[str, Any]:
    fields = ("username", "email", "email_confirmed_at", "display_name", "first_name", "last_name")
    fields += ("date_joined", "last_login", "timezone", "available_from_hour", "available_to_hour")
    fields += ("country", "languages", "yearly_hours_goal", "date_of_birth")
    data = {field: getattr(user, field) for field in fields}
    data["causes"] = [cause.slug for cause in user.causes.all()]
    data["skills"] = [skill.slug for skill in user.skills.all()]
    return data


def _opportunity(opportunity: Any) -> dict[str, Any] | None:
    if opportunity is None:
        return None
    return {"id": opportunity.pk, "title": opportunity.title, "url": opportunity.url}


def _saved(item: SavedOpportunity) -> dict[str, Any]:
    organization = item.opportunity.organization
    return {
        "opportunity": _opportunity(item.opportunity),
        "organization": organization.name if organization else "",
        "stage": item.stage,
        "stage_changed_at": item.stage_changed_at,
        "note": item.note,
        "follow_up_on": item.follow_up_on,
        "reminder_sent_for": item.reminder_sent_for,
        "saved_at": item.created_at,
    }


def _search(item: SavedSearch) -> dict[str, Any]:
    return {
        "name": item.name,
        "query": item.query,
        "alerts": item.alerts,
        "last_digest_until": item.last_digest_until,
        "created_at": item.created_at,
        "digests": [
            {"period": delivery.period, "listing_count": delivery.listing_count, "sent_at": delivery.sent_at}
            for delivery in item.deliveries.all()
        ],
    }


def _entry(entry: HoursEntry) -> dict[str, Any]:
    fields = ("id", "date", "minutes", "timezone", "organization_name", "activity", "description")
    fields += ("evidence_url", "trust", "locked_at", "verified_by_name", "verified_by_email")
    fields += ("created_at", "updated_at")
    data = {field: getattr(entry, field) for field in fields}
    data["opportunity"] = _opportunity(entry.opportunity)
    data["verification_requests"] = [_verification(item) for item in entry.verifications.all()]
    data["audit_events"] = [
        {
            "at": event.at,
            "actor": event.actor,
            "action": event.action,
            "via": event.via,
            "details": event.details,
        }
        for event in entry.audit_events.all()
    ]
    return data


def _verification(item: VerificationRequest) -> dict[str, Any]:
    fields = ("contact_name", "contact_email", "status", "sent_at", "expires_at", "reminders_sent")
    fields += ("last_reminder_at", "answered_at", "adjusted_minutes", "reason")
    return {field: getattr(item, field) for field in fields}


def _timer(timer: HoursTimer) -> dict[str, Any]:
    return {
        "started_at": timer.started_at,
        "opportunity": _opportunity(timer.opportunity),
        "organization_name": timer.organization_name,
        "activity": timer.activity,
    }


def _goal(goal: Goal) -> dict[str, Any]:
    fields = ("kind", "name", "target_hours", "starts_on", "ends_on", "verified_only", "created_at")
    return {field: getattr(goal, field) for field in fields}


def _transcript(transcript: Transcript) -> dict[str, Any]:
    fields = ("public_id", "holder_name", "total_minutes", "content_hash", "created_at", "revoked_at")
    return {field: getattr(transcript, field) for field in fields}
