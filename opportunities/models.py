"""Pitch In's catalogue: causes and skills, the sources we ingest, and the opportunities found there.

Model names and field names are a contract: ingestion, the API, the export command and outside
tools rely on them. Writes happen in services.py, never in save() overrides or signals.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from opportunities import credentials
from opportunities.feeds import FORMAT_CHOICES


class Cause(models.Model):
    """One entry of the canonical cause taxonomy (data/causes.json); slugs never change."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    sdg = models.JSONField(default=list, blank=True, help_text="UN Sustainable Development Goals served.")
    # Provider category codes that map onto this cause, kept here so tagging reads one table.
    volunteermatch_codes = models.JSONField(default=list, blank=True)
    idealist_codes = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """A feed or provider API we pull listings from, with its fetch state."""

    name = models.CharField(max_length=100, unique=True)
    format = models.CharField(max_length=32, choices=FORMAT_CHOICES)
    url = models.URLField(max_length=2048, blank=True, help_text="Empty for a source loaded from files.")
    homepage_url = models.URLField(max_length=2048, blank=True)
    enabled = models.BooleanField(default=True)
    fetch_interval_minutes = models.PositiveIntegerField(default=60)
    min_request_interval_seconds = models.FloatField(
        default=1.0, help_text="Politeness: the least time between two requests to this source in one run."
    )
    last_full_sync_at = models.DateTimeField(
        null=True, blank=True, help_text="Last complete read from the first page (weekly for cursor sources)."
    )
    # A weekly reconcile of a cursor source may take several runs; this marks one under way.
    reconcile_started_at = models.DateTimeField(null=True, blank=True)
    full_snapshot = models.BooleanField(
        default=True,
        help_text="The feed lists every open opportunity, so one missing from 3 fetches in a row has closed. "
        "Turn off for feeds that show only the newest items.",
    )
    # Fernet token of a JSON object (see credentials.py); read with get_credentials().
    credentials_encrypted = models.TextField(blank=True, editable=False)
    attribution = models.CharField(
        max_length=300, blank=True, help_text='Shown on every listing, e.g. "Powered by VolunteerMatch".'
    )
    terms_url = models.URLField(max_length=2048, blank=True)
    terms_text = models.TextField(blank=True)

    # Fetch state: written only by the ingestion services.
    etag = models.CharField(max_length=512, blank=True)
    last_modified = models.CharField(max_length=128, blank=True)
    cursor = models.JSONField(default=dict, blank=True, help_text="Provider paging state (since, afterId…).")
    next_check_at = models.DateTimeField(null=True, blank=True)
    # A lease, not a boolean: a worker that dies mid-fetch cannot wedge the source forever.
    lease_until = models.DateTimeField(null=True, blank=True)
    # Who holds it: the Celery task id (empty for a command or the admin). The broker's redelivery
    # of that same task, after its worker died, takes the lease over instead of waiting it out.
    lease_holder = models.CharField(max_length=255, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    paused_reason = models.TextField(blank=True, help_text="Why the system paused this source.")
    last_item_count = models.PositiveIntegerField(null=True, blank=True)
    # sha-256 of the last body ingested whole (salted with the parser version): the same bytes
    # again, from a server that sends no ETag, are not parsed a second time. Empty when the body
    # led to other pages (a sitemap), whose content the hash would not cover.
    payload_hash = models.CharField(max_length=64, blank=True, editable=False)

    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["enabled", "next_check_at"], name="source_due_idx")]

    def __str__(self) -> str:
        return self.name

    def get_credentials(self) -> dict[str, str]:
        return credentials.decrypt(self.credentials_encrypted)

    def set_credentials(self, values: dict[str, str]) -> None:
        self.credentials_encrypted = credentials.encrypt(values)

    @property
    def credentials_masked(self) -> dict[str, str]:
        return {key: credentials.mask(value) for key, value in self.get_credentials().items()}


