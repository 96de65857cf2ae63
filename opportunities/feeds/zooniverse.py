"""Zooniverse citizen-science projects (the Panoptes JSON:API), read as a full snapshot.

GET {url}&page=N&page_size=100 with `Accept: application/vnd.api+json; version=1` answers
{projects: [...], meta: {projects: {page, page_count, next_page, ...}}}; next_page is null on the
last page. Every project is done online, from anywhere, at one's own pace. A project that is not
live (Panoptes' `state`: "development", "paused" or "finished") or not launch-approved is a
Withdrawal, versioned by its updated_at so a later relaunch (a newer updated_at) revives it.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote

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

ACCEPT_JSONAPI = (("Accept", "application/vnd.api+json; version=1"),)
PAGE_SIZE = "100"
PROJECT_URL = "https://www.zooniverse.org/projects/{slug}"
ZOONIVERSE = ("Zooniverse", "https://www.zooniverse.org")
# Every project is research; these add the field it serves. Read from the tags, name and short
# description only: the long introduction mentions "the history of the universe" and the like.
CAUSE_KEYWORDS = (
    (r"climate|weather|oceans?\b|marine|seas?\b|ecolog|environment|forest|nature|plants?\b", "environment"),
    (r"animals?\b|wildlife|birds?\b|penguins?\b|mammals?\b|whales?\b|insects?\b|zoology|bats?\b", "animals"),
    (r"history|historical|transcri|arts?\b|literature|manuscripts?\b|archives?\b|museums?\b", "arts-culture"),
    (r"medicine|medical|health|cancer|disease|biomedical", "health-medicine"),
)
_TRANSCRIPTION = re.compile(r"\btranscri")  # transcribe, transcription, transcribing
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)|\*\*|__", re.MULTILINE)


def _current_page(meta: dict[str, Any], url: str) -> int:
    page = meta.get("page")
    if isinstance(page, int) and not isinstance(page, bool):
        return page
    asked = values.query_value(url, "page")
    return int(asked) if asked.isdigit() else 0


def markdown_html(text: str) -> str:
    """Markdown as escaped paragraphs: images dropped, links as "label (url)", heading, quote and
    bold marks removed. Not a Markdown renderer: what is left is shown as the text it is."""
    text = _MD_MARKS.sub("", _MD_LINK.sub(r"\1 (\2)", _MD_IMAGE.sub("", text)))
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [
        [escape(line.strip(), quote=False) for line in block.split("\n") if line.strip()] for block in blocks
    ]
    return "".join(f"<p>{'<br>'.join(block)}</p>" for block in lines if block)


def causes_for(project: dict[str, Any]) -> tuple[str, ...]:
    texts = (
        *values.text_list(project.get("tags")),
        values.text(project.get("display_name")),
        values.text(project.get("description")),
    )
    folded = values.fold(" | ".join(texts))
    found = ["science-research"] + [
        slug for pattern, slug in CAUSE_KEYWORDS if re.search(rf"\b(?:{pattern})", folded)
    ]
    return tuple(slug for slug in dict.fromkeys(found) if slug in cause_slugs())


def skills_for(project: dict[str, Any]) -> tuple[str, ...]:
    """Transcription projects ask for transcription; the rest classify images, sounds or graphs."""
    texts = (
        *values.text_list(project.get("tags")),
        *(values.text(project.get(key)) for key in ("display_name", "description")),
    )
    text = values.fold(" | ".join((*texts, values.text(project.get("introduction")))))
    found = ("transcription",) if _TRANSCRIPTION.search(text) else ("data-analysis", "research")
    return tuple(slug for slug in found if slug in skill_slugs())


def withdrawal_reason(project: dict[str, Any]) -> str:
    """Why a project is not open to volunteers, or "" when it is."""
    state = values.text(project.get("state"))
    if state and state.lower() != "live":
        return f'project state is "{state}", not "live"'
    if not state and project.get("live") is False:
        return "project is not live"
    if project.get("launch_approved") is False:
        return "project is not launch-approved"
    return ""


def _organization(project: dict[str, Any]) -> tuple[str, str]:
    # Panoptes once put the owner's display name in links.owner; today it holds only id/type/href.
    owner = values.text(values.obj(values.obj(project.get("links")).get("owner")).get("display_name"))
    return (owner, "") if owner else ZOONIVERSE


def _listing(project: dict[str, Any], project_id: str, version: str) -> ListingData:
    title = values.text(project.get("display_name")) or values.text(project.get("title"))
    slug = values.text(project.get("slug"))
    if not title:
        raise ValueError('project has no "display_name"')
    if not slug:
        raise ValueError('project has no "slug" (its page address)')
    url = PROJECT_URL.format(slug=quote(slug, safe="/"))
    description = values.text(project.get("description"))
    organization_name, organization_url = _organization(project)
    return ListingData(
        source_item_id=project_id,
        title=title,
        url=url,
        apply_url=url,
        summary=description,
        description_html=markdown_html(description) + markdown_html(values.text(project.get("introduction"))),
        organization_name=organization_name,
        organization_url=organization_url,
        location_type="remote",
        remote_scope="worldwide",
        schedule="flexible",
        commitment_text="Classify online at your own pace",
        languages=values.language(project.get("primary_language")),
        cause_slugs=causes_for(project),
        skill_slugs=skills_for(project),
        source_categories=values.text_list(project.get("tags")),
        posted_at=parse_datetime(project.get("launch_date")),
        source_updated_at=parse_datetime(project.get("updated_at")),
        source_modified=version,
        raw=project,
    )


def _read(project: Any, result: ParseResult) -> None:
    if not isinstance(project, dict):
        raise ValueError("project is not an object")
    project_id = project.get("id")
    if isinstance(project_id, bool) or not isinstance(project_id, int | str) or not str(project_id).strip():
        raise ValueError('project has no "id"')
    version = version_from_datetime(parse_datetime(project.get("updated_at")))
    reason = withdrawal_reason(project)
    if reason:
        result.withdrawals.append(Withdrawal(str(project_id).strip(), source_modified=version, reason=reason))
    else:
        result.listings.append(_listing(project, str(project_id).strip(), version))


def _page(data: bytes) -> dict[str, Any]:
    return values.json_page(data, what="Zooniverse projects page", list_key="projects")


class ZooniverseAdapter(ApiAdapter):
    format = "zooniverse"
    full_snapshot = True

    def first_request(
        self, *, url: str, cursor: dict[str, Any], credentials: dict[str, str], full: bool
    ) -> PageRequest:
        # A full snapshot: always from the first page. A page_size the source URL names is kept.
        params = (
            {"page": "1"} if values.query_value(url, "page_size") else {"page": "1", "page_size": PAGE_SIZE}
        )
        return PageRequest(url=values.with_query(url, **params), headers=ACCEPT_JSONAPI)

    def parse_page(self, data: bytes, *, request: PageRequest) -> ParseResult:
        page = _page(data)
        result = ParseResult(complete_snapshot=False)  # one page; the run as a whole is the snapshot
        for position, project in enumerate(page["projects"]):
            try:
                _read(project, result)
            except ValueError as exc:
                item_id = str(project.get("id", "")) if isinstance(project, dict) else ""
                result.rejections.append(Rejection(position=position, item_id=item_id, reason=str(exc)))
        meta = values.obj(values.obj(page.get("meta")).get("projects"))
        next_page = meta.get("next_page")
        # Only forward: a next_page at or before this page would loop for ever.
        is_number = isinstance(next_page, int) and not isinstance(next_page, bool)
        if is_number and next_page > _current_page(meta, request.url):
            result.next_request = PageRequest(
                url=values.with_query(request.url, page=str(next_page)), headers=ACCEPT_JSONAPI
            )
        return result
