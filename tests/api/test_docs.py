"""The API's own documentation: the schema, Swagger UI and ReDoc, served from our static files."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/redoc/"])
def test_the_docs_load_their_scripts_from_our_static_files_not_a_cdn(anon, url):
    response = anon.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/schema/" in html
    scripts = re.findall(r'src="([^"]+)"', html)
    assert scripts, "no scripts found: the template changed"
    for script in scripts:
        assert script.startswith("/static/drf_spectacular_sidecar/"), script
        assert finders.find(script.removeprefix("/static/")), f"{script} is not among our static files"
    assert "cdn" not in html.lower()


def test_the_schema_is_openapi_3_and_lists_every_api_route(anon):
    response = anon.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in [
        "/api/v1/opportunities/",
        "/api/v1/opportunities/{id}/",
        "/api/v1/causes/",
        "/api/v1/skills/",
        "/api/v1/sources/",
        "/api/v1/organizations/",
        "/api/v1/changes/opportunities/",
    ]:
        assert path in paths
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                assert operation.get("summary"), f"{method} {operation['operationId']} has no summary"
                assert "500" in operation["responses"]


def test_the_root_links_every_collection(anon):
    links = anon.get("/api/v1/").json()
    assert links["opportunities"] == "http://testserver/api/v1/opportunities/"
    assert links["changes"] == "http://testserver/api/v1/changes/opportunities/"
    assert links["docs"] == "http://testserver/api/v1/docs/"
