"""HOT Tasking Manager (humanitarian mapping in OpenStreetMap), read as a full snapshot.

GET {url}?page=N&omitMapResults=true answers {results: [...], pagination: {hasNext, nextNum, page,
pages, perPage, total, ...}}; mapResults (a GeoJSON of every project) is asked to be left out and
ignored if it comes. The search lists PUBLISHED projects; mapping is done online from anywhere, so
the project's country is where the map is, not where volunteers must be. A project not PUBLISHED,
or fully validated, has no work left: a Withdrawal versioned by lastUpdated.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from opportunities.feeds import values
from opportunities.feeds.base import (
    ApiAdapter,
    ListingData,
    PageRequest,
    ParseResult,
    Rejection,
    Withdrawal,
    version_from_datetime,
)
from opportunities.normalize import parse_datetime
from opportunities.taxonomy import cause_slugs, skill_slugs

ACCEPT_JSON = (("Accept", "application/json"),)
PROJECT_URL = "https://tasks.hotosm.org/projects/{project_id}"
HOT = ("Humanitarian OpenStreetMap Team", "https://www.hotosm.org")
# Every project maps for disaster response and preparedness; these add the need it serves.
# Matched at word starts in folded text (accents removed), English plus a few French/Spanish stems.
CAUSE_KEYWORDS = (
    (r"health|sante|salud|malaria|paludisme|vaccin|cholera|ebola|measles|polio|disease", "health-medicine"),
    (r"flood|inondation|inundacion|climate|climat|deforestation|deforestacion|drought", "environment"),
    (
        r"development|developpement|desarrollo|planning|planification|planificacion",
        "international-development",
    ),
)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def countries_of(project: dict[str, Any]) -> tuple[str, ...]:
    """`country` is a list of names in Tasking Manager 4.x and later, a single string before."""
    value = project.get("country")
    names = value if isinstance(value, list) else [value]
    return tuple(dict.fromkeys(values.text(name) for name in names if values.text(name)))


def causes_for(project: dict[str, Any]) -> tuple[str, ...]:
    folded = values.fold(
        f"{values.text(project.get('name'))} | {values.text(project.get('shortDescription'))}"
    )
    found = ["disaster-relief"] + [
        slug for pattern, slug in CAUSE_KEYWORDS if re.search(rf"\b(?:{pattern})", folded)
    ]
    return tuple(slug for slug in dict.fromkeys(found) if slug in cause_slugs())


def commitment_for(project: dict[str, Any]) -> str:
    mapped, validated = _int(project.get("percentMapped")), _int(project.get("percentValidated"))
    progress = [
        f"{value} % {label}"
        for value, label in ((mapped, "mapped"), (validated, "validated"))
        if value is not None
    ]
    return "Map at your own pace" + (f": {', '.join(progress)}" if progress else "")


def withdrawal_reason(project: dict[str, Any]) -> str:
    """Why a project has no mapping left to do, or "" when it has."""
    status = values.text(project.get("status")).upper()
    if status and status != "PUBLISHED":
        return f"project status is {status}, not PUBLISHED"
    validated = _int(project.get("percentValidated"))
    if validated is not None and validated >= 100:
        return f"project is fully validated ({validated} % validated)"
    return ""


def _listing(project: dict[str, Any], project_id: str, version: str) -> ListingData:
    title = values.text(project.get("name"))
    if not title:
        raise ValueError('project has no "name"')
    url = PROJECT_URL.format(project_id=project_id)
    organization = values.text(project.get("organisationName"))
    priority = values.text(project.get("priority")).upper()
    short_description = values.text(project.get("shortDescription"))
    return ListingData(
        source_item_id=project_id,
        title=title,
        url=url,
        apply_url=url,
        summary=short_description,
        description_html=values.paragraphs(short_description),
        organization_name=organization or HOT[0],
        organization_url=HOT[1] if organization.casefold() in ("", HOT[0].casefold()) else "",
        location_type="remote",
        remote_scope="worldwide",
        schedule="flexible",
        commitment_text=commitment_for(project),
        languages=values.language(project.get("locale")),
        cause_slugs=causes_for(project),
        skill_slugs=tuple(slug for slug in ("mapping",) if slug in skill_slugs()),
        source_categories=((f"{priority} priority",) if priority else ()) + countries_of(project),
        posted_at=parse_datetime(project.get("creationDate")),
        source_updated_at=parse_datetime(project.get("lastUpdated")),
        expires_at=parse_datetime(project.get("dueDate")),
        source_modified=version,
        raw=project,
    )


def _read(project: Any, result: ParseResult) -> None:
    if not isinstance(project, dict):
        raise ValueError("project is not an object")
    raw_id = project.get("projectId")
    if _int(raw_id) is None and not (isinstance(raw_id, str) and raw_id.strip().isdigit()):
        raise ValueError('project has no numeric "projectId"')
    project_id = str(raw_id).strip()
    version = version_from_datetime(parse_datetime(project.get("lastUpdated")))
    reason = withdrawal_reason(project)
    if reason:
        result.withdrawals.append(Withdrawal(project_id, source_modified=version, reason=reason))
    else:
        result.listings.append(_listing(project, project_id, version))


def _page(data: bytes) -> dict[str, Any]:
    return values.json_page(data, what="Tasking Manager projects page", list_key="results")


def _next_page(pagination: dict[str, Any], url: str) -> int | None:
    """The page after this one, or None. Only forward: a page number at or before this one would loop."""
    asked = dict(parse_qsl(urlsplit(url).query)).get("page", "")
    page = _int(pagination.get("page")) or (int(asked) if asked.isdigit() else None)
    if pagination.get("hasNext") is not True or page is None:
        return None
    following = _int(pagination.get("nextNum")) or page + 1
    return following if following > page else None


class HotosmAdapter(ApiAdapter):
    format = "hotosm"
    full_snapshot = True

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        # A full snapshot: always from the first page. mapResults is a GeoJSON of every project,
        # on every page: asked to be left out unless the source URL says otherwise.
        query = dict(parse_qsl(urlsplit(url).query))
        params = {"page": "1"} if "omitMapResults" in query else {"page": "1", "omitMapResults": "true"}
        return PageRequest(url=values.with_query(url, **params), headers=ACCEPT_JSON)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        page = _page(data)
        result = ParseResult(complete_snapshot=False)  # one page; the run as a whole is the snapshot
        for position, project in enumerate(page["results"]):
            try:
                _read(project, result)
            except ValueError as exc:
                item_id = str(project.get("projectId", "")) if isinstance(project, dict) else ""
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        following = _next_page(values.obj(page.get("pagination")), request.url)
        if following is not None:
            result.next_request = PageRequest(
                url=values.with_query(request.url, page=str(following)), headers=ACCEPT_JSON
            )
        return result
