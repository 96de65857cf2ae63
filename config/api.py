"""The API's shared parts: pagination, conditional GET, and errors as
RFC 9457 problem details (`application/problem+json`) everywhere under /api/.

Every error a client can get has the same shape, whichever layer raised it:

    {"type": "http://…/api/v1/problems/validation-error/", "title": "Some values are not valid",
     "status": 400, "detail": "…", "instance": "/api/v1/opportunities/?hours_min=x",
     "errors": [{"field": "hours_min", "detail": "Enter a number."}]}

DRF's exceptions and services' Django ValidationErrors come through `exception_handler`; a URL
no view answers (404) and an unexpected crash (500) come through `handler404`/`handler500`,
which config/urls.py installs for /api/ paths only (pages keep their HTML error pages).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views import defaults
from rest_framework import exceptions, pagination, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class DefaultPagination(pagination.CursorPagination):
    """Cursor paging on a unique, indexed ordering: deep pages cost the same as the first one,
    and no request pays for a COUNT(*)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"

    @classmethod
    def page_size_from(cls, raw: str | None) -> int | None:
        """The page size a request asks for: None when absent or empty, else 1 to the maximum.
        ValueError (with what to send) for anything else; ASCII digits only, as "²" is a digit
        to str.isdigit() but not to int()."""
        if not raw:
            return None
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= cls.max_page_size):
            raise ValueError(f"A whole number from 1 to {cls.max_page_size}.")
        return int(raw)

    def get_page_size(self, request: Request) -> int | None:
        # DRF quietly falls back to the default for a bad value; say so instead.
        try:
            self.page_size_from(request.query_params.get(self.page_size_query_param))
        except ValueError as error:
            raise exceptions.ValidationError({self.page_size_query_param: [str(error)]}) from None
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


# --- Problem details ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemType:
    slug: str
    title: str
    status: int
    description: str


PROBLEM_TYPES = {
    problem.slug: problem
    for problem in [
        ProblemType(
            "validation-error",
            "Some values are not valid",
            400,
            "A parameter or a field of the body was refused. `errors` lists each one with its field "
            "name and what to change. Nothing was written.",
        ),
        ProblemType(
            "malformed-request",
            "The request could not be read",
            400,
            "The body is not valid JSON, or a page link (cursor) is damaged. Fix the body, or start "
            "again from the first page.",
        ),
        ProblemType(
            "not-authenticated",
            "Authentication needed",
            401,
            "Send a personal API token as `Authorization: Bearer <token>` (create one at "
            "/accounts/tokens/), or use the site's session. A revoked token is refused.",
        ),
        ProblemType(
            "permission-denied",
            "Not allowed",
            403,
            "You are signed in but may not do this (for example, a session request without its "
            "CSRF token, or a change to an entry a contact has verified).",
        ),
        ProblemType(
            "not-found",
            "Not found",
            404,
            "No such resource, or it belongs to someone else (we do not say which).",
        ),
        ProblemType(
            "method-not-allowed",
            "Method not allowed",
            405,
            "This URL does not support that HTTP method; the `Allow` header lists the ones it does.",
        ),
        ProblemType(
            "not-acceptable",
            "Not acceptable",
            406,
            "We answer in JSON (and CSV where stated); ask for `application/json`.",
        ),
        ProblemType(
            "conflict",
            "Conflict",
            409,
            "The request clashes with the resource's current state (for example, it is locked "
            "because a contact verified it). Fetch it again and decide.",
        ),
        ProblemType(
            "unsupported-media-type",
            "Unsupported media type",
            415,
            "Send bodies as `application/json`.",
        ),
        ProblemType(
            "throttled",
            "Too many requests",
            429,
            "Slow down: wait the number of seconds in `Retry-After` (also in `retry_after`). "
            "Limits are per token, per signed-in person, or per address for anonymous requests.",
        ),
        ProblemType(
            "server-error",
            "Something went wrong on our side",
            500,
            "Not your fault; nothing was half-written. Try again later, and tell us if it persists.",
        ),
    ]
}
_SLUG_BY_STATUS = {problem.status: problem.slug for problem in reversed(PROBLEM_TYPES.values())}


def problem_slug_for(status_code: int) -> str:
    """Our problem type for an HTTP status (the first of the catalogue's with that status)."""
    return _SLUG_BY_STATUS.get(status_code, "server-error")


