"""The pages a visitor sees, in a real browser: they load, keyboard users can skip the header,
axe-core finds nothing serious, a phone never scrolls sideways, nothing comes from elsewhere."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q

from accounts.models import User
from accounts.services import hours as hours_services
from accounts.services import transcripts, verification
from accounts.services.hours import EntryData, local_today
from opportunities.models import Cause, Opportunity, Status
from tests.browser.conftest import assert_accessible, axe_violations
from tests.factories import UserFactory

SEARCH_WORD = "transcribe"  # several demo listings, all remote
PAGES = [
    "home",
    "detail",
    "results",
    "results-filtered",
    "cause",
    "organization",
    "source",
    "login",
    "signup",
    "verify",  # the page a contact opens from the verification e-mail (no account)
    "transcript",  # a transcript's public page, as a school opens it (no login)
]


def hours_to_verify(*, confirmed: bool) -> tuple[User, str]:
    """A volunteer's 2 h 30 min today for a demo listing, a contact asked to verify them, and
    (confirmed=True) their confirmation. Returns the volunteer and the contact's link (a path)."""
    user = UserFactory(username="smoke_volunteer")
    listing = Opportunity.objects.filter(status=Status.ACTIVE).order_by("pk").first()
    data = EntryData(
        date=local_today("UTC"),
        minutes=150,
        timezone="UTC",
        activity="Transcribed letters",
        opportunity=listing,
    )
    entry = hours_services.hours_entry_create(user=user, data=data)
    asked = verification.verification_request(
        entry=entry, contact_name="Dana Okafor", contact_email="dana@example.org"
    )
    token = verification.verification_token_make(verification=asked)
    if confirmed:
        verification.verification_answer(token=token, decision=verification.CONFIRM)
    return user, f"/verify/{token}/"


def url_of(name: str) -> str:
    if name == "signup":
        return "/accounts/signup/"
    if name == "verify":
        return hours_to_verify(confirmed=False)[1]
    if name == "transcript":
        user, _ = hours_to_verify(confirmed=True)
        today = local_today("UTC")
        transcript = transcripts.transcript_create(user=user, start=today, end=today)
        return f"/t/{transcript.public_id}/"
    if name == "home":
        return "/"
    if name == "results":
        return "/search/"
    if name == "results-filtered":  # a filter in force, so the filter panel renders open on desktops
        return f"/search/?q={SEARCH_WORD}&location=remote"
    if name == "login":
        return "/accounts/login/"
    if name == "cause":
        active = Q(opportunity_tags__opportunity__status=Status.ACTIVE)
        cause = (
            Cause.objects.annotate(n=Count("opportunity_tags", filter=active)).order_by("-n", "slug").first()
        )
        assert cause is not None, "demo data has no causes"
        assert cause.n, "demo data has no cause with active listings"
        return f"/causes/{cause.slug}/"
    opportunity = (
        Opportunity.objects.filter(status=Status.ACTIVE, organization__isnull=False).order_by("pk").first()
    )
    assert opportunity is not None, "demo data has no active opportunity"
    if name == "organization":
        return f"/organizations/{opportunity.organization_id}/"
    if name == "source":
        return f"/sources/{opportunity.source_id}/"
    return f"/opportunities/{opportunity.pk}/"


def visit(page, name: str) -> None:
    response = page.goto(url_of(name))
    assert response is not None
    assert response.status == 200, f"{name} answered {response.status}"
    if name == "results-filtered":
        panel = page.locator("details.filter-panel")
        # Open on a desktop with a filter on; phones start it closed (site.js), so axe checks the
        # filters there too once opened.
        if page.viewport_size["width"] > 832:
            assert panel.evaluate("details => details.open")
        panel.evaluate("details => { details.open = true; }")


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
def test_no_serious_accessibility_violations_on_desktop(demo_data, page, blocked_requests, name) -> None:
    visit(page, name)

    assert_accessible(page)
    assert blocked_requests == [], "the page tried to load something from outside this site"


@pytest.mark.parametrize("name", PAGES)
def test_a_phone_scrolls_no_page_sideways_and_axe_finds_nothing_serious(
    demo_data, phone_page, blocked_requests, name
) -> None:
    """One page load for both phone checks (360 px): a browser test's set-up costs more than either."""
    visit(phone_page, name)

    scroll_width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= 360, f"{name} is {scroll_width}px wide at a 360px viewport: it scrolls sideways"
    assert_accessible(phone_page)
    assert blocked_requests == [], "the page tried to load something from outside this site"


def test_the_accessibility_check_catches_a_known_violation(page) -> None:
    """Guards the guard: axe-core is injected and really runs (a vacuous check would pass too)."""
    page.set_content('<html><body><main><button></button><img src="data:,"></main></body></html>')

    found = {violation["id"] for violation in axe_violations(page)}

    assert {"button-name", "image-alt", "html-has-lang"} <= found
