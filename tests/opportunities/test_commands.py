from __future__ import annotations

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
    assert run("ingest", str(FIXTURE), "--format", "jsonfeed", "--source", "kindred") == (
        "created 0, updated 0, unchanged 3, withdrawn 0, rejected 4\n"
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
