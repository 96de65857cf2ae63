from __future__ import annotations

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import pdf
from accounts.models import Transcript, TrustLevel
from accounts.services import transcripts as services
from tests.factories import HoursEntryFactory, OpportunityFactory, OrganizationFactory

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 12, 31)


def _verified(user, **values):
    defaults = {
        "date": D(2026, 5, 1),
        "minutes": 120,
        "trust": TrustLevel.VERIFIED,
        "verified_by_name": "Ada Contact",
        "verified_by_email": "ada.contact@example.org",
        "locked_at": timezone.now(),
    }
    return HoursEntryFactory(user=user, **(defaults | values))


@pytest.fixture
def transcript(alice):
    _verified(alice, organization_name="Lumen Literacy", activity="Reading club")
    _verified(alice, organization_name="Map Aid", date=D(2026, 6, 2), minutes=90, trust=TrustLevel.APPROVED)
    return services.transcript_create(user=alice, start=START, end=END)


# --- Content and hash ----------------------------------------------------------------------------


def test_canonical_json_sorts_keys_and_has_no_whitespace():
    assert (
        services.canonical_json({"b": 1, "a": {"d": [1, 2], "c": "é"}}) == '{"a":{"c":"é","d":[1,2]},"b":1}'
    )


def test_the_hash_does_not_depend_on_key_order():
    assert services.content_hash({"a": 1, "b": 2}) == services.content_hash({"b": 2, "a": 1})


