from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from opportunities.models import Cause, Opportunity, Source

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "jsonfeed_basic.json"
pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_taxonomy_reports_counts():
    assert run("load_taxonomy") == "taxonomy loaded: 29 causes, 25 skills\n"
    assert Cause.objects.count() == 29


def test_ingest_prints_one_summary_line_and_creates_the_source(taxonomy):
    assert run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred") == (
        "created 3, updated 0, unchanged 0, withdrawn 0, rejected 4\n"
    )
    source = Source.objects.get(name="kindred")
    assert source.enabled is False  # a file is not fetched on a schedule
    # The same bytes again: recognised by their hash, not parsed, nothing written.
    assert run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred") == (
        "not modified since the last ingest (nothing parsed): "
        "created 0, updated 0, unchanged 3, withdrawn 0, rejected 0\n"
    )


def test_ingest_names_the_source_after_the_file_by_default(taxonomy):
    run("ingest", str(FIXTURE), "--format", "jsonfeed")
    assert Source.objects.filter(name="jsonfeed_basic").exists()


def test_ingest_exits_non_zero_with_the_reason_when_refused(taxonomy, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("<html>")
    with pytest.raises(CommandError, match=r"bad.json refused: Not a JSON Feed: the body is not valid JSON"):
        run("ingest", str(bad), "--format", "jsonfeed")


def test_ingest_refuses_a_missing_file(taxonomy, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("ingest", str(tmp_path / "missing.json"), "--format", "jsonfeed")


def test_ingest_refuses_a_source_of_another_format(taxonomy):
    Source.objects.create(name="kindred", format="jsonfeed", url="")
    Source.objects.filter(name="kindred").update(format="rss")
    with pytest.raises(CommandError, match="exists with format 'rss'"):
        run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred")


def test_load_demo_loads_every_bundled_listing_and_is_idempotent(taxonomy):
    first = run("load_demo")
    assert first.count("\n") == 3
    total = Opportunity.objects.count()
    assert total >= 30
    assert Source.objects.count() == 3
    assert not Source.objects.filter(enabled=True).exists()
    second = run("load_demo")
    assert "created 0, updated 0" in second
    assert Opportunity.objects.count() == total
    # every demo listing is tagged with at least one cause, and no script survived
    assert not Opportunity.objects.filter(cause_tags__isnull=True).exists()
    assert not Opportunity.objects.filter(description_html__icontains="<script").exists()
    assert not Opportunity.objects.filter(description_html__icontains="onerror").exists()


# --- Commands that fetch ---------------------------------------------------------------------

FEED_URL = "https://kindred.example.org/feed.json"


@pytest.fixture
def public_dns(monkeypatch):
    from opportunities.feeds import http as feeds_http

    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34"])


@pytest.fixture
def served_feed(respx_mock, public_dns):
    import httpx

    return respx_mock.get(FEED_URL).mock(return_value=httpx.Response(200, content=FIXTURE.read_bytes()))


def test_ingest_fetches_a_url_through_the_same_service(taxonomy, served_feed):
    assert run("ingest", FEED_URL, "--format", "jsonfeed") == (
        "created 3, updated 0, unchanged 0, withdrawn 0, rejected 4\n"
    )
    source = Source.objects.get(name="kindred-example-org-feed-json")
    assert (source.url, source.enabled) == (FEED_URL, False)
    assert served_feed.called


def test_ingest_of_a_refused_url_exits_non_zero_with_the_reason(taxonomy, respx_mock, public_dns):
    import httpx

    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(410))
    with pytest.raises(CommandError, match=r"refused: HTTP 410 from kindred\.example\.org: gone for good"):
        run("ingest", FEED_URL, "--format", "jsonfeed")


def test_ingest_shows_progress_on_stderr(taxonomy):
    err = StringIO()
    call_command("ingest", str(FIXTURE), "--format", "jsonfeed", stdout=StringIO(), stderr=err)
    assert "upserting: 3/3 items" in err.getvalue()


def test_source_add_registers_with_encrypted_credentials_and_interval():
    out = run(
        "source_add", "idealist", "jsonfeed", "https://api.example.org/v1",
        "--credential", "api_key=k-123456789012", "--interval", "30",
    )  # fmt: skip
    assert out == "added source 'idealist' (jsonfeed, every 30 min, credentials: api_key)\n"
    source = Source.objects.get(name="idealist")
    assert source.get_credentials() == {"api_key": "k-123456789012"}
    assert "k-123456789012" not in source.credentials_encrypted
    assert run("source_add", "idealist", "jsonfeed", "https://api.example.org/v2").startswith(
        "updated source"
    )
    assert Source.objects.get(name="idealist").url == "https://api.example.org/v2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "jsonfeed", "file:///etc/passwd"], "is not an http\\(s\\) URL"),
        (["x", "jsonfeed", "https://a.example.org/", "--credential", "api_key"], "takes KEY=VALUE"),
        (["x", "jsonfeed", "https://a.example.org/", "--interval", "0"], "at least 1 minute"),
    ],
)
def test_source_add_refuses_bad_input_with_what_to_do(args, message):
    with pytest.raises(CommandError, match=message):
        run("source_add", *args)
    assert not Source.objects.exists()


