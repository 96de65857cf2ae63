"""Shared by the schema-driven API tests (schemathesis, the generated client): a small realistic
world to aim requests at, and a way to call the Django WSGI application in-process the way a
server would (DEBUG off, a crash answered by handler500) inside the test's transaction."""

from __future__ import annotations

import datetime
import functools
import logging
import traceback
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

SCHEMA_PATH = "/api/v1/schema/"


@functools.cache
def wsgi_application() -> Any:
    """The project's own WSGI application (config/wsgi.py builds the same one)."""
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


@dataclass
class ServerErrors:
    """Tracebacks of the exceptions Django turned into 500s during the block."""

    tracebacks: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.tracebacks)


@contextmanager
def in_process_server() -> Iterator[ServerErrors]:
    """Serve requests through the real WSGI handler, as production does: an exception in a view
    becomes handler500's problem+json 500 (the test sees the status, not the exception), and its
    traceback is kept for the failure message.

    Django closes "old" database connections at the start and end of each request; inside a test
    transaction that would throw the test's data away, so, as Django's own test client does,
    those two receivers are off for the block."""
    assert settings.DEBUG is False, "the schema tests must see production error handling"
    errors = ServerErrors()

    def remember(sender: Any, request: Any = None, **kwargs: Any) -> None:
        errors.tracebacks.append(traceback.format_exc())

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(remember, weak=False)
    # Thousands of deliberate 4xx would each log a warning; 5xx are still logged.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        yield errors
    finally:
        request_log.setLevel(level)
        got_request_exception.disconnect(remember)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# --- The world the requests land in -----------------------------------------------------------------


