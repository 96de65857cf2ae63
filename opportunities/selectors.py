"""Reads. Each selector states its prefetching, so templates and serializers never query."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from opportunities.models import Cause, Heartbeat, Opportunity, OpportunityCause, OpportunitySkill, Status


def _cluster_mates() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(cluster_id=OuterRef("cluster_id"), status=Status.ACTIVE).exclude(
        pk=OuterRef("pk")
    )


def opportunity_list_active() -> QuerySet[Opportunity]:
    """Active listings, newest first, one per cluster (its richest active member), with what a
    card shows: organisation, source, causes, and on how many other sites it is listed."""
    richer = _cluster_mates().filter(
        Q(cluster_rank__gt=OuterRef("cluster_rank"))
        | Q(cluster_rank=OuterRef("cluster_rank"), pk__lt=OuterRef("pk"))
    )
    also_on = _cluster_mates().order_by().values("cluster_id").annotate(n=Count("pk")).values("n")
    return (
        Opportunity.objects.filter(status=Status.ACTIVE)
        .exclude(Exists(richer))
        .annotate(also_listed=Coalesce(Subquery(also_on), 0))
        .select_related("organization", "source")
        .prefetch_related(
            Prefetch(
                "cause_tags",
                queryset=OpportunityCause.objects.select_related("cause").order_by("cause__position"),
            )
        )
        .order_by("-posted_at", "-id")
    )


def cause_list_with_counts() -> QuerySet[Cause]:
    """Every cause with the number of active listings tagged with it."""
    return Cause.objects.annotate(
        active_count=Count("opportunity_tags", filter=Q(opportunity_tags__opportunity__status=Status.ACTIVE))
    ).order_by("position")


def heartbeat_get(*, name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def opportunity_export(
    *, source_name: str | None = None, include_inactive: bool = False
) -> QuerySet[Opportunity]:
    """Every listing (or one source's) in a stable order, with what the export prints."""
    queryset = Opportunity.objects.select_related("source", "organization").prefetch_related(
        Prefetch(
            "cause_tags", queryset=OpportunityCause.objects.select_related("cause").order_by("cause__slug")
        ),
        Prefetch(
            "skill_tags", queryset=OpportunitySkill.objects.select_related("skill").order_by("skill__slug")
        ),
    )
    if source_name is not None:
        queryset = queryset.filter(source__name=source_name)
    if not include_inactive:
        queryset = queryset.filter(status=Status.ACTIVE)
    return queryset.order_by("source__name", "source_item_id")


def opportunity_get(*, opportunity_id: int) -> Opportunity | None:
    """One listing in any status (an expired one keeps its page), with what the page shows."""
    return (
        Opportunity.objects.select_related("organization", "source")
        .prefetch_related(
            Prefetch(
                "cause_tags",
                queryset=OpportunityCause.objects.select_related("cause").order_by("cause__position"),
            ),
            Prefetch(
                "skill_tags",
                queryset=OpportunitySkill.objects.select_related("skill").order_by("skill__position"),
            ),
        )
        .filter(pk=opportunity_id)
        .first()
    )


def opportunity_also_listed(*, opportunity: Opportunity) -> list[Opportunity]:
    """The same opportunity on other sites: the other active members of its cluster."""
    if opportunity.cluster_id is None:
        return []
    return list(
        Opportunity.objects.filter(cluster_id=opportunity.cluster_id, status=Status.ACTIVE)
        .exclude(pk=opportunity.pk)
        .select_related("source")
        .order_by("source__name")
    )