def test_source_fetch_fetches_named_sources_with_a_line_each(taxonomy, served_feed):
    Source.objects.create(name="kindred", format="jsonfeed", url=FEED_URL)
    assert run("source_fetch", "kindred") == (
        "[1/1] kindred: ok: created 3, updated 0, unchanged 0, withdrawn 0, rejected 4\n"
    )


def test_source_fetch_all_skips_disabled_sources(taxonomy, served_feed):
    Source.objects.create(name="kindred", format="jsonfeed", url=FEED_URL)
    Source.objects.create(name="off", format="jsonfeed", url=FEED_URL, enabled=False)
    assert run("source_fetch", "--all").count("\n") == 1


def test_source_fetch_exits_non_zero_when_a_source_fails(taxonomy, respx_mock, public_dns):
    import httpx

    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(503))
    Source.objects.create(name="kindred", format="jsonfeed", url=FEED_URL)
    with pytest.raises(CommandError, match="1 of 1 source"):
        run("source_fetch", "kindred")


def test_source_fetch_says_a_source_is_paused_and_reenables_on_request(taxonomy, served_feed):
    Source.objects.create(
        name="kindred", format="jsonfeed", url=FEED_URL, enabled=False, paused_reason="HTTP 410"
    )
    with pytest.raises(CommandError):
        run("source_fetch", "kindred")
    assert "ok: created 3" in run("source_fetch", "kindred", "--reenable")
    assert Source.objects.get(name="kindred").enabled is True


@pytest.mark.parametrize(
    ("args", "message"),
    [([], "or pass --all"), (["nope"], "No source named 'nope'"), (["file"], "has no URL")],
)
def test_source_fetch_refuses_what_it_cannot_fetch(args, message):
    Source.objects.create(name="file", format="jsonfeed", url="")
    with pytest.raises(CommandError, match=message):
        run("source_fetch", *args)


def test_export_writes_one_canonical_json_line_per_active_opportunity(taxonomy):
    run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred")
    lines = [json.loads(line) for line in run("export_opportunities").splitlines()]
    assert [line["source_item_id"] for line in lines] == ["1002", "kr-1001"]  # kr-1003 has expired
    first = lines[1]
    assert set(first) >= {
        "source", "source_item_id", "url", "apply_url", "title", "organization", "description_text",
        "location_type", "remote_scope", "countries", "timezone", "causes", "skills", "languages",
        "posted_at", "expires_at", "status", "cluster_id",
    }  # fmt: skip
    assert first["causes"] == ["children-youth", "education-literacy"]
    assert first["countries"] == ["GB", "IE"]
    assert first["posted_at"] == "2026-10-02T07:30:00Z"
    assert first["cluster_id"] is None


def test_export_can_include_inactive_and_filter_by_source(taxonomy):
    run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred")
    assert len(run("export_opportunities", "--include-inactive", "--source", "kindred").splitlines()) == 3
    with pytest.raises(CommandError, match="No source named"):
        run("export_opportunities", "--source", "nope")


def test_default_sources_are_registered_once_and_left_alone_after():
    assert "registered: ReliefWeb jobs (RSS)\n" in run("sources_register_defaults")
    source = Source.objects.get(name="ReliefWeb jobs (RSS)")
    assert (source.format, source.enabled, source.full_snapshot) == ("rss", True, False)
    Source.objects.filter(pk=source.pk).update(enabled=False)
    assert "already registered: ReliefWeb jobs (RSS)\n" in run("sources_register_defaults")
    assert Source.objects.get(pk=source.pk).enabled is False


def test_ingest_refuses_a_file_over_the_body_cap_and_keeps_what_it_had(taxonomy, tmp_path):
    run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred")
    before = list(Opportunity.objects.order_by("pk").values())
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # 20 MiB, sparse: no 20 MiB held by the test
        handle.seek(20 * 1024 * 1024 - 1)
        handle.write(b" ")
    with pytest.raises(CommandError, match="over the 15,728,640-byte cap"):
        run("ingest", str(huge), "--format", "jsonfeed", "--source", "kindred")
    assert list(Opportunity.objects.order_by("pk").values()) == before


def test_ingest_takes_credentials_for_a_provider_api_and_stores_them_encrypted(
    taxonomy, respx_mock, public_dns
):
    import httpx

    url = "https://rpde.example.org/feed"
    respx_mock.get(url).mock(return_value=httpx.Response(200, json={"next": url, "items": []}))
    assert run(
        "ingest", url, "--format", "rpde", "--source", "trial", "--credential", "token=secret-0123456789"
    ) == ("created 0, updated 0, unchanged 0, withdrawn 0, rejected 0\n")
    source = Source.objects.get(name="trial")
    assert source.get_credentials() == {"token": "secret-0123456789"}
    assert "secret-0123456789" not in source.credentials_encrypted
