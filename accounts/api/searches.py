"""Saved searches: /api/v1/me/searches/.

A search is a results page's query string; `results` runs it against the API's catalogue. Its
private feed URLs carry a secret we keep only as a hash, so they appear in exactly two answers:
the one that creates the search and the one that replaces its links (rotate-feed). Searches are
looked up within request.user's own, so another person's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import feeds
from accounts.models import AlertFrequency, SavedSearch
from accounts.selectors import searches as selectors
from accounts.services import searches as services
from config.api import PersonalMixin
from config.api_fields import StrictCharField
from opportunities import paging

TAGS = ["searches"]
ALERTS = ", ".join(AlertFrequency.values)
NAME_BLANK = "Give the search a name, so you can tell it apart in your list and e-mails."
NAME_NOT_BLANK = RegexValidator(r"\S", message=NAME_BLANK)  # documented as `pattern: \S`
ALERTS_ERRORS = {"invalid_choice": f"Pick how often to hear about new matches: {ALERTS}."}


class SavedSearchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    query = serializers.CharField(
        help_text='The results page\'s query string, e.g. "cause=education&q=tutor".'
    )
    results = serializers.SerializerMethodField(help_text="Its matches in the API's catalogue.")
    alerts = serializers.ChoiceField(
        choices=AlertFrequency.choices, help_text="E-mail digests of new matches."
    )
    last_digest_sent_at = serializers.DateTimeField(source="last_sent_at", allow_null=True)
    created_at = serializers.DateTimeField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_results(self, search: SavedSearch) -> str:
        # The stored query is the results page's; the catalogue takes the same filters, and calls
        # the page's `sort` (same values) `ordering`. Relevance is left out: it is the catalogue's
        # default when there are words to match, and refused when there are none (the page
        # quietly falls back instead).
        params = QueryDict(search.query, mutable=True)
        sort = params.pop("sort", [""])[-1]
        if sort and sort != paging.Sort.RELEVANCE:
            params["ordering"] = sort
        query = params.urlencode()
        path = reverse("api-opportunity-list") + (f"?{query}" if query else "")
        return self.context["request"].build_absolute_uri(path)


class FeedUrlsSerializer(serializers.Serializer):
    rss = serializers.URLField()
    atom = serializers.URLField()
    ics = serializers.URLField()


class SavedSearchWithFeedsSerializer(SavedSearchSerializer):
    feed_urls = FeedUrlsSerializer(
        allow_null=True,
        help_text="The private RSS, Atom and iCal URLs. Shown once: null when the search already existed "
        "(its links were shown when it was made). Lost them? POST rotate-feed for new ones.",
    )


class SavedSearchCreateSerializer(serializers.Serializer):
    query = StrictCharField(
        allow_blank=True,
        trim_whitespace=True,
        help_text="A results page's query string; empty for every listing.",
    )
    name = StrictCharField(
        required=False,
        max_length=services.NAME_MAX_LENGTH,
        validators=[NAME_NOT_BLANK],
        error_messages={"blank": NAME_BLANK},
    )
    alerts = serializers.ChoiceField(
        choices=AlertFrequency.choices, required=False, error_messages=ALERTS_ERRORS
    )


class SavedSearchUpdateSerializer(serializers.Serializer):
    # Length and blanks are the service's to judge, so its messages are the site's; an empty or
    # whitespace-only name is refused here too only so the schema can say so (minLength, pattern
    # \S), with the same words.
    name = StrictCharField(
        required=False,
        trim_whitespace=False,
        validators=[NAME_NOT_BLANK],
        error_messages={"blank": NAME_BLANK},
    )
    alerts = serializers.ChoiceField(
        choices=AlertFrequency.choices, required=False, error_messages=ALERTS_ERRORS
    )


SEARCH_EXAMPLE = {
    "id": 3,
    "name": "“tutor” · Education",
    "query": "cause=education&q=tutor",
    "results": "http://127.0.0.1:8000/api/v1/opportunities/?cause=education&q=tutor",
    "alerts": "weekly",
    "last_digest_sent_at": None,
    "created_at": "2026-03-01T12:00:00Z",
}
FEEDS_EXAMPLE = {
    **SEARCH_EXAMPLE,
    "feed_urls": {kind: f"http://127.0.0.1:8000/me/searches/feed/SECRET.{kind}" for kind in feeds.KINDS},
}
SEARCH_RESPONSE = OpenApiExample("Saved search", value=SEARCH_EXAMPLE, response_only=True)
FEEDS_RESPONSE = OpenApiExample("With its feed links (shown once)", value=FEEDS_EXAMPLE, response_only=True)


@extend_schema_view(
    list=extend_schema(
        summary="Your saved searches", description="Newest first.", tags=TAGS, examples=[SEARCH_RESPONSE]
    ),
    retrieve=extend_schema(
        summary="One saved search",
        description="One of your saved searches: its query, the listings URL it stands for and its alerts. "
        "The feed URLs are not shown again (POST rotate-feed for new ones).",
        tags=TAGS,
        examples=[SEARCH_RESPONSE],
    ),
)
class SavedSearchViewSet(
    PersonalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = SavedSearchSerializer
    lookup_value_converter = "int"
    queryset = SavedSearch.objects.none()  # names the model for the schema; reads use get_queryset

    def get_queryset(self) -> Any:
        return selectors.saved_searches_for(user=self.request.user)

    @extend_schema(
        summary="Save a search",
        description="Idempotent on the query (normalised as the site does: filter order, empty values "
        "and paging do not count): 201 with its feed links the first time, 200 with `feed_urls` null "
        "after. `name` and `alerts`, when given, are applied either way.",
        tags=TAGS,
        request=SavedSearchCreateSerializer,
        responses={200: SavedSearchWithFeedsSerializer, 201: SavedSearchWithFeedsSerializer},
        examples=[
            OpenApiExample(
                "Save", value={"query": "cause=education&q=tutor", "alerts": "weekly"}, request_only=True
            ),
            FEEDS_RESPONSE,
        ],
    )
    def create(self, request: Request) -> Response:
        data = _valid(SavedSearchCreateSerializer, request)
        search, token = services.saved_search_create(
            user=request.user, params=QueryDict(data["query"].lstrip("?"))
        )
        if "name" in data or "alerts" in data:
            search = services.saved_search_update(
                saved_search=search,
                name=data.get("name", search.name),
                alerts=data.get("alerts", search.alerts),
            )
        body = self._with_feeds(search.pk, token)
        if token is None:
            return Response(body)
        location = request.build_absolute_uri(reverse("api-searches-detail", args=[search.pk]))
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    @extend_schema(
        summary="Rename a saved search or change its alerts",
        description=f"Send `name`, `alerts` ({ALERTS}) or both. Turning alerts on starts them from now.",
        tags=TAGS,
        request=SavedSearchUpdateSerializer,
        responses={200: SavedSearchSerializer},
        examples=[OpenApiExample("Daily", value={"alerts": "daily"}, request_only=True), SEARCH_RESPONSE],
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        search = self.get_object()
        data = _valid(SavedSearchUpdateSerializer, request)
        services.saved_search_update(
            saved_search=search, name=data.get("name", search.name), alerts=data.get("alerts", search.alerts)
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Delete a saved search",
        description="No more e-mails, and its feed URLs stop working.",
        tags=TAGS,
        responses={204: None},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        services.saved_search_delete(saved_search=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Replace a saved search's feed links",
        description="New private feed URLs, shown in this answer only; the old ones stop working at once.",
        tags=TAGS,
        request=None,
        responses={200: SavedSearchWithFeedsSerializer},
        examples=[FEEDS_RESPONSE],
    )
    @action(detail=True, methods=["post"], url_path="rotate-feed")
    def rotate_feed(self, request: Request, pk: int) -> Response:
        token = services.saved_search_feed_rotate(saved_search=self.get_object())
        return Response(self._with_feeds(pk, token))

    def _with_feeds(self, search_id: int, token: str | None) -> dict[str, Any]:
        # Read back through the selector: the answer shows what a GET would (with last_sent_at).
        search = self.get_queryset().get(pk=search_id)
        body = dict(self.get_serializer(search).data)
        body["feed_urls"] = feeds.feed_urls(token=token) if token else None
        return body


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


router = SimpleRouter(use_regex_path=False)
router.register("me/searches", SavedSearchViewSet, basename="api-searches")
urlpatterns = router.urls
