"""Proof that a real client can be built from our schema alone: openapi-python-client generates a
typed Python package from /api/v1/schema/ (offline, with --fail-on-warning, so a schema the
generator has to guess about fails here), and that package, with a personal token, talks to a
live server: list and filter listings, save one, log hours and read them back."""

from __future__ import annotations

import datetime
import importlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.api.schema_support import SCHEMA_PATH, World, in_process_server, wsgi_application

PACKAGE = "pitch_in_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
# No post-hooks: the generator would run ruff on the package, which the test does not need.
# literal_enums: the time-zone enum holds names that differ only in punctuation (GMT+0, GMT-0,
# GMT0), which the generator's Enum classes cannot name apart; Literal types keep every value.
GENERATOR_CONFIG = f"package_name_override: {PACKAGE}\npost_hooks: []\nliteral_enums: true\n"


@pytest.fixture(scope="module")
def client_package(tmp_path_factory) -> Iterator[ModuleType]:
    """The generated package, imported. Built once for the module, from the schema the
    application serves at /api/v1/schema/ (asked in-process: no test database is needed)."""
    from werkzeug.test import Client

    work = tmp_path_factory.mktemp("client")
    with in_process_server():
        schema = Client(wsgi_application()).get(SCHEMA_PATH, query_string={"format": "json"})
    assert schema.status_code == 200, schema.text
    (work / "schema.json").write_bytes(schema.get_data())
    (work / "config.yaml").write_text(GENERATOR_CONFIG)
    started = time.monotonic()
    command = [
        str(GENERATOR), "generate",
        "--path", str(work / "schema.json"),
        "--output-path", str(work / PACKAGE),
        "--meta", "none",
        "--config", str(work / "config.yaml"),
        "--fail-on-warning",
    ]  # fmt: skip
    generated = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert generated.returncode == 0, (
        f"the generator refused our schema:\n{generated.stdout}\n{generated.stderr}"
    )
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout + generated.stderr
    assert time.monotonic() - started < 30, "generating the client should take seconds"
    sys.path.insert(0, str(work))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(work))
        for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _module(package: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.{name}")


@pytest.fixture
def api(client_package: ModuleType, live_server, world: World) -> Iterator[Any]:
    """The generated AuthenticatedClient, with alice's token. Closed after the test: a kept-alive
    connection would outlive the live server's shared database connection."""
    client = client_package.AuthenticatedClient(
        base_url=live_server.url, token=world.token, raise_on_unexpected_status=True
    )
    with client:
        yield client


def test_the_client_lists_and_filters_listings(client_package: ModuleType, api: Any, world: World) -> None:
    opportunities_list = _module(client_package, "api.catalogue.opportunities_list")

    page = opportunities_list.sync(client=api, page_size=100)
    assert {card.id for card in page.results} >= {world.ids["tutor"]}
    assert page.next_ is None or isinstance(page.next_, str)

    cause = world.objects["causes"][1].slug  # only the Spanish translation role has it
    filtered = opportunities_list.sync(client=api, cause=[cause])
    assert [card.title for card in filtered.results] == ["Translate health leaflets into Spanish"]


def test_the_client_saves_a_listing_logs_hours_and_reads_them_back(
    client_package: ModuleType, api: Any, world: World
) -> None:
    models = _module(client_package, "models")
    save = _module(client_package, "api.saved.opportunities_save_update")
    saved_list = _module(client_package, "api.saved.me_saved_list")
    hours_create = _module(client_package, "api.hours.me_hours_create")
    hours_retrieve = _module(client_package, "api.hours.me_hours_retrieve")
    hours_list = _module(client_package, "api.hours.me_hours_list")
    mentor = world.objects["mentor"]

    saved = save.sync_detailed(mentor.pk, client=api)
    assert saved.status_code == 201
    assert isinstance(saved.parsed, models.SavedItem)
    assert saved.parsed.opportunity.id == mentor.pk
    assert saved.parsed.opportunity.title == "Mentor a new volunteer"
    again = save.sync_detailed(mentor.pk, client=api)  # idempotent: the same item, 200
    assert (again.status_code, again.parsed.id) == (200, saved.parsed.id)
    listed = saved_list.sync(client=api)
    assert saved.parsed.id in [item.id for item in listed.results]

    day = datetime.date.today() - datetime.timedelta(days=1)
    created = hours_create.sync_detailed(
        client=api,
        body=models.HoursEntryWriteRequest(
            date=day,
            minutes=75,
            timezone="Europe/Madrid",
            opportunity=None,
            organization_name="Cruz Roja",
            activity="Sorted donations",
            evidence_url="https://example.org/rota",
        ),
    )
    assert created.status_code == 201, created.content
    entry = created.parsed
    assert isinstance(entry, models.HoursEntry)
    assert (entry.date, entry.minutes, entry.hours) == (day, 75, 1.25)
    assert (entry.organization_name, entry.activity, entry.trust) == (
        "Cruz Roja",
        "Sorted donations",
        "self_reported",
    )

    read = hours_retrieve.sync(str(entry.id), client=api)
    assert (read.id, read.minutes, read.timezone, read.evidence_url) == (
        entry.id,
        75,
        "Europe/Madrid",
        "https://example.org/rota",
    )
    on_that_day = hours_list.sync(client=api, from_=day, to=day)
    assert [(item.id, item.minutes) for item in on_that_day.results] == [(entry.id, 75)]

    refused = hours_create.sync_detailed(
        client=api,
        body=models.HoursEntryWriteRequest(date=day, minutes=0, organization_name="X", activity="Y"),
    )
    assert refused.status_code == 400
    assert isinstance(refused.parsed, models.Problem)
    assert "minutes" in [error.field for error in refused.parsed.errors]
