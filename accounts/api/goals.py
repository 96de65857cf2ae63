"""/api/v1/me/goals/: a person's goals with their progress; create (custom, school, or a PVSA
award level), read, change, delete.

Thin like the goal pages in accounts/views/progress.py: goals are read through selectors scoped
to request.user (another person's goal is a 404), progress is counted by the dashboard's own
selector, and every write is one call to accounts.services.goals, whose rules and messages
(target between 1 and 100,000 h, end on or after start, ...) are the site's.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import include, path, reverse
from drf_spectacular.utils import (
    OpenApiExample,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import routers, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import pvsa
from accounts.api.hours_serializers import GoalSerializer, not_blank
from accounts.models import Goal, GoalKind
from accounts.selectors.hours_summary import goal_progress_for, goals_for
from accounts.services import goals as services
from config.api import PersonalMixin
from config.api_fields import StrictBooleanField, StrictCharField, StrictIntegerField

TAGS = ["goals"]
DAY_FORMAT_MESSAGE = "Enter a day like 2026-03-03."
TARGET_MESSAGE = f"Choose a target between 1 and {services.MAX_TARGET_HOURS:,} hours."
TARGET_TYPE_MESSAGE = "Give the target as a whole number of hours, e.g. 100."
NAME_MESSAGE = "Give the goal a name."  # the service's words
VERIFIED_ONLY_MESSAGE = "Send true or false."


def _choices_message(choices: list[tuple[str, str]]) -> str:
    return "Choose one of: " + ", ".join(key for key, _ in choices) + "."


class GoalCustomWriteSerializer(serializers.Serializer):
    """A goal of your own, or a school's requirement: a target and a window."""

    CUSTOM_KINDS = [
        (GoalKind.CUSTOM.value, GoalKind.CUSTOM.label),
        (GoalKind.SCHOOL.value, GoalKind.SCHOOL.label),
    ]

    kind = serializers.ChoiceField(
        choices=CUSTOM_KINDS,
        required=False,
        default=GoalKind.CUSTOM.value,
        error_messages={"invalid_choice": _choices_message([*CUSTOM_KINDS, (GoalKind.PVSA.value, "")])},
    )
    # A blank name is the service's to refuse too (same message); here so the schema states it.
    name = StrictCharField(
        max_length=120,
        validators=[not_blank(NAME_MESSAGE)],
        error_messages={"blank": NAME_MESSAGE, "required": NAME_MESSAGE},
    )
    # The range is the service's too (same message); it is here so the schema states it.
    target_hours = StrictIntegerField(
        min_value=1,
        max_value=services.MAX_TARGET_HOURS,
        help_text="Whole hours.",
        error_messages={
            "min_value": TARGET_MESSAGE,
            "max_value": TARGET_MESSAGE,
            "invalid": TARGET_TYPE_MESSAGE,
        },
    )
    starts_on = serializers.DateField(error_messages={"invalid": DAY_FORMAT_MESSAGE})
    ends_on = serializers.DateField(
        help_text="This day counts.", error_messages={"invalid": DAY_FORMAT_MESSAGE}
    )
    verified_only = StrictBooleanField(
        required=False,
        default=False,
        help_text="Count only hours a contact verified or an organisation approved.",
        error_messages={"invalid": VERIFIED_ONLY_MESSAGE},
    )


class GoalPvsaWriteSerializer(serializers.Serializer):
    """A President's Volunteer Service Award level: the level's hours within 12 months."""

    # A later start's window would end after 9999-12-31, which accounts.pvsa.goal_for cannot
    # compute (a ValueError, a 500 on the site's form too): refused here with a message instead.
    LAST_START = datetime.date(9998, 12, 31)

    kind = serializers.ChoiceField(choices=[(GoalKind.PVSA.value, GoalKind.PVSA.label)])
    band = serializers.ChoiceField(
        choices=pvsa.BAND_CHOICES, error_messages={"invalid_choice": _choices_message(pvsa.BAND_CHOICES)}
    )
    level = serializers.ChoiceField(
        choices=pvsa.LEVEL_CHOICES, error_messages={"invalid_choice": _choices_message(pvsa.LEVEL_CHOICES)}
    )
    starts_on = serializers.DateField(
        help_text="The 12 months start on this day; the goal ends the day before its anniversary.",
        error_messages={"invalid": DAY_FORMAT_MESSAGE},
    )
    verified_only = StrictBooleanField(
        required=False,
        default=True,
        help_text="A certifying organisation will want hours it can check.",
        error_messages={"invalid": VERIFIED_ONLY_MESSAGE},
    )

    def validate_starts_on(self, value: datetime.date) -> datetime.date:
        if value > self.LAST_START:
            raise serializers.ValidationError(
                f"Choose a start day on or before {self.LAST_START.isoformat()}."
            )
        return value


