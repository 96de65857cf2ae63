"""The pages a visitor sees, in a real browser: they load, keyboard users can skip the header,
axe-core finds nothing serious, a phone never scrolls sideways, nothing comes from elsewhere."""

from __future__ import annotations

import pytest

from opportunities.models import Opportunity, Status
from tests.browser.conftest import assert_accessible, axe_violations

PAGES = ["home", "detail"]


def url_of(name: str) -> str:
    if name == "home":
        return "/"
    opportunity = Opportunity.objects.filter(status=Status.ACTIVE).order_by("pk").first()
    assert opportunity is not None, "demo data has no active opportunity"
    return f"/opportunities/{opportunity.pk}/"


def test_home_lists_the_demo_opportunities(demo_data, page, blocked_requests) -> None:
    response = page.goto("/")

    assert response is not None
    assert response.status == 200
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator(".card").count() > 0
    assert blocked_requests == [], "the page tried to load something from outside this site"


def test_detail_page_loads(demo_data, page, blocked_requests) -> None:
    response = page.goto(url_of("detail"))

    assert response is not None
    assert response.status == 200
    assert page.get_by_role("heading", level=1).count() == 1
    assert blocked_requests == [], "the page tried to load something from outside this site"


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(demo_data, page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations_on_desktop(demo_data, page, name) -> None:
    page.goto(url_of(name))

    assert_accessible(page)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations_on_a_phone(demo_data, phone_page, name) -> None:
    phone_page.goto(url_of(name))

    assert_accessible(phone_page)


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scrolling_at_360_px(demo_data, phone_page, name) -> None:
    phone_page.goto(url_of(name))

    scroll_width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide at a 360px viewport: it scrolls sideways"


def test_the_accessibility_check_catches_a_known_violation(page) -> None:
    """Guards the guard: axe-core is injected and really runs (a vacuous check would pass too)."""
    page.set_content('<html><body><main><button></button><img src="data:,"></main></body></html>')

    found = {violation["id"] for violation in axe_violations(page)}

    assert {"button-name", "image-alt", "html-has-lang"} <= found