def problem_type_url(slug: str) -> str:
    return settings.SITE_URL + reverse("api-problem", kwargs={"slug": slug})


def problem(
    *, status_code: int, detail: str, slug: str | None = None, instance: str = "", **extensions: Any
) -> dict[str, Any]:
    """The problem-details body for `status_code` (type and title from our catalogue)."""
    kind = PROBLEM_TYPES[slug or problem_slug_for(status_code)]
    body: dict[str, Any] = {
        "type": problem_type_url(kind.slug),
        "title": kind.title,
        "status": status_code,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return body


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list: [{"field": "a.b", "detail": "…"}]; errors about
    the request as a whole have the field "" (DRF's non_field_errors)."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__", "detail") else str(key)
            errors += _field_errors(value, f"{prefix}.{name}".strip(".") if name else prefix)
        return errors
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"field": prefix, "detail": str(item)} for item in detail]
        errors = []
        for index, item in enumerate(detail):
            errors += _field_errors(item, f"{prefix}.{index}".strip("."))
        return errors
    return [{"field": prefix, "detail": str(detail)}]


def _slug_for(exc: Exception, status_code: int) -> str:
    if isinstance(exc, exceptions.ParseError):
        return "malformed-request"
    if isinstance(exc, exceptions.ValidationError):
        return "validation-error"
    return problem_slug_for(status_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handling (status, WWW-Authenticate, Retry-After, Allow), answered as problem+json.
    Services raise Django's ValidationError; it is a 400 like DRF's own."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's handler500 answers it (below)
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    slug = _slug_for(exc, response.status_code)
    extensions: dict[str, Any] = {}
    if slug == "validation-error":
        extensions["errors"] = _field_errors(response.data)
        fields = sorted({error["field"] for error in extensions["errors"] if error["field"]})
        detail = (
            f"Not valid: {', '.join(fields)}. See `errors` for what to change."
            if fields
            else extensions["errors"][0]["detail"]
        )
    else:
        detail = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
        detail = detail or PROBLEM_TYPES[slug].description
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        extensions["retry_after"] = max(1, round(exc.wait))
        response["Retry-After"] = str(extensions["retry_after"])
    response.data = problem(
        status_code=response.status_code, slug=slug, detail=detail, instance=instance, **extensions
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    body = problem(status_code=status_code, detail=detail, instance=request.get_full_path())
    return JsonResponse(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _problem_response(request, 404, "No API endpoint at this URL: see /api/v1/docs/.")
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _problem_response(request, 500, PROBLEM_TYPES["server-error"].description)
    return defaults.server_error(request)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _problem_response(
            request, 403, str(exception) or PROBLEM_TYPES["permission-denied"].description
        )
    return defaults.permission_denied(request, exception)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _problem_response(request, 400, "The request could not be read.")
    return defaults.bad_request(request, exception)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = PROBLEM_TYPES["conflict"].description
    default_code = "conflict"


# --- Conditional GET ----------------------------------------------------------------------------


def etag_for(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


class ConditionalGetMixin:
    """ETag (a hash of the body) and Last-Modified on every successful GET, a 304 when the client
    already holds this version, and Cache-Control: public for anonymous reads of public data,
    private for anything read with credentials.

    The body is built before the 304 is decided: a 304 saves the client the transfer and its
    parsing, not us the query. A view sets `self.last_modified` while building the response."""

    public_cache_seconds = 60
    last_modified: datetime | None = None

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if getattr(response, "streaming", False):
            return response
        response.render()
        response["ETag"] = etag_for(response.content)
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        if self.is_public_read(request):
            patch_cache_control(response, public=True, max_age=self.public_cache_seconds)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        conditional = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(self.last_modified.timestamp()) if self.last_modified else None,
            response=response,
        )
        return conditional

    def is_public_read(self, request: Request) -> bool:
        """Public data read anonymously: shared caches may keep it. Views of a person's own data
        override this to False."""
        return not (request.user and request.user.is_authenticated)


class PersonalMixin(ConditionalGetMixin):
    """A person's own records: credentials required (401 without), never in a shared cache.
    Views scope every queryset to request.user, so another person's object is a 404."""

    permission_classes = [permissions.IsAuthenticated]

    def is_public_read(self, request: Request) -> bool:
        return False