class GoalUpdateSerializer(GoalCustomWriteSerializer):
    """The fields a goal's edit form has; the kind stays what it was."""

    kind = None  # type: ignore[assignment]


GOAL_EXAMPLE = {
    "id": 5,
    "kind": "pvsa",
    "name": "President's Volunteer Service Award: Bronze, Teens 11 to 15",
    "target_hours": 50,
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "verified_only": True,
    "created_at": "2026-01-02T10:00:00Z",
    "progress": {"counted_minutes": 1530, "counted_hours": 25.5, "percent": 51, "reached": False},
}
CUSTOM_EXAMPLE = {
    "name": "100 hours this year",
    "target_hours": 100,
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
}
PVSA_EXAMPLE = {"kind": "pvsa", "band": "teens", "level": "bronze", "starts_on": "2026-01-01"}


@extend_schema_view(
    list=extend_schema(
        summary="List my goals",
        description="Your goals, newest first, each with the hours counted in its window.",
        examples=[OpenApiExample("A goal", value=GOAL_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary="Set a goal",
        description="Either your own goal or a school's requirement (`kind` custom or school, with name, "
        "target and window), or a PVSA award level (`kind` pvsa, with age band, level and start day: the "
        "target and the 12-month window follow from the award's table). Sending the same goal twice "
        "returns the first one instead of adding a twin.",
        request=PolymorphicProxySerializer(
            component_name="GoalCreate",
            serializers=[GoalCustomWriteSerializer, GoalPvsaWriteSerializer],
            resource_type_field_name=None,
        ),
        responses={201: GoalSerializer},
        examples=[
            OpenApiExample("Your own goal", value=CUSTOM_EXAMPLE, request_only=True),
            OpenApiExample("A PVSA level", value=PVSA_EXAMPLE, request_only=True),
            OpenApiExample("Set", value=GOAL_EXAMPLE, response_only=True),
        ],
    ),
    retrieve=extend_schema(
        summary="Read one goal",
        description="One of your goals, with the hours counted in its window so far.",
        examples=[OpenApiExample("A goal", value=GOAL_EXAMPLE, response_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change a goal",
        description="Only the fields sent change; the kind stays.",
        request=GoalUpdateSerializer,
        examples=[
            OpenApiExample("New target", value={"target_hours": 60}, request_only=True),
            OpenApiExample("Changed", value={**GOAL_EXAMPLE, "target_hours": 60}, response_only=True),
        ],
    ),
    destroy=extend_schema(summary="Delete a goal", description="Your hours are untouched."),
)
@extend_schema(tags=TAGS)
class GoalViewSet(PersonalMixin, viewsets.GenericViewSet):
    serializer_class = GoalSerializer
    lookup_value_regex = r"\d+"
    queryset = Goal.objects.none()  # for the schema generator only: get_queryset() scopes to the person
    # No PUT: a goal is changed field by field, as its edit form does.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Goal]:
        return goals_for(user=self.request.user)

    def _goal_body(self, goal: Goal) -> dict[str, Any]:
        [shown] = goal_progress_for(user=self.request.user, goals=[goal])
        return self.get_serializer(shown).data

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        shown = goal_progress_for(user=request.user, goals=page)
        return self.get_paginated_response(self.get_serializer(shown, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._goal_body(self.get_object()))

    def create(self, request: Request) -> Response:
        kind = request.data.get("kind") if isinstance(request.data, dict) else None
        if kind == GoalKind.PVSA:
            given = GoalPvsaWriteSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            data = given.validated_data
            goal = services.goal_create_pvsa(
                user=request.user,
                band=data["band"],
                level=data["level"],
                starts_on=data["starts_on"],
                verified_only=data["verified_only"],
            )
        else:
            given = GoalCustomWriteSerializer(data=request.data)
            given.is_valid(raise_exception=True)
            goal = services.goal_create(user=request.user, **given.validated_data)
        location = reverse("api-goals-detail", kwargs={"pk": goal.pk})
        return Response(self._goal_body(goal), status=status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request: Request, pk: str) -> Response:
        goal = self.get_object()
        given = GoalUpdateSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        current = {name: getattr(goal, name) for name in GoalUpdateSerializer().fields}
        goal = services.goal_update(goal=goal, **(current | given.validated_data))
        return Response(self._goal_body(goal))

    def destroy(self, request: Request, pk: str) -> Response:
        services.goal_delete(goal=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


router = routers.SimpleRouter()
router.register("me/goals", GoalViewSet, basename="api-goals")

urlpatterns = [path("", include(router.urls))]
