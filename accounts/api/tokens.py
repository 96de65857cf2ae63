"""Personal API tokens: /api/v1/me/tokens/.

The secret is in one answer only, the one that creates the token: we keep its sha-256, so
nobody (us included) can show it again. Lists show the prefix, enough to tell tokens apart.
Revoking is idempotent and keeps the row, as a record of what had access and when.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts.models import ApiToken
from accounts.selectors import tokens as selectors
from accounts.services import tokens as services
from config.api import PersonalMixin
from config.api_fields import StrictCharField

TAGS = ["tokens"]


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The secret's first characters, to tell tokens apart.")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True, help_text="Updated at most once a minute.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    is_active = serializers.BooleanField()


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        help_text="The secret, for `Authorization: Bearer <token>`. Shown in this answer only: store it now."
    )


NAME_BLANK = "Give the token a name, e.g. the script or service that will use it."


class ApiTokenCreateSerializer(serializers.Serializer):
    # The service tidies and checks the name (blanks, length), so its messages are the site's; an
    # empty or whitespace-only name is refused here too only so the schema can say so (minLength,
    # pattern \S), in the same words.
    name = StrictCharField(
        trim_whitespace=False,
        validators=[RegexValidator(r"\S", message=NAME_BLANK)],
        error_messages={"blank": NAME_BLANK},
        help_text="What uses it, e.g. the script's name.",
    )


TOKEN_EXAMPLE = {
    "id": 5,
    "name": "Calendar sync",
    "prefix": "pi_Xk3v9Qa",
    "created_at": "2026-03-01T12:00:00Z",
    "last_used_at": None,
    "revoked_at": None,
    "is_active": True,
}


@extend_schema_view(
    list=extend_schema(
        summary="Your API tokens",
        description="Newest first, revoked ones included. Never the secrets.",
        tags=TAGS,
        examples=[OpenApiExample("Token", value=TOKEN_EXAMPLE, response_only=True)],
    )
)
class ApiTokenViewSet(PersonalMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer
    lookup_value_converter = "int"
    queryset = ApiToken.objects.none()  # names the model for the schema; reads use the selectors

    def get_queryset(self) -> Any:
        return selectors.api_tokens_for(user=self.request.user)

    @extend_schema(
        summary="Create an API token",
        description=f"The answer holds the secret (`token`), once. At most {services.MAX_ACTIVE_TOKENS} "
        "active tokens: revoke one first beyond that.",
        tags=TAGS,
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer},
        examples=[
            OpenApiExample("Create", value={"name": "Calendar sync"}, request_only=True),
            OpenApiExample(
                "Created", value={**TOKEN_EXAMPLE, "token": "pi_Xk3v9Qa…(43 characters)"}, response_only=True
            ),
        ],
    )
    def create(self, request: Request) -> Response:
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.api_token_create(user=request.user, name=serializer.validated_data["name"])
        body = {**ApiTokenSerializer(created.token).data, "token": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke an API token",
        description="It stops working at once (also when it is the one making this request). "
        "Revoking a revoked token is a 204 again.",
        tags=TAGS,
        responses={204: None},
    )
    def destroy(self, request: Request, pk: int) -> Response:
        token = selectors.api_token_get(user=request.user, token_id=pk)
        if token is None:
            raise NotFound("You have no token with this id.")
        services.api_token_revoke(token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter(use_regex_path=False)
router.register("me/tokens", ApiTokenViewSet, basename="api-tokens")
urlpatterns = router.urls
