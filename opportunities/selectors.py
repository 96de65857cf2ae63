"""Reads. Each selector states its prefetching, so templates and serializers never query."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from opportunities.models import Cause, Heartbeat, Opportunity, OpportunityCause, Status


def opportunity_list_active() -> QuerySet[Opportunity]:
    """Active listings, newest first, with what a card shows: organisation, source, causes."""
    return (
        Opportunity.objects.filter(status=Status.ACTIVE)
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
