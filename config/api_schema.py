"""OpenAPI post-processing: every operation documents the problem+json errors it can answer with,
and GETs document their caching headers and 304. Written once here rather than on each view, so
no endpoint can forget one (schemathesis checks every status code we send is documented)."""

from __future__ import annotations

from typing import Any

from config.api import PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, problem_slug_for, problem_type_url
from config.api_fields import TIME_ZONE_SCHEMA

_FIELD_ERROR = {
    "type": "object",
    "properties": {
        "field": {
            "type": "string",
            "description": 'The parameter or body field ("a.b" when nested); "" for the request as a whole.',
        },
        "detail": {"type": "string", "description": "What is wrong and what to change."},
    },
    "required": ["field", "detail"],
}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "An error, as RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Explains this kind of error (GET it)."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "This occurrence, in words a person can act on."},
        "instance": {"type": "string", "description": "The path and query that failed."},
        "errors": {
            "type": "array",
            "items": _FIELD_ERROR,
            "description": "Validation errors (400) only: one entry per refused value.",
        },
        "retry_after": {"type": "integer", "description": "Throttled (429) only: seconds to wait."},
    },
    "required": ["type", "title", "status", "detail"],
}

_EVERYWHERE = (400, 401, 404, 405, 406, 429, 500)
_WRITES = (403, 409, 415)
_SAFE = {"get", "head", "options"}

_CACHE_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match: 304 if unchanged."},
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the data last changed (when known).",
    },
    "Cache-Control": {
        "schema": {"type": "string"},
        "description": "public for anonymous reads, else private.",
    },
}


def _example(status: int) -> dict[str, Any]:
    slug = problem_slug_for(status)
    kind = PROBLEM_TYPES[slug]
    body: dict[str, Any] = {
        "type": problem_type_url(slug),
        "title": kind.title,
        "status": status,
        "detail": kind.description,
    }
    if status == 400:
        body["detail"] = "Not valid: hours_min. See `errors` for what to change."
        body["errors"] = [{"field": "hours_min", "detail": "Enter a number."}]
    if status == 429:
        body["retry_after"] = 12
    return body


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": PROBLEM_TYPES[problem_slug_for(status)].title,
        "content": {
            PROBLEM_CONTENT_TYPE: {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "example": _example(status),
            }
        },
    }
    if status == 429:
        response["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
        }
    if status == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return response


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOK."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    # Parameters refer to it too (the search's `tz`), even where no body field brings it in.
    schemas.setdefault("TimeZone", TIME_ZONE_SCHEMA)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            statuses = _EVERYWHERE + (() if method in _SAFE else _WRITES)
            for status in statuses:
                responses.setdefault(str(status), _problem_response(status))
            if method in ("post", "put") and "requestBody" in operation:
                operation["requestBody"]["required"] = True
            if method == "get":
                for parameter in operation.get("parameters", []):
                    # "?from=" means not given, for every query parameter but the repeated ones.
                    if parameter["in"] == "query" and parameter.get("schema", {}).get("type") != "array":
                        parameter["allowEmptyValue"] = True
                ok = responses.get("200")
                if ok is not None:
                    ok.setdefault("headers", {}).update(_CACHE_HEADERS)
                responses.setdefault(
                    "304", {"description": "Not modified: your copy (If-None-Match) is current."}
                )
    _add_links(result)
    return result


# After a create (201) or an idempotent save, the new object's `id` is the path parameter of the
# operations on that object: OpenAPI links, which generated clients and schemathesis follow.
_ITEM_OPERATIONS = {
    "me_goals_create": ["me_goals_retrieve", "me_goals_partial_update", "me_goals_destroy"],
    "me_hours_create": [
        "me_hours_retrieve", "me_hours_update", "me_hours_partial_update", "me_hours_destroy",
        "me_hours_request_verification_create",
    ],
    "me_saved_create": ["me_saved_retrieve", "me_saved_partial_update", "me_saved_destroy", "me_saved_mark_seen_create"],
    "opportunities_save_update": [
        "me_saved_retrieve", "me_saved_partial_update", "me_saved_destroy", "me_saved_mark_seen_create",
    ],
    "me_searches_create": [
        "me_searches_retrieve", "me_searches_partial_update", "me_searches_destroy", "me_searches_rotate_feed_create",
    ],
    "me_tokens_create": ["me_tokens_destroy"],
}  # fmt: skip
# A listing from a page of results, to read or to save.
_FIRST_RESULT = {
    "opportunities_list": {"opportunities_retrieve": "id", "opportunities_save_update": "opportunity_id"}
}


def _link_name(operation_id: str) -> str:
    return "".join(part.capitalize() for part in operation_id.split("_"))


def _add_links(result: dict[str, Any]) -> None:
    known = {
        operation.get("operationId")
        for path_item in result.get("paths", {}).values()
        for operation in path_item.values()
        if isinstance(operation, dict)
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            operation_id = operation.get("operationId")
            for status in ("200", "201"):
                response = operation.get("responses", {}).get(status)
                if response is None:
                    continue
                # A create's 200 means "already there" for saved items; its body still has the id.
                targets = {
                    target: "id" for target in _ITEM_OPERATIONS.get(operation_id, []) if target in known
                }
                for target, parameter in targets.items():
                    response.setdefault("links", {})[_link_name(target)] = {
                        "operationId": target,
                        "parameters": {parameter: "$response.body#/id"},
                    }
                for target, parameter in _FIRST_RESULT.get(operation_id, {}).items():
                    if target in known:
                        response.setdefault("links", {})[_link_name(target)] = {
                            "operationId": target,
                            "parameters": {parameter: "$response.body#/results/0/id"},
                        }
