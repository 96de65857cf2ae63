"""One factory per model, minimal valid defaults; tests pass the values that matter to them."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.models import User
from opportunities.models import (
    Cause,
    FetchRun,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    Organization,
    SavedOpportunity,
    Skill,
    Source,
    TagMethod,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"cause-{n}")
    name = factory.LazyAttribute(lambda cause: cause.slug.replace("-", " ").title())


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.LazyAttribute(lambda skill: skill.slug.replace("-", " ").title())


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Source {n}")
    format = "jsonfeed"
    url = factory.Sequence(lambda n: f"https://feeds{n}.example.org/feed.json")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisation {n}")
    normalized_name = factory.LazyAttribute(lambda org: org.name.lower())


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    source = factory.SubFactory(SourceFactory)
    source_item_id = factory.Sequence(lambda n: f"item-{n}")
    url = factory.Sequence(lambda n: f"https://listings.example.org/{n}")
    title = factory.Sequence(lambda n: f"Remote volunteer role {n}")
    organization = factory.SubFactory(OrganizationFactory)
    location_type = "remote"
    posted_at = factory.LazyFunction(timezone.now)


class OpportunityCauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityCause

    opportunity = factory.SubFactory(OpportunityFactory)
    cause = factory.SubFactory(CauseFactory)
    method = TagMethod.SOURCE


class FetchRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FetchRun

    source = factory.SubFactory(SourceFactory)


class OpportunitySkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunitySkill

    opportunity = factory.SubFactory(OpportunityFactory)
    skill = factory.SubFactory(SkillFactory)
    method = TagMethod.SOURCE


class SavedOpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedOpportunity

    user = factory.SubFactory(UserFactory)
    opportunity = factory.SubFactory(OpportunityFactory)


# --- Hours and goals (appended by the progress area; models named as strings so no import moves) ---


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.HoursEntry"

    user = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(timezone.localdate)
    minutes = 60
    organization_name = factory.Sequence(lambda n: f"Volunteer Group {n}")
    activity = "Tutoring over video"
    trust = "self_reported"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Goal"

    user = factory.SubFactory(UserFactory)
    kind = "custom"
    name = factory.Sequence(lambda n: f"Goal {n}")
    target_hours = 10
    starts_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=12, day=31))


# --- Verification and timer (appended by the hours area; models named as strings, like above) ---


def _two_weeks_after_sending(request):  # type: ignore[no-untyped-def]
    import datetime  # appended section: the module's imports stay as they were

    return request.sent_at + datetime.timedelta(days=14)


class VerificationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.VerificationRequest"

    entry = factory.SubFactory(HoursEntryFactory)
    contact_name = "Ana Ruiz"
    contact_email = "ana@example.org"
    nonce = factory.Sequence(lambda n: f"nonce-{n}")
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(_two_weeks_after_sending)


class HoursTimerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.HoursTimer"

    user = factory.SubFactory(UserFactory)
    organization_name = "Translators Without Borders"
    activity = "Translating"


# --- Saved searches (appended by the saved/searches area) ---------------------------------------


def _feed_token_hash(n: int) -> str:
    import hashlib  # appended section: the module's imports stay as they were

    return hashlib.sha256(f"factory-feed-token-{n}".encode()).hexdigest()


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.SavedSearch"

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Search {n}")
    query = factory.Sequence(lambda n: f"q=tutor+{n}")
    feed_token_hash = factory.Sequence(_feed_token_hash)


class DigestDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.DigestDelivery"

    saved_search = factory.SubFactory(SavedSearchFactory)
    period = "2026-01-05"
