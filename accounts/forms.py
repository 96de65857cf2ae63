"""Forms of the accounts area. They parse and validate; writes happen in accounts/services."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone as dj_timezone

from accounts.models import User
from accounts.services import account as account_services
from opportunities import timezones
from opportunities.feeds.countries import country_choices
from opportunities.filters import HOUR_CHOICES, LANGUAGE_CHOICES

EMAIL_TAKEN = "An account already uses this address: log in, or reset your password from the login page."


def show_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: keyed messages on their field (the total
    `minutes` of a duration lands on the minutes box), the rest at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        form.add_error(key if key in form.fields else None, messages)


class ErrorsDescribedMixin:
    """Point each invalid control at its error message (aria-describedby), as the search page
    does, so a screen reader reads the message with the field. Django 5.2 already adds
    aria-invalid and links help text; we keep the help text in the description too."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_errors()

    def add_error(self, field: str | None, error: Any) -> None:
        # Also after cleaning: show_service_errors puts a service's errors on the form this way.
        super().add_error(field, error)  # type: ignore[misc]
        self._describe_errors()

    def _describe_errors(self) -> None:
        for name in self._errors or {}:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            ids = [f"{bound.auto_id}-error"]
            if bound.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


def _email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


class SignupForm(ErrorsDescribedMixin, UserCreationForm):
    """Django's own checks (unique username ignoring case, the password validators, the two
    passwords matching) plus a required e-mail address that nobody else uses."""

    email = forms.EmailField(
        label="E-mail address",
        help_text="We send a link to confirm it, and password resets go there.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if _email_taken(email):
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    if settings.LOGIN_TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


class ThrottledAuthenticationForm(ErrorsDescribedMixin, AuthenticationForm):
    """Django's login form, refusing attempts while the username or the address is locked out
    (checked before the password, so even the right one is refused) and counting failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match. Both are case-sensitive.",
        "too_many": "Too many attempts: try again in %(wait)s, or reset your password.",
    }

    def clean(self) -> dict[str, Any]:
        username, ip = self.cleaned_data.get("username"), client_ip(self.request)
        wait = account_services.login_lockout_remaining(username=username, ip=ip)
        if wait:
            raise self._too_many(wait)
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                wait = account_services.login_failure_record(username=username, ip=ip)
                if wait:
                    raise self._too_many(wait) from None
            raise
        if self.user_cache is not None and username:
            account_services.login_success_record(username=username)
        return cleaned

    def _too_many(self, wait: int) -> ValidationError:
        return ValidationError(
            self.error_messages["too_many"], code="too_many", params={"wait": _minutes(wait)}
        )


class ProfileForm(ErrorsDescribedMixin, forms.Form):
    """The profile page. Causes and skills are offered by slug (choices passed in by the view,
    so rendering the page runs no query of its own)."""

    display_name = forms.CharField(
        label="Display name", max_length=100, required=False, help_text="Shown instead of your username."
    )
    email = forms.EmailField(
        label="E-mail address",
        help_text="Changing it sends a confirmation link to the new address.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    timezone = forms.CharField(
        label="Time zone",
        max_length=64,
        required=False,
        help_text="A name like Europe/Paris or America/New_York.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-browser-timezone-placeholder": ""}),
    )
    available_from_hour = forms.TypedChoiceField(
        label="Usually free from",
        choices=[("", "—"), *HOUR_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    available_to_hour = forms.TypedChoiceField(
        label="to", choices=[("", "—"), *HOUR_CHOICES], coerce=int, empty_value=None, required=False
    )
    country = forms.ChoiceField(label="Country you live in", required=False)
    languages = forms.MultipleChoiceField(
        label="Languages you volunteer in", choices=LANGUAGE_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    causes = forms.MultipleChoiceField(
        label="Causes you care about", required=False, widget=forms.CheckboxSelectMultiple
    )
    skills = forms.MultipleChoiceField(
        label="Skills you offer", required=False, widget=forms.CheckboxSelectMultiple
    )
    yearly_hours_goal = forms.IntegerField(
        label="Hours a year you aim for", required=False, min_value=1, max_value=366 * 24
    )
    date_of_birth = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        help_text="Only to pick award age bands (for example the PVSA's); never shown to anyone.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, user: User, cause_choices: list, skill_choices: list, **kwargs: Any):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices()]
        self.fields["causes"].choices = cause_choices
        self.fields["skills"].choices = skill_choices

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        """Initial values from `user` (from profile_get: causes and skills prefetched)."""
        initial = {field: getattr(user, field) for field in account_services.PROFILE_FIELDS}
        initial["causes"] = [cause.slug for cause in user.causes.all()]
        initial["skills"] = [skill.slug for skill in user.skills.all()]
        return initial

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if _email_taken(email, exclude_pk=self.user.pk):
            raise ValidationError("Another account already uses this address.", code="email_taken")
        return email

    def clean_timezone(self) -> str:
        zone = self.cleaned_data["timezone"].strip()
        if zone and not timezones.is_valid_zone(zone):
            raise ValidationError("Unknown time zone: use a name like Europe/Paris or America/New_York.")
        return zone

    def clean_date_of_birth(self) -> datetime.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and not (datetime.date(1900, 1, 1) <= born <= dj_timezone.localdate()):
            raise ValidationError("Give a date between 1900 and today, or leave it empty.")
        return born

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("available_from_hour"), cleaned.get("available_to_hour")
        if (start is None) != (end is None) and not {"available_from_hour", "available_to_hour"} & set(
            self.errors
        ):
            self.add_error("available_to_hour", "Choose both hours, or neither.")
        elif start is not None and end is not None and end <= start:
            self.add_error(
                "available_to_hour", "Your hours must end after they start (for example 09:00 to 17:00)."
            )
        return cleaned


class AccountDeleteForm(ErrorsDescribedMixin, forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    keep_transcripts = forms.BooleanField(
        label="Keep my published transcripts so schools can still check them",
        required=False,
        initial=True,
        help_text="They stay at their public addresses, showing what they showed before; nothing else of yours is kept.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                "That is not your password. Try again, or change it first from your profile."
            )
        return password
