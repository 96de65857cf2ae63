"""Shapes for /api/v1/me/hours/ and /me/goals/: an entry as read and as written, a verification
request, the summary, a goal with its progress (the summary shows goals too), the CSV renderer,
and the schema's examples. Output and input are separate serializers because they differ: an
entry reads with its listing, trust and verification, and is written as the fields a person types.

Input serializers check types, lengths and the ranges the schema should state; the rules (24 h a
day, no future day, not before the listing existed, ...) are accounts.services.hours's, so the
API refuses exactly what the site refuses, with the same messages.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import renderers, serializers

from accounts.models import GoalKind, HoursEntry, User, VerificationRequest
from accounts.selectors.hours import hours_opportunity_get
from accounts.services.hours import MAX_DAY_MINUTES, EntryData
from config.api_fields import StrictCharField, StrictIntegerField, TimeZoneField
from opportunities.models import Opportunity
from opportunities.timezones import is_valid_zone

NO_LISTING_MESSAGE = "That listing does not exist any more; type the organisation's name instead."
# The services' own words, so a refusal here reads as the site's would.
ACTIVITY_MESSAGE = "Say what you did, e.g. “Translated a newsletter”."
CONTACT_NAME_MESSAGE = "Enter the name of the person who can vouch for these hours."
CONTACT_EMAIL_MESSAGE = "Enter their e-mail address, like name@example.org."


def not_blank(message: str) -> RegexValidator:
    """Some character other than whitespace: refused as blank by the field (trim_whitespace) or by
    the service already; as a validator it documents the rule as `pattern: \\S` in the schema."""
    return RegexValidator(r"\S", message=message)


class StrictEmailField(serializers.EmailField):
    """An e-mail address (`format: email` in the schema) that must arrive as a JSON string."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


def minutes_to_hours(minutes: int) -> Decimal:
    """Hours with two decimals, as the CSV export writes them (90 -> 1.50)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@extend_schema_field(OpenApiTypes.DOUBLE)
class HoursField(serializers.Field):
    """A read-only number of hours (two decimals) computed from a number of minutes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: int) -> float:
        return float(minutes_to_hours(value))


# --- Reading ------------------------------------------------------------------------------------


class HoursListingSerializer(serializers.ModelSerializer):
    """The listing an entry is linked to: enough to show and link it, not the full card."""

    organization_name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="active, expired or withdrawn.")

    class Meta:
        model = Opportunity
        fields = ["id", "title", "url", "status", "organization_name"]

    def get_organization_name(self, listing: Opportunity) -> str:
        return listing.organization.name if listing.organization else ""


class HoursVerificationSerializer(serializers.ModelSerializer):
    """A request to a contact to vouch for an entry. Never carries the link or its nonce: the
    link is the contact's proof of who they are, and only their inbox should hold it."""

    # A plain string in the schema: an enum named "status" would collide with the listings' one
    # (drf-spectacular warns) until ENUM_NAME_OVERRIDES names them apart.
    status = serializers.CharField(
        read_only=True,
        help_text="pending (waiting for the contact), confirmed, adjusted (confirmed with another "
        "duration, see adjusted_minutes and reason), declined, superseded (a newer request replaced "
        "it) or expired.",
    )

    class Meta:
        model = VerificationRequest
        fields = [
            "id",
            "contact_name",
            "contact_email",
            "status",
            "sent_at",
            "expires_at",
            "reminders_sent",
            "answered_at",
            "adjusted_minutes",
            "reason",
        ]
        read_only_fields = fields


