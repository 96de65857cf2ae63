"""GET/PATCH /api/v1/me/: the signed-in person's profile.

A PATCH is checked in two steps: its JSON types and ranges by a serializer (which is also what
the schema documents), then the rules by the site's own ProfileForm (the stored values with the
sent ones laid over them), so a value the profile page refuses is refused here with the same
message; then it is stored by the same service. The e-mail address is read-only here: a new
address needs its confirmation link, which belongs to the profile page.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.selectors import account as selectors
from accounts.services import account as services
from config.api import PersonalMixin
from config.api_fields import StrictCharField, StrictIntegerField, TimeZoneField
from opportunities import taxonomy
from opportunities.feeds.countries import country_choices
from opportunities.filters import LANGUAGE_CHOICES

READ_ONLY_MESSAGE = {
    "username": "The username cannot be changed.",
    "email": "Change your e-mail address on the profile page (/accounts/profile/): a new address "
    "has to be confirmed from a link we mail to it.",
}


# The fixed lists the schema states as enums. Causes and skills come from the taxonomy's data files
# (pure data, read once, no query at import), the same files taxonomy_load puts in the database; the
# profile form still checks them against the database, as the profile page does.
CAUSE_CHOICES = sorted(taxonomy.cause_slugs())
SKILL_CHOICES = sorted(taxonomy.skill_slugs())
COUNTRY_CHOICES = [("", ""), *country_choices()]


class MeProfileSerializer(serializers.Serializer):
    """The profile as stored. `user` comes from profile_get (causes and skills prefetched)."""

    username = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True, help_text="Read-only here; change it on the profile page.")
    display_name = serializers.CharField(help_text="Shown instead of the username; may be empty.")
    timezone = serializers.CharField(help_text="IANA name such as Europe/Paris; may be empty.")
    available_from_hour = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=24, help_text="Usually free from this hour (0 to 24)."
    )
    available_to_hour = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=24, help_text="…to this hour; give both or neither."
    )
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code of where you live; may be empty.")
    languages = serializers.ListField(child=serializers.CharField(), help_text="Language codes, e.g. en.")
    causes = serializers.SerializerMethodField(help_text="Slugs from /api/v1/causes/.")
    skills = serializers.SerializerMethodField(help_text="Slugs from /api/v1/skills/.")
    yearly_hours_goal = serializers.IntegerField(allow_null=True, min_value=1)
    date_of_birth = serializers.DateField(
        allow_null=True, help_text="Only to pick award age bands; never shown to anyone."
    )

    def get_causes(self, user: User) -> list[str]:
        return [cause.slug for cause in user.causes.all()]

    def get_skills(self, user: User) -> list[str]:
        return [skill.slug for skill in user.skills.all()]


class MeProfileUpdateSerializer(serializers.Serializer):
    """The PATCH body: every field optional. Only types and ranges here; the rules (a known time
    zone, country, cause and skill, both hours or neither, a sensible birth date) are the profile
    page's form's, so the two refuse the same values."""

    display_name = StrictCharField(required=False, allow_blank=True, max_length=100)
    # The zone list is the schema's `TimeZone` enum; the form still checks it, with its message.
    timezone = TimeZoneField(required=False, allow_blank=True, max_length=64, help_text="e.g. Europe/Paris.")
    available_from_hour = StrictIntegerField(required=False, allow_null=True, min_value=0, max_value=24)
    available_to_hour = StrictIntegerField(required=False, allow_null=True, min_value=0, max_value=24)
    country = serializers.ChoiceField(
        choices=COUNTRY_CHOICES,
        required=False,
        allow_blank=True,
        help_text="ISO 3166-1 alpha-2 code, e.g. FR; empty for none.",
        error_messages={
            "invalid_choice": "Unknown country “{input}”: use an upper-case ISO 3166-1 alpha-2 code "
            "such as FR or US, or an empty string for none."
        },
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        required=False,
        max_length=len(LANGUAGE_CHOICES),
    )
    causes = serializers.ListField(
        child=serializers.ChoiceField(
            choices=CAUSE_CHOICES,
            error_messages={"invalid_choice": "Unknown cause “{input}”: use a slug from /api/v1/causes/."},
        ),
        required=False,
        max_length=len(CAUSE_CHOICES),
        help_text="Slugs from /api/v1/causes/; the list replaces the one stored.",
    )
    skills = serializers.ListField(
        child=serializers.ChoiceField(
            choices=SKILL_CHOICES,
            error_messages={"invalid_choice": "Unknown skill “{input}”: use a slug from /api/v1/skills/."},
        ),
        required=False,
        max_length=len(SKILL_CHOICES),
        help_text="Slugs from /api/v1/skills/; the list replaces the one stored.",
    )
    yearly_hours_goal = StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=366 * 24)
    date_of_birth = serializers.DateField(required=False, allow_null=True)


PROFILE_EXAMPLE = {
    "username": "alice",
    "email": "alice@example.org",
    "display_name": "Alice",
    "timezone": "Europe/Paris",
    "available_from_hour": 18,
    "available_to_hour": 21,
    "country": "FR",
    "languages": ["en", "fr"],
    "causes": ["education"],
    "skills": ["teaching"],
    "yearly_hours_goal": 100,
    "date_of_birth": None,
}


class MeView(PersonalMixin, APIView):
    @extend_schema(
        summary="Your profile",
        description="What the profile page holds: contact, availability, languages, causes and skills.",
        tags=["profile"],
        responses={200: MeProfileSerializer},
        examples=[OpenApiExample("Profile", value=PROFILE_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request) -> Response:
        return Response(MeProfileSerializer(selectors.profile_get(user=request.user)).data)

    @extend_schema(
        summary="Change your profile",
        description="Send only the fields to change. Lists (languages, causes, skills) are replaced "
        "whole. `available_from_hour` and `available_to_hour` go together, the end after the start. "
        "Unknown causes or skills, time zones and countries are refused with what to send instead.",
        tags=["profile"],
        request=MeProfileUpdateSerializer,
        responses={200: MeProfileSerializer},
        examples=[
            OpenApiExample(
                "Evenings in Paris",
                value={"timezone": "Europe/Paris", "available_from_hour": 18, "available_to_hour": 21},
                request_only=True,
            ),
            OpenApiExample("Profile", value=PROFILE_EXAMPLE, response_only=True),
        ],
    )
    def patch(self, request: Request) -> Response:
        user = selectors.profile_get(user=request.user)
        services.profile_update(user=user, data=_validated(user, request.data))
        return Response(MeProfileSerializer(selectors.profile_get(user=request.user)).data)


def _validated(user: User, data: Any) -> dict[str, Any]:
    """The stored profile with the sent changes laid over it, cleaned by the profile page's form."""
    shapes = MeProfileUpdateSerializer(data=data)
    shapes.is_valid(raise_exception=True)
    # Other unknown keys are ignored, as every DRF serializer ignores them; these two are named
    # because a client sending them plainly expects a change we will not make.
    errors = {key: [message] for key, message in READ_ONLY_MESSAGE.items() if key in data}
    if errors:
        raise ValidationError(errors)
    changes = dict(shapes.validated_data)
    form = ProfileForm(
        {**ProfileForm.initial_for(user), **changes},
        user=user,
        cause_choices=selectors.profile_cause_choices(),
        skill_choices=selectors.profile_skill_choices(),
    )
    form.is_valid()
    # The address is not being changed, so a complaint about it (an account made without one)
    # must not block the rest: the stored value is written back as it is.
    field_errors = {
        key: [error["message"] for error in field]
        for key, field in form.errors.get_json_data().items()
        if key != "email"
    }
    if field_errors:
        raise ValidationError(field_errors)
    return {**form.cleaned_data, "email": user.email}


urlpatterns = [path("me/", MeView.as_view(), name="api-me")]
