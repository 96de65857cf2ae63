"""The feed-format registry: format name -> dotted path of its adapter class.

Adding a format is one module in this package, one fixture file under tests/fixtures/feeds/,
one test module, and one line here (see README, "Adding a feed format"). Imports are lazy so
that loading the models does not import every parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from opportunities.feeds.base import FeedAdapter

ADAPTERS: dict[str, str] = {
    "rss": "opportunities.feeds.rss.RssAdapter",  # RSS 0.9x, 1.0, 2.0 and Atom 1.0
    "jsonfeed": "opportunities.feeds.jsonfeed.JsonFeedAdapter",
    "jsonld": "opportunities.feeds.jsonld.JsonLdAdapter",  # schema.org JobPosting in HTML pages
    "sitemap": "opportunities.feeds.sitemap.SitemapAdapter",  # pages read as jsonld
    # Provider APIs, read page by page (feeds.base.ApiAdapter)
    "idealist": "opportunities.feeds.idealist.IdealistAdapter",
    "volunteerconnector": "opportunities.feeds.volunteerconnector.VolunteerConnectorAdapter",
    "reliefweb": "opportunities.feeds.reliefweb.ReliefWebAdapter",
    "rpde": "opportunities.feeds.rpde.RpdeAdapter",  # OpenActive Realtime Paged Data Exchange
    "zooniverse": "opportunities.feeds.zooniverse.ZooniverseAdapter",
    "hotosm": "opportunities.feeds.hotosm.HotosmAdapter",  # HOT Tasking Manager
}

FORMAT_CHOICES = [(key, key) for key in ADAPTERS]


def get_adapter(fmt: str) -> FeedAdapter:
    try:
        path = ADAPTERS[fmt]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise ValueError(f"Unknown feed format {fmt!r}; known formats: {known}.") from None
    return import_string(path)()
