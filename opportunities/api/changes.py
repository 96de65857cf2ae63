"""The change feed, in the style of OpenActive's RPDE: every listing we have ever held, in
(modified, id) order, as `updated` (with its data) or `deleted` (withdrawn or expired: no data).

A partner mirrors the catalogue by following `next` from the start and applying each item (upsert
an `updated`, remove a `deleted`), then keeps following `next` from where it stopped. The last
page has no items and its `next` points at itself: poll it.

Why it is exact: `modified` is the row's `updated_at` in microseconds, which every service that
changes a listing's content, tags, cluster or status sets; the cursor is strictly after
(modified, id), and the (updated_at, id) index makes any depth cost the same. Changes younger
than CHANGE_FEED_SETTLE_SECONDS are left for the next poll, so a transaction that commits just
after its rows' timestamp cannot land behind a partner's cursor. Deleted items stay in the feed
as long as we keep the row (we never delete listings), which is more than RPDE's 7 days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ConditionalGetMixin
from opportunities import selectors
from opportunities.api import examples
from opportunities.api.serializers import OpportunityFeedSerializer
from opportunities.models import Opportunity, Status

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
KIND = "Opportunity"


def modified_of(moment: datetime) -> int:
    """A timestamp as whole microseconds since 1970: exact both ways, and a plain integer."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


MAX_MODIFIED = modified_of(datetime.max.replace(tzinfo=UTC))  # the last microsecond of 9999
_TIMESTAMP = {"type": "integer", "minimum": 0, "maximum": MAX_MODIFIED}
_ID = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}  # at most 18 digits (see _non_negative)


def moment_of(modified: int) -> datetime:
    return EPOCH + timedelta(microseconds=modified)


class ChangeItemSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=["updated", "deleted"])
    kind = serializers.ChoiceField(choices=[KIND])
    id = serializers.IntegerField()
    modified = serializers.IntegerField(
        help_text="The listing's last change, in microseconds since 1970 (UTC)."
    )
    data = OpportunityFeedSerializer(required=False, help_text="Present only when state is updated.")


class ChangePageSerializer(serializers.Serializer):
    next = serializers.URLField(help_text="Follow it; on the last page it points at the same page.")
    items = ChangeItemSerializer(many=True)


def _non_negative(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise exceptions.ValidationError({name: ["A non-negative whole number, as in a `next` link."]})
    return int(raw)


def _item(opportunity: Opportunity) -> dict[str, Any]:
    item: dict[str, Any] = {"state": "updated", "kind": KIND, "id": opportunity.pk}
    item["modified"] = modified_of(opportunity.updated_at)
    if opportunity.status == Status.ACTIVE:
        item["data"] = OpportunityFeedSerializer(opportunity).data
    else:
        item["state"] = "deleted"
    return item


class OpportunityChangesView(ConditionalGetMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Change feed of listings (RPDE style), for mirroring the catalogue",
        description=__doc__,
        parameters=[
            OpenApiParameter(
                "afterTimestamp", _TIMESTAMP, description="From a `next` link: the last item's `modified`."
            ),
            OpenApiParameter("afterId", _ID, description="From a `next` link: the last item's `id`."),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Items per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
            ),
        ],
        responses={200: ChangePageSerializer},
        examples=[examples.CHANGES],
        tags=["sync"],
    )
    def get(self, request: Request) -> Response:
        after_timestamp = _non_negative(request, "afterTimestamp")
        after_id = _non_negative(request, "afterId")
        if (after_timestamp is None) != (after_id is None):
            raise exceptions.ValidationError(
                {
                    "afterId" if after_id is None else "afterTimestamp": [
                        "Give afterTimestamp and afterId together."
                    ]
                }
            )
        limit = _non_negative(request, "limit")
        limit = PAGE_SIZE if limit is None else limit
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise exceptions.ValidationError({"limit": [f"From 1 to {MAX_PAGE_SIZE}."]})
        try:
            after = (moment_of(after_timestamp), after_id) if after_timestamp is not None else None
        except OverflowError as error:
            raise exceptions.ValidationError({"afterTimestamp": ["Out of range."]}) from error
        until = timezone.now() - timedelta(seconds=settings.CHANGE_FEED_SETTLE_SECONDS)
        rows = selectors.opportunity_changes(after=after, until=until, limit=limit)
        items = [_item(row) for row in rows]
        if rows:
            position = {"afterTimestamp": items[-1]["modified"], "afterId": rows[-1].pk}
            self.last_modified = rows[-1].updated_at
        elif after is not None:
            position = {"afterTimestamp": after_timestamp, "afterId": after_id}
        else:
            position = {}
        if limit != PAGE_SIZE:
            position["limit"] = limit
        next_url = request.build_absolute_uri(request.path + ("?" + urlencode(position) if position else ""))
        return Response({"next": next_url, "items": items})
