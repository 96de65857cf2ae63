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
