"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1), plus our optional `_pitchin` extension.

JSON Feed has no fields for location, causes or time commitment. Publishers who want them can
add an `_pitchin` object to an item (see docs/jsonfeed-extension.md); our bundled demo feeds do.
Unknown keys are ignored and a wrong type drops only that field, never the item.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal, InvalidOperation
from typing import Any

from opportunities.feeds import values
from opportunities.feeds.base import FeedAdapter, FeedError, ListingData, ParseResult, Rejection
from opportunities.normalize import parse_datetime

EXTENSION_KEY = "_pitchin"


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() and 0 <= number <= 168 else None


class JsonFeedAdapter(FeedAdapter):
    format = "jsonfeed"

    def parse(self, data: bytes, *, base_url: str = "") -> ParseResult:
        try:  # values.loads: no NaN, no NUL, no lone surrogate, no RecursionError (hostile corpus)
            document = values.loads(data)
        except ValueError as exc:
            raise FeedError(f"Not a JSON Feed: the body is not valid JSON ({exc}).", permanent=True) from None
        if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
            "https://jsonfeed.org/version/1"
        ):
            raise FeedError(
                'Not a JSON Feed: "version" must start with https://jsonfeed.org/version/1.', permanent=True
            )
        items = document.get("items")
        if not isinstance(items, list):
            raise FeedError('Not a JSON Feed: "items" must be a list.', permanent=True)

        result = ParseResult(complete_snapshot=True)
        feed_language = values.text(document.get("language"))
        for position, item in enumerate(items):
            try:
                result.listings.append(self._listing(item, feed_language))
            except ValueError as exc:
                item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        return result

    def _listing(self, item: Any, feed_language: str) -> ListingData:
        if not isinstance(item, dict):
            raise ValueError("item is not an object")
        item_id = item.get("id")
        if isinstance(item_id, bool) or not isinstance(item_id, str | int) or not str(item_id).strip():
            raise ValueError('item has no "id"')
        title = values.text(item.get("title"))
        if not title:
            raise ValueError('item has no "title"')
        url = values.text(item.get("url")) or values.text(item.get("external_url"))
        if not url:
            raise ValueError('item has neither "url" nor "external_url"')

        ext = item.get(EXTENSION_KEY) if isinstance(item.get(EXTENSION_KEY), dict) else {}
        org = ext.get("organization") if isinstance(ext.get("organization"), dict) else {}
        authors = item.get("authors") if isinstance(item.get("authors"), list) else []
        author = authors[0] if authors and isinstance(authors[0], dict) else {}
        content_html = values.text(item.get("content_html"))
        languages = values.text_list(ext.get("languages")) or tuple(
            code for code in (values.text(item.get("language")) or feed_language,) if code
        )
        item_id = str(item_id).strip()
        return ListingData(
            # Over 255 characters (the column's size): its sha-256, as the other adapters do.
            source_item_id=item_id if len(item_id) <= 255 else hashlib.sha256(item_id.encode()).hexdigest(),
            title=title,
            url=url,
            apply_url=values.text(item.get("external_url")),
            summary=values.text(item.get("summary")),
            description_html=content_html or values.paragraphs(values.text(item.get("content_text"))),
            organization_name=values.text(org.get("name")) or values.text(author.get("name")),
            organization_url=values.text(org.get("url")) or values.text(author.get("url")),
            organization_country=values.text(org.get("country")).upper()[:2],
            location_type=values.text(ext.get("location_type")),
            remote_scope=values.text(ext.get("remote_scope")),
            eligible_countries=tuple(code.upper() for code in values.text_list(ext.get("countries"))),
            city=values.text(ext.get("city")),
            region=values.text(ext.get("region")),
            country=values.text(ext.get("country")).upper()[:2],
            timezone=values.text(ext.get("timezone")),
            schedule=values.text(ext.get("schedule")),
            starts_at=parse_datetime(ext.get("starts_at")),
            ends_at=parse_datetime(ext.get("ends_at")),
            hours_per_week=_decimal(ext.get("hours_per_week")),
            commitment_text=values.text(ext.get("commitment")),
            languages=languages,
            cause_slugs=values.text_list(ext.get("causes")),
            skill_slugs=values.text_list(ext.get("skills")),
            source_categories=values.text_list(item.get("tags")),
            posted_at=parse_datetime(item.get("date_published")),
            source_updated_at=parse_datetime(item.get("date_modified")),
            expires_at=parse_datetime(ext.get("expires_at")),
            raw=item,
        )
