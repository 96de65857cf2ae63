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
    "jsonfeed": "opportunities.feeds.jsonfeed.JsonFeedAdapter",
}

FORMAT_CHOICES = [(key, key) for key in ADAPTERS]


def get_adapter(fmt: str) -> FeedAdapter:
    try:
        path = ADAPTERS[fmt]
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise ValueError(f"Unknown feed format {fmt!r}; known formats: {known}.") from None
    return import_string(path)()
