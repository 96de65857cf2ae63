from __future__ import annotations

import json

import pytest
from django.utils import timezone

from opportunities.models import Status
from tests.factories import CauseFactory, OpportunityCauseFactory, OpportunityFactory

pytestmark = pytest.mark.django_db


def test_home_lists_active_opportunities_for_everyone(anon, alice_client):
    OpportunityFactory(title="Translate for a refugee charity")
    OpportunityFactory(title="An expired role", status=Status.EXPIRED)
    OpportunityFactory(title="A withdrawn role", status=Status.WITHDRAWN)
    for client in (anon, alice_client):
        response = client.get("/")
        assert response.status_code == 200
        assert b"Translate for a refugee charity" in response.content
        assert b"An expired role" not in response.content
        assert b"A withdrawn role" not in response.content


def test_home_shows_an_empty_state_that_says_what_to_do(anon):
    response = anon.get("/")
    assert b"No opportunities yet" in response.content
    assert b"make run" in response.content


def test_home_escapes_listing_text(anon):
    OpportunityFactory(title="<script>alert(1)</script>")
    assert b"<script>alert(1)</script>" not in anon.get("/").content


def test_home_shows_cause_tiles_with_active_counts(anon):
    cause = CauseFactory(slug="hunger", name="Hunger & Food Security")
    OpportunityCauseFactory(cause=cause)
    OpportunityCauseFactory(cause=cause, opportunity=OpportunityFactory(status=Status.EXPIRED))
    content = anon.get("/").content.decode()
    assert (
        '<a href="/causes/hunger/"><span class="cause-name">Hunger &amp; Food Security</span> '
        '<span class="count">1<span class="visually-hidden"> opportunities</span>' in content
    )


def _seed(count: int) -> None:
    cause = CauseFactory(slug="environment")
    for _ in range(count):
        OpportunityCauseFactory(cause=cause, opportunity=OpportunityFactory(posted_at=timezone.now()))


@pytest.mark.parametrize("count", [1, 20])
def test_home_query_count_does_not_grow_with_listings(anon, django_assert_num_queries, count):
    _seed(count)
    # opportunities + their cause tags, the catalogue version, cause tiles (first view), heartbeat
    with django_assert_num_queries(5):
        assert anon.get("/").status_code == 200


def test_home_says_whether_the_worker_checked_in(anon):
    assert b"has not checked in yet" in anon.get("/").content
    from opportunities import services

    services.heartbeat_record(name="beat")
    assert b"last checked in" in anon.get("/").content


def test_unknown_page_is_a_friendly_404(anon):
    response = anon.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_detail_shows_the_listing_with_tag_reasons_to_everyone(anon, alice_client):
    tag = OpportunityCauseFactory(
        cause=CauseFactory(slug="hunger", name="Hunger & Food Security"), reason='rule: "food bank" in title'
    )
    opportunity = tag.opportunity
    for client in (anon, alice_client):
        content = client.get(f"/opportunities/{opportunity.pk}/").content.decode()
        assert opportunity.title in content
        assert "rule: &quot;food bank&quot; in title" in content
        assert "no longer available" not in content
        assert 'rel="noopener nofollow"' in content


@pytest.mark.parametrize(
    ("status", "says"), [(Status.EXPIRED, "closing date passed"), (Status.WITHDRAWN, "withdrew it")]
)
def test_an_expired_or_withdrawn_listing_keeps_its_page_with_a_clear_state(anon, status, says):
    opportunity = OpportunityFactory(status=status, apply_url="https://apply.example.org/x")
    response = anon.get(f"/opportunities/{opportunity.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "This opportunity is no longer available." in content
    assert says in content
    assert "https://apply.example.org/x" not in content  # no apply button for a closed role


def test_detail_of_an_unknown_listing_is_404(anon):
    assert anon.get("/opportunities/999999/").status_code == 404


def test_detail_renders_only_sanitized_html(anon, taxonomy):
    from opportunities import services
    from tests.factories import SourceFactory

    source = SourceFactory(name="S")
    item = {
        "id": "1",
        "url": "https://a.example.org/1",
        "title": "T",
        "content_html": '<p>ok</p><script>alert(1)</script><a href="javascript:x()">j</a>',
    }
    payload = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode()
    services.source_ingest_payload(source=source, payload=payload)
    content = anon.get(f"/opportunities/{source.opportunities.get().pk}/").content.decode()
    assert "<p>ok</p>" in content
    assert "alert(1)" not in content
    assert "javascript:" not in content


def test_detail_query_count_is_fixed(anon, django_assert_num_queries):
    opportunity = OpportunityCauseFactory().opportunity
    with django_assert_num_queries(3):  # listing + its source and organisation, cause tags, skill tags
        anon.get(f"/opportunities/{opportunity.pk}/")


@pytest.mark.parametrize(("hours", "says"), [("1", "1 hour a week"), ("2.5", "2.5 hours a week")])
def test_detail_says_the_weekly_time_in_good_english(anon, hours, says):
    opportunity = OpportunityFactory(hours_per_week=hours)
    assert says in anon.get(f"/opportunities/{opportunity.pk}/").content.decode()
