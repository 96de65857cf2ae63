"""Full-page screenshots for docs/screenshots/: `make screenshots` (sets SCREENSHOTS_DIR).

Skipped otherwise, so `make test` never rewrites them. Each is the first screen of the page.
Files are named <page>-<width>.png,
for example home-phone.png and detail-desktop.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db.models.functions import Length

from opportunities.models import Opportunity, Status

SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")
# A search a person might make, with one filter on so the panel and its chip show.
RESULTS_QUERY = "q=online&location=remote"
SIZES = {
    "phone": {"width": 390, "height": 844, "mobile": True},
    "desktop": {"width": 1280, "height": 900, "mobile": False},
}

pytestmark = pytest.mark.skipif(
    not SCREENSHOTS_DIR, reason="screenshots are made by `make screenshots` (set SCREENSHOTS_DIR)"
)


def url_of(name: str) -> str:
    if name == "home":
        return "/"
    if name == "results":
        return f"/search/?{RESULTS_QUERY}"
    # The richest detail page: the active demo listing with the longest description.
    opportunity = (
        Opportunity.objects.filter(status=Status.ACTIVE)
        .order_by(Length("description_text").desc(), "pk")
        .first()
    )
    assert opportunity is not None, "demo data has no active opportunity"
    return f"/opportunities/{opportunity.pk}/"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", ["home", "results", "detail"])
def test_screenshot(demo_data, make_page, name, size) -> None:
    page = make_page(**SIZES[size])
    url = url_of(name)

    response = page.goto(url)

    assert response is not None
    if response.status == 404 and name == "results":
        pytest.skip(f"{url} answers 404: the search results page is not built yet")
    assert response.status == 200, f"{url} answered {response.status}"
    directory = Path(SCREENSHOTS_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    # The first screen, as a person sees it on arrival: full pages made the README heavy.
    page.screenshot(path=directory / f"{name}-{size}.png", animations="disabled", caret="hide")
