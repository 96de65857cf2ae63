"""Assertions on problem+json answers, shared by the API tests."""

from __future__ import annotations


def assert_problem(response, status: int, field: str | None = None) -> dict:
    """The response is a problem+json `status`; with `field`, a validation error names it."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if field is not None:
        assert field in [error["field"] for error in body["errors"]], body
    return body


def messages_for(body: dict, field: str) -> list[str]:
    """The validation messages a problem body gives for one field."""
    return [error["detail"] for error in body["errors"] if error["field"] == field]
