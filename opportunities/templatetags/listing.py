"""Display helpers for listings: names for codes, and links that keep the current search."""

from __future__ import annotations

from django import template
from django.conf.locale import LANG_INFO

from opportunities.browse import query_string
from opportunities.feeds.countries import country_name

register = template.Library()


@register.filter
def language_names(codes: list[str]) -> str:
    """["en", "es-MX"] -> "English, Spanish (es-MX)"; unknown codes are shown as written."""
    names = []
    for code in codes or []:
        info = LANG_INFO.get(code.lower()) or LANG_INFO.get(code.lower().split("-")[0])
        name = info.get("name") if info and "name" in info else code
        names.append(name if info is None or code.lower() in LANG_INFO else f"{name} ({code})")
    return ", ".join(names)


@register.filter
def country_names(codes: list[str]) -> str:
    return ", ".join(country_name(code) for code in codes or [])


@register.filter(name="country_name")
def country_name_filter(code: str) -> str:
    return country_name(code) if code else ""


@register.simple_tag(takes_context=True)
def search_with(context: template.Context, **changes: str | None) -> str:
    """The current search with some parameters changed: {% search_with sort="newest" %}."""
    return query_string(context["request"].GET, **changes)


@register.filter
def saved_in(opportunity_id: int, saved_ids: set[int] | None) -> bool:
    return bool(saved_ids) and opportunity_id in saved_ids