@dataclass
class World:
    """What `seed_world` made: alice's token and the ids that path parameters can aim at."""

    token: str
    # (path template, parameter name) -> values that exist for alice (or publicly).
    targets: dict[tuple[str, str], list[Any]]
    listing_ids: list[int]
    # Named objects, for requests written by hand.
    ids: dict[str, int]
    alice: Any
    bob: Any
    objects: dict[str, Any]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def seed_world(*, alice: Any, bob: Any) -> World:
    """A small catalogue (taxonomy, sources, organisations, active, expired and clustered listings
    tagged with causes and skills) and alice's records (saved listings, searches, hours, one of
    them verified and locked, a pending verification, goals, a second token). Bob owns one of
    each, so alice's requests can meet someone else's ids."""
    from accounts.services import tokens
    from opportunities import services
    from opportunities.models import Cause, Skill
    from tests.factories import (
        GoalFactory,
        HoursEntryFactory,
        OpportunityCauseFactory,
        OpportunityFactory,
        OpportunitySkillFactory,
        OrganizationFactory,
        SavedOpportunityFactory,
        SavedSearchFactory,
        SourceFactory,
        VerificationRequestFactory,
    )

    services.taxonomy_load()
    now = timezone.now()
    today = timezone.localdate()
    causes = list(Cause.objects.order_by("position", "slug")[:4])
    skills = list(Skill.objects.order_by("position", "slug")[:3])

    idealist = SourceFactory(
        name="Idealist", homepage_url="https://www.idealist.org/", attribution="Idealist"
    )
    unv = SourceFactory(name="UN Volunteers", homepage_url="https://app.unv.org/")
    read_together = OrganizationFactory(name="Read Together", url="https://readtogether.example.org/")
    translators = OrganizationFactory(name="Translators Without Borders", country="US")

    tutor = OpportunityFactory(
        source=idealist,
        organization=read_together,
        title="Tutor children in reading over video",
        summary="Weekly one-to-one reading sessions.",
        description_text="Help a child read: one hour a week, online.",
        description_html="<p>Help a child read: one hour a week, online.</p>",
        remote_scope="worldwide",
        schedule="ongoing",
        posted_at=now - datetime.timedelta(days=60),
        first_seen_at=now - datetime.timedelta(days=60),
        timezone="America/New_York",
        hours_per_week=1,
        languages=["en"],
        eligible_countries=["US", "CA"],
        expires_at=now + datetime.timedelta(days=30),
    )
    translate = OpportunityFactory(
        source=unv,
        organization=translators,
        title="Translate health leaflets into Spanish",
        summary="Translate short leaflets at your own pace.",
        schedule="flexible",
        remote_scope="countries",
        eligible_countries=["MX", "ES"],
        languages=["es", "en"],
        posted_at=now - datetime.timedelta(days=400),
        first_seen_at=now - datetime.timedelta(days=400),
    )
    mentor = OpportunityFactory(source=idealist, organization=read_together, title="Mentor a new volunteer")
    # One role on two sites: a cluster, the richer copy first.
    mentor_copy = OpportunityFactory(
        source=unv, organization=read_together, title="Mentor a new volunteer", cluster_rank=1
    )
    mentor.cluster_id = mentor_copy.cluster_id = mentor.pk
    mentor.save(update_fields=["cluster_id"])
    mentor_copy.save(update_fields=["cluster_id"])
    expired = OpportunityFactory(
        source=idealist,
        organization=translators,
        title="Proofread a grant application",
        status="expired",
        expires_at=now - datetime.timedelta(days=3),
    )
    for listing, cause, skill in [
        (tutor, causes[0], skills[0]),
        (translate, causes[1], skills[1]),
        (mentor, causes[0], skills[2]),
        (mentor_copy, causes[0], skills[2]),
        (expired, causes[2], skills[1]),
    ]:
        OpportunityCauseFactory(opportunity=listing, cause=cause, reason='rule: "tutor" in title')
        OpportunitySkillFactory(opportunity=listing, skill=skill)
    OpportunityCauseFactory(opportunity=tutor, cause=causes[3], method="rule", confidence=0.6)

    saved = [
        SavedOpportunityFactory(user=alice, opportunity=tutor, note="Ask about evenings"),
        SavedOpportunityFactory(
            user=alice, opportunity=expired, stage="applied", follow_up_on=today + datetime.timedelta(days=7)
        ),
    ]
    searches = [
        SavedSearchFactory(user=alice, name="Tutoring", query=f"cause={causes[0].slug}&q=tutor"),
        SavedSearchFactory(user=alice, name="Spanish", query="language=es", alerts="weekly"),
    ]
    hours = [
        HoursEntryFactory(
            user=alice,
            date=today - datetime.timedelta(days=2),
            minutes=90,
            opportunity=tutor,
            organization_name="",
            activity="Reading session",
        ),
        HoursEntryFactory(
            user=alice, date=today - datetime.timedelta(days=9), minutes=45, organization_name="Food bank"
        ),
        # Verified by a contact, so locked: edits and deletion are refused (409).
        HoursEntryFactory(
            user=alice,
            date=today - datetime.timedelta(days=20),
            minutes=120,
            organization_name="Translators Without Borders",
            trust="verified",
            locked_at=now,
            verified_by_name="Ana Ruiz",
            verified_by_email="ana@example.org",
        ),
    ]
    VerificationRequestFactory(entry=hours[1])
    goals = [
        GoalFactory(user=alice, name="50 hours this year", target_hours=50),
        GoalFactory(user=alice, kind="school", name="School service hours", target_hours=20),
    ]
    spare_token = tokens.api_token_create(user=alice, name="laptop script")
    token = tokens.api_token_create(user=alice, name="schema tests")

    bobs = {
        "saved": SavedOpportunityFactory(user=bob, opportunity=translate),
        "search": SavedSearchFactory(user=bob, name="Bob's search"),
        "hours": HoursEntryFactory(user=bob, organization_name="Bob's club"),
        "goal": GoalFactory(user=bob),
        "token": tokens.api_token_create(user=bob, name="bob").token,
    }

    listing_ids = [tutor.pk, translate.pk, mentor.pk, mentor_copy.pk, expired.pk]
    targets: dict[tuple[str, str], list[Any]] = {
        ("/opportunities/{id}/", "id"): listing_ids,
        ("/opportunities/{opportunity_id}/save/", "opportunity_id"): listing_ids,
        ("/causes/{slug}/", "slug"): [cause.slug for cause in causes],
        ("/skills/{slug}/", "slug"): [skill.slug for skill in skills],
        ("/sources/{id}/", "id"): [idealist.pk, unv.pk],
        ("/organizations/{id}/", "id"): [read_together.pk, translators.pk],
        ("/problems/{slug}/", "slug"): ["validation-error", "not-found", "conflict"],
        ("/me/saved/{id}/", "id"): [item.pk for item in saved] + [bobs["saved"].pk],
        ("/me/saved/{id}/mark-seen/", "id"): [item.pk for item in saved],
        ("/me/searches/{id}/", "id"): [search.pk for search in searches] + [bobs["search"].pk],
        ("/me/searches/{id}/rotate-feed/", "id"): [search.pk for search in searches],
        ("/me/hours/{id}/", "id"): [entry.pk for entry in hours] + [bobs["hours"].pk],
        ("/me/hours/{id}/request-verification/", "id"): [entry.pk for entry in hours],
        ("/me/hours/{id}/resend-verification/", "id"): [entry.pk for entry in hours],
        ("/me/goals/{id}/", "id"): [goal.pk for goal in goals] + [bobs["goal"].pk],
        ("/me/tokens/{id}/", "id"): [spare_token.token.pk, bobs["token"].pk],
    }
    return World(
        token=token.secret,
        targets=targets,
        listing_ids=listing_ids,
        ids={
            "tutor": tutor.pk,
            "hours": hours[1].pk,
            "locked_hours": hours[2].pk,
            "goal": goals[0].pk,
            "search": searches[0].pk,
            "saved": saved[0].pk,
            "translators": translators.pk,
            "unv": unv.pk,
        },
        alice=alice,
        bob=bob,
        objects={
            "tutor": tutor,
            "translate": translate,
            "mentor": mentor,
            "expired": expired,
            "causes": causes,
            "skills": skills,
            "saved": saved,
            "searches": searches,
            "hours": hours,
            "goals": goals,
            "bob": bobs,
        },
    )


def pick(value: Any, real: list[Any]) -> Any:
    """One of `real`, or (one time in len + 1) `value` itself, chosen by a hash of `value`, so a
    derandomized run picks the same. Keeps the type of `value`: path parameters are strings."""
    index = zlib.crc32(repr(value).encode()) % (len(real) + 1)
    if index == len(real):
        return value
    return str(real[index]) if isinstance(value, str) else real[index]


def schema_path(path: str) -> str:
    """/api/v1/me/hours/{id}/ -> /me/hours/{id}/ (the keys of World.targets)."""
    prefix = "/api/v1"
    return path[len(prefix) :] if path.startswith(prefix) else path
