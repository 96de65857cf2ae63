"""VolunteerConnector (Canada): a public Django REST Framework search API, read as a full snapshot.

GET {url}?page=N answers {count, next, previous, results[]}. Results carry no update time and no
status, so every run reads every page from the first and the service diffs by id at the end of a
complete run: a listing that is gone is simply absent (this adapter never emits a Withdrawal).
Descriptions are plain text with \\r\\n breaks (HTML is passed through raw if one ever comes);
`dates` and `duration` are free text, parsed only where they are unambiguous.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin, urlsplit

from opportunities.feeds import values
from opportunities.feeds.base import ApiAdapter, ListingData, PageRequest, ParseResult, Rejection
from opportunities.feeds.countries import country_code
from opportunities.normalize import parse_datetime
from opportunities.taxonomy import cause_slugs, skill_slugs

ACCEPT_JSON = (("Accept", "application/json"),)
SITE = "https://www.volunteerconnector.org/"  # relative links in a page read from a file
DEFAULT_COUNTRY = "CA"  # VolunteerConnector's audiences are Canadian unless they name countries
_HTML_TAG = re.compile(r"<(?:p|br|div|ul|ol|li|strong|em|b|i|a|h[1-6])\b", re.IGNORECASE)
_RANGE = re.compile(r"\s+(?:-|\u2013|\u2014|to)\s+")
_REMOTE_SCOPES = {"national": "countries", "regional": "region", "local": "region"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DURATION = re.compile(
    r"(?P<low>\d+(?:\.\d+)?)(?:\s*(?:-|\u2013|to)\s*\d+(?:\.\d+)?)?\s*(?:hours?|hrs?)\s*"
    r"(?:(?:per|a|an|each|every|/)\s*(?P<period>week|wk|month)\b|(?P<adverb>weekly|monthly)\b)",
    re.IGNORECASE,
)
Rules = tuple[tuple[str, str], ...]
# Keyword stems (matched at a word start, in folded text) -> our slugs. Causes are read from both
# activity names and categories (the area); skills only from activity names (what one does).
CAUSE_KEYWORDS: Rules = (
    (r"educat|literacy|tutor|school", "education-literacy"),
    (r"environment|conservation|climate|nature|sustainab|garden", "environment"),
    (r"animal|wildlife|pets?\b", "animals"),
    (r"arts?\b|cultur|music|museum|heritage|theat", "arts-culture"),
    (r"health|medical|hospital|hospice|patient", "health-medicine"),
    (r"mental health|crisis|distress", "crisis-mental-health"),
    (r"senior|elder|older adult", "seniors"),
    (r"youth|child|kids\b|teen", "children-youth"),
    (r"sport|recreation", "sports-recreation"),
    (r"food|hunger|meals?\b", "hunger"),
    (r"homeless|housing|shelter", "homelessness-housing"),
    (r"immigra|refugee|newcomer|settlement", "immigrants-refugees"),
    (r"disabilit|accessib", "disability"),
    (r"legal|justice|law\b", "justice-legal"),
    (r"advoca|human rights", "advocacy-human-rights"),
    (r"community", "community"),
    (r"emergenc|disaster", "disaster-relief"),
    (r"technolog|digital", "technology"),
    (r"faith|church|religio|spiritual", "faith-based"),
    (r"poverty|low.income", "poverty"),
    (r"women|gender", "women-gender"),
    (r"lgbt|2slgbt|queer", "lgbtq"),
    (r"veteran|military", "veterans-military"),
    (r"employment|jobs?\b|career", "employment"),
    (r"indigenous|anti.racis|racial", "racial-equity"),
)
SKILL_KEYWORDS: Rules = (
    (r"tutor|teach|instruct", "tutoring"),
    (r"mentor|coach", "mentoring"),
    (r"writ|editing|proofread", "writing"),
    (r"translat|interpret", "translation"),
    (r"design|graphic", "design"),
    (r"software|programm|coding|web dev|app dev", "software-development"),
    (r"data entry|transcri", "transcription"),
    (r"data analy|statistic|database", "data-analysis"),
    (r"research", "research"),
    (r"fundrais|grant", "fundraising"),
    (r"marketing|communications|public relations", "marketing"),
    (r"social media", "social-media"),
    (r"photo|video", "photo-video"),
    (r"events?\b", "event-planning"),
    (r"admin|office|clerical|reception", "administration"),
    (r"project manag|coordinat", "project-management"),
    (r"accounting|bookkeep|financ|treasur", "finance-accounting"),
    (r"counsel|listening|helpline|support line", "counselling"),
    (r"legal|lawyer|paralegal", "legal"),
    (r"medical|nursing|first aid", "medical"),
    (r"recruit|human resources", "hr-recruiting"),
    (r"it support|tech support|computer", "it-support"),
    (r"public speaking|speaker|advoca", "public-speaking"),
    (r"mapping|gis\b", "mapping"),
)


def _slugs(texts: tuple[str, ...], rules: Rules, valid: frozenset[str]) -> tuple[str, ...]:
    folded = values.fold(" | ".join(texts))
    found = [slug for pattern, slug in rules if re.search(rf"\b(?:{pattern})", folded)]
    return tuple(slug for slug in dict.fromkeys(found) if slug in valid)


def _http_url(value: Any, base: str) -> str:
    url = urljoin(base, values.text(value)) if values.text(value) else ""
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc else ""


def description_html(text: str) -> str:
    # The service sanitizes HTML; plain text must become HTML here, escaped.
    return text if _HTML_TAG.search(text) else values.paragraphs(text)


def read_dates(text: str) -> tuple[str, datetime | None, datetime | None]:
    """(schedule, starts_at, ends_at) from "Ongoing", "April 15, 2024" or "April 15, 2024 - April 17,
    2024". A part without a year is not guessed at (dateutil would take the current one)."""
    folded = text.casefold()
    if "ongoing" in folded:
        return "ongoing", None, None
    if "flexible" in folded:
        return "flexible", None, None
    parts = _RANGE.split(text.strip()) if text.strip() else []
    if not 1 <= len(parts) <= 2 or not all(_YEAR.search(part) for part in parts):
        return "", None, None
    moments = [parse_datetime(part) for part in parts]
    if None in moments or (len(moments) == 2 and moments[1] < moments[0]):
        return "", None, None
    return ("one_time", moments[0], None) if len(moments) == 1 else ("", moments[0], moments[1])