class Organization(models.Model):
    name = models.CharField(max_length=300)
    # Case- and legal-suffix-folded name ("Lumen Literacy Trust Ltd." -> "lumen literacy trust"):
    # one organisation, however each source spells it.
    normalized_name = models.CharField(max_length=300, unique=True)
    url = models.URLField(max_length=2048, blank=True)
    logo_url = models.URLField(max_length=2048, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    REMOTE = "remote", "Remote"
    HYBRID = "hybrid", "Hybrid"
    ONSITE = "onsite", "On site"


class RemoteScope(models.TextChoices):
    WORLDWIDE = "worldwide", "Anywhere in the world"
    COUNTRIES = "countries", "Only from some countries"
    REGION = "region", "Only from one region or city"


class Schedule(models.TextChoices):
    ONE_TIME = "one_time", "One-time"
    ONGOING = "ongoing", "Ongoing"
    FLEXIBLE = "flexible", "Flexible"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Opportunity(models.Model):
    """One listing as one source publishes it. The same role on two sites is two rows
    (deduplication groups them); the natural key is (source, source_item_id)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="opportunities")
    source_item_id = models.CharField(max_length=255)
    url = models.URLField(max_length=2048)
    apply_url = models.URLField(max_length=2048, blank=True)

    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    description_html = models.TextField(blank=True, help_text="Sanitized HTML, safe to render.")
    description_text = models.TextField(blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )

    location_type = models.CharField(max_length=10, choices=LocationType.choices, blank=True)
    remote_scope = models.CharField(max_length=10, choices=RemoteScope.choices, blank=True)
    eligible_countries = models.JSONField(default=list, blank=True, help_text="ISO alpha-2 codes.")
    city = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2.")
    timezone = models.CharField(max_length=64, blank=True, help_text="IANA name, for fixed live hours.")

    schedule = models.CharField(max_length=10, choices=Schedule.choices, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    commitment_text = models.CharField(max_length=300, blank=True, help_text="As the source words it.")
    languages = models.JSONField(default=list, blank=True, help_text="BCP 47 codes a volunteer needs.")

    causes = models.ManyToManyField(Cause, through="OpportunityCause", related_name="opportunities")
    skills = models.ManyToManyField(Skill, through="OpportunitySkill", related_name="opportunities")
    source_categories = models.JSONField(default=list, blank=True, help_text="The source's raw labels.")
    # Cause and skill slugs the source states in structured data, kept so re-tagging can cite them.
    stated_causes = models.JSONField(default=list, blank=True)
    stated_skills = models.JSONField(default=list, blank=True)

    # Deduplication: listings of one opportunity on several sites share cluster_id (the smallest
    # member id). The active member with the highest cluster_rank (the richest) is the one shown.
    dedupe_url_key = models.CharField(max_length=500, blank=True, db_index=True, editable=False)
    cluster_id = models.BigIntegerField(null=True, blank=True, editable=False)
    cluster_rank = models.PositiveIntegerField(default=0, editable=False)

    posted_at = models.DateTimeField(null=True, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(default=now)
    last_seen_at = models.DateTimeField(default=now, help_text="Last time the source still listed it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(default=now)
    # Complete snapshots in a row that no longer listed this item; at 3 it is expired.
    missed_snapshots = models.PositiveSmallIntegerField(default=0)

    # The source's own version (RPDE `modified`, an update time): see feeds.base.version_key.
    # A withdrawn listing is revived only by a newer version, so a stale page cannot bring it back.
    source_modified = models.CharField(max_length=64, blank=True)
    # sha-256 of the canonical content: an unchanged item is not written at all on re-ingest.
    content_hash = models.CharField(max_length=64, blank=True)
    raw = models.JSONField(default=dict, blank=True, help_text="The item as the source sent it.")
    created_at = models.DateTimeField(default=now, editable=False)
    # Set by the services whenever the canonical content or status changes (not on mere
    # re-sightings), so (updated_at, id) orders the change feed.
    updated_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_item_id"], name="opportunity_source_item_uniq"),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=0),
                name="opportunity_hours_per_week_not_negative",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="opportunity_status_valid"),
        ]
        indexes = [
            # Browsing: active listings, newest first / closing soon / by location type.
            models.Index(fields=["status", "-posted_at", "-id"], name="opp_status_posted_idx"),
            models.Index(fields=["status", "expires_at"], name="opp_status_expires_idx"),
            models.Index(fields=["status", "location_type"], name="opp_status_location_idx"),
            # Change feed and `updated_since` sync: (updated_at, id) is unique and ordered.
            models.Index(fields=["updated_at", "id"], name="opp_updated_id_idx"),
            # The expiry sweep: active rows whose expires_at has passed.
            models.Index(fields=["expires_at"], name="opp_expires_idx", condition=Q(status="active")),
            # One card per cluster: "is there a richer active member of my cluster?"
            models.Index(fields=["cluster_id", "status", "cluster_rank"], name="opp_cluster_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE

    @property
    def last_seen_live(self):  # type: ignore[no-untyped-def]
        """When the source last listed it. Unchanged rows are not rewritten on every fetch, so for a
        full-snapshot source an item missing from no snapshot was there at the last good fetch."""
        seen = self.last_seen_at
        last_success = self.source.last_success_at
        if self.is_active and self.missed_snapshots == 0 and self.source.full_snapshot and last_success:
            return max(seen, last_success)
        return seen


class TagMethod(models.TextChoices):
    SOURCE = "source", "Source category"
    CROSSWALK = "crosswalk", "Source label crosswalk"
    RULE = "rule", "Text rule"
    MODEL = "model", "Statistical model"
    MANUAL = "manual", "Set by hand"


class TagBase(models.Model):
    """How a tag was made and why, so a person can see and judge the reason."""

    method = models.CharField(max_length=10, choices=TagMethod.choices)
    reason = models.CharField(max_length=500, blank=True, help_text='e.g. rule: "food bank" in title')
    confidence = models.FloatField(default=1.0)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        abstract = True


class OpportunityCause(TagBase):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="cause_tags")
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="opportunity_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "cause"], name="opportunity_cause_uniq"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="opportunity_cause_confidence_range",
            ),
        ]
        indexes = [models.Index(fields=["cause", "opportunity"], name="oppcause_cause_idx")]

    def __str__(self) -> str:
        return f"{self.cause} ({self.get_method_display()})"


class OpportunitySkill(TagBase):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skill_tags")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="opportunity_tags")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "skill"], name="opportunity_skill_uniq"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="opportunity_skill_confidence_range",
            ),
        ]
        indexes = [models.Index(fields=["skill", "opportunity"], name="oppskill_skill_idx")]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_method_display()})"


class CauseCrosswalk(models.Model):
    """A person's mapping of a source's free-text label to a cause ("Youth / Mentoring" →
    children-youth). With no source it applies to every source."""

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="crosswalks"
    )
    label = models.CharField(
        max_length=200, help_text="As the source writes it; matched ignoring case and accents."
    )
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="crosswalks")
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name_plural = "cause crosswalk"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "label", "cause"], name="crosswalk_source_label_cause_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f'"{self.label}" → {self.cause.slug}'


class CauseTagRemoval(models.Model):
    """A person decided this listing is not about this cause: re-tagging never adds it back."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="cause_removals")
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "cause"], name="cause_removal_uniq")]

    def __str__(self) -> str:
        return f"not {self.cause.slug}"


class FetchOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    OK = "ok", "OK"
    NOT_MODIFIED = "not_modified", "Not modified (304, or the same bytes as last time)"
    FAILED_TRANSIENT = "failed_transient", "Failed, will retry"
    FAILED_PERMANENT = "failed_permanent", "Failed permanently"
    REFUSED = "refused", "Refused (unsafe or invalid input)"


class FetchRun(models.Model):
    """One attempt to fetch and ingest a source: what happened and what changed."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="fetch_runs")
    started_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=FetchOutcome.choices, default=FetchOutcome.RUNNING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    retry_after_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="As the server asked.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Per-item problems ("item 12: no title"), capped, so one bad item is visible, not fatal.
    rejections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["source", "-started_at"], name="fetchrun_source_started_idx")]

    def __str__(self) -> str:
        return f"{self.source} at {self.started_at:%Y-%m-%d %H:%M} ({self.outcome})"

    @property
    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"withdrawn {self.withdrawn}, rejected {self.rejected}"
        )


class Heartbeat(models.Model):
    """Last time a process (the beat scheduler through a worker) proved it is alive."""

    name = models.CharField(max_length=64, unique=True)
    last_seen_at = models.DateTimeField()
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"


class SavedStage(models.TextChoices):
    """Where a saved listing stands for the person: a small pipeline, in this order."""

    SAVED = "saved", "Saved"
    APPLIED = "applied", "Applied"
    HEARD_BACK = "heard_back", "Heard back"
    ACTIVE = "active", "Volunteering"
    DONE = "done", "Done"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SavedOpportunity(models.Model):
    """A listing a person keeps, and how far they got with it. Saving twice is one row."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="saved_opportunities")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="saved_by")
    stage = models.CharField(max_length=12, choices=SavedStage.choices, default=SavedStage.SAVED)
    stage_changed_at = models.DateTimeField(default=now)
    note = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True, help_text="When to remind the person.")
    # The follow-up date a reminder was sent for: a retried task finds it set and sends nothing.
    reminder_sent_for = models.DateField(null=True, blank=True)
    # The listing's updated_at when the person last looked: newer means "changed since you saved it".
    seen_version_at = models.DateTimeField(default=now)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name_plural = "saved opportunities"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "opportunity"], name="saved_opportunity_user_uniq"),
            models.CheckConstraint(
                condition=Q(stage__in=SavedStage.values), name="saved_opportunity_stage_valid"
            ),
        ]
        indexes = [models.Index(fields=["follow_up_on"], name="saved_follow_up_idx")]

    def __str__(self) -> str:
        return f"{self.user} saved {self.opportunity_id}"
