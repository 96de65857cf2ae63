from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from opportunities import services
from opportunities.models import (
    Cause,
    CauseCrosswalk,
    CauseTagRemoval,
    FetchRun,
    Heartbeat,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    Skill,
    Source,
    TagMethod,
)

FETCH_STATE_FIELDS = (
    "etag",
    "last_modified",
    "cursor",
    "next_check_at",
    "lease_until",
    "last_fetched_at",
    "last_success_at",
    "consecutive_failures",
    "last_error",
    "paused_reason",
    "last_item_count",
)


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sdg", "position")
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)


class SourceForm(forms.ModelForm):
    """Credentials are write-only here: the stored values are never put back into the page."""

    new_credentials = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text="One KEY=VALUE per line (e.g. api_key=…). Replaces every stored credential. "
        "Leave empty to keep the current ones.",
    )
    clear_credentials = forms.BooleanField(required=False, help_text="Remove every stored credential.")

    class Meta:
        model = Source
        fields = (
            "name",
            "format",
            "url",
            "homepage_url",
            "enabled",
            "fetch_interval_minutes",
            "attribution",
            "terms_url",
            "terms_text",
        )

    def clean_new_credentials(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["new_credentials"].splitlines(), start=1):
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise forms.ValidationError(f"Line {number} is not KEY=VALUE.")
            values[key.strip()] = value.strip()
        return values


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    form = SourceForm
    list_display = (
        "name",
        "format",
        "enabled",
        "last_success_at",
        "last_item_count",
        "consecutive_failures",
        "next_check_at",
        "paused_reason",
    )
    list_filter = ("format", "enabled")
    actions = ("fetch_now", "reenable")
    search_fields = ("name", "url")
    readonly_fields = ("stored_credentials", *FETCH_STATE_FIELDS, "recent_runs", "created_at")
    fieldsets = (
        (None, {"fields": ("name", "format", "url", "homepage_url", "enabled", "fetch_interval_minutes")}),
        ("Credentials", {"fields": ("stored_credentials", "new_credentials", "clear_credentials")}),
        ("Attribution and terms", {"fields": ("attribution", "terms_url", "terms_text")}),
        ("Fetch state", {"fields": (*FETCH_STATE_FIELDS, "recent_runs")}),
    )

    @admin.display(description="Last runs")
    def recent_runs(self, obj: Source) -> str:
        # The last ten only: a source fetched every few minutes has thousands of runs.
        runs = obj.fetch_runs.order_by("-started_at")[:10] if obj.pk else []
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    f"{run.started_at:%Y-%m-%d %H:%M}",
                    run.get_outcome_display(),
                    run.http_status or "",
                    run.summary,
                    run.error[:200],
                )
                for run in runs
            ),
        )
        if not rows:
            return "none yet"
        return format_html(
            "<table><tr><th>Started</th><th>Outcome</th><th>HTTP</th><th>Counts</th><th>Error</th></tr>{}</table>",
            rows,
        )

    @admin.display(description="Stored credentials")
    def stored_credentials(self, obj: Source) -> str:
        masked = obj.credentials_masked if obj.pk else {}
        if not masked:
            return "none"
        return format_html_join(", ", "{}: {}", masked.items())

    @admin.action(description="Fetch now (on a worker)")
    def fetch_now(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        fetchable = [source for source in queryset if source.url and source.enabled]
        for source in fetchable:
            services.source_fetch_enqueue(source=source)
        skipped = queryset.count() - len(fetchable)
        self.message_user(
            request, f"Queued {len(fetchable)} fetch(es); the runs appear on each source's page."
        )
        if skipped:
            self.message_user(
                request,
                f"Skipped {skipped}: disabled, paused or loaded from a file. Re-enable first.",
                messages.WARNING,
            )

    @admin.action(description="Re-enable (clear the pause and fetch soon)")
    def reenable(self, request: HttpRequest, queryset: QuerySet[Source]) -> None:
        for source in queryset:
            services.source_reenable(source=source)
        self.message_user(
            request, f"Re-enabled {queryset.count()} source(s); beat fetches them within a minute."
        )

    def save_model(self, request: HttpRequest, obj: Source, form: SourceForm, change: bool) -> None:
        if form.cleaned_data.get("clear_credentials"):
            obj.set_credentials({})
        elif form.cleaned_data.get("new_credentials"):
            obj.set_credentials(form.cleaned_data["new_credentials"])
        super().save_model(request, obj, form, change)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "url")
    search_fields = ("name", "normalized_name")
    readonly_fields = ("normalized_name", "created_at", "updated_at")


