"""The browse filters, one FilterSet for the search page and the API, so both mean the same thing.

Every filter narrows with a condition on the opportunity row itself (Exists or `pk__in`, never a
join), so a filtered queryset has one row per listing and can be reused inside subqueries: the
one-card-per-cluster rule and the facet counts both run the same filters again.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import django_filters
from django import forms
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone as dj_timezone

from opportunities import fulltext, search, timezones
from opportunities.models import (
    LocationType,
    Opportunity,
    OpportunityCause,
    OpportunitySkill,
    RemoteScope,
    Schedule,
)

SLUG = re.compile(r"^[-a-z0-9_]{1,64}$")
MAX_ID = 2**63 - 1  # a 64-bit database id; a larger number would overflow the query
MAX_VALUES = 30
POSTED_WITHIN_CHOICES = [
    ("1", "Last 24 hours"),
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
]
# The languages the filter offers: those our sources publish in most (primary subtags).
LANGUAGE_CHOICES = [
    ("ar", "Arabic"), ("zh", "Chinese"), ("nl", "Dutch"), ("en", "English"), ("fr", "French"),
    ("de", "German"), ("hi", "Hindi"), ("it", "Italian"), ("ja", "Japanese"), ("ko", "Korean"),
    ("pl", "Polish"), ("pt", "Portuguese"), ("ru", "Russian"), ("es", "Spanish"), ("sw", "Swahili"),
    ("tr", "Turkish"), ("uk", "Ukrainian"),
]  # fmt: skip
# A visitor who gives no working hours is taken to work 09:00-17:00 in their zone.
DEFAULT_WORKING_HOURS = (9, 17)
HOUR_CHOICES = [(hour, f"{hour:02d}:00") for hour in range(25)]


class SlugsField(forms.Field):
    """Several slugs (?cause=a&cause=b), checked for shape only: an unknown slug matches nothing,
    so validating needs no query and a stale shared link still works."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        slugs = list(dict.fromkeys(str(item).strip().lower() for item in values if str(item).strip()))
        if len(slugs) > MAX_VALUES:
            raise forms.ValidationError(f"At most {MAX_VALUES} values.")
        for slug in slugs:
            if not SLUG.match(slug):
                raise forms.ValidationError(f"“{slug[:64]}” is not a valid name.")
        return slugs


class SlugsFilter(django_filters.Filter):
    field_class = SlugsField


def json_list_has(field: str, code: str) -> Q:
    """The JSON list in `field` holds `code` or a subtag of it ("es" finds "es" and "es-MX").

    Matches the quoted text of the JSON, which works the same on SQLite (JSON is text there, and
    `__contains` is not supported) and PostgreSQL. Codes are checked to be letters first.
    """
    return Q(**{f"{field}__icontains": f'"{code}"'}) | Q(**{f"{field}__icontains": f'"{code}-'})


def working_hours(cleaned: dict) -> tuple[int, int]:
    """The visitor's working window, each end defaulting on its own (0 is midnight, not unset)."""
    start, end = cleaned.get("work_from"), cleaned.get("work_to")
    return (
        DEFAULT_WORKING_HOURS[0] if start is None else start,
        DEFAULT_WORKING_HOURS[1] if end is None else end,
    )


class OpportunityFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        _check_ranges(self, cleaned)
        return cleaned


def _check_ranges(form: forms.Form, cleaned: dict) -> None:
    """Checks across fields, as errors a person can act on."""
    zone = cleaned.get("tz")
    if zone and not timezones.is_valid_zone(zone):
        form.add_error("tz", "Unknown time zone: use a name like Europe/Paris or America/New_York.")
    if "work_from" in cleaned and "work_to" in cleaned:
        start, end = working_hours(cleaned)
        if end <= start:
            form.add_error("work_to", "Your hours must end after they start (for example 09:00 to 17:00).")
    low, high = cleaned.get("hours_min"), cleaned.get("hours_max")
    if low is not None and high is not None and high < low:
        form.add_error("hours_max", "The upper limit is below the lower one.")


