"""Saved listings: /api/v1/me/saved/ (the pipeline board as a resource) and the idempotent
PUT/DELETE /api/v1/opportunities/{id}/save/.

Mirrors the site: any listing can be saved whatever its status (its page stays up after it
closes, and the item then says so), saving twice keeps one row, and each pipeline change goes
through the same service as the item page's forms. Items are looked up within request.user's
own, so another person's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from accounts.selectors import saved as selectors
from config.api import PersonalMixin
from config.api_fields import StrictCharField, StrictIntegerField
from opportunities import selectors as opportunity_selectors
from opportunities.models import Opportunity, SavedOpportunity, SavedStage
from opportunities.services import saved as services

TAGS = ["saved"]
STAGES = ", ".join(SavedStage.values)


class SavedListingSerializer(serializers.Serializer):
    """Enough of the listing to show the item; the full listing is at /api/v1/opportunities/{id}/."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The listing on its source's site.")
    status = serializers.CharField(help_text="active, expired or withdrawn.")
    organization_name = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(help_text="When we last saw its content or status change.")

    def get_organization_name(self, opportunity: Opportunity) -> str:
        return opportunity.organization.name if opportunity.organization else ""


class SavedItemSerializer(serializers.Serializer):
    """A saved listing and where the person stands with it. Reads a selectors.saved_item
    (a BoardItem: the row plus the notices worked out), never the database."""

    id = serializers.IntegerField(source="saved.pk")
    opportunity = SavedListingSerializer(source="saved.opportunity")
    stage = serializers.ChoiceField(choices=SavedStage.choices, source="saved.stage")
    stage_changed_at = serializers.DateTimeField(source="saved.stage_changed_at")
    stage_moves = serializers.SerializerMethodField(help_text="The stages it may move to now.")
    note = serializers.CharField(source="saved.note")
    follow_up_on = serializers.DateField(source="saved.follow_up_on", allow_null=True)
    follow_up_due = serializers.BooleanField(help_text="The follow-up day has come and it is still open.")
    is_closed = serializers.BooleanField(help_text="The listing is no longer active.")
    is_changed = serializers.BooleanField(help_text="The listing changed since you last looked at it.")
    saved_at = serializers.DateTimeField(source="saved.created_at")

    def to_representation(self, instance: SavedOpportunity) -> dict[str, Any]:
        return super().to_representation(selectors.saved_item(saved=instance))

    def get_stage_moves(self, item: selectors.BoardItem) -> list[str]:
        return [value for value, _ in item.stage_choices]


class SavedItemUpdateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=SavedStage.choices,
        required=False,
        error_messages={"invalid_choice": f"Pick one of the stages: {STAGES}."},
    )
    note = StrictCharField(required=False, allow_blank=True, trim_whitespace=False)
    follow_up_on = serializers.DateField(
        required=False, allow_null=True, help_text="The day to be reminded; null for no reminder."
    )

    def validate_note(self, note: str) -> str:
        # Checked before any write, so a long note cannot leave the stage moved and the note not
        # saved; measured as the service measures it (blanks around it dropped).
        if len(note.strip()) > services.NOTE_MAX_LENGTH:
            raise serializers.ValidationError(f"Keep the note under {services.NOTE_MAX_LENGTH} characters.")
        return note


class SavedItemCreateSerializer(serializers.Serializer):
    opportunity = StrictIntegerField(help_text="The listing's id, as in /api/v1/opportunities/.")


ITEM_EXAMPLE = {
    "id": 7,
    "opportunity": {
        "id": 42,
        "title": "Online reading buddy",
        "url": "https://listings.example.org/42",
        "status": "active",
        "organization_name": "Read Together",
        "expires_at": None,
        "updated_at": "2026-03-01T09:00:00Z",
    },
    "stage": "applied",
    "stage_changed_at": "2026-03-02T10:00:00Z",
    "stage_moves": list(SavedStage.values),
    "note": "Asked about evening slots.",
    "follow_up_on": "2026-03-16",
    "follow_up_due": False,
    "is_closed": False,
    "is_changed": False,
    "saved_at": "2026-03-01T12:00:00Z",
}
ITEM_RESPONSE = OpenApiExample("Saved item", value=ITEM_EXAMPLE, response_only=True)


def _save(request: Request, opportunity: Opportunity) -> Response:
    """Save and answer with the item: 201 when it is new, 200 when it was already saved."""
    # Asked before saving, only to choose the status code: if a parallel request saves it in
    # between, both say 201, and there is still one row.
    already = bool(
        opportunity_selectors.opportunity_saved_ids(user=request.user, opportunity_ids=[opportunity.pk])
    )
    saved = services.opportunity_save(user=request.user, opportunity=opportunity)
    saved = selectors.saved_for(user=request.user).get(pk=saved.pk)
    if already:
        return Response(SavedItemSerializer(saved).data)
    location = request.build_absolute_uri(reverse("api-saved-detail", args=[saved.pk]))
    return Response(
        SavedItemSerializer(saved).data, status=status.HTTP_201_CREATED, headers={"Location": location}
    )


