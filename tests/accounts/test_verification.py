"""Verification by a contact without an account: the request and its e-mail, the signed,
expiring, single-use link, the three answers, superseding, reminders at 3 and 7 days, expiry,
and the audit trail each step leaves."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import tasks
from accounts.models import AuditEvent, HoursEntry, TrustLevel, VerificationRequest, VerificationStatus
from accounts.services import verification
from accounts.services.verification import VerificationLinkError
from tests.factories import HoursEntryFactory, VerificationRequestFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 3)
LINK = re.compile(r"http://testserver(/verify/[^/\s\"]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def entry(alice):
    alice.display_name = "Alice Liddell"
    alice.save()
    return HoursEntryFactory(
        user=alice, date=DAY, minutes=180, activity="Proofreading", organization_name="Wikisource"
    )


def ask(entry, name: str = "Ana Ruiz", email: str = "ana@example.org", **kwargs) -> VerificationRequest:
    return verification.verification_request(entry=entry, contact_name=name, contact_email=email, **kwargs)


def token_for(asked: VerificationRequest) -> str:
    return verification.verification_token_make(verification=asked)


def answer(asked: VerificationRequest, decision: str, **kwargs) -> VerificationRequest:
    return verification.verification_answer(token=token_for(asked), decision=decision, **kwargs)


def events(entry: HoursEntry) -> list[tuple[str, str, str]]:
    return list(AuditEvent.objects.filter(entry=entry).values_list("action", "actor", "via"))


def link_in(message) -> str:
    return LINK.search(message.body)[1]


# --- Asking ----------------------------------------------------------------------------------------


def test_asking_creates_a_pending_request_that_expires_in_14_days(entry):
    before = timezone.now()
    asked = ask(entry)

    assert asked.status == VerificationStatus.PENDING
    assert len(asked.nonce) >= 20
    assert (
        before + datetime.timedelta(days=14)
        <= asked.expires_at
        <= timezone.now() + datetime.timedelta(days=14)
    )
    assert events(entry) == [("verification_requested", "volunteer", "web")]


def test_the_request_email_goes_out_only_after_commit_with_a_working_link(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        asked = ask(entry, note="The spring newsletter.")
        assert mailoutbox == []

    assert len(callbacks) == 1
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.subject == "Alice Liddell asks you to confirm 3 h of volunteering"
    assert "The spring newsletter." in message.body
    assert "Wikisource" in message.body
    token = link_in(message).split("/")[2]
    assert verification.verification_open(token=token) == asked


def test_nothing_is_mailed_when_the_request_fails(entry, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        ask(entry, email="not-an-address")

    assert mailoutbox == []
    assert not VerificationRequest.objects.exists()


@pytest.mark.parametrize(
    ("name", "email", "field"),
    [
        ("", "ana@example.org", "contact_name"),
        ("Ana", "ana@", "contact_email"),
        ("Me", "ALICE@example.org", "contact_email"),
    ],
)
def test_a_request_needs_a_name_and_someone_elses_address(entry, name, email, field):
    with pytest.raises(ValidationError) as raised:
        ask(entry, name=name, email=email)

    assert field in raised.value.message_dict


def test_a_new_request_supersedes_the_pending_one_and_its_link_stops_working(entry):
    first = ask(entry)
    second = ask(entry, name="Ben Okafor", email="ben@example.org")

    first.refresh_from_db()
    assert (first.status, second.status) == (VerificationStatus.SUPERSEDED, VerificationStatus.PENDING)
    assert [action for action, *_ in events(entry)] == [
        "verification_requested",
        "verification_superseded",
        "verification_requested",
    ]
    with pytest.raises(VerificationLinkError) as raised:
        verification.verification_open(token=token_for(first))
    assert str(raised.value) == "This request was replaced by a newer one"


def test_a_confirmed_entry_cannot_be_sent_for_verification_again(entry):
    answer(ask(entry), "confirm")

    with pytest.raises(ValidationError, match="already verified and locked"):
        ask(entry, name="Ben", email="ben@example.org")


@pytest.mark.parametrize(
    ("decision", "extra"),
    [("adjust", {"adjusted_minutes": 120, "reason": "Two hours"}), ("decline", {"reason": "Not me"})],
)
def test_after_an_adjustment_or_a_decline_the_volunteer_may_ask_again(entry, decision, extra):
    answer(ask(entry), decision, **extra)

    assert ask(entry, name="Ben", email="ben@example.org").status == VerificationStatus.PENDING


# --- Sending again -------------------------------------------------------------------------------


def test_sending_again_mails_the_same_link_and_counts_as_a_reminder(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = ask(entry)
    VerificationRequest.objects.filter(pk=asked.pk).update(
        sent_at=timezone.now() - datetime.timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        verification.verification_resend(verification=asked)

    asked.refresh_from_db()
    assert asked.reminders_sent == 1
    first, again = mailoutbox
    assert again.subject.startswith("Reminder: ")
    assert signing.loads(link_in(again).split("/")[2], salt="pitchin.verify") == {
        "r": asked.pk,
        "n": asked.nonce,
    }
    assert signing.loads(link_in(first).split("/")[2], salt="pitchin.verify") == {
        "r": asked.pk,
        "n": asked.nonce,
    }
    assert events(entry)[-1] == ("verification_resent", "volunteer", "web")


def test_a_double_click_on_send_again_sends_one_email(entry, mailoutbox, django_capture_on_commit_callbacks):
    asked = VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        verification.verification_resend(verification=asked)
        with pytest.raises(ValidationError, match="cannot be sent again now"):
            verification.verification_resend(verification=asked)

    assert len(mailoutbox) == 1


def test_an_answered_request_cannot_be_sent_again(entry):
    asked = VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(days=1))
    answer(asked, "confirm")

    with pytest.raises(ValidationError):
        verification.verification_resend(verification=asked)


# --- Answering -----------------------------------------------------------------------------------


def test_confirming_verifies_and_locks_the_entry_and_tells_the_volunteer(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    asked = ask(entry)
    with django_capture_on_commit_callbacks(execute=True):
        answer(asked, "confirm")

    entry.refresh_from_db()
    assert (entry.trust, entry.minutes) == (TrustLevel.VERIFIED, 180)
    assert entry.locked_at is not None
    assert (entry.verified_by_name, entry.verified_by_email) == ("Ana Ruiz", "ana@example.org")
    assert events(entry)[-2:] == [
        ("confirmed", "contact:ana@example.org", "email link"),
        ("locked", "system", "email link"),
    ]
    [message] = mailoutbox
    assert message.to == [entry.user.email]
    assert message.subject == "Ana Ruiz confirmed your 3 h on 3 March 2025"
    assert f"http://testserver/me/hours/{entry.pk}/" in message.body


def test_adjusting_changes_the_minutes_verifies_and_records_old_new_and_why(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer(ask(entry), "adjust", adjusted_minutes=150, reason="We stopped at half past.")

    entry.refresh_from_db()
    assert (entry.trust, entry.minutes, entry.is_locked) == (TrustLevel.VERIFIED, 150, True)
    adjusted = AuditEvent.objects.get(entry=entry, action="adjusted")
    assert adjusted.details == {
        "contact_name": "Ana Ruiz",
        "contact_email": "ana@example.org",
        "old_minutes": 180,
        "new_minutes": 150,
        "reason": "We stopped at half past.",
    }
    assert "changed the time from 3 h to 2 h 30 min" in mailoutbox[-1].body


def test_declining_leaves_the_entry_self_reported_and_unlocked(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    asked = ask(entry)
    with django_capture_on_commit_callbacks(execute=True):
        asked = answer(asked, "decline", reason="I was not there that day.")

    entry.refresh_from_db()
    assert (entry.trust, entry.is_locked) == (TrustLevel.SELF_REPORTED, False)
    assert (asked.status, asked.reason) == (VerificationStatus.DECLINED, "I was not there that day.")
    assert events(entry)[-1] == ("declined", "contact:ana@example.org", "email link")
    [message] = mailoutbox
    assert message.subject == "Ana Ruiz could not confirm your hours on 3 March 2025"
    assert 'Their reason: "I was not there that day."' in message.body


def test_an_adjustment_must_obey_the_24_hour_rule_and_the_link_stays_usable(entry):
    HoursEntryFactory(user=entry.user, date=DAY, minutes=22 * 60)
    asked = ask(entry)

    with pytest.raises(ValidationError) as raised:
        answer(asked, "adjust", adjusted_minutes=3 * 60 + 30, reason="Longer")

    assert raised.value.message_dict["adjusted_minutes"] == [
        "Alice Liddell already logged 22 h on 3 March 2025; at most 24 h a day can be logged. "
        "This entry can be at most 2 h."
    ]
    asked.refresh_from_db()
    assert asked.status == VerificationStatus.PENDING
    assert (
        answer(asked, "adjust", adjusted_minutes=120, reason="Two hours").status
        == VerificationStatus.ADJUSTED
    )


@pytest.mark.parametrize(
    ("decision", "extra", "field"),
    [
        ("adjust", {"reason": "Shorter"}, "adjusted_minutes"),
        ("adjust", {"adjusted_minutes": 60}, "reason"),
        ("adjust", {"adjusted_minutes": 180, "reason": "Same"}, "adjusted_minutes"),
        ("decline", {}, "reason"),
        ("maybe", {}, "decision"),
    ],
)
def test_an_incomplete_answer_is_refused_and_uses_nothing_up(entry, decision, extra, field):
    asked = ask(entry)

    with pytest.raises(ValidationError) as raised:
        answer(asked, decision, **extra)

    assert field in raised.value.message_dict
    asked.refresh_from_db()
    assert asked.status == VerificationStatus.PENDING


def test_a_link_answers_once(entry):
    asked = ask(entry)
    answer(asked, "confirm")

    with pytest.raises(VerificationLinkError) as raised:
        answer(asked, "decline", reason="Changed my mind")

    assert str(raised.value) == "This link was already used"
    entry.refresh_from_db()
    assert entry.trust == TrustLevel.VERIFIED


def test_of_two_answers_racing_only_one_wins(entry, monkeypatch):
    asked = ask(entry)
    # Both contacts' requests read the request while it was still pending...
    stale = verification.verification_open(token=token_for(asked))
    answer(asked, "confirm")
    monkeypatch.setattr(verification, "verification_open", lambda **kwargs: stale)

    # ...and the second one's conditional UPDATE finds nothing left to claim.
    with pytest.raises(VerificationLinkError, match="already used"):
        answer(asked, "decline", reason="No")

    asked.refresh_from_db()
    assert asked.status == VerificationStatus.CONFIRMED
    assert [action for action, *_ in events(entry)].count("declined") == 0


def test_an_answer_to_an_entry_edited_meanwhile_is_refused(entry):
    asked = ask(entry)
    seen = verification.entry_version(entry)
    HoursEntry.objects.filter(pk=entry.pk).update(
        minutes=600, updated_at=timezone.now() + datetime.timedelta(seconds=1)
    )

    with pytest.raises(ValidationError, match="changed this entry"):
        answer(asked, "confirm", seen_version=seen)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (VerificationStatus.SUPERSEDED, "This request was replaced by a newer one"),
        (VerificationStatus.EXPIRED, "This link has expired"),
        (VerificationStatus.CONFIRMED, "This link was already used"),
        (VerificationStatus.DECLINED, "This link was already used"),
    ],
)
def test_a_closed_request_says_why(entry, status, message):
    asked = VerificationRequestFactory(entry=entry, status=status)

    with pytest.raises(VerificationLinkError) as raised:
        verification.verification_open(token=token_for(asked))

    assert str(raised.value) == message


def test_a_request_past_its_expiry_cannot_be_answered(entry):
    asked = VerificationRequestFactory(entry=entry, expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(VerificationLinkError, match="This link has expired"):
        answer(asked, "confirm")


def test_a_link_older_than_14_days_has_expired_by_its_signature_too(entry, monkeypatch):
    asked = VerificationRequestFactory(entry=entry, expires_at=timezone.now() + datetime.timedelta(days=365))
    token = token_for(asked)
    later = time.time() + 14 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    with pytest.raises(VerificationLinkError, match="This link has expired"):
        verification.verification_open(token=token)


@pytest.mark.parametrize(
    "make_token",
    [
        lambda asked: token_for(asked)[:-2] + "xx",
        lambda asked: signing.dumps({"r": asked.pk, "n": asked.nonce}, salt="another.salt"),
        lambda asked: signing.dumps({"r": asked.pk, "n": "guessed"}, salt="pitchin.verify"),
        lambda asked: signing.dumps({"r": asked.pk + 1000, "n": asked.nonce}, salt="pitchin.verify"),
        lambda asked: signing.dumps(["not", "a", "dict"], salt="pitchin.verify"),
        lambda asked: "garbage",
    ],
)
def test_a_tampered_or_unknown_link_is_not_valid(entry, make_token):
    asked = VerificationRequestFactory(entry=entry)

    with pytest.raises(VerificationLinkError, match="This link is not valid"):
        verification.verification_open(token=make_token(asked))


# --- Reminders and expiry --------------------------------------------------------------------------


def sent_ago(entry, **age) -> VerificationRequest:
    return VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(**age))


def test_the_first_reminder_goes_after_3_days(entry, mailoutbox, django_capture_on_commit_callbacks):
    due = sent_ago(entry, days=3, minutes=1)
    sent_ago(HoursEntryFactory(user=entry.user), days=2, hours=23)

    with django_capture_on_commit_callbacks(execute=True):
        assert verification.verification_reminders_send() == 1

    due.refresh_from_db()
    assert due.reminders_sent == 1
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert message.subject.startswith("Reminder: ")
    assert events(entry)[-1] == ("verification_reminded", "system", "task")


def test_the_second_reminder_goes_after_7_days(entry, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    due = sent_ago(entry, days=7, minutes=1)
    VerificationRequest.objects.filter(pk=due.pk).update(
        reminders_sent=1, last_reminder_at=now - datetime.timedelta(days=4)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert verification.verification_reminders_send(now=now) == 1

    due.refresh_from_db()
    assert due.reminders_sent == 2
    assert len(mailoutbox) == 1


def test_a_request_reminded_twice_gets_no_third_reminder(entry, mailoutbox):
    asked = sent_ago(entry, days=10)
    VerificationRequest.objects.filter(pk=asked.pk).update(reminders_sent=2)

    assert verification.verification_reminders_send() == 0


def test_running_the_reminders_again_sends_nothing_twice(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    sent_ago(entry, days=4)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        first = verification.verification_reminders_send(now=now)
        retry = verification.verification_reminders_send(now=now)

    assert (first, retry) == (1, 0)
    assert len(mailoutbox) == 1


def test_two_runs_at_once_send_a_reminder_once(
    entry, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    sent_ago(entry, days=4)
    claim_and_send, overlapped = verification._remind, []

    def another_run_gets_there_first(asked, number, now):
        # A second worker runs the whole job after this one selected the request, before it claims.
        if not overlapped:
            overlapped.append(True)
            verification.verification_reminders_send(now=now)
        return claim_and_send(asked, number, now)

    monkeypatch.setattr(verification, "_remind", another_run_gets_there_first)
    with django_capture_on_commit_callbacks(execute=True):
        assert verification.verification_reminders_send() == 0

    assert len(mailoutbox) == 1
    assert VerificationRequest.objects.get().reminders_sent == 1


def test_an_old_request_gets_one_reminder_per_run_not_both_at_once(
    entry, mailoutbox, django_capture_on_commit_callbacks
):
    sent_ago(entry, days=8)

    with django_capture_on_commit_callbacks(execute=True):
        assert verification.verification_reminders_send() == 1

    assert len(mailoutbox) == 1


def test_requests_past_their_expiry_expire_and_the_volunteer_can_ask_again(entry, mailoutbox):
    asked = VerificationRequestFactory(
        entry=entry,
        sent_at=timezone.now() - datetime.timedelta(days=15),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    assert verification.verification_reminders_send() == 0

    asked.refresh_from_db()
    assert asked.status == VerificationStatus.EXPIRED
    assert events(entry) == [("expired", "system", "task")]
    assert mailoutbox == []
    assert ask(entry, name="Ben", email="ben@example.org").status == VerificationStatus.PENDING


def test_the_hourly_task_reports_how_many_reminders_it_sent(entry):
    sent_ago(entry, days=3, hours=1)

    assert tasks.verification_reminders_send.delay().get() == "sent 1"


# --- The contact's page (no login) ----------------------------------------------------------------


def page(client, asked: VerificationRequest) -> str:
    return f"/verify/{token_for(asked)}/"


def test_the_contact_sees_the_entry_without_logging_in(anon, entry):
    entry.evidence_url = "https://example.org/proof"
    entry.save()
    asked = ask(entry)

    response = anon.get(page(anon, asked))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Can you confirm Alice Liddell's volunteer hours?" in content
    for text in ("3 h", "Proofreading", "Wikisource", "Monday 3 March 2025", "https://example.org/proof"):
        assert text in content
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_contact_confirms_on_the_page_and_a_second_post_finds_the_link_used(anon, entry):
    asked = ask(entry)

    done = anon.post(page(anon, asked), {"decision": "confirm"})
    again = anon.post(page(anon, asked), {"decision": "decline", "reason": "No"})

    assert done.status_code == 200
    assert "You confirmed 3 h of volunteering by Alice Liddell" in done.content.decode()
    assert again.status_code == 410
    assert "This link was already used" in again.content.decode()
    entry.refresh_from_db()
    assert entry.trust == TrustLevel.VERIFIED


def test_the_contact_adjusts_with_hours_and_minutes_boxes(anon, entry):
    asked = ask(entry)

    anon.post(
        page(anon, asked),
        {"decision": "adjust", "adjusted_hours": "2", "adjusted_minutes": "15", "reason": "Shorter"},
    )

    entry.refresh_from_db()
    assert entry.minutes == 135


def test_the_contact_sees_what_to_fix_when_an_answer_is_incomplete(anon, entry):
    HoursEntryFactory(user=entry.user, date=DAY, minutes=22 * 60)
    asked = ask(entry)

    missing = anon.post(page(anon, asked), {"decision": "decline"})
    too_long = anon.post(page(anon, asked), {"decision": "adjust", "adjusted_hours": "5", "reason": "Longer"})

    assert missing.status_code == too_long.status_code == 400
    assert "Say briefly why you cannot confirm it" in missing.content.decode()
    assert "This entry can be at most 2 h." in too_long.content.decode()


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"status": VerificationStatus.SUPERSEDED}, 410, "This request was replaced by a newer one"),
        ({"expires_at": timezone.now() - datetime.timedelta(days=1)}, 410, "This link has expired"),
        (
            {"status": VerificationStatus.ADJUSTED, "answered_at": timezone.now()},
            410,
            "This link was already used",
        ),
    ],
)
def test_a_closed_link_page_says_why(anon, entry, changes, status, message):
    asked = VerificationRequestFactory(entry=entry, **changes)

    response = anon.get(page(anon, asked))

    assert response.status_code == status
    assert message in response.content.decode()


def test_a_tampered_link_is_a_not_found_page(anon, entry):
    asked = VerificationRequestFactory(entry=entry)

    response = anon.get(f"/verify/{token_for(asked)[:-3]}abc/")

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


# --- The volunteer's side of the pages ----------------------------------------------------------------


def test_alice_asks_for_verification_from_the_entry_page(
    alice_client, entry, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            f"/me/hours/{entry.pk}/verify/", {"contact_name": "Ana Ruiz", "contact_email": "ana@example.org"}
        )

    assert response["Location"] == f"/me/hours/{entry.pk}/"
    assert VerificationRequest.objects.get(entry=entry).status == VerificationStatus.PENDING
    assert len(mailoutbox) == 1
    page = alice_client.get(response["Location"]).content.decode()
    assert "We e-mailed Ana Ruiz a link" in page
    assert "waiting for Ana Ruiz" in page


def test_a_bad_contact_address_is_shown_next_to_its_field(alice_client, entry):
    response = alice_client.post(
        f"/me/hours/{entry.pk}/verify/", {"contact_name": "Ana", "contact_email": "ana@"}
    )

    assert response.status_code == 400
    assert "Enter their e-mail address" in response.content.decode()


def test_alice_sends_the_link_again_from_the_entry_page(
    alice_client, entry, mailoutbox, django_capture_on_commit_callbacks
):
    asked = VerificationRequestFactory(entry=entry, sent_at=timezone.now() - datetime.timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(f"/me/hours/{entry.pk}/verify/{asked.pk}/resend/")

    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_the_timeline_names_the_contact_and_how_they_answered(alice_client, entry):
    answer(ask(entry), "adjust", adjusted_minutes=150, reason="We stopped early.")

    content = alice_client.get(f"/me/hours/{entry.pk}/").content.decode()

    assert "Verification requested from Ana Ruiz (ana@example.org) on the website" in content
    assert (
        "Adjusted by Ana Ruiz (ana@example.org) via e-mail link: 3 h → 2 h 30 min. Reason: “We stopped early.”"
        in content
    )
    assert "Locked: verified hours can no longer be edited or deleted" in content
    assert "This entry is locked." in content
    assert "Ask for a new verification" in content


def test_a_confirmed_entry_page_offers_no_new_verification(alice_client, entry):
    answer(ask(entry), "confirm")

    content = alice_client.get(f"/me/hours/{entry.pk}/").content.decode()

    assert "Confirmed by Ana Ruiz (ana@example.org) via e-mail link" in content
    assert "Send the request" not in content
