"""OpenActive RPDE (Realtime Paged Data Exchange): a change feed of `updated` and `deleted` items.

Pages are ordered by (modified, id); each names the `next` page (afterTimestamp/afterId or
afterChangeNumber). The last page has no items and `next` equal to its own URL: the run ends
there, and the next run starts from it, so only what changed since is read. `deleted` items carry
no data: ours are withdrawn. An item's `data` is JobPosting-like and read by the same code as
JSON-LD pages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from opportunities.feeds import values
from opportunities.feeds.base import ApiAdapter, FeedError, PageRequest, ParseResult, Rejection, Withdrawal
from opportunities.feeds.jsonld import listing_from_jobposting

ACCEPT_JSON = (("Accept", "application/json"),)


def _version(modified: Any) -> str:
    """RPDE `modified` is a number (timestamp or change number) or, rarely, a string."""
    if isinstance(modified, bool):
        return ""
    if isinstance(modified, int) and modified >= 0:
        return str(modified)
    return modified.strip() if isinstance(modified, str) else ""


class RpdeAdapter(ApiAdapter):
    format = "rpde"
    full_snapshot = False

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        # A full reconcile reads the feed from its first page; otherwise resume where we stopped.
        start = url if full else str(cursor.get("next") or url)
        return PageRequest(url=start, headers=ACCEPT_JSON)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        page = _page(data)
        next_url = urljoin(request.url, page["next"])
        if urlsplit(next_url).scheme not in {"http", "https"}:
            message = f'Not an RPDE page: "next" is not an http(s) URL ({page["next"][:100]!r}).'
            raise FeedError(message, permanent=True)
        result = ParseResult(complete_snapshot=False, cursor={"next": next_url})
        for position, item in enumerate(page["items"]):
            try:
                _read_item(item, result)
            except ValueError as exc:
                item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        # The last page: no items and `next` pointing at itself. Stop; poll it next run.
        last_page = not page["items"] and next_url == request.url
        result.next_request = None if last_page else PageRequest(url=next_url, headers=ACCEPT_JSON)
        return result


def _page(data: bytes) -> dict[str, Any]:
    page = values.json_page(data, what="RPDE page", list_key="items")
    if not isinstance(page.get("next"), str):
        raise FeedError('Not an RPDE page: "next" must be the URL of the next page.', permanent=True)
    return page


def _read_item(item: Any, result: ParseResult) -> None:
    if not isinstance(item, dict):
        raise ValueError("item is not an object")
    item_id, state = item.get("id"), item.get("state")
    if isinstance(item_id, bool) or not isinstance(item_id, str | int) or not str(item_id).strip():
        raise ValueError('item has no "id"')
    # Ids are unique per kind; a feed mixing kinds needs both to tell items apart.
    kind = item.get("kind") if isinstance(item.get("kind"), str) else ""
    source_item_id = f"{kind}:{item_id}" if kind else str(item_id)
    version = _version(item.get("modified"))
    if state == "deleted":
        gone = Withdrawal(source_item_id, source_modified=version, reason="RPDE state: deleted")
        result.withdrawals.append(gone)
    elif state == "updated":
        # No page URL: an item whose data names no url of its own has no page a person could open.
        listing = listing_from_jobposting(item.get("data"), page_url="")
        result.listings.append(replace(listing, source_item_id=source_item_id, source_modified=version))
    else:
        raise ValueError(f'item state must be "updated" or "deleted", not {state!r}')
