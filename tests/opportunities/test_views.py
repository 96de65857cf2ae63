from __future__ import annotations

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
    assert 'Hunger &amp; Food Security</span> <span class="count">1</span>' in content


def _seed(count: int) -> None:
    cause = CauseFactory(slug="environment")
    for _ in range(count):
        OpportunityCauseFactory(cause=cause, opportunity=OpportunityFactory(posted_at=timezone.now()))


@pytest.mark.parametrize("count", [1, 20])
def test_home_query_count_does_not_grow_with_listings(anon, django_assert_num_queries, count):
    _seed(count)
    # opportunities + their cause tags, cause tiles, heartbeat
    with django_assert_num_queries(4):
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
