"""Private feeds of a saved search: RSS 2.0, Atom 1.0 and iCalendar (closing dates as all-day
events), for feed readers and calendar apps that cannot log in.

The secret in the URL is the only credential, so it is never stored: the row keeps its sha-256
and a lookup hashes what the URL carries. Rendering here is pure (listings in, bytes out); which
listings is the selector's business.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import feedgenerator, timezone

from accounts.models import SavedSearch
from opportunities.models import Opportunity

KINDS = ("rss", "atom", "ics")
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}


def token_new() -> str:
    """A fresh feed secret: 24 random bytes, URL-safe (32 characters)."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What the database keeps of a token. A plain hash is enough: the token is random and long,
    so there is nothing to brute-force, and an equality lookup on it leaks nothing useful."""
    return hashlib.sha256(token.encode()).hexdigest()


def feed_urls(*, token: str) -> dict[str, str]:
    """The absolute feed URLs for a token, by kind."""
    return {
        kind: settings.SITE_URL + reverse("searches:feed", kwargs={"token": token, "kind": kind})
        for kind in KINDS
    }


def search_url(*, saved_search: SavedSearch) -> str:
    path = reverse("opportunities:search")
    return settings.SITE_URL + (f"{path}?{saved_search.query}" if saved_search.query else path)


def listing_url(opportunity: Opportunity) -> str:
    return settings.SITE_URL + reverse("opportunities:detail", args=[opportunity.pk])


def _description(opportunity: Opportunity) -> str:
    organization = opportunity.organization.name if opportunity.organization else ""
    return " — ".join(part for part in (organization, opportunity.summary) if part)


def render_syndication(*, saved_search: SavedSearch, kind: str, items: Sequence[Opportunity]) -> bytes:
    """RSS or Atom: each listing's title, our detail page, organisation and summary, dates."""
    generator = feedgenerator.Rss201rev2Feed if kind == "rss" else feedgenerator.Atom1Feed
    feed = generator(
        title=f"Pitch In: {saved_search.name}",
        link=search_url(saved_search=saved_search),
        description=f"New remote volunteering matching your saved search “{saved_search.name}”.",
        language="en",
        feed_guid=f"saved-search-{saved_search.pk}@pitchin",
    )
    for opportunity in items:
        link = listing_url(opportunity)
        feed.add_item(
            title=opportunity.title,
            link=link,
            description=_description(opportunity),
            author_name=opportunity.organization.name if opportunity.organization else None,
            pubdate=opportunity.posted_at or opportunity.first_seen_at,
            updateddate=opportunity.updated_at,
            unique_id=link,
            unique_id_is_permalink=True,
        )
    return feed.writeString("utf-8").encode()


def render_calendar(*, saved_search: SavedSearch, items: Sequence[Opportunity]) -> bytes:
    """One all-day event on each listing's closing day; listings with no deadline are left out.
    UIDs are stable, so a calendar app updates an event instead of adding it again."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Pitch In//Saved search deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Pitch In: {saved_search.name}")
    stamp = timezone.now()
    for opportunity in items:
        if opportunity.expires_at is None:
            continue
        day = timezone.localdate(opportunity.expires_at)
        event = icalendar.Event()
        event.add("uid", f"opportunity-{opportunity.pk}@pitchin")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", f"Closes: {opportunity.title}")
        event.add("description", _description(opportunity))
        event.add("url", listing_url(opportunity))
        calendar.add_component(event)
    return calendar.to_ical()
