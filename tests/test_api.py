from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_root_answers_anonymous_readers(anon):
    assert anon.get("/api/v1/").status_code == 200


def test_openapi_schema_is_served(anon):
    response = anon.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content