class HoursEntrySerializer(serializers.ModelSerializer):
    hours = HoursField(source="minutes", help_text="The minutes as hours, two decimals.")
    opportunity = HoursListingSerializer(read_only=True, allow_null=True)
    locked = serializers.BooleanField(source="is_locked", read_only=True)
    counts_as_verified = serializers.BooleanField(read_only=True)
    # Plain strings: the model's URL and e-mail fields are blank when unset, and "" is neither.
    evidence_url = serializers.CharField(read_only=True, help_text="An http(s) link, or empty.")
    verified_by_email = serializers.CharField(read_only=True, help_text="Empty until a contact verifies.")
    latest_verification = serializers.SerializerMethodField()

    class Meta:
        model = HoursEntry
        fields = [
            "id",
            "date",
            "minutes",
            "hours",
            "timezone",
            "opportunity",
            "organization_name",
            "activity",
            "description",
            "evidence_url",
            "trust",
            "counts_as_verified",
            "verified_by_name",
            "verified_by_email",
            "locked",
            "locked_at",
            "latest_verification",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "organization_name": {"help_text": "Empty when the entry is linked to a listing."},
        }

    @extend_schema_field(HoursVerificationSerializer(allow_null=True))
    def get_latest_verification(self, entry: HoursEntry) -> dict[str, Any] | None:
        # From the prefetched requests (newest first by the model's ordering): no query per entry.
        latest = next(iter(entry.verifications.all()), None)
        return HoursVerificationSerializer(latest).data if latest else None


# --- Writing ------------------------------------------------------------------------------------


class HoursEntryWriteSerializer(serializers.Serializer):
    """What a person types for an entry. On PATCH, fields left out keep the entry's values."""

    date = serializers.DateField(
        help_text="The day you volunteered, in `timezone`; not in the future.",
        error_messages={
            "required": "Enter the day you volunteered.",
            "invalid": "Enter a day like 2026-03-03.",
        },
    )
    # The range is the service's too (same messages); it is here so the schema states it.
    minutes = StrictIntegerField(
        min_value=1,
        max_value=MAX_DAY_MINUTES,
        help_text="How long, in minutes: more than 0, and at most 24 h on one day across your entries.",
        error_messages={
            "required": "Enter how long you volunteered, in minutes.",
            "invalid": "Enter whole minutes, e.g. 90.",
            "min_value": "Enter how long you volunteered: more than 0 minutes.",
            "max_value": "At most 24 h a day can be logged; split longer work into one entry per day.",
        },
    )
    # The zone list is the schema's `TimeZone` enum; the service still checks it, with its message.
    timezone = TimeZoneField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="IANA name of where you were that day, e.g. Europe/Paris. Empty, or left out when "
        "logging: your profile's time zone, or UTC if it has none.",
    )
    opportunity = StrictIntegerField(
        required=False,
        allow_null=True,
        help_text="The id of the listing you volunteered for, or null and `organization_name` instead.",
        error_messages={"invalid": "Give the listing's id as a number, or null."},
    )
    organization_name = StrictCharField(max_length=300, required=False, allow_blank=True, default="")
    # Required, as on the site (the service refuses an entry that does not say what was done).
    activity = StrictCharField(
        max_length=200,
        validators=[not_blank(ACTIVITY_MESSAGE)],
        help_text="What you did, e.g. Translated a newsletter.",
        error_messages={"required": ACTIVITY_MESSAGE, "blank": ACTIVITY_MESSAGE},
    )
    description = StrictCharField(required=False, allow_blank=True, default="")
    evidence_url = StrictCharField(
        max_length=2048, required=False, allow_blank=True, default="", help_text="An http(s) link, or empty."
    )

    def validate_opportunity(self, value: int | None) -> Opportunity | None:
        if value is None:
            return None
        opportunity = hours_opportunity_get(opportunity_id=value)
        if opportunity is None:
            raise serializers.ValidationError(NO_LISTING_MESSAGE)
        return opportunity

    def entry_data(self, *, user: User, entry: HoursEntry | None = None) -> EntryData:
        """The service's input: the validated fields over the entry's current values (PATCH),
        or over the defaults (POST, PUT), as the site's form builds it."""
        given = self.validated_data
        current = _current_values(entry) if entry is not None and self.partial else {}
        values = {**current, **given}
        if not values.get("timezone"):
            values["timezone"] = user.timezone if is_valid_zone(user.timezone) else "UTC"
        return EntryData(
            date=values["date"],
            minutes=values["minutes"],
            timezone=values["timezone"],
            opportunity=values.get("opportunity"),
            organization_name=values.get("organization_name", ""),
            activity=values.get("activity", ""),
            description=values.get("description", ""),
            evidence_url=values.get("evidence_url", ""),
        )


