"""Writes for saved searches: saving a results page, renaming it and choosing its alerts,
deleting it, replacing its private feed links, and sending the daily and weekly digests.

Idempotent throughout. A search is unique per person and normalised query, so saving the same
page twice is one row. Each digest is claimed (a unique row per search and period) before it is
sent, so a retried or doubled task never sends the same digest twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accounts import feeds
from accounts.emails import email_send
from accounts.models import AlertFrequency, DigestDelivery, SavedSearch
from accounts.selectors import searches as selectors
from opportunities.filters import OpportunityFilter
from opportunities.models import Cause, LocationType

logger = logging.getLogger(__name__)

MAX_SEARCHES_PER_USER = 50
DIGEST_SIZE = 20
QUERY_MAX_LENGTH = 2000  # SavedSearch.query's column
NAME_MAX_LENGTH = 120
# Parameters that only shape the overlap filter: without it they change nothing (and the browser
# fills `tz` on every search), so they would make one search look like many.
_OVERLAP_HELPERS = ("tz", "work_from", "work_to")
_KEPT = frozenset(OpportunityFilter.base_filters) | {"sort"}


def search_query_normalise(params: Mapping[str, Any]) -> str:
    """The canonical query string of a results page: only our filters and the sort, no page
    position (`after`), no empty values, the overlap helpers only with an overlap, and keys and
    values sorted, so one search is always spelled one way."""
    if isinstance(params, QueryDict):
        given = [(key, value) for key in params for value in params.getlist(key)]
    else:
        given = [
            (key, value)
            for key, values in params.items()
            for value in (values if isinstance(values, list | tuple) else [values])
        ]
    # A set: the same value twice is the same search. Values keep their blanks ("tut " differs
    # from "tut": a trailing space ends prefix matching), but a blank-only value is empty.
    pairs = {(key, str(value)) for key, value in given if key in _KEPT and str(value).strip()}
    if not any(key == "overlap" for key, _ in pairs):
        pairs = {(key, value) for key, value in pairs if key not in _OVERLAP_HELPERS}
    normalised = QueryDict(mutable=True)
    for key, value in sorted(pairs):
        normalised.appendlist(key, value)
    return normalised.urlencode()


def search_name_default(*, query: str) -> str:
    """A readable name for a query: its words, causes and places ("“tutor” · Education · Remote")."""
    params = QueryDict(query)
    parts = []
    if params.get("q", "").strip():
        parts.append(f"“{params['q'].strip()}”")
    slugs = params.getlist("cause")
    if slugs:
        names = dict(Cause.objects.filter(slug__in=slugs).values_list("slug", "name"))
        parts.extend(names.get(slug, slug) for slug in slugs)
    labels = dict(LocationType.choices)
    parts.extend(labels.get(value, value) for value in params.getlist("location"))
    if not parts:
        parts.append("All opportunities" if not query else "My search")
    name = " · ".join(parts)
    return name if len(name) <= NAME_MAX_LENGTH else name[: NAME_MAX_LENGTH - 1] + "…"


def saved_search_create(*, user: Any, params: Mapping[str, Any]) -> tuple[SavedSearch, str | None]:
    """Save a results page's search for `user`. Returns the search and its new feed token, or
    None as the token when the person had already saved it (its links were shown back then).

    The unique (user, query) constraint makes this idempotent and decides a double-click race.
    """
    query = search_query_normalise(params)
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError("This search is too long to save: take a filter or some words away.")
    existing = SavedSearch.objects.filter(user=user, query=query).first()
    if existing is not None:
        return existing, None
    if SavedSearch.objects.filter(user=user).count() >= MAX_SEARCHES_PER_USER:
        raise ValidationError(f"You can keep {MAX_SEARCHES_PER_USER} searches: delete one you no longer use.")
    token = feeds.token_new()
    try:
        with transaction.atomic():
            search = SavedSearch.objects.create(
                user=user,
                query=query,
                name=search_name_default(query=query),
                feed_token_hash=feeds.token_hash(token),
            )
    except IntegrityError:
        # The same search saved by a parallel request a moment ago: that one stands.
        return SavedSearch.objects.get(user=user, query=query), None
    return search, token


def saved_search_update(*, saved_search: SavedSearch, name: str, alerts: str) -> SavedSearch:
    """Rename the search and choose its e-mail alerts. Turning alerts on starts them from now, so
    the first digest holds what is new, not everything since the search was saved."""
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "Give the search a name, so you can tell it apart in your list and e-mails."
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"Keep the name under {NAME_MAX_LENGTH} characters."
    if alerts not in AlertFrequency.values:
        errors["alerts"] = "Pick how often to hear about new matches."
    if errors:
        raise ValidationError(errors)
    changes: dict[str, Any] = {"name": name, "alerts": alerts}
    if saved_search.alerts == AlertFrequency.OFF and alerts != AlertFrequency.OFF:
        changes["last_digest_until"] = timezone.now()
    with transaction.atomic():
        SavedSearch.objects.filter(pk=saved_search.pk).update(**changes)
    for field, value in changes.items():
        setattr(saved_search, field, value)
    return saved_search


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    """Delete the search, its digest record and its feeds (their URLs stop working)."""
    with transaction.atomic():
        SavedSearch.objects.filter(pk=saved_search.pk).delete()


def saved_search_feed_rotate(*, saved_search: SavedSearch) -> str:
    """Replace the feed secret: the old URLs stop working at once. Returns the new token, to be
    shown once. Not idempotent by design (every press means "new links"), but harmless to repeat."""
    token = feeds.token_new()
    with transaction.atomic():
        SavedSearch.objects.filter(pk=saved_search.pk).update(feed_token_hash=feeds.token_hash(token))
    saved_search.feed_token_hash = feeds.token_hash(token)
    return token


# --- Digests -----------------------------------------------------------------------------------


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send the daily and weekly digests that are due; returns how many went out.

    Per search: find listings first seen since its last digest; with none, send nothing (and
    claim nothing, so a later run today can still send). Otherwise claim the period with a
    unique DigestDelivery row (created=False: another run has it, skip), send, then record the
    send and advance `last_digest_until`. At most once: a crash between claim and send loses
    that period's e-mail, never doubles it; its listings are not lost, since `last_digest_until`
    did not move, and they come in the next digest.
    """
    now = now or timezone.now()
    sent = 0
    for saved_search in selectors.saved_searches_due(now=now):
        try:
            sent += _digest_send(saved_search=saved_search, now=now)
        except Exception:
            # One search that fails must not hold up everyone else's digest.
            logger.exception("digest for saved search %s failed", saved_search.pk)
    return sent


