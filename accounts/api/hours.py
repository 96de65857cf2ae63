"""/api/v1/me/hours/: a person's hours log (list, log, read, edit, delete), asking a contact to
verify an entry, the summary, and the CSV export.

Thin like the pages in accounts/views/hours.py: entries are read through accounts.selectors.hours
(scoped to request.user, so another person's id is a 404) and every write is one call to
accounts.services.hours or .verification with via="api". A verified entry is locked: changing
or deleting it is a 409, as on the site.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import include, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api import hours_serializers as shapes
from accounts.models import HoursEntry, TrustLevel, VerificationStatus
from accounts.selectors import hours as selectors
from accounts.selectors.hours_summary import hours_summary_get
from accounts.selectors.progress import hours_csv_rows, hours_export_filename
from accounts.services import hours as services
from accounts.services import verification
from accounts.services.audit import VIA_API
from accounts.services.hours import LOCKED_MESSAGE
from config.api import Conflict, DefaultPagination, PersonalMixin

TAGS = ["hours"]
DAY_FORMAT_MESSAGE = "Enter a day like 2026-03-03."


def conflict_from(error: ValidationError) -> Exception:
    """The hours and verification services key every input error by field; an unkeyed error is
    about the entry's state (locked, already verified, not waiting for an answer), which no
    change to the body can fix: a 409, not a 400."""
    if hasattr(error, "error_dict"):
        return error
    return Conflict(" ".join(error.messages))


class HoursEntryFilter(django_filters.FilterSet):
    trust = django_filters.ChoiceFilter(
        choices=TrustLevel.choices,
        help_text="Only entries of this trust level.",
        error_messages={"invalid_choice": "Choose self_reported, verified or approved."},
    )

    class Meta:
        model = HoursEntry
        fields = ["trust"]


# `from` is a Python keyword, so the date bounds cannot be class attributes; added by name instead.
HoursEntryFilter.base_filters["from"] = django_filters.DateFilter(
    field_name="date",
    lookup_expr="gte",
    help_text="Only entries on or after this day (YYYY-MM-DD).",
    error_messages={"invalid": DAY_FORMAT_MESSAGE},
)
HoursEntryFilter.base_filters["to"] = django_filters.DateFilter(
    field_name="date",
    lookup_expr="lte",
    help_text="Only entries on or before this day (YYYY-MM-DD).",
    error_messages={"invalid": DAY_FORMAT_MESSAGE},
)


class HoursPagination(DefaultPagination):
    # Newest day first, as the site's list; the id breaks ties between entries of one day.
    ordering = ("-date", "-id")


LOCK_NOTE = " A verified entry is locked: the answer is a 409 problem."


@extend_schema_view(
    list=extend_schema(
        summary="List my hours",
        description="Your entries, newest day first, cursor-paged.",
        examples=[OpenApiExample("An entry", value=shapes.ENTRY_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary="Log hours",
        description="Log an entry, checked by the site's rules: not in the future, at most 24 h a day "
        "across your entries, a listing or an organisation's name, not before the listing existed.",
        request=shapes.HoursEntryWriteSerializer,
        responses={201: shapes.HoursEntrySerializer},
        examples=[
            OpenApiExample("Log 90 minutes", value=shapes.WRITE_EXAMPLE, request_only=True),
            OpenApiExample("Logged", value=shapes.NEW_ENTRY_EXAMPLE, response_only=True),
        ],
    ),
    retrieve=extend_schema(
        summary="Read one entry",
        description="One of your entries, with its listing, trust level and latest verification request.",
        examples=[OpenApiExample("An entry", value=shapes.ENTRY_EXAMPLE, response_only=True)],
    ),
    update=extend_schema(
        summary="Replace an entry",
        description="Every field as on creation; optional ones left out are emptied." + LOCK_NOTE,
        request=shapes.HoursEntryWriteSerializer,
        examples=[OpenApiExample("Edited", value=shapes.ENTRY_EXAMPLE, response_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change an entry",
        description="Only the fields sent change; the result must still obey every rule." + LOCK_NOTE,
        request=shapes.HoursEntryWriteSerializer,
        examples=[OpenApiExample("Edited", value=shapes.ENTRY_EXAMPLE, response_only=True)],
    ),
    destroy=extend_schema(
        summary="Delete an entry", description="Deletes its verification requests too." + LOCK_NOTE
    ),
)
@extend_schema(tags=TAGS)
class HoursEntryViewSet(PersonalMixin, viewsets.GenericViewSet):
    serializer_class = shapes.HoursEntrySerializer
    pagination_class = HoursPagination
    filterset_class = HoursEntryFilter
    lookup_value_regex = r"\d+"
    queryset = HoursEntry.objects.none()  # for the schema generator only: get_queryset() scopes to the person

    def get_queryset(self) -> QuerySet[HoursEntry]:
        return selectors.hours_entries_for(user=self.request.user)

    def _entry_body(self, entry_id: int) -> dict[str, Any]:
        """The entry as stored, re-read with its listing and verifications for the answer."""
        return self.get_serializer(self.get_queryset().get(pk=entry_id)).data

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        given = shapes.HoursEntryWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        entry = services.hours_entry_create(
            user=request.user, data=given.entry_data(user=request.user), via=VIA_API
        )
        location = reverse("api-hours-detail", kwargs={"pk": entry.pk})
        return Response(
            self._entry_body(entry.pk), status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def update(self, request: Request, pk: str, partial: bool = False) -> Response:
        entry = self.get_object()
        if entry.is_locked:  # before reading the body: no edit of it could be accepted
            raise Conflict(LOCKED_MESSAGE)
        given = shapes.HoursEntryWriteSerializer(data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        try:
            services.hours_entry_update(
                entry=entry, data=given.entry_data(user=request.user, entry=entry), via=VIA_API
            )
        except ValidationError as error:  # locked meanwhile by the contact's answer, or a rule
            raise conflict_from(error) from error
        return Response(self._entry_body(entry.pk))

    def partial_update(self, request: Request, pk: str) -> Response:
        return self.update(request, pk, partial=True)

    def destroy(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        if entry.is_locked:
            raise Conflict(LOCKED_MESSAGE)
        try:
            services.hours_entry_delete(entry=entry, via=VIA_API)
        except ValidationError as error:
            raise conflict_from(error) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Ask a contact to verify an entry",
        description="E-mails the contact a link to confirm, adjust or decline the entry (it works for "
        "14 days). A request still waiting is replaced. 409 when the entry is verified and locked "
        "(unless the last answer adjusted the time: then you may ask someone else).",
        request=shapes.HoursVerificationAskSerializer,
        responses={201: shapes.HoursVerificationSerializer},
        examples=[
            OpenApiExample(
                "Ask Ana",
                value={
                    "contact_name": "Ana Ruiz",
                    "contact_email": "ana@example.org",
                    "note": "The spring newsletter.",
                },
                request_only=True,
            ),
            OpenApiExample("Sent", value=shapes.VERIFICATION_EXAMPLE, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"], url_path="request-verification", url_name="request-verification")
    def request_verification(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        given = shapes.HoursVerificationAskSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            asked = verification.verification_request(entry=entry, **given.validated_data, via=VIA_API)
        except ValidationError as error:
            raise conflict_from(error) from error
        return Response(shapes.HoursVerificationSerializer(asked).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Send the verification e-mail again",
        description="Re-sends the link of the request still waiting for an answer (it counts as a "
        "reminder). 409 when none is waiting, or when it was sent in the last 10 minutes.",
        request=None,
        responses={200: shapes.HoursVerificationSerializer},
        examples=[
            OpenApiExample(
                "Sent again", value={**shapes.VERIFICATION_EXAMPLE, "reminders_sent": 1}, response_only=True
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="resend-verification", url_name="resend-verification")
    def resend_verification(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        pending = next(
            (item for item in entry.verifications.all() if item.status == VerificationStatus.PENDING), None
        )
        if pending is None:
            raise Conflict(
                "No verification request of this entry is waiting for an answer; ask for one first."
            )
        try:
            verification.verification_resend(verification=pending, via=VIA_API)
        except ValidationError as error:
            raise conflict_from(error) from error
        pending.refresh_from_db()
        return Response(shapes.HoursVerificationSerializer(pending).data)


class HoursSummaryView(PersonalMixin, APIView):
    @extend_schema(
        summary="Summarise my hours",
        description="Totals by trust level, by month and by cause (an entry linked to a listing counts "
        "for each of the listing's causes; entries with none are under `cause: null`), and each goal's "
        "progress. With `year`, the totals, months and causes cover that calendar year only.",
        parameters=[shapes.HoursSummaryQuerySerializer],
        responses={200: shapes.HoursSummarySerializer},
        examples=[OpenApiExample("A summary", value=shapes.SUMMARY_EXAMPLE)],
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = shapes.HoursSummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        summary = hours_summary_get(user=request.user, year=query.validated_data.get("year"))
        return Response(shapes.HoursSummarySerializer(summary).data)


class HoursExportView(PersonalMixin, APIView):
    renderer_classes = [shapes.HoursCsvRenderer]
    metadata_class = None  # OPTIONS would describe the view as JSON through a CSV renderer: 405 instead

    @extend_schema(
        operation_id="me_hours_export",
        summary="Export my hours as CSV",
        description="Every entry, oldest first, as the site's “Export hours (CSV)”: the same columns "
        "and bytes (UTF-8 with a byte-order mark; cells a spreadsheet would run as formulas start "
        "with an apostrophe).",
        responses={(200, "text/csv"): OpenApiTypes.STR},
        examples=[
            OpenApiExample(
                "The header and one row (shortened)",
                value="Date,Minutes,Hours,Time zone,Organisation,…\r\n2026-03-03,90,1.50,Europe/Paris,Lumen,…\r\n",
            )
        ],
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        rows = list(hours_csv_rows(user=request.user))
        disposition = f'attachment; filename="{hours_export_filename(user=request.user)}"'
        return Response(rows, headers={"Content-Disposition": disposition})


router = routers.SimpleRouter()
router.register("me/hours", HoursEntryViewSet, basename="api-hours")

urlpatterns = [
    path("me/hours/summary/", HoursSummaryView.as_view(), name="api-hours-summary"),
    path("me/hours/export.csv", HoursExportView.as_view(), name="api-hours-export"),
    path("", include(router.urls)),
]