class OpportunityCauseInline(admin.TabularInline):
    """Add a cause here and it is a manual tag; delete an automatic one and it stays removed:
    both survive re-ingestion and `manage.py retag`."""

    model = OpportunityCause
    fields = ("cause", "method", "reason", "confidence")
    readonly_fields = ("method", "reason", "confidence")
    extra = 0
    autocomplete_fields = ("cause",)


class CauseTagRemovalInline(admin.TabularInline):
    model = CauseTagRemoval
    fields = ("cause", "note", "created_at")
    readonly_fields = ("created_at",)
    extra = 0
    autocomplete_fields = ("cause",)


class OpportunitySkillInline(admin.TabularInline):
    model = OpportunitySkill
    fields = ("skill", "method", "reason", "confidence")
    readonly_fields = ("method", "reason", "confidence")
    extra = 0
    autocomplete_fields = ("skill",)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "source", "location_type", "status", "posted_at", "expires_at")
    list_filter = ("status", "location_type", "remote_scope", "schedule", "source", "causes")
    search_fields = ("title", "organization__name", "source_item_id")
    list_select_related = ("organization", "source")
    date_hierarchy = "posted_at"
    raw_id_fields = ("organization",)
    readonly_fields = (
        "source",
        "source_item_id",
        "content_hash",
        "raw",
        "first_seen_at",
        "last_seen_at",
        "status_changed_at",
        "created_at",
        "updated_at",
    )
    inlines = (OpportunityCauseInline, CauseTagRemovalInline, OpportunitySkillInline)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        # A hand edit (fields or tags) is a change partners must see in the change feed. Every
        # save counts: a save that changed nothing only makes partners fetch the same data again.
        services.opportunity_mark_changed(opportunity_id=form.instance.pk)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:  # type: ignore[no-untyped-def]
        if formset.model not in (OpportunityCause, OpportunitySkill):
            super().save_formset(request, form, formset, change)
            return
        instances = formset.save(commit=False)
        for tag in formset.deleted_objects:
            if formset.model is OpportunityCause and tag.method != TagMethod.MANUAL:
                CauseTagRemoval.objects.get_or_create(
                    opportunity=tag.opportunity,
                    cause=tag.cause,
                    defaults={"note": f"removed by {request.user}"},
                )
            tag.delete()
        for tag in instances:
            if not tag.pk:
                tag.method, tag.reason, tag.confidence = (
                    TagMethod.MANUAL,
                    f"manual: set by {request.user}",
                    1.0,
                )
            else:
                tag.method = TagMethod.MANUAL  # edited by a person: theirs now
            tag.save()


@admin.register(FetchRun)
class FetchRunAdmin(admin.ModelAdmin):
    list_display = (
        "source",
        "started_at",
        "outcome",
        "http_status",
        "created",
        "updated",
        "unchanged",
        "rejected",
    )
    list_filter = ("outcome", "source")
    list_select_related = ("source",)
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: FetchRun | None = None) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_seen_at", "count")
    readonly_fields = ("name", "last_seen_at", "count")


@admin.register(CauseCrosswalk)
class CauseCrosswalkAdmin(admin.ModelAdmin):
    """Map a source's free-text labels to causes; `manage.py retag --all` applies a change."""

    list_display = ("label", "cause", "source")
    list_filter = ("cause", "source")
    search_fields = ("label",)
    autocomplete_fields = ("cause",)
