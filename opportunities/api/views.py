"""The public catalogue, read-only and anonymous: listings (with the browse page's filters and
full-text search, through the same selectors), causes, skills, sources and organisations."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ConditionalGetMixin, DefaultPagination
from opportunities import paging, selectors
from opportunities.api import examples
from opportunities.api.serializers import (
    CauseSerializer,
    OpportunityCardSerializer,
    OpportunityDetailSerializer,
    OrganizationSerializer,
    SkillSerializer,
    SourceSerializer,
)
from opportunities.filters import MAX_ID, MAX_VALUES, OpportunityApiFilter

MAX_PAGE_SIZE = DefaultPagination.max_page_size
DEFAULT_PAGE_SIZE = DefaultPagination.page_size
TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"", "0", "false", "no", "off"}

OpportunityPageSerializer = inline_serializer(
    name="OpportunityPage",
    fields={
        "next": serializers.URLField(allow_null=True, help_text="The next page, or null on the last one."),
        "previous": serializers.URLField(allow_null=True, help_text="The page before, or null on the first."),
        "ordering": serializers.ChoiceField(choices=paging.Sort.CHOICES, help_text="The order used."),
        "results": OpportunityCardSerializer(many=True),
    },
)
# The list answers one page object, not a list of them (the viewset's `list` name suggests many).
set_override(OpportunityPageSerializer, "many", False)

# The list's parameters, with the constraints the FilterSet checks (so the schema says exactly
# what is accepted: a value it allows is never refused, except for the cross-field rules such as
# work_to after work_from, which OpenAPI cannot state and the 400's `errors` explains).
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
_SLUGS = {
    "type": "array",
    "items": {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,64}$"},
    "maxItems": MAX_VALUES,
}
_HOURS_A_WEEK = {"type": "number", "minimum": 0, "maximum": 168}
FILTER_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 200},
        description='Full-text search: words (all must match), "a phrase", -excluded, or.',
    ),
    OpenApiParameter("cause", _SLUGS, explode=True, description="Cause slugs (any of them): /causes/."),
    OpenApiParameter("skill", _SLUGS, explode=True, description="Skill slugs (any of them): /skills/."),
    OpenApiParameter(
        "country",
        {"type": "string", "pattern": "^[A-Za-z]{2}$"},
        description="ISO 3166-1 alpha-2: listings open to people living there.",
    ),
    OpenApiParameter(
        "language",
        {"type": "string", "maxLength": 8},
        description='A language the volunteer speaks (BCP 47, "es" finds "es-MX").',
    ),
    OpenApiParameter(
        "tz",
        {"$ref": "#/components/schemas/TimeZone"},
        description="Your IANA time zone, for `overlap` (default UTC).",
    ),
    OpenApiParameter(
        "work_from", int, enum=list(range(25)), description="Your hours start (0-24), for `overlap`."
    ),
    OpenApiParameter(
        "work_to", int, enum=list(range(25)), description="Your hours end (0-24), for `overlap`."
    ),
    OpenApiParameter(
        "overlap",
        {"type": "number", "minimum": 1, "maximum": 8},
        description="At least this many hours (1-8) of the listing's live hours fall in yours.",
    ),
    OpenApiParameter("async_only", bool, description="Only listings done at your own pace (no fixed hours)."),
    OpenApiParameter("hours_min", _HOURS_A_WEEK, description="At least this many hours a week."),
    OpenApiParameter("hours_max", _HOURS_A_WEEK, description="At most this many hours a week."),
    OpenApiParameter(
        "deadline_after",
        OpenApiTypes.DATE,
        description="Still open on this day (no deadline counts as open).",
    ),
    OpenApiParameter("source", _ID, description="A source id: /sources/."),
    OpenApiParameter("organization", _ID, description="An organisation id: /organizations/."),
    OpenApiParameter("cluster", _ID, description="One duplicate cluster's listings (every copy)."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Changed at or after this moment (ISO 8601 with offset).",
    ),
]

LIST_PARAMETERS = [
    *FILTER_PARAMETERS,
    OpenApiParameter(
        "ordering",
        str,
        enum=sorted(paging.Sort.VALUES),
        description="relevance (needs words in `q`; the default when there are), newest (the default "
        "otherwise) or closing (soonest deadline first; no deadline last).",
    ),
    OpenApiParameter(
        "cursor", str, description="The position to start from: take it from a `next` or `previous` link."
    ),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        description=f"Listings per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
    ),
    OpenApiParameter(
        "expand_clusters",
        bool,
        description="By default a listing published on several sites appears once (its richest "
        "copy). With true, every copy appears; `cluster` lists one cluster's copies.",
    ),
]


def _page_size(request: Request, errors: dict[str, list[str]]) -> int:
    try:
        size = DefaultPagination.page_size_from(request.query_params.get("page_size"))
    except ValueError as error:
        errors["page_size"] = [str(error)]
        return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if size is None else size


def _flag(request: Request, name: str, errors: dict[str, list[str]]) -> bool:
    raw = request.query_params.get(name, "").strip().lower()
    if raw not in TRUE_VALUES | FALSE_VALUES:
        errors[name] = ["Use true or false."]
    return raw in TRUE_VALUES


def _link(request: Request, **changes: str | None) -> str:
    params = [(key, value) for key in request.query_params for value in request.query_params.getlist(key)]
    params = [(key, value) for key, value in params if key not in changes]
    params += [(key, value) for key, value in changes.items() if value is not None]
    return request.build_absolute_uri(request.path + ("?" + urlencode(params) if params else ""))


class OpportunityViewSet(ConditionalGetMixin, viewsets.GenericViewSet):
    """Active listings with the browse page's filters and search (one FilterSet, one selector)."""

    permission_classes = [AllowAny]
    filterset_class = OpportunityApiFilter
    serializer_class = OpportunityCardSerializer
    pagination_class = None  # paged by the search selector's own keyset cursors (see list)
    lookup_value_regex = "[0-9]{1,18}"  # ASCII digits that fit a 64-bit id; anything else is a 404

    def get_queryset(self) -> Any:  # for the schema generator only; list() reads via selectors
        return selectors.opportunity_api_filterset(data=None).queryset

    @extend_schema(
        summary="Search and list active listings",
        description="Every filter of the browse page, combined with AND (several values of one "
        'filter with OR). `q` is the same full-text search: words, "a phrase", -excluded, '
        "`or`. Invalid values are a 400 with one entry per parameter in `errors`; nothing is "
        "silently ignored. No total count is computed: follow `next` until it is null.",
        parameters=LIST_PARAMETERS,
        responses={200: OpportunityPageSerializer},
        examples=[examples.OPPORTUNITY_PAGE],
        tags=["catalogue"],
    )
    def list(self, request: Request) -> Response:
        filterset = selectors.opportunity_api_filterset(data=request.query_params)
        errors: dict[str, list[str]] = {} if filterset.is_valid() else dict(filterset.errors)
        requested = request.query_params.get("ordering") or None
        if requested is not None and requested not in paging.Sort.VALUES:
            errors["ordering"] = [f"One of: {', '.join(sorted(paging.Sort.VALUES))}."]
        elif requested == paging.Sort.RELEVANCE and not selectors.search_has_words(filterset=filterset):
            errors["ordering"] = ["relevance needs words to match in q."]
        limit, expand = _page_size(request, errors), _flag(request, "expand_clusters", errors)
        _flag(request, "async_only", errors)  # the FilterSet reads any other word as "not given"
        if errors:
            raise exceptions.ValidationError(errors)
        sort = selectors.search_sort(filterset=filterset, requested=requested)
        try:
            page = selectors.opportunity_search(
                filterset=filterset,
                sort=sort,
                cursor=request.query_params.get("cursor") or None,
                limit=limit,
                # Asking for one cluster means asking for its members.
                one_per_cluster=not (expand or "cluster" in request.query_params),
            )
        except paging.BadCursor as error:
            raise exceptions.ParseError(str(error)) from error
        # Every list of listings is at most as new as the newest change in the catalogue; but a
        # "posted within N days" list also changes as time passes, so it has no Last-Modified.
        if not filterset.form.cleaned_data.get("posted_within"):
            self.last_modified = selectors.catalogue_last_modified()
        return Response(
            {
                "next": _link(request, cursor=page.next_cursor) if page.next_cursor else None,
                "previous": _link(request, cursor=page.previous_cursor) if page.previous_cursor else None,
                "ordering": sort,
                "results": OpportunityCardSerializer(page.items, many=True).data,
            }
        )

    @extend_schema(
        summary="One listing in full",
        description="Any status: an expired or withdrawn listing keeps its record (see `status`). "
        "Includes every cause and skill with why it was tagged, the other sites listing the same "
        "opportunity, and whom to credit.",
        responses={200: OpportunityDetailSerializer},
        examples=[examples.OPPORTUNITY_DETAIL],
        tags=["catalogue"],
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        opportunity = selectors.opportunity_get(opportunity_id=int(pk))
        if opportunity is None:
            raise Http404("No listing with this id.")
        members = selectors.opportunity_cluster_members(opportunity=opportunity)
        mates = [member for member in members if member.is_active]
        opportunity.also_listed = len(mates)
        opportunity.also_listed_members = mates
        # The body lists the active cluster mates, so it is as new as the newest member in any
        # status: a mate that just expired left the list, and that is a change too.
        self.last_modified = max([opportunity.updated_at, *(member.updated_at for member in members)])
        return Response(OpportunityDetailSerializer(opportunity).data)


class CauseViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """The cause taxonomy (stable slugs), with how many active listings each has. Not paged: it is
    a fixed list of a few dozen."""

    permission_classes = [AllowAny]
    serializer_class = CauseSerializer
    pagination_class = None
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]{1,64}"
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.cause_list_with_counts()

    @extend_schema(summary="Every cause", examples=[examples.CAUSES], tags=["catalogue"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One cause", tags=["catalogue"])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


class SkillViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """The skills we tag listings with. Not paged: a fixed list."""

    permission_classes = [AllowAny]
    serializer_class = SkillSerializer
    pagination_class = None
    lookup_field = "slug"
    lookup_value_regex = "[-a-z0-9_]{1,64}"
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.skill_list()

    @extend_schema(summary="Every skill", tags=["catalogue"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One skill", tags=["catalogue"])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


class _IdPagination(DefaultPagination):
    ordering = "id"


class SourceViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """The feeds and providers we read: whom to credit, their terms, and how fresh our copy is."""

    permission_classes = [AllowAny]
    serializer_class = SourceSerializer
    pagination_class = _IdPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.source_list_with_counts()

    @extend_schema(summary="Every source", examples=[examples.SOURCES], tags=["catalogue"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One source", tags=["catalogue"])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)


class OrganizationViewSet(
    ConditionalGetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Organisations named by listings (deduplicated by normalised name). Their listings:
    /opportunities/?organization={id}."""

    permission_classes = [AllowAny]
    serializer_class = OrganizationSerializer
    pagination_class = _IdPagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return selectors.organization_list()

    @extend_schema(summary="Every organisation", tags=["catalogue"])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One organisation", tags=["catalogue"])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organization = self.get_object()
        self.last_modified = organization.updated_at
        return Response(self.get_serializer(organization).data)
