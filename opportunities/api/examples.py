"""Example bodies for the OpenAPI description: what a client sees, written out once."""

from drf_spectacular.utils import OpenApiExample

_CARD = {
    "id": 4211,
    "title": "Online maths tutor for secondary students",
    "summary": "Help 12-16 year olds with algebra over video, one hour a week.",
    "url": "https://volunteer.example.org/listings/4211",
    "apply_url": "https://volunteer.example.org/listings/4211/apply",
    "organization": {"id": 77, "name": "Learning Bridges", "url": "https://learningbridges.example"},
    "source": {"id": 3, "name": "Global Minds Volunteers"},
    "causes": [{"slug": "education-literacy", "name": "Education & literacy"}],
    "location_type": "remote",
    "remote_scope": "worldwide",
    "country": "",
    "eligible_countries": [],
    "timezone": "Europe/London",
    "schedule": "ongoing",
    "hours_per_week": 1.0,
    "commitment_text": "1 hour a week for a term",
    "languages": ["en"],
    "status": "active",
    "posted_at": "2026-11-02T09:00:00Z",
    "expires_at": "2026-12-31T23:59:00Z",
    "updated_at": "2026-11-20T06:12:44.120311Z",
    "cluster_id": 4198,
    "also_listed": 1,
}

OPPORTUNITY_PAGE = OpenApiExample(
    "A page of results",
    value={
        "next": "http://127.0.0.1:8000/api/v1/opportunities/?cause=education-literacy&cursor=WyJuZXdlc3QiLCIyMDI2LTExLTAyVDA5OjAwOjAwKzAwOjAwIiw0MjExXQ",
        "previous": None,
        "ordering": "newest",
        "results": [_CARD],
    },
)

OPPORTUNITY_DETAIL = OpenApiExample(
    "A listing",
    value={
        **_CARD,
        "description_html": "<p>Help students with algebra…</p>",
        "description_text": "Help students with algebra…",
        "city": "",
        "region": "",
        "starts_at": None,
        "ends_at": None,
        "source_categories": ["Education", "Tutoring"],
        "first_seen_at": "2026-11-02T09:05:12Z",
        "last_seen_at": "2026-11-21T06:00:03Z",
        "cause_tags": [
            {
                "slug": "education-literacy",
                "name": "Education & literacy",
                "method": "rule",
                "reason": 'rule: "tutor" in title',
                "confidence": 0.9,
            }
        ],
        "skill_tags": [
            {
                "slug": "teaching",
                "name": "Teaching & tutoring",
                "method": "rule",
                "reason": 'rule: "tutor"',
                "confidence": 0.8,
            }
        ],
        "also_listed_on": [
            {
                "id": 4198,
                "url": "https://remote-helpers.example/o/98",
                "source": {"id": 5, "name": "Remote Helpers"},
            }
        ],
        "attribution": {
            "source": "Global Minds Volunteers",
            "text": "Listings courtesy of Global Minds Volunteers",
            "homepage_url": "https://globalminds.example",
            "terms_url": "https://globalminds.example/terms",
        },
    },
)

CAUSES = OpenApiExample(
    "Causes",
    value=[
        {
            "slug": "education-literacy",
            "name": "Education & literacy",
            "description": "Tutoring, mentoring, literacy and learning support.",
            "sdg": [4],
            "active_count": 312,
        }
    ],
)

SOURCES = OpenApiExample(
    "Sources",
    value={
        "next": None,
        "previous": None,
        "results": [
            {
                "id": 3,
                "name": "Global Minds Volunteers",
                "format": "jsonfeed",
                "homepage_url": "https://globalminds.example",
                "attribution": "Listings courtesy of Global Minds Volunteers",
                "terms_url": "https://globalminds.example/terms",
                "enabled": True,
                "fetch_interval_minutes": 60,
                "last_success_at": "2026-11-21T06:00:03Z",
                "last_fetched_at": "2026-11-21T06:00:03Z",
                "next_check_at": "2026-11-21T07:00:03Z",
                "consecutive_failures": 0,
                "status": "ok",
                "active_count": 120,
            }
        ],
    },
)

CHANGES = OpenApiExample(
    "A page of changes",
    value={
        "next": "http://127.0.0.1:8000/api/v1/changes/opportunities/?afterTimestamp=1763619164120311&afterId=4211",
        "items": [
            {
                "state": "updated",
                "kind": "Opportunity",
                "id": 4211,
                "modified": 1763619164120311,
                "data": {"...": "..."},
            },
            {"state": "deleted", "kind": "Opportunity", "id": 4015, "modified": 1763619170000000},
        ],
    },
)
