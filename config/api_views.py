"""The API's own small views: its root (links to every collection) and one page per problem type,
so the `type` URL in an error body explains itself."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import PROBLEM_TYPES, ConditionalGetMixin, problem_type_url

ROOT_LINKS = {
    "opportunities": "api-opportunity-list",
    "causes": "api-cause-list",
    "skills": "api-skill-list",
    "sources": "api-source-list",
    "organizations": "api-organization-list",
    "changes": "api-changes-opportunities",
    "me": "api-me",
    "schema": "api-schema",
    "docs": "api-docs",
}


class ApiRootView(ConditionalGetMixin, APIView):
    """Links to every collection, the schema and the documentation."""

    permission_classes = [AllowAny]

    @extend_schema(
        summary="API root",
        responses={200: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample("Links", value={"opportunities": "http://127.0.0.1:8000/api/v1/opportunities/"})
        ],
        tags=["meta"],
    )
    def get(self, request: Request) -> Response:
        links: dict[str, Any] = {}
        for name, url_name in ROOT_LINKS.items():
            try:
                links[name] = request.build_absolute_uri(reverse(url_name))
            except NoReverseMatch:  # an area not mounted (yet) is simply not linked
                continue
        return Response(links)


ProblemTypeSerializer = inline_serializer(
    name="ProblemType",
    fields={
        "type": serializers.URLField(),
        "title": serializers.CharField(),
        "status": serializers.IntegerField(),
        "description": serializers.CharField(),
    },
)


class ProblemTypeView(ConditionalGetMixin, APIView):
    """What one kind of error means and what to do about it."""

    permission_classes = [AllowAny]

    @extend_schema(summary="Describe a problem type", responses={200: ProblemTypeSerializer}, tags=["meta"])
    def get(self, request: Request, slug: str) -> Response:
        kind = PROBLEM_TYPES.get(slug)
        if kind is None:
            raise Http404("No such problem type.")
        return Response(
            {
                "type": problem_type_url(slug),
                "title": kind.title,
                "status": kind.status,
                "description": kind.description,
            }
        )
