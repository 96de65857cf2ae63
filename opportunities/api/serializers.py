"""Read-only output shapes of the public catalogue. They only read what the selectors prefetched
(organisation, source, cause tags, `also_listed`), so serializing a page runs no query."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opportunities.models import (
    Cause,
    LocationType,
    Opportunity,
    Organization,
    RemoteScope,
    Schedule,
    Skill,
    Source,
    Status,
    TagMethod,
)


def _or_unknown(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "Not stated"), *choices]


class CauseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The organisation's own website, when known.")


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OpportunityCardSerializer(serializers.Serializer):
    """A listing as a list shows it. `url` is the listing on its source's site; `also_listed` is
    how many other sites list the same opportunity (its cluster's other active members)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.URLField(help_text="The listing on its source's site.")
    apply_url = serializers.CharField(help_text="Where to apply, when the source says; else empty.")
    organization = serializers.SerializerMethodField()
    source = SourceRefSerializer()
    causes = serializers.SerializerMethodField()
    location_type = serializers.ChoiceField(
        choices=_or_unknown(LocationType.choices), help_text="Empty: not stated."
    )
    remote_scope = serializers.ChoiceField(
        choices=_or_unknown(RemoteScope.choices), help_text="Who may apply; empty: not stated."
    )
    country = serializers.CharField()
    eligible_countries = serializers.ListField(child=serializers.CharField())
    timezone = serializers.CharField()
    schedule = serializers.ChoiceField(choices=_or_unknown(Schedule.choices), help_text="Empty: not stated.")
    hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    commitment_text = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    status = serializers.ChoiceField(choices=Status.choices)
    posted_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(help_text="When we last saw its content or status change.")
    cluster_id = serializers.IntegerField(
        allow_null=True, help_text="Listings of one opportunity on several sites share it."
    )
    also_listed = serializers.IntegerField()

    @extend_schema_field(OrganizationRefSerializer(allow_null=True))
    def get_organization(self, opportunity: Opportunity) -> dict[str, Any] | None:
        organization = opportunity.organization
        if organization is None:
            return None
        return {"id": organization.pk, "name": organization.name, "url": organization.url}

    @extend_schema_field(CauseRefSerializer(many=True))
    def get_causes(self, opportunity: Opportunity) -> list[dict[str, str]]:
        return [{"slug": tag.cause.slug, "name": tag.cause.name} for tag in opportunity.cause_tags.all()]


class TagSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    method = serializers.ChoiceField(choices=TagMethod.choices, help_text="How the tag was decided.")
    reason = serializers.CharField(help_text='Why, e.g. rule: "food bank" in title.')
    confidence = serializers.FloatField()


class AlsoListedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    source = SourceRefSerializer()


class AttributionSerializer(serializers.Serializer):
    source = serializers.CharField(source="name")
    text = serializers.CharField(source="attribution")
    homepage_url = serializers.CharField()
    terms_url = serializers.CharField()


class OpportunityDetailSerializer(OpportunityCardSerializer):
    """One listing in full: its description (sanitised HTML and plain text), every cause and
    skill with the reason it was tagged, where else it is listed, and whom to credit."""

    description_html = serializers.CharField(help_text="Sanitised HTML, safe to render.")
    description_text = serializers.CharField()
    city = serializers.CharField()
    region = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    source_categories = serializers.ListField(child=serializers.CharField())
    first_seen_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    cause_tags = serializers.SerializerMethodField()
    skill_tags = serializers.SerializerMethodField()
    also_listed_on = serializers.SerializerMethodField()
    attribution = AttributionSerializer(source="source")

    @extend_schema_field(TagSerializer(many=True))
    def get_cause_tags(self, opportunity: Opportunity) -> list[dict[str, Any]]:
        return [_tag(tag, tag.cause) for tag in opportunity.cause_tags.all()]

    @extend_schema_field(TagSerializer(many=True))
    def get_skill_tags(self, opportunity: Opportunity) -> list[dict[str, Any]]:
        return [_tag(tag, tag.skill) for tag in opportunity.skill_tags.all()]

    @extend_schema_field(AlsoListedSerializer(many=True))
    def get_also_listed_on(self, opportunity: Opportunity) -> list[dict[str, Any]]:
        return [
            {"id": mate.pk, "url": mate.url, "source": {"id": mate.source_id, "name": mate.source.name}}
            for mate in getattr(opportunity, "also_listed_members", [])
        ]


def _tag(tag: Any, target: Cause | Skill) -> dict[str, Any]:
    return {
        "slug": target.slug,
        "name": target.name,
        "method": tag.method,
        "reason": tag.reason,
        "confidence": tag.confidence,
    }


class CauseSerializer(serializers.ModelSerializer):
    active_count = serializers.IntegerField(help_text="Active listings tagged with it.")

    class Meta:
        model = Cause
        fields = ["slug", "name", "description", "sdg", "active_count"]
        read_only_fields = fields


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name"]
        read_only_fields = fields


class SourceSerializer(serializers.ModelSerializer):
    """A feed or provider we read, whom to credit, and how fresh our copy is."""

    homepage_url = serializers.CharField(help_text="Its website, or empty.")
    terms_url = serializers.CharField(help_text="Its terms of use, or empty.")
    active_count = serializers.IntegerField(help_text="Its active listings.")
    status = serializers.SerializerMethodField(help_text="ok, failing, paused or disabled.")

    class Meta:
        model = Source
        fields = [
            "id", "name", "format", "homepage_url", "attribution", "terms_url", "enabled",
            "fetch_interval_minutes", "last_success_at", "last_fetched_at", "next_check_at",
            "consecutive_failures", "status", "active_count",
        ]  # fmt: skip
        read_only_fields = fields

    def get_status(self, source: Source) -> str:
        if not source.enabled:
            return "disabled"
        if source.paused_reason:
            return "paused"
        return "failing" if source.consecutive_failures else "ok"


class OrganizationSerializer(serializers.ModelSerializer):
    url = serializers.CharField(help_text="Its website, or empty.")

    class Meta:
        model = Organization
        fields = ["id", "name", "url", "country", "updated_at"]
        read_only_fields = fields


class OpportunityFeedSerializer(OpportunityDetailSerializer):
    """A listing as the change feed carries it: the detail without what depends on other rows
    (its cluster mates), so an item changes exactly when its own `modified` does."""

    also_listed = None
    also_listed_on = None