@pytest.mark.django_db
def test_the_hash_is_the_sha256_of_the_canonical_json_even_after_a_database_round_trip(transcript):
    stored = Transcript.objects.get(pk=transcript.pk)
    canonical = json.dumps(stored.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored.content_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.mark.django_db
def test_a_transcript_lists_only_verified_and_approved_hours_in_its_period(alice, bob):
    _verified(alice, activity="In", minutes=60)
    _verified(alice, activity="Approved", minutes=30, trust=TrustLevel.APPROVED, date=D(2026, 12, 31))
    HoursEntryFactory(user=alice, activity="Self-reported", date=D(2026, 5, 1))
    _verified(alice, activity="Before", date=D(2025, 12, 31))
    _verified(alice, activity="After", date=D(2027, 1, 1))
    _verified(bob, activity="Bob's")
    transcript = services.transcript_create(user=alice, start=START, end=END)
    assert [entry["activity"] for entry in transcript.content["entries"]] == ["In", "Approved"]
    assert transcript.total_minutes == transcript.content["total_minutes"] == 90
    assert "self-reported hours are not" in transcript.content["basis"]


@pytest.mark.django_db
def test_the_content_names_holder_organisation_and_verifier_but_no_e_mail(alice):
    alice.display_name = "Alice Liddell"
    alice.save()
    listing = OpportunityFactory(organization=OrganizationFactory(name="Lumen Trust"))
    _verified(alice, opportunity=listing, activity="Tutoring")
    transcript = services.transcript_create(user=alice, start=START, end=END)
    assert transcript.holder_name == transcript.content["holder_name"] == "Alice Liddell"
    assert transcript.content["entries"] == [
        {
            "date": "2026-05-01",
            "minutes": 120,
            "organisation": "Lumen Trust",
            "activity": "Tutoring",
            "trust": "verified",
            "verified_by": "Ada Contact",
        }
    ]
    assert transcript.content["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert transcript.content["generated_on"] == timezone.localdate().isoformat()
    assert "@" not in services.canonical_json(transcript.content)


@pytest.mark.django_db
def test_the_content_is_frozen_when_the_entries_change_later(alice):
    entry = _verified(alice, activity="Original")
    transcript = services.transcript_create(user=alice, start=START, end=END)
    entry.activity, entry.minutes = "Edited", 600
    entry.save()
    transcript.refresh_from_db()
    assert transcript.content["entries"][0]["activity"] == "Original"
    assert transcript.total_minutes == 120


@pytest.mark.django_db
def test_the_public_id_is_ten_unambiguous_url_safe_characters(transcript):
    assert len(transcript.public_id) == 10
    assert set(transcript.public_id) <= set(services.PUBLIC_ID_ALPHABET)
    assert not set("01oli") & set(services.PUBLIC_ID_ALPHABET)


@pytest.mark.django_db
def test_making_the_same_transcript_twice_returns_the_first(alice, transcript):
    again = services.transcript_create(user=alice, start=START, end=END)
    assert again == transcript
    assert Transcript.objects.count() == 1


@pytest.mark.django_db
def test_a_withdrawn_transcript_is_not_handed_back_for_the_same_content(alice, transcript):
    services.transcript_revoke(transcript=transcript)
    again = services.transcript_create(user=alice, start=START, end=END)
    assert again != transcript
    assert again.content_hash == transcript.content_hash


@pytest.mark.django_db
def test_an_id_clash_draws_another_id(alice, transcript, monkeypatch):
    ids = iter([transcript.public_id, "zzzzzzzzzz"])
    monkeypatch.setattr(services, "public_id_new", lambda: next(ids))
    services.transcript_revoke(transcript=transcript)
    assert services.transcript_create(user=alice, start=START, end=END).public_id == "zzzzzzzzzz"


@pytest.mark.django_db
def test_a_period_without_verified_hours_is_refused(alice):
    HoursEntryFactory(user=alice, date=D(2026, 5, 1))
    with pytest.raises(ValidationError, match="no verified hours"):
        services.transcript_create(user=alice, start=START, end=END)
    assert not Transcript.objects.exists()


@pytest.mark.django_db
def test_a_backwards_period_is_refused(alice):
    with pytest.raises(ValidationError) as error:
        services.transcript_create(user=alice, start=END, end=START)
    assert "end" in error.value.message_dict


@pytest.mark.django_db
def test_withdrawing_twice_keeps_the_first_date(transcript):
    first = services.transcript_revoke(transcript=transcript).revoked_at
    assert first is not None
    assert services.transcript_revoke(transcript=Transcript.objects.get(pk=transcript.pk)).revoked_at == first


# --- PDF ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_prints_holder_entries_hash_and_the_public_url(transcript):
    url = f"https://pitchin.example.org/t/{transcript.public_id}/"
    document = pdf.transcript_pdf(transcript=transcript, public_url=url, compress=False)
    assert document.startswith(b"%PDF")
    for text in (
        transcript.content_hash,
        url,
        "Lumen Literacy",
        "Reading club",
        "Ada Contact",
        "Total",
        "3.5",
    ):
        assert text.encode() in document
    assert b"ada.contact@example.org" not in document


@pytest.mark.django_db
def test_the_pdf_is_the_same_bytes_for_the_same_transcript(transcript):
    first = pdf.transcript_pdf(transcript=transcript, public_url="https://x.example/t/a/")
    assert first == pdf.transcript_pdf(transcript=transcript, public_url="https://x.example/t/a/")


@pytest.mark.django_db
def test_the_pdf_download_is_a_pdf_attachment(alice_client, transcript):
    response = alice_client.get(f"/me/transcripts/{transcript.public_id}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="pitchin-transcript-{transcript.public_id}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_withdrawn_transcript_is_no_longer_offered_as_a_pdf(alice_client, transcript):
    services.transcript_revoke(transcript=transcript)
    assert alice_client.get(f"/me/transcripts/{transcript.public_id}.pdf").status_code == 410


# --- The public page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_can_check_a_transcript_on_its_public_page(anon, transcript):
    response = anon.get(f"/t/{transcript.public_id}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "<dt>Holder</dt><dd>alice</dd>" in content
    assert "<dt>Total verified hours</dt><dd>3.5</dd>" in content
    assert "<dt>Entries</dt><dd>2</dd>" in content
    assert "<li>Lumen Literacy</li><li>Map Aid</li>" in content
    assert transcript.content_hash in content
    assert "1 January 2026</time> to" in content
    assert (
        f'This transcript was issued by Pitch In on <time datetime="{transcript.created_at:%Y-%m-%d}'
        in content
    )
    assert "The hash lets you check a PDF copy has not been altered" in content


@pytest.mark.django_db
def test_the_public_page_shows_no_verifier_names_or_e_mails_and_no_activities(anon, transcript):
    content = anon.get(f"/t/{transcript.public_id}/").content.decode()
    for private in ("ada.contact@example.org", "Ada Contact", "Reading club"):
        assert private not in content


@pytest.mark.django_db
def test_a_withdrawn_transcript_says_so_with_410_and_shows_nothing_else(anon, transcript):
    services.transcript_revoke(transcript=transcript)
    response = anon.get(f"/t/{transcript.public_id}/")
    content = response.content.decode()
    assert response.status_code == 410
    assert "This transcript was withdrawn by its holder on" in content
    assert transcript.content_hash not in content
    assert "Lumen Literacy" not in content


@pytest.mark.django_db
def test_an_unknown_transcript_is_not_found(anon):
    assert anon.get("/t/abcdefghjk/").status_code == 404


@pytest.mark.django_db
def test_the_public_page_takes_one_query(anon, transcript, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert anon.get(f"/t/{transcript.public_id}/").status_code == 200


# --- The owner's pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_each_transcript_with_its_links(alice_client, transcript):
    content = alice_client.get("/me/transcripts/").content.decode()
    assert "3.5 verified hours in 2 entries" in content
    assert f'href="/me/transcripts/{transcript.public_id}.pdf"' in content
    assert f'href="/t/{transcript.public_id}/"' in content
    assert f'href="/me/transcripts/{transcript.public_id}/revoke/"' in content


@pytest.mark.django_db
def test_a_new_person_sees_an_empty_list_that_says_what_to_do(alice_client):
    content = alice_client.get("/me/transcripts/").content.decode()
    assert "No transcripts yet" in content
    assert 'href="/me/transcripts/new/"' in content


@pytest.mark.django_db
def test_the_form_says_a_transcript_holds_verified_hours_only(alice_client):
    content = alice_client.get("/me/transcripts/new/").content.decode()
    assert "only your <strong>verified</strong> hours" in content
    assert 'type="date" name="start"' in content


@pytest.mark.django_db
def test_a_transcript_is_made_from_the_form(alice, alice_client):
    _verified(alice)
    response = alice_client.post("/me/transcripts/new/", {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 302
    assert response["Location"] == "/me/transcripts/"
    assert Transcript.objects.get(user=alice).total_minutes == 120


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-01-01", "end": "2026-12-31"}, "You have no verified hours in this period."),
        ({"start": "2026-12-31", "end": "2026-01-01"}, "The end date must be on or after the start date."),
        ({"start": "", "end": "2026-01-01"}, "This field is required."),
    ],
)
def test_the_form_says_what_to_fix(alice, alice_client, data, message):
    HoursEntryFactory(user=alice, date=D(2026, 5, 1))
    response = alice_client.post("/me/transcripts/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Transcript.objects.exists()


@pytest.mark.django_db
def test_withdrawing_asks_first_then_withdraws_on_post(alice_client, transcript):
    url = f"/me/transcripts/{transcript.public_id}/revoke/"
    assert "Withdraw this transcript?" in alice_client.get(url).content.decode()
    assert Transcript.objects.get(pk=transcript.pk).revoked_at is None
    assert alice_client.post(url).status_code == 302
    assert Transcript.objects.get(pk=transcript.pk).revoked_at is not None
    assert "Withdrawn" in alice_client.get("/me/transcripts/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/me/transcripts/", "/me/transcripts/new/", "/me/transcripts/{id}.pdf", "/me/transcripts/{id}/revoke/"],
)
def test_transcript_pages_are_for_their_owner_only(alice_client, bob_client, anon, transcript, path):
    url = path.format(id=transcript.public_id)
    assert alice_client.get(url).status_code == 200
    if "{id}" in path:
        assert bob_client.get(url).status_code == 404
    response = anon.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/me/transcripts/")


@pytest.mark.django_db
def test_another_person_cannot_withdraw_my_transcript(bob_client, transcript):
    assert bob_client.post(f"/me/transcripts/{transcript.public_id}/revoke/").status_code == 404
    assert Transcript.objects.get(pk=transcript.pk).revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_the_list_query_count_does_not_grow_with_transcripts(
    alice, alice_client, django_assert_num_queries, count
):
    for index in range(count):
        _verified(alice, date=D(2026, 1, 1) + datetime.timedelta(days=index))
        services.transcript_create(
            user=alice, start=START, end=D(2026, 1, 1) + datetime.timedelta(days=index)
        )
    assert Transcript.objects.count() == count
    with django_assert_num_queries(3):  # session, user, transcripts
        assert alice_client.get("/me/transcripts/").status_code == 200