class OpportunityFilter(django_filters.FilterSet):
    """Filters combine with AND; several values of one filter (causes, skills, schedules) with OR."""

    # Not stripped: a trailing space says the last word is finished (no prefix matching).
    q = django_filters.CharFilter(method="filter_text", label="Search", max_length=200, strip=False)
    cause = SlugsFilter(method="filter_cause", label="Causes")
    skill = SlugsFilter(method="filter_skill", label="Skills")
    location = django_filters.MultipleChoiceFilter(
        field_name="location_type", choices=LocationType.choices, label="Where"
    )
    country = django_filters.CharFilter(
        method="filter_country", label="Open to people in", max_length=2, min_length=2
    )
    tz = django_filters.CharFilter(method="filter_noop", label="Your time zone", max_length=64)
    work_from = django_filters.TypedChoiceFilter(
        method="filter_noop", choices=HOUR_CHOICES, coerce=int, empty_value=None, label="Your hours from"
    )
    work_to = django_filters.TypedChoiceFilter(
        method="filter_noop", choices=HOUR_CHOICES, coerce=int, empty_value=None, label="to"
    )
    overlap = django_filters.NumberFilter(
        method="filter_overlap", label="At least this many hours overlap", min_value=1, max_value=8
    )
    async_only = django_filters.BooleanFilter(
        method="filter_async", label="Only at my own pace (no fixed hours)", widget=forms.CheckboxInput
    )
    hours_min = django_filters.NumberFilter(
        field_name="hours_per_week", lookup_expr="gte", label="Hours a week, from", min_value=0, max_value=168
    )
    hours_max = django_filters.NumberFilter(
        field_name="hours_per_week",
        lookup_expr="lte",
        label="Hours a week, up to",
        min_value=0,
        max_value=168,
    )
    schedule = django_filters.MultipleChoiceFilter(choices=Schedule.choices, label="Schedule")
    language = django_filters.CharFilter(method="filter_language", label="Language", max_length=8)
    posted_within = django_filters.ChoiceFilter(
        method="filter_posted_within", choices=POSTED_WITHIN_CHOICES, label="Posted"
    )
    deadline_after = django_filters.DateFilter(method="filter_deadline_after", label="Open until at least")
    source = django_filters.NumberFilter(
        field_name="source_id", label="Source", min_value=1, max_value=MAX_ID
    )
    organization = django_filters.NumberFilter(
        field_name="organization_id", label="Organisation", min_value=1, max_value=MAX_ID
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []
        form = OpportunityFilterForm

    def filter_noop(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        query = search.parse(value)
        if query is None:
            return queryset
        if query.has_positive():
            queryset = queryset.filter(pk__in=fulltext.matching_ids(query=query, vendor=connection.vendor))
        if query.excluded:
            queryset = queryset.exclude(
                pk__in=fulltext.matching_ids(query=query, vendor=connection.vendor, excluded=True)
            )
        return queryset

    def filter_cause(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        # Several causes widen the search: a listing about any of them.
        if not value:
            return queryset
        tagged = OpportunityCause.objects.filter(opportunity=OuterRef("pk"), cause__slug__in=value)
        return queryset.filter(Exists(tagged))

    def filter_skill(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        tagged = OpportunitySkill.objects.filter(opportunity=OuterRef("pk"), skill__slug__in=value)
        return queryset.filter(Exists(tagged))

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = value.upper()
        if not code.isalpha():
            return queryset.none()
        # Remote work open worldwide (or with no stated limit), listings naming the country, and
        # anything based in it.
        open_anywhere = Q(remote_scope__in=[RemoteScope.WORLDWIDE, ""]) & ~Q(
            location_type__in=[LocationType.ONSITE, LocationType.HYBRID]
        )
        return queryset.filter(open_anywhere | json_list_has("eligible_countries", code) | Q(country=code))

    def filter_overlap(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        if value is None:
            return queryset
        if {"tz", "work_from", "work_to"} & set(self.form.errors):
            return queryset  # the form shows the error; do not guess
        data = self.form.cleaned_data
        zone = data.get("tz") or "UTC"
        zones = timezones.zones_overlapping(zone, working_hours(data), float(value), dj_timezone.localdate())
        # A listing with no time zone has no fixed hours: any overlap will do.
        return queryset.filter(Q(timezone="") | Q(timezone__in=zones))

    def filter_async(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(timezone="") if value else queryset

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        code = value.lower().split("-")[0]
        if not code.isalpha():
            return queryset.none()
        return queryset.filter(json_list_has("languages", code))

    def filter_posted_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(posted_at__gte=dj_timezone.now() - timedelta(days=int(value)))

    def filter_deadline_after(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        # No closing date means open: keep those.
        return queryset.filter(Q(expires_at__isnull=True) | Q(expires_at__date__gte=value))

    def filter_without(self, *names: str) -> QuerySet:
        """The queryset with every filter applied except `names`: a facet counts the values the
        visitor could still pick, so its own selection must not narrow it."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class UtcDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment that exists in UTC: year 1 at +01:00 or 9999-12-31 at -12:00 does not."""

    def to_python(self, value: object):  # type: ignore[no-untyped-def]
        moment = super().to_python(value)
        if moment is not None:
            try:
                moment.astimezone(UTC)
            except OverflowError:
                raise forms.ValidationError(
                    "Out of range: use a date between the years 1 and 9999 in UTC."
                ) from None
        return moment


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class OpportunityApiFilter(OpportunityFilter):
    """The browse filters plus two a syncing client needs: what changed since a moment, and the
    members of one duplicate cluster."""

    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601, with offset)"
    )
    cluster = django_filters.NumberFilter(
        field_name="cluster_id", label="Duplicate cluster", min_value=1, max_value=MAX_ID
    )