def _digest_send(*, saved_search: SavedSearch, now: datetime.datetime) -> int:
    items, total = selectors.saved_search_new_matches(
        saved_search=saved_search, since=saved_search.last_digest_until, until=now, limit=DIGEST_SIZE
    )
    if not items:
        return 0
    period = selectors.digest_period(alerts=saved_search.alerts, now=now)
    delivery, created = DigestDelivery.objects.get_or_create(
        saved_search=saved_search, period=period, defaults={"listing_count": total}
    )
    if not created:
        return 0
    email_send(
        template="digest", to=saved_search.user.email, context=_digest_context(saved_search, items, total)
    )
    with transaction.atomic():
        DigestDelivery.objects.filter(pk=delivery.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        SavedSearch.objects.filter(pk=saved_search.pk, last_digest_until__lt=now).update(
            last_digest_until=now
        )
    return 1


def _digest_context(saved_search: SavedSearch, items: list, total: int) -> dict[str, Any]:
    params = QueryDict(saved_search.query, mutable=True)
    params.setdefault("sort", "newest")  # the listings just sent come first, unless the search sorts
    return {
        "saved_search": saved_search,
        "user": saved_search.user,
        "items": [{"opportunity": item, "url": feeds.listing_url(item)} for item in items],
        "total": total,
        "more": total - len(items),
        "search_url": settings.SITE_URL + reverse("opportunities:search") + "?" + params.urlencode(),
        "manage_url": settings.SITE_URL + reverse("searches:list") + f"#search-{saved_search.pk}",
        "is_weekly": saved_search.alerts == AlertFrequency.WEEKLY,
    }
