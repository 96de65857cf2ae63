"""People and what they keep with us: profile, saved searches, volunteer hours with their
verification and audit trail, goals, and published transcripts.

Writes happen in accounts/services/, never in save() overrides or signals. Every row here belongs
to one user, and every read of it is scoped to that user (another user gets a 404).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.timezone import now


class User(AbstractUser):
    """Our own user model from the first migration, so profile fields can be added later
    without the painful mid-project swap away from auth.User."""

    display_name = models.CharField(max_length=100, blank=True)
    timezone = models.CharField(max_length=64, blank=True, help_text="IANA name, e.g. Europe/Paris.")
    # The hours a person is usually free, in their own time zone; the search's overlap filter
    # starts from them.
    available_from_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    available_to_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    languages = models.JSONField(default=list, blank=True, help_text="BCP 47 codes.")
    causes = models.ManyToManyField("opportunities.Cause", blank=True, related_name="+")
    skills = models.ManyToManyField("opportunities.Skill", blank=True, related_name="+")
    yearly_hours_goal = models.PositiveIntegerField(null=True, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    date_of_birth = models.DateField(
        null=True, blank=True, help_text="Only to pick the right age band of award goals; never shown."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(available_from_hour__isnull=True) | Q(available_from_hour__lte=24),
                name="user_available_from_hour_range",
            ),
            models.CheckConstraint(
                condition=Q(available_to_hour__isnull=True) | Q(available_to_hour__lte=24),
                name="user_available_to_hour_range",
            ),
        ]

    @property
    def shown_name(self) -> str:
        return self.display_name or self.get_username()


class AlertFrequency(models.TextChoices):
    OFF = "off", "No e-mails"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class SavedSearch(models.Model):
    """A results page a person keeps: its query string, e-mail alerts, and private feeds."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    # The results page's query string, normalised (sorted, no cursor), e.g. "cause=education&q=tutor".
    query = models.CharField(max_length=2000)
    alerts = models.CharField(max_length=10, choices=AlertFrequency.choices, default=AlertFrequency.OFF)
    # sha-256 of the secret in the RSS/Atom/iCal feed URLs; the secret itself is shown once in a
    # URL and never stored. Revoking replaces it.
    feed_token_hash = models.CharField(max_length=64, unique=True)
    # Listings first seen after this moment are "new" for the next digest.
    last_digest_until = models.DateTimeField(default=now)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "query"], name="saved_search_user_query_uniq")]

    def __str__(self) -> str:
        return self.name


class DigestDelivery(models.Model):
    """One digest e-mail for one saved search and one period. The unique key is what makes a
    retried task harmless: the row is claimed before sending, so nobody gets it twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="deliveries")
    period = models.CharField(max_length=20, help_text='"2026-11-21" (daily) or "2026-W47" (weekly).')
    listing_count = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(default=now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "period"], name="digest_delivery_period_uniq")
        ]

    def __str__(self) -> str:
        return f"digest {self.period} for search {self.saved_search_id}"


class TrustLevel(models.TextChoices):
    """How much an hour can be believed. Only VERIFIED and APPROVED count as verified."""

    SELF_REPORTED = "self_reported", "Self-reported"
    VERIFIED = "verified", "Verified by a contact"
    APPROVED = "approved", "Approved by the organisation"


class HoursEntry(models.Model):
    """Time a person volunteered. Linked to a listing we aggregate, or to a named organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="hours_entries")
    date = models.DateField(help_text="The day, in the entry's time zone.")
    minutes = models.PositiveIntegerField()
    timezone = models.CharField(max_length=64, default="UTC")
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization_name = models.CharField(max_length=300, blank=True)
    activity = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    evidence_url = models.URLField(max_length=2048, blank=True)
    trust = models.CharField(max_length=16, choices=TrustLevel.choices, default=TrustLevel.SELF_REPORTED)
    # Set when verified or approved: a locked entry cannot change; editing needs a new verification.
    locked_at = models.DateTimeField(null=True, blank=True)
    verified_by_name = models.CharField(max_length=200, blank=True)
    verified_by_email = models.EmailField(blank=True)
    # Kept through account deletion only when the person asked for a transcript to survive.
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "hours entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=24 * 60), name="hours_entry_minutes_range"
            ),
            models.CheckConstraint(
                condition=~Q(opportunity__isnull=True, organization_name=""),
                name="hours_entry_has_opportunity_or_organization",
            ),
            models.CheckConstraint(condition=Q(trust__in=TrustLevel.values), name="hours_entry_trust_valid"),
        ]
        indexes = [models.Index(fields=["user", "date"], name="hours_user_date_idx")]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.date}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def counts_as_verified(self) -> bool:
        return self.trust in (TrustLevel.VERIFIED, TrustLevel.APPROVED)


class VerificationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the contact"
    CONFIRMED = "confirmed", "Confirmed"
    ADJUSTED = "adjusted", "Confirmed with a change"
    DECLINED = "declined", "Declined"
    SUPERSEDED = "superseded", "Replaced by a newer request"
    EXPIRED = "expired", "Expired"


class VerificationRequest(models.Model):
    """A contact asked to vouch for an entry, by a signed, expiring, single-use link.

    The link carries this row's id and `nonce`, signed with django.core.signing; answering sets
    `answered_at` with a conditional UPDATE, so a second use (or a race) finds nothing to update.
    """

    entry = models.ForeignKey(HoursEntry, on_delete=models.CASCADE, related_name="verifications")
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    nonce = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    sent_at = models.DateTimeField(default=now)
    expires_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminder_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    adjusted_minutes = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="The contact's reason for a change or a decline.")

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="pending"),
                name="verification_one_pending_per_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_email} for entry {self.entry_id} ({self.status})"


class AuditEvent(models.Model):
    """Who did what to an hours entry, when and how. Append-only: services add rows, nothing edits them."""

    entry = models.ForeignKey(HoursEntry, on_delete=models.CASCADE, related_name="audit_events")
    at = models.DateTimeField(default=now)
    # "volunteer", "contact:<email>", "system"
    actor = models.CharField(max_length=300)
    action = models.CharField(max_length=40, help_text='e.g. "created", "verification_sent", "confirmed".')
    via = models.CharField(max_length=40, help_text='"web", "api", "email link", "task".')
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor}"


class HoursTimer(models.Model):
    """A running start/stop timer for a remote session; stopping it creates an entry. One per user."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="hours_timer")
    started_at = models.DateTimeField(default=now)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization_name = models.CharField(max_length=300, blank=True)
    activity = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"timer since {self.started_at:%Y-%m-%d %H:%M}"


class GoalKind(models.TextChoices):
    CUSTOM = "custom", "My own goal"
    PVSA = "pvsa", "President's Volunteer Service Award"
    SCHOOL = "school", "School requirement"


class Goal(models.Model):
    """Hours to reach between two dates. Every entry in the window counts toward every goal."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(max_length=10, choices=GoalKind.choices, default=GoalKind.CUSTOM)
    name = models.CharField(max_length=120)
    target_hours = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    verified_only = models.BooleanField(
        default=False, help_text="Count only verified hours (schools and awards usually ask for that)."
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["ends_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="goal_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(target_hours__gt=0), name="goal_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Transcript(models.Model):
    """A published record of verified hours: the PDF and a public page at /t/<public_id>/ that
    shows the same totals and a hash of the content, so a school can check it without calling."""

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="transcripts")
    public_id = models.CharField(max_length=16, unique=True, help_text="Short, unguessable.")
    holder_name = models.CharField(max_length=200)
    # The entries as published (date, minutes, organisation, activity, verifier), frozen: later
    # edits or an account deletion do not change what was published.
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    total_minutes = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    keep_after_account_deletion = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Transcript {self.public_id}"


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the secret is stored: the secret is shown once,
    at creation, and a leaked database cannot be replayed against the API. `prefix` (the first
    characters of the secret) lets a person tell their tokens apart without revealing them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=now, editable=False)
    # Written at most once a minute per token (services.tokens.api_token_touch): a busy script
    # must not turn every read into a write.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
