"""E-mail tasks with real workers: a digest task killed after sending and redelivered, and
reminder tasks delivered twice at once and again, send every person exactly one e-mail. Counted
in the files Django's file backend wrote, whichever process sent them (integration/mail.py)."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.utils import timezone

from accounts.models import AlertFrequency, DigestDelivery
from opportunities.models import SavedStage
from tests.factories import (
    OpportunityFactory,
    SavedOpportunityFactory,
    SavedSearchFactory,
    UserFactory,
    VerificationRequestFactory,
)
from tests.integration import mail
from tests.support.workers import redelivery_limits

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DIGESTS = "accounts.tasks.digests_send"
FOLLOW_UPS = "accounts.tasks.follow_up_reminders_send"
VERIFICATION_REMINDERS = "accounts.tasks.verification_reminders_send"
VISIBILITY = 10


def _sent(result: str) -> int:
    return int(re.findall(r"sent (\d+)", result)[0])


@pytest.fixture
def mailbox(tmp_path):
    return tmp_path / "mail"


def _mail_env(mailbox, **extra: str) -> dict[str, str]:
    return {"EMAIL_FILE_PATH": str(mailbox), **extra}


def test_a_digest_task_killed_after_sending_is_redelivered_and_sends_nobody_a_second_digest(
    procs, mailbox, tmp_path
):
    now = timezone.now()
    readers = [UserFactory(username=f"reader{n}", email=f"reader{n}@example.org") for n in range(3)]
    searches = [
        SavedSearchFactory(
            user=reader,
            query="",
            alerts=AlertFrequency.DAILY,
            last_digest_until=now - datetime.timedelta(days=1),
        )
        for reader in readers
    ]
    for _ in range(2):
        OpportunityFactory(first_seen_at=now - datetime.timedelta(hours=1))
    # The worker stalls right after the first reader's digest has gone out, before recording it.
    stall = tmp_path / "stall"
    stall.write_text(readers[0].email)
    env = _mail_env(
        mailbox,
        EMAIL_BACKEND="tests.integration.mail.StallingFileBackend",
        MAIL_STALL_FILE=str(stall),
        **redelivery_limits(VISIBILITY),
    )
    doomed = procs.worker("doomed", **env)
    task_id = procs.broker.send(DIGESTS)
    procs.wait_for(
        lambda: mail.sent(mailbox)[readers[0].email], timeout=60, what="the first digest to go out"
    )

    # Sent and claimed, not recorded as sent; the others not even claimed yet.
    [claim] = DigestDelivery.objects.all()
    assert (claim.saved_search_id, claim.sent_at) == (searches[0].pk, None)
    delivered_at = procs.broker.unacked_since()
    doomed.kill()
    stall.unlink()

    rescuer = procs.worker_after_redelivery(
        "rescuer", delivered_at=delivered_at, visibility=VISIBILITY, **env
    )
    procs.wait_for(lambda: rescuer.results(DIGESTS), timeout=60, what="the redelivered digest task")
    assert [(done_id, _sent(result)) for done_id, result in rescuer.results(DIGESTS)] == [(task_id, 2)]
    assert mail.sent(mailbox) == {reader.email: 1 for reader in readers}

    # The next hourly run finds every search's digest for today claimed.
    procs.broker.send(DIGESTS)
    procs.wait_for(lambda: len(rescuer.results(DIGESTS)) == 2, timeout=60, what="the next digest run")
    assert _sent(rescuer.results(DIGESTS)[1][1]) == 0
    assert mail.sent(mailbox) == {reader.email: 1 for reader in readers}
    deliveries = DigestDelivery.objects.order_by("saved_search_id")
    assert [d.saved_search_id for d in deliveries] == [search.pk for search in searches]
    # At most once: the crashed send stays claimed and unconfirmed (its listings come in the next
    # period's digest, since that search's last_digest_until did not move).
    assert [d.sent_at is not None for d in deliveries] == [False, True, True]


def test_reminder_tasks_delivered_twice_at_once_and_again_send_each_reminder_once(procs, mailbox):
    now = timezone.now()
    for n in range(2):
        SavedOpportunityFactory(
            user=UserFactory(username=f"applicant{n}", email=f"applicant{n}@example.org"),
            stage=SavedStage.APPLIED,
            stage_changed_at=now - datetime.timedelta(days=14),
            follow_up_on=timezone.localdate(),
        )
    VerificationRequestFactory(
        contact_email="coordinator@example.org",
        sent_at=now - datetime.timedelta(days=4),
        expires_at=now + datetime.timedelta(days=10),
    )
    worker = procs.worker(
        "mailer",
        concurrency=2,
        **_mail_env(mailbox, EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"),
    )
    for task in (FOLLOW_UPS, VERIFICATION_REMINDERS):
        task_id = str(uuid.uuid4())
        for sent_id in (task_id, task_id, None):  # the same message twice, then another run
            procs.broker.send(task, task_id=sent_id)
    procs.wait_for(
        lambda: len(worker.results(FOLLOW_UPS)) == 3 and len(worker.results(VERIFICATION_REMINDERS)) == 3,
        timeout=60,
        what="all six deliveries",
    )
    assert sum(_sent(result) for _, result in worker.results(FOLLOW_UPS)) == 2
    assert sum(_sent(result) for _, result in worker.results(VERIFICATION_REMINDERS)) == 1
    assert mail.sent(mailbox) == {
        "applicant0@example.org": 1,
        "applicant1@example.org": 1,
        "coordinator@example.org": 1,
    }
