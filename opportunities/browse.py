"""Links of the results page: the same search with one thing changed, and the chips that remove a
filter. Built from the request's own parameters, so every link keeps the rest of the search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from opportunities.filters import POSTED_WITHIN_CHOICES, OpportunityFilter
from opportunities.models import LocationType, Schedule

# Parameters that only shape another filter or the page: no chip of their own.
_NO_CHIP = frozenset({"tz", "work_from", "work_to", "sort", "after"})
_LABELS = {
    "location": dict(LocationType.choices),
    "schedule": dict(Schedule.choices),
    "posted_within": dict(POSTED_WITHIN_CHOICES),
}


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def query_string(params: Mapping[str, Any], **changes: str | None) -> str:
    """`?…` for `params` with `changes` applied (None removes a key). Changing any filter drops
    the page position, since the old cursor belongs to another result list."""
    query = _copy(params)
    if set(changes) - {"after"}:
        query.pop("after", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _without(params: Mapping[str, Any], key: str, value: str) -> str:
    query = _copy(params)
    query.pop("after", None)
    kept = [item for item in query.getlist(key) if item != value]
    query.setlist(key, kept)
    if key == "overlap":
        for helper in ("tz", "work_from", "work_to"):
            query.pop(helper, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _copy(params: Mapping[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    if isinstance(params, QueryDict):
        for key in params:
            query.setlist(key, [value for value in params.getlist(key) if value != ""])
    else:
        for key, value in params.items():
            if value not in (None, ""):
                query[key] = str(value)
    return query


def active_filters(
    params: QueryDict, filterset: OpportunityFilter, names: Mapping[str, str] | None = None
) -> list[Chip]:
    """One chip per value in force, each linking to the same search without it: what the empty
    state offers to take away, and what the page shows above the results."""
    cleaned = (
        filterset.form.cleaned_data if filterset.is_valid() else getattr(filterset.form, "cleaned_data", {})
    )
    names = names or {}
    chips = []
    for key in params:
        if key in _NO_CHIP or key not in cleaned:
            continue
        for value in params.getlist(key):
            if value == "":
                continue
            chips.append(Chip(label=_chip_label(key, value, names), remove_url=_without(params, key, value)))
    return chips


def _chip_label(key: str, value: str, names: Mapping[str, str]) -> str:
    field = OpportunityFilter.base_filters[key]
    if key in _LABELS:
        return f"{field.label}: {_LABELS[key].get(value, value)}"
    if key == "q":
        return f"Words: {value}"
    if key == "async_only":
        return "At my own pace"
    if key == "overlap":
        return f"At least {value} h overlap with my hours"
    return f"{field.label}: {names.get(f'{key}:{value}', value)}"
