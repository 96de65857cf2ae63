from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from opportunities import credentials
from opportunities.models import Opportunity, Source
from tests.factories import CauseFactory, OpportunityCauseFactory, OpportunityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_one_row_per_source_and_item_id():
    first = OpportunityFactory(source_item_id="abc")
    with pytest.raises(IntegrityError):
        OpportunityFactory(source=first.source, source_item_id="abc")


def test_the_same_item_id_may_exist_in_two_sources():
    OpportunityFactory(source_item_id="abc")
    OpportunityFactory(source_item_id="abc")
    assert Opportunity.objects.filter(source_item_id="abc").count() == 2


def test_one_tag_per_opportunity_and_cause():
    tag = OpportunityCauseFactory()
    with pytest.raises(IntegrityError):
        OpportunityCauseFactory(opportunity=tag.opportunity, cause=tag.cause)


def test_tag_confidence_must_be_a_probability():
    with pytest.raises(IntegrityError):
        OpportunityCauseFactory(cause=CauseFactory(), confidence=1.5)


def test_status_must_be_a_known_value():
    with pytest.raises(IntegrityError):
        OpportunityFactory(status="deleted")


def test_credentials_are_encrypted_at_rest_and_masked_for_display():
    source = SourceFactory()
    source.set_credentials({"api_key": "sk_live_0123456789abcdef"})
    source.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials_encrypted FROM opportunities_source WHERE id = %s", [source.pk])
        stored = cursor.fetchone()[0]
    assert "sk_live" not in stored
    reloaded = Source.objects.get(pk=source.pk)
    assert reloaded.get_credentials() == {"api_key": "sk_live_0123456789abcdef"}
    assert reloaded.credentials_masked == {"api_key": "••••cdef"}
    assert "sk_live" not in repr(reloaded)
    assert "sk_live" not in str(reloaded)


def test_short_credentials_are_masked_entirely():
    assert credentials.mask("short") == "••••"


def test_credentials_survive_a_secret_key_rotation(settings):
    settings.SECRET_KEY = "old-key-" + "x" * 50
    token = credentials.encrypt({"appname": "pitchin"})
    settings.SECRET_KEY = "new-key-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-key-" + "x" * 50]
    assert credentials.decrypt(token) == {"appname": "pitchin"}


def test_credentials_under_a_lost_key_fail_with_what_to_do(settings):
    token = credentials.encrypt({"appname": "pitchin"})
    settings.SECRET_KEY = "a-completely-different-key-" + "z" * 40
    with pytest.raises(credentials.CredentialsUnreadable, match="SECRET_KEY_FALLBACKS"):
        credentials.decrypt(token)
