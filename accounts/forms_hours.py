"""Forms for the hours pages and the contact's verification page. They parse and shape input;
the rules (24 h a day, no future days, ...) live in the services, whose ValidationErrors the
views hand back to `accounts.forms.show_service_errors` so they appear next to the right field."""

from __future__ import annotations

import functools
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError

from accounts.selectors.hours import hours_opportunity_get
from accounts.services.hours import EntryData
from accounts.services.verification import ADJUST, CONFIRM, DECLINE
from opportunities.models import Opportunity
from opportunities.timezones import is_valid_zone

NO_ZONE_LABEL = "UTC (pick yours if you are elsewhere)"


@functools.lru_cache(maxsize=1)
def _zone_choices() -> list[tuple[str, str]]:
    # available_timezones() reads the zoneinfo tree from disk: once per process is enough.
    zones = sorted(zone for zone in available_timezones() if is_valid_zone(zone))
    return [("", NO_ZONE_LABEL)] + [(zone, zone.replace("_", " ")) for zone in zones]


def _opportunity_choices(opportunities: list[Opportunity]) -> list[tuple[Any, str]]:
    def label(item: Opportunity) -> str:
        return f"{item.title} ({item.organization.name})" if item.organization else item.title

    return [("", "None: I will type the organisation")] + [(item.pk, label(item)) for item in opportunities]


class OpportunityField(forms.TypedChoiceField):
    """Any listing by id. The select offers the person's saved ones; an id from a ?opportunity=
    link is offered too (the view adds it), and any other existing id is accepted."""

    def valid_value(self, value: Any) -> bool:
        return True

    def clean(self, value: Any) -> Opportunity | None:
        value = super().clean(value)
        if value in ("", None):
            return None
        opportunity = hours_opportunity_get(opportunity_id=value)
        if opportunity is None:
            raise ValidationError(
                "That listing does not exist any more; type the organisation's name instead."
            )
        return opportunity


def _opportunity_field() -> OpportunityField:
    return OpportunityField(
        label="Listing",
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Pick a listing."},
    )


class HoursEntryForm(forms.Form):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day you volunteered.",
        error_messages={
            "required": "Enter the day you volunteered.",
            "invalid": "Enter a day like 2026-03-03.",
        },
    )
    hours = forms.IntegerField(min_value=0, max_value=24, required=False, label="Hours")
    minutes = forms.IntegerField(min_value=0, max_value=59, required=False, label="Minutes")
    timezone = forms.ChoiceField(label="Time zone", required=False, help_text="Where you were that day.")
    opportunity = _opportunity_field()
    organization_name = forms.CharField(
        label="Or the organisation's name",
        max_length=300,
        required=False,
        help_text="If it is not one of your listings.",
    )
    # Optional here so the service's "Say what you did" arrives together with the other rules.
    activity = forms.CharField(max_length=200, label="What you did", required=False)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Details (optional)"
    )
    evidence_url = forms.CharField(
        max_length=2048,
        required=False,
        label="Evidence link (optional)",
        widget=forms.URLInput,
        help_text="A page that shows the work, e.g. a merged pull request or a published translation.",
    )

    def __init__(self, *args: Any, opportunities: list[Opportunity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = _zone_choices()
        self.fields["timezone"].widget.attrs["data-browser-timezone"] = ""
        self.fields["opportunity"].choices = _opportunity_choices(opportunities)

    def to_data(self) -> EntryData:
        data = self.cleaned_data
        return EntryData(
            date=data["date"],
            minutes=(data["hours"] or 0) * 60 + (data["minutes"] or 0),
            timezone=data["timezone"] or "UTC",
            opportunity=data["opportunity"],
            organization_name=data["organization_name"],
            activity=data["activity"],
            description=data["description"],
            evidence_url=data["evidence_url"],
        )


class TimerForm(forms.Form):
    """Start or stop the timer; every field is optional at start and filled in at stop if missing."""

    opportunity = _opportunity_field()
    organization_name = forms.CharField(label="Or the organisation's name", max_length=300, required=False)
    activity = forms.CharField(max_length=200, label="What you are doing", required=False)

    def __init__(self, *args: Any, opportunities: list[Opportunity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].choices = _opportunity_choices(opportunities)


class VerificationAskForm(forms.Form):
    contact_name = forms.CharField(max_length=200, label="Their name")
    contact_email = forms.CharField(
        max_length=254, label="Their e-mail address", widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        label="A note to them (optional)",
        help_text="Goes into the e-mail, e.g. “This is the proofreading I did for the spring newsletter.”",
    )


class VerificationAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Your answer",
        choices=[
            (CONFIRM, "Yes, this is right"),
            (ADJUST, "They volunteered, but for a different time"),
            (DECLINE, "I cannot confirm this"),
        ],
        error_messages={"required": "Choose one: confirm, change the time, or decline."},
    )
    adjusted_hours = forms.IntegerField(min_value=0, max_value=24, required=False, label="Hours")
    adjusted_minutes = forms.IntegerField(min_value=0, max_value=59, required=False, label="Minutes")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="Why (needed to change the time or decline)",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def total_minutes(self) -> int | None:
        hours, minutes = self.cleaned_data.get("adjusted_hours"), self.cleaned_data.get("adjusted_minutes")
        if hours is None and minutes is None:
            return None
        return (hours or 0) * 60 + (minutes or 0)