@extend_schema_view(
    list=extend_schema(
        summary="Your saved listings",
        description="Newest first. Filter with `stage`.",
        tags=TAGS,
        parameters=[
            OpenApiParameter(
                "stage",
                str,
                enum=SavedStage.values,
                description="Only the items in this stage of your pipeline.",
            )
        ],
        examples=[ITEM_RESPONSE],
    ),
    retrieve=extend_schema(
        summary="One saved listing",
        description="One of your saved listings, with its stage, note, follow-up day and whether the "
        "listing changed since you last looked.",
        tags=TAGS,
        examples=[ITEM_RESPONSE],
    ),
)
class SavedViewSet(PersonalMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SavedItemSerializer
    filterset_fields = ["stage"]
    lookup_value_converter = "int"
    queryset = SavedOpportunity.objects.none()  # names the model for the schema; reads use get_queryset

    def get_queryset(self) -> Any:
        return selectors.saved_for(user=self.request.user)

    @extend_schema(
        summary="Save a listing",
        description="Idempotent: 201 with the new item, or 200 with the one already there. Any "
        "listing can be saved, also a closed one; an id no listing has is a 404.",
        tags=TAGS,
        request=SavedItemCreateSerializer,
        responses={200: SavedItemSerializer, 201: SavedItemSerializer},
        examples=[OpenApiExample("Save", value={"opportunity": 42}, request_only=True), ITEM_RESPONSE],
    )
    def create(self, request: Request) -> Response:
        data = _valid(SavedItemCreateSerializer, request)
        return _save(request, _listing(data["opportunity"]))

    @extend_schema(
        summary="Move a saved listing along, note it, or set a follow-up day",
        description=f"Send any of `stage` ({STAGES}), `note`, `follow_up_on`. Moving to applied "
        "without a follow-up day sets one two weeks ahead. A withdrawn item must be moved back to "
        "saved before it can move anywhere else. The same change twice changes nothing.",
        tags=TAGS,
        request=SavedItemUpdateSerializer,
        responses={200: SavedItemSerializer},
        examples=[OpenApiExample("Applied", value={"stage": "applied"}, request_only=True), ITEM_RESPONSE],
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        saved = self.get_object()
        data = _valid(SavedItemUpdateSerializer, request)
        # The stage first: it is the one change a service may still refuse (a withdrawn item),
        # and then nothing has been written. An explicit follow-up day, last, wins over the one
        # moving to applied picks.
        if "stage" in data:
            saved = services.saved_stage_set(saved=saved, stage=data["stage"])
        if "note" in data:
            saved = services.saved_note_set(saved=saved, note=data["note"])
        if "follow_up_on" in data:
            saved = services.saved_follow_up_set(saved=saved, follow_up_on=data["follow_up_on"])
        return Response(self.get_serializer(saved).data)

    @extend_schema(
        summary="Unsave a listing", description="Takes it off your list.", tags=TAGS, responses={204: None}
    )
    def destroy(self, request: Request, pk: int) -> Response:
        saved = self.get_object()
        services.opportunity_unsave(user=request.user, opportunity=saved.opportunity)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Mark a saved listing as seen",
        description="You have looked at the listing as it is now: `is_changed` turns false until it changes again.",
        tags=TAGS,
        request=None,
        responses={200: SavedItemSerializer},
        examples=[ITEM_RESPONSE],
    )
    @action(detail=True, methods=["post"], url_path="mark-seen")
    def mark_seen(self, request: Request, pk: int) -> Response:
        saved = services.saved_seen_mark(saved=self.get_object())
        return Response(self.get_serializer(saved).data)


class OpportunitySaveView(PersonalMixin, APIView):
    """Saving as a state of the listing: PUT puts it on your list, DELETE takes it off; both can
    be repeated safely."""

    @extend_schema(
        summary="Save a listing (idempotent)",
        description="201 with the new saved item, or 200 with the one already there.",
        tags=TAGS,
        request=None,
        responses={200: SavedItemSerializer, 201: SavedItemSerializer},
        examples=[ITEM_RESPONSE],
    )
    def put(self, request: Request, opportunity_id: int) -> Response:
        return _save(request, _listing(opportunity_id))

    @extend_schema(
        summary="Unsave a listing (idempotent)",
        description="204 whether or not it was saved.",
        tags=TAGS,
        responses={204: None},
    )
    def delete(self, request: Request, opportunity_id: int) -> Response:
        services.opportunity_unsave(user=request.user, opportunity=_listing(opportunity_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _listing(opportunity_id: int) -> Opportunity:
    # A 404 also when the id comes in a body: the request names a listing that is not there, as
    # PUT /opportunities/{id}/save/ does in its URL.
    opportunity = opportunity_selectors.opportunity_get(opportunity_id=opportunity_id)
    if opportunity is None:
        raise NotFound(f"No listing has the id {opportunity_id}: take ids from /api/v1/opportunities/.")
    return opportunity


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


router = SimpleRouter(use_regex_path=False)
router.register("me/saved", SavedViewSet, basename="api-saved")

urlpatterns = [
    *router.urls,
    path(
        "opportunities/<int:opportunity_id>/save/", OpportunitySaveView.as_view(), name="api-opportunity-save"
    ),
]
