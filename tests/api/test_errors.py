"""Every error under /api/v1/ is an RFC 9457 problem (application/problem+json with type, title,
status, detail and instance), whichever layer raised it: a filter, authentication, CSRF, routing,
content negotiation, parsing, throttling or a crash. Each `type` is a page that explains itself.
Pages outside /api/ keep their HTML errors."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import ApiToken
from config.api import PROBLEM_TYPES
from tests.api.problems import assert_problem
from tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
TOKENS = "/api/v1/me/tokens/"


def assert_problem_of_type(response, status: int, slug: str, instance: str | None = None) -> dict:
    """The response is the problem `slug` with every member, and its type names our catalogue."""
    body = assert_problem(response, status)
    assert set(body) >= PROBLEM_KEYS, body
    assert body["type"] == f"{settings.SITE_URL}/api/v1/problems/{slug}/"
    assert body["title"] == PROBLEM_TYPES[slug].title
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if instance is not None:
        assert body["instance"] == instance
    assert "ETag" not in response
    return body


# --- 400 ------------------------------------------------------------------------------------------


def test_400_lists_every_bad_parameter_at_once(api_client):
    url = "/api/v1/opportunities/?hours_min=abc&ordering=x&page_size=0"
    body = assert_problem_of_type(api_client.get(url), 400, "validation-error", instance=url)

    fields = [error["field"] for error in body["errors"]]
    assert sorted(fields) == ["hours_min", "ordering", "page_size"]
    assert all(error["detail"] for error in body["errors"])
    assert "hours_min" in body["detail"]
    assert "ordering" in body["detail"]
    assert "page_size" in body["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ("hours_min=5&hours_max=2", "hours_max"),
        ("tz=Mars/Base&overlap=2", "tz"),
        ("work_from=17&work_to=9", "work_to"),
        ("cause=BAD%20SLUG!", "cause"),
        ("country=France", "country"),
        ("posted_within=365", "posted_within"),
        ("deadline_after=soon", "deadline_after"),
        ("source=0", "source"),
        ("overlap=12", "overlap"),
        ("cluster=x", "cluster"),
    ],
)
def test_400_names_the_filter_to_fix(api_client, params, field):
    body = assert_problem_of_type(api_client.get(f"/api/v1/opportunities/?{params}"), 400, "validation-error")
    assert [error["field"] for error in body["errors"]] == [field]


def test_400_for_a_body_that_is_not_json(alice_api):
    response = alice_api.post(TOKENS, data="{not json", content_type="application/json")
    assert_problem_of_type(response, 400, "malformed-request", instance=TOKENS)
    assert not ApiToken.objects.filter(name="{not json").exists()


# --- 401 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    ["Bearer pi_no-such-token", "Bearer not-even-ours", "Bearer pi_a pi_b", "Bearer"],
    ids=["unknown", "foreign", "two-values", "empty"],
)
def test_401_for_a_bad_bearer_token_even_on_a_public_endpoint(api_client, header):
    OpportunityFactory()
    response = api_client.get("/api/v1/opportunities/", HTTP_AUTHORIZATION=header)
    assert_problem_of_type(response, 401, "not-authenticated", instance="/api/v1/opportunities/")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_401_for_a_revoked_token(alice):
    from accounts.services import tokens

    created = tokens.api_token_create(user=alice, name="old script")
    tokens.api_token_revoke(token=created.token)
    client = APIClient()
    response = client.get("/api/v1/causes/", HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    assert_problem_of_type(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_401_for_anonymous_on_a_personal_endpoint(api_client):
    response = api_client.get(TOKENS)
    assert_problem_of_type(response, 401, "not-authenticated", instance=TOKENS)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


# --- 403 ------------------------------------------------------------------------------------------


def test_403_for_a_session_write_without_its_csrf_token(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(TOKENS, {"name": "from a forged page"}, format="json")

    body = assert_problem_of_type(response, 403, "permission-denied", instance=TOKENS)
    assert "CSRF" in body["detail"]
    assert not ApiToken.objects.filter(user=alice).exists()


# --- 404 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/opportunities/999999/",
        "/api/v1/opportunities/abc/",
        "/api/v1/no-such-collection/",
        "/api/v1/opportunities/1/no-such-action/",
        "/api/v1/causes/no-such-cause/",
        "/api/v1/problems/no-such-problem/",
        "/api/v2/opportunities/",
    ],
)
def test_404_is_a_problem_for_any_unknown_api_url(api_client, url):
    assert_problem_of_type(api_client.get(url), 404, "not-found", instance=url)


def test_pages_outside_the_api_keep_their_html_404(anon):
    response = anon.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b'"type"' not in response.content


# --- 405, 406, 415 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("delete", "/api/v1/opportunities/{id}/"),
        ("put", "/api/v1/opportunities/{id}/"),
        ("post", "/api/v1/opportunities/"),
        ("post", "/api/v1/causes/"),
    ],
)
def test_405_names_the_allowed_methods(api_client, method, url):
    url = url.format(id=OpportunityFactory().pk)
    response = getattr(api_client, method)(url)
    assert_problem_of_type(response, 405, "method-not-allowed", instance=url)
    allowed = {part.strip() for part in response["Allow"].split(",")}
    assert "GET" in allowed
    assert method.upper() not in allowed


def test_406_when_the_client_accepts_only_xml(api_client):
    response = api_client.get("/api/v1/opportunities/", HTTP_ACCEPT="application/xml")
    assert_problem_of_type(response, 406, "not-acceptable", instance="/api/v1/opportunities/")


def test_json_and_problem_json_are_acceptable(api_client):
    for accept in ("application/json", "*/*", "application/*"):
        assert api_client.get("/api/v1/causes/", HTTP_ACCEPT=accept).status_code == 200


def test_415_for_a_text_plain_body(alice, alice_api):
    response = alice_api.post(TOKENS, data="name=script", content_type="text/plain")
    assert_problem_of_type(response, 415, "unsupported-media-type", instance=TOKENS)
    assert ApiToken.objects.filter(user=alice).count() == 1  # the fixture's own token only


# --- 429 ------------------------------------------------------------------------------------------


def test_429_is_a_problem_with_retry_after(api_client, settings):
    settings.API_THROTTLE_RATES = {"anon": "1/minute", "user": "5/minute"}
    assert api_client.get("/api/v1/causes/").status_code == 200
    response = api_client.get("/api/v1/causes/")
    body = assert_problem_of_type(response, 429, "throttled", instance="/api/v1/causes/")
    assert int(response["Retry-After"]) == body["retry_after"] >= 1


# --- 500 ------------------------------------------------------------------------------------------


def test_500_is_a_problem_that_leaks_nothing_of_the_crash(monkeypatch):
    listing = OpportunityFactory()

    def crash(**kwargs):
        raise RuntimeError("kaboom: password=hunter2 in /srv/app/secret.py")

    monkeypatch.setattr("opportunities.selectors.opportunity_get", crash)
    client = APIClient(raise_request_exception=False)
    url = f"/api/v1/opportunities/{listing.pk}/"

    response = client.get(url)

    assert_problem_of_type(response, 500, "server-error", instance=url)
    text = response.content.decode()
    for leak in ("Traceback", "RuntimeError", "kaboom", "hunter2", "secret.py", 'File "'):
        assert leak not in text


def test_500_from_the_plain_django_client_too(monkeypatch):
    listing = OpportunityFactory()
    monkeypatch.setattr(
        "opportunities.selectors.opportunity_get", lambda **kwargs: (_ for _ in ()).throw(RuntimeError("x"))
    )
    response = Client(raise_request_exception=False).get(f"/api/v1/opportunities/{listing.pk}/")
    assert_problem_of_type(response, 500, "server-error")


# --- Odd input is a 4xx problem, never a crash ------------------------------------------------------


def _cursor(*fields: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(fields)).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/opportunities/?page_size=%D9%A3",  # Arabic-Indic 3: int() reads it, and so may we
        "/api/v1/opportunities/99999999999999999999999/",
        "/api/v1/opportunities/?cluster=99999999999999999999999",
        "/api/v1/opportunities/?cluster=1e30",
        "/api/v1/opportunities/?deadline_after=9999-12-31",
        "/api/v1/opportunities/?cursor=" + _cursor("newest", "2024-01-01T00:00:00+00:00", 10**30),
        "/api/v1/opportunities/?cursor=" + _cursor("newest", "9999-12-31T23:59:59+00:00", 1),
        "/api/v1/opportunities/?ordering=closing&cursor="
        + _cursor("closing", "0001-01-01T00:00:00-01:00", 1),
        "/api/v1/opportunities/?q=tutor&cursor=" + _cursor("relevance", 1e308, 1),
        "/api/v1/opportunities/?cursor=%00",
        "/api/v1/opportunities/?q=%00",
        "/api/v1/opportunities/?tz=%00&overlap=2",
        "/api/v1/sources/%00/",
        "/api/v1/sources/?cursor=garbage",
        "/api/v1/opportunities/?page_size=%C2%B2",
        "/api/v1/opportunities/%C2%B2/",
        "/api/v1/changes/opportunities/?limit=%C2%B2",
        "/api/v1/changes/opportunities/?afterTimestamp=%C2%B2&afterId=1",
        "/api/v1/opportunities/?source=99999999999999999999999",
        "/api/v1/opportunities/?organization=99999999999999999999999",
        "/api/v1/opportunities/?q=tutor&cursor=" + _cursor("relevance", 5, 2**63),
        "/api/v1/opportunities/?updated_since=9999-12-31T23:59:59-12:00",
        "/api/v1/opportunities/?updated_since=0001-01-01T00:00:00%2B01:00",
        "/api/v1/skills/%00/",
        "/api/v1/causes/%00/",
    ],
)
def test_odd_input_is_a_4xx_problem_never_a_500(url):
    OpportunityFactory(title="Tutor")
    response = APIClient(raise_request_exception=False).get(url)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


# --- The type URLs explain themselves -------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(PROBLEM_TYPES))
def test_each_problem_type_url_resolves_to_its_description(api_client, slug):
    kind = PROBLEM_TYPES[slug]
    url = f"{settings.SITE_URL}/api/v1/problems/{slug}/"

    response = api_client.get(urlparse(url).path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body == {"type": url, "title": kind.title, "status": kind.status, "description": kind.description}
    assert body["description"]


def test_the_type_in_an_error_body_is_a_page_that_answers(api_client):
    problem = api_client.get("/api/v1/opportunities/?page_size=0").json()
    page = api_client.get(urlparse(problem["type"]).path)
    assert page.status_code == 200
    assert page.json()["title"] == problem["title"]
    assert page.json()["status"] == 400


# --- config.api on its own --------------------------------------------------------------------------


def test_config_api_can_be_imported_before_any_drf_view():
    script = "import django; django.setup(); import config.api"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
