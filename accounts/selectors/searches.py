"""Reads for saved searches: a person's list, the search behind a feed token, and a search's
matches, found by the SAME selectors as the results page, so a feed or a digest never disagrees
with what the person saw when they saved it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict

from accounts import feeds
from accounts.models import AlertFrequency, DigestDelivery, SavedSearch
from opportunities import paging
from opportunities import selectors as opportunity_selectors
from opportunities.models import Opportunity

FEED_SIZE = 50


def saved_searches_for(*, user: Any) -> QuerySet[SavedSearch]:
    """The person's searches, newest first, each with when its last digest went out (one query)."""
    return (
        SavedSearch.objects.filter(user=user)
        .annotate(last_sent_at=Max("deliveries__sent_at"))
        .order_by("-created_at", "-id")
    )


def saved_search_by_token(*, token: str) -> SavedSearch | None:
    """The search a feed URL belongs to, or None for an unknown or revoked token (or a closed
    account)."""
    return (
        SavedSearch.objects.filter(feed_token_hash=feeds.token_hash(token), user__is_active=True)
        .select_related("user")
        .first()
    )


def _filterset(saved_search: SavedSearch):  # type: ignore[no-untyped-def]
    filterset = opportunity_selectors.opportunity_filterset(data=QueryDict(saved_search.query))
    filterset.is_valid()  # a stored value that no longer validates is ignored, as on the page
    return filterset


def saved_search_matches(*, saved_search: SavedSearch, limit: int = FEED_SIZE) -> list[Opportunity]:
    """The newest `limit` cards of the search, as the results page would show them."""
    page = opportunity_selectors.opportunity_search(
        filterset=_filterset(saved_search), sort=paging.Sort.NEWEST, limit=limit
    )
    return page.items


def saved_search_new_matches(
    *, saved_search: SavedSearch, since: datetime.datetime, until: datetime.datetime, limit: int
) -> tuple[list[Opportunity], int]:
    """Cards of the search first seen in (since, until], newest first, at most `limit`, and how
    many there are in all.

    A listing that only duplicates one seen before (a member of its cluster was first seen by
    `since`) is not new: the person already had the chance to see it on another site.
    """
    filterset = _filterset(saved_search)
    seen_before = Opportunity.objects.filter(cluster_id=OuterRef("cluster_id"), first_seen_at__lte=since)
    # Narrowing the base queryset (before .qs is built) keeps every filter and the one-card-per-
    # cluster rule exactly as the results page applies them.
    filterset.queryset = filterset.queryset.filter(first_seen_at__gt=since, first_seen_at__lte=until).exclude(
        Exists(seen_before)
    )
    page = opportunity_selectors.opportunity_search(filterset=filterset, sort=paging.Sort.NEWEST, limit=limit)
    if page.next_cursor is None:
        return page.items, len(page.items)
    total = filterset.qs.order_by().aggregate(n=Count(Coalesce("cluster_id", "id"), distinct=True))["n"]
    return page.items, total


def digest_period(*, alerts: str, now: datetime.datetime) -> str:
    """The period a digest covers: the UTC date for daily ("2026-11-21"), the ISO week for weekly
    ("2026-W47"). One delivery per search and period is what keeps retries harmless."""
    day = now.astimezone(datetime.UTC).date()
    if alerts == AlertFrequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def saved_searches_due(*, now: datetime.datetime) -> QuerySet[SavedSearch]:
    """Searches whose digest for the current period has not been claimed yet: daily ones every
    day, weekly ones on Mondays (UTC). Hourly runs then skip the searches already done."""
    day_period = digest_period(alerts=AlertFrequency.DAILY, now=now)
    week_period = digest_period(alerts=AlertFrequency.WEEKLY, now=now)

    def claimed(period: str) -> Exists:
        return Exists(DigestDelivery.objects.filter(saved_search=OuterRef("pk"), period=period))

    due = Q(alerts=AlertFrequency.DAILY) & ~claimed(day_period)
    if now.astimezone(datetime.UTC).weekday() == 0:
        due |= Q(alerts=AlertFrequency.WEEKLY) & ~claimed(week_period)
    return (
        SavedSearch.objects.filter(due, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