def _current_values(entry: HoursEntry) -> dict[str, Any]:
    names = ["date", "minutes", "timezone", "opportunity", "organization_name", "activity"]
    return {name: getattr(entry, name) for name in [*names, "description", "evidence_url"]}


class HoursVerificationAskSerializer(serializers.Serializer):
    contact_name = StrictCharField(
        max_length=200,
        validators=[not_blank(CONTACT_NAME_MESSAGE)],
        help_text="The name of someone who saw your work, e.g. a coordinator.",
        error_messages={"required": CONTACT_NAME_MESSAGE, "blank": CONTACT_NAME_MESSAGE},
    )
    contact_email = StrictEmailField(
        max_length=254,
        help_text="Their e-mail address; we send them a link to confirm.",
        error_messages={
            "required": CONTACT_EMAIL_MESSAGE,
            "blank": CONTACT_EMAIL_MESSAGE,
            "invalid": CONTACT_EMAIL_MESSAGE,
        },
    )
    note = StrictCharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Goes into the e-mail only; it is not stored.",
    )


# --- Summary ------------------------------------------------------------------------------------


class HoursTotalSerializer(serializers.Serializer):
    """One total, given as its number of minutes (hence source="*")."""

    minutes = serializers.IntegerField(source="*")
    hours = HoursField(source="*")


class HoursTotalsSerializer(serializers.Serializer):
    """Minutes by trust level (hours_totals' dict); `verified_total` (verified + approved) is what
    counts as verified, `all` is every minute."""

    self_reported = HoursTotalSerializer()
    verified = HoursTotalSerializer()
    approved = HoursTotalSerializer()
    verified_total = HoursTotalSerializer()
    all = HoursTotalSerializer()


class HoursMonthSerializer(serializers.Serializer):
    month = serializers.CharField(source="key", help_text="YYYY-MM")
    minutes = serializers.IntegerField()
    hours = HoursField(source="minutes")
    verified_minutes = serializers.IntegerField(help_text="Of `minutes`, those verified or approved.")


class HoursCauseSerializer(serializers.Serializer):
    cause = serializers.CharField(
        source="key", allow_null=True, help_text="The cause's slug; null for entries with no tagged listing."
    )
    name = serializers.CharField()
    minutes = serializers.IntegerField()
    hours = HoursField(source="minutes")
    verified_minutes = serializers.IntegerField(help_text="Of `minutes`, those verified or approved.")


class GoalProgressSerializer(serializers.Serializer):
    counted_minutes = serializers.IntegerField(source="minutes", help_text="Minutes in the goal's window.")
    counted_hours = HoursField(source="minutes")
    percent = serializers.IntegerField(help_text="Rounded down; above 100 once the target is passed.")
    reached = serializers.BooleanField(source="is_reached")


class GoalSerializer(serializers.Serializer):
    """A goal with its progress (a selectors.progress.GoalProgress). Here rather than in goals.py
    because the summary shows goals too, in the same shape."""

    id = serializers.IntegerField(source="goal.pk")
    kind = serializers.ChoiceField(source="goal.kind", choices=GoalKind.choices)
    name = serializers.CharField(source="goal.name")
    target_hours = serializers.IntegerField(source="goal.target_hours")
    starts_on = serializers.DateField(source="goal.starts_on")
    ends_on = serializers.DateField(source="goal.ends_on", help_text="This day counts.")
    verified_only = serializers.BooleanField(
        source="goal.verified_only", help_text="Counts only hours verified by a contact or approved."
    )
    created_at = serializers.DateTimeField(source="goal.created_at")
    progress = GoalProgressSerializer()


class HoursSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text="The year asked for, or null for all time.")
    totals = HoursTotalsSerializer()
    months = HoursMonthSerializer(many=True)
    causes = HoursCauseSerializer(many=True)
    goals = GoalSerializer(
        many=True, help_text="Every goal, as GET /me/goals/ shows it; `year` does not apply."
    )


class HoursSummaryQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        help_text="A calendar year, e.g. 2026; all time if left out.",
        min_value=1900,
        max_value=2200,
        error_messages={"invalid": "Enter a year like 2026, or leave `year` out for all time."},
    )


# --- The CSV export -----------------------------------------------------------------------------


class HoursCsvRenderer(renderers.BaseRenderer):
    """Rows as the site's CSV export writes them: a UTF-8 byte-order mark (Excel needs it to read
    accents), then the csv module's default dialect. An error is still a problem+json body: the
    exception handler labels it so, and this renderer writes it as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None and response.exception:
            return renderers.JSONRenderer().render(data)
        text = io.StringIO()
        text.write("\ufeff")
        csv.writer(text).writerows(data)
        return text.getvalue().encode(self.charset)


# --- Examples for the schema ---------------------------------------------------------------------

ENTRY_EXAMPLE = {
    "id": 42,
    "date": "2026-03-03",
    "minutes": 90,
    "hours": 1.5,
    "timezone": "Europe/Paris",
    "opportunity": {
        "id": 7,
        "title": "Tutor teens online",
        "url": "https://listings.example.org/7",
        "status": "active",
        "organization_name": "Lumen",
    },
    "organization_name": "",
    "activity": "Maths help",
    "description": "",
    "evidence_url": "",
    "trust": "verified",
    "counts_as_verified": True,
    "verified_by_name": "Ana Ruiz",
    "verified_by_email": "ana@example.org",
    "locked": True,
    "locked_at": "2026-03-05T09:12:00Z",
    "latest_verification": {
        "id": 3,
        "contact_name": "Ana Ruiz",
        "contact_email": "ana@example.org",
        "status": "confirmed",
        "sent_at": "2026-03-04T18:00:00Z",
        "expires_at": "2026-03-18T18:00:00Z",
        "reminders_sent": 0,
        "answered_at": "2026-03-05T09:12:00Z",
        "adjusted_minutes": None,
        "reason": "",
    },
    "created_at": "2026-03-04T17:55:00Z",
    "updated_at": "2026-03-05T09:12:00Z",
}
WRITE_EXAMPLE = {
    "date": "2026-03-03",
    "minutes": 90,
    "timezone": "Europe/Paris",
    "opportunity": 7,
    "activity": "Maths help",
}
NEW_ENTRY_EXAMPLE = {
    **ENTRY_EXAMPLE,
    "trust": "self_reported",
    "counts_as_verified": False,
    "verified_by_name": "",
    "verified_by_email": "",
    "locked": False,
    "locked_at": None,
    "latest_verification": None,
    "updated_at": "2026-03-04T17:55:00Z",
}
VERIFICATION_EXAMPLE = {
    **ENTRY_EXAMPLE["latest_verification"],
    "status": "pending",
    "answered_at": None,
}
SUMMARY_EXAMPLE = {
    "year": 2026,
    "totals": {
        "self_reported": {"minutes": 120, "hours": 2.0},
        "verified": {"minutes": 90, "hours": 1.5},
        "approved": {"minutes": 0, "hours": 0.0},
        "verified_total": {"minutes": 90, "hours": 1.5},
        "all": {"minutes": 210, "hours": 3.5},
    },
    "months": [{"month": "2026-03", "minutes": 210, "hours": 3.5, "verified_minutes": 90}],
    "causes": [
        {"cause": "education", "name": "Education", "minutes": 90, "hours": 1.5, "verified_minutes": 90},
        {"cause": None, "name": "", "minutes": 120, "hours": 2.0, "verified_minutes": 0},
    ],
    "goals": [
        {
            "id": 5,
            "kind": "custom",
            "name": "100 hours this year",
            "target_hours": 100,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "verified_only": False,
            "created_at": "2026-01-02T10:00:00Z",
            "progress": {"counted_minutes": 210, "counted_hours": 3.5, "percent": 3, "reached": False},
        }
    ],
}
