"""Baselines: the least any view could do to answer the same request. The API list is measured
against bare_list, which returns the same rows with `.values()` and JsonResponse: no serializer,
no FilterSet, no content negotiation, no ETag."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from opportunities.models import Opportunity, OpportunityCause, Status
from opportunities.selectors import _one_per_cluster

FIELDS = ("id", "title", "summary", "url", "apply_url", "organization__name", "source__name", "location_type",
          "remote_scope", "country", "eligible_countries", "timezone", "schedule", "hours_per_week",
          "commitment_text", "languages", "status", "posted_at", "expires_at", "updated_at", "cluster_id")  # fmt: skip


def bare_list(request: HttpRequest) -> JsonResponse:
    """?cause=slug&location=type&page_size=N&offset=K: the API list's rows and their causes, by offset."""
    size, offset = int(request.GET.get("page_size", 50)), int(request.GET.get("offset", 0))
    rows = Opportunity.objects.filter(
        status=Status.ACTIVE,
        location_type=request.GET["location"],
        cause_tags__cause__slug=request.GET["cause"],
    )
    rows = list(_one_per_cluster(rows).order_by("-posted_at", "-id").values(*FIELDS)[offset : offset + size])
    causes: dict[int, list[str]] = {}
    for opportunity_id, slug in OpportunityCause.objects.filter(
        opportunity_id__in=[row["id"] for row in rows]
    ).values_list("opportunity_id", "cause__slug"):
        causes.setdefault(opportunity_id, []).append(slug)
    for row in rows:
        row["causes"] = causes.get(row["id"], [])
    return JsonResponse({"results": rows})