def read_hours_per_week(text: str) -> Decimal | None:
    """ "2 hours per week" -> 2; a range counts its lower bound (the least asked); per month -> /52*12."""
    match = _DURATION.search(text)
    if not match:
        return None
    hours = Decimal(match["low"])
    if (match["period"] or match["adverb"] or "").lower().startswith("month"):
        hours = (hours * 12 / 52).quantize(Decimal("0.01"))
    return hours if 0 < hours <= 168 else None


def _audience(item: dict[str, Any]) -> dict[str, Any]:
    """Where the volunteers must be. national -> all of the country; regional/local -> one region.
    Not remote: "onsite" for a local audience with coordinates, else "" (the service reads the text)."""
    audience = values.obj(item.get("audience"))
    scope, regions = values.text(audience.get("scope")).lower(), values.text_list(audience.get("regions"))
    named = tuple(dict.fromkeys(filter(None, map(country_code, values.text_list(audience.get("countries"))))))
    countries = named or ((DEFAULT_COUNTRY,) if scope else ())
    place = {
        "region": regions[0] if regions and scope in ("regional", "local") else "",
        "country": countries[0] if len(countries) == 1 else "",
    }
    if item.get("remote_or_online") is True:
        scope = _REMOTE_SCOPES.get(scope, "worldwide")
        eligible = countries if scope != "worldwide" else ()
        return place | {"location_type": "remote", "remote_scope": scope, "eligible_countries": eligible}
    located = scope == "local" and all(
        values.is_number(audience.get(key)) for key in ("latitude", "longitude")
    )
    return {**place, "location_type": "onsite" if located else ""}


def _listing(item: Any, base_url: str) -> ListingData:
    if not isinstance(item, dict):
        raise ValueError("result is not an object")
    item_id = item.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, int | str) or not str(item_id).strip():
        raise ValueError('result has no "id"')
    title, url = values.text(item.get("title")), _http_url(item.get("url"), base_url)
    if not title:
        raise ValueError('result has no "title"')
    if not url:
        raise ValueError('result has no http(s) "url"')
    organization = values.obj(item.get("organization"))
    listed = item.get("activities") if isinstance(item.get("activities"), list) else []
    activities = [activity for activity in listed if isinstance(activity, dict)]
    names = tuple(filter(None, (values.text(activity.get("name")) for activity in activities)))
    categories = tuple(filter(None, (values.text(activity.get("category")) for activity in activities)))
    dates, duration = values.text(item.get("dates")), values.text(item.get("duration"))
    schedule, starts_at, ends_at = read_dates(dates)
    return ListingData(
        source_item_id=str(item_id).strip(),
        title=title,
        url=url,
        apply_url=url,  # volunteers apply on the listing's own page
        description_html=description_html(values.text(item.get("description"))),
        organization_name=values.text(organization.get("name")),
        organization_url=_http_url(organization.get("url"), base_url),
        **_audience(item),
        schedule=schedule,
        starts_at=starts_at,
        ends_at=ends_at,
        hours_per_week=read_hours_per_week(duration),
        commitment_text=" · ".join(text for text in (dates, duration) if text),
        cause_slugs=_slugs(names + categories, CAUSE_KEYWORDS, cause_slugs()),
        skill_slugs=_slugs(names, SKILL_KEYWORDS, skill_slugs()),
        source_categories=tuple(dict.fromkeys(names + categories)),
        raw=item,
    )


def _page(data: bytes) -> dict[str, Any]:
    return values.json_page(data, what="VolunteerConnector page", list_key="results")


class VolunteerConnectorAdapter(ApiAdapter):
    format = "volunteerconnector"
    full_snapshot = True

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        # A full snapshot: always from the first page; there is nothing to resume.
        return PageRequest(url=values.with_query(url, page="1"), headers=ACCEPT_JSON)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        page = _page(data)
        result = ParseResult(complete_snapshot=False)  # one page; the run as a whole is the snapshot
        for position, item in enumerate(page["results"]):
            try:
                result.listings.append(_listing(item, request.url or SITE))
            except ValueError as exc:
                item_id = str(item.get("id", "")) if isinstance(item, dict) else ""
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        next_url = _http_url(page.get("next"), "") if isinstance(page.get("next"), str) else ""
        # A `next` naming this very page would loop for ever.
        if next_url and next_url != request.url:
            result.next_request = PageRequest(url=next_url, headers=ACCEPT_JSON)
        return result
