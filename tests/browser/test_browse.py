"""Browsing in a real browser: search, filters (with htmx and without JavaScript), paging, the
detail page, saving (logged in and out), keyboard-only use and the time-zone overlap filter."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from opportunities.models import Cause, Opportunity, SavedOpportunity, Status
from tests.browser.conftest import DESKTOP
from tests.factories import UserFactory

SEARCH_WORD = "transcribe"  # every demo listing it matches (a few) names it on its card
CAUSE = "crisis-mental-health"  # a cause some, but not all, demo listings have
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
PAGE_SIZE = 20

# Whether the focused element shows a focus indicator: an outline or a box-shadow.
FOCUS_STYLE_JS = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


# --- Fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture
def open_page(make_page) -> Callable[..., Page]:
    """open_page(**context_options) -> a desktop Page in a fresh context with those options (such
    as java_script_enabled=False or timezone_id=...), blocking off-site requests like every page."""
    return lambda **options: make_page(**DESKTOP, **options)


def results_count(page: Page) -> int:
    """The number in the results heading, "35 opportunities" -> 35."""
    text = page.locator("#results-title").inner_text()
    match = re.match(r"([\d,]+) opportunit", text)
    assert match, f"unexpected results heading: {text!r}"
    return int(match.group(1).replace(",", ""))


def card_ids(page: Page) -> list[str]:
    """The opportunity ids of the cards on the page, in order."""
    labels = page.locator("article.card").evaluate_all(
        "cards => cards.map(c => c.getAttribute('aria-labelledby'))"
    )
    return [re.fullmatch(r"opp-(\d+)-title", label).group(1) for label in labels]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def has_param(name: str, value: str) -> Callable[[str], bool]:
    return lambda url: value in query_of(url).get(name, [])


def lacks_param(name: str) -> Callable[[str], bool]:
    return lambda url: urlsplit(url).path == "/search/" and not any(query_of(url).get(name, []))


def set_marker(page: Page) -> None:
    """Mark the document: the mark survives an htmx swap and vanishes on a full page load."""
    page.evaluate("() => { window.__marker = 'same document'; }")


def marker_survived(page: Page) -> bool:
    return page.evaluate("() => window.__marker") == "same document"


def cause_name(slug: str) -> str:
    return Cause.objects.get(slug=slug).name


def log_in(page: Page, username: str) -> None:
    """Fill and send the login form the page shows."""
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def save_button(page: Page, opportunity_id: str):
    return page.locator(f"#opp-{opportunity_id}-title").locator("xpath=..").locator("form.save-form button")


def wait_for_htmx(page: Page) -> None:
    """Wait until no htmx request, swap or settle is under way."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def tab_until(page: Page, condition_js: str, limit: int = 150) -> None:
    """Press Tab until `condition_js` (a function of the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => ({condition_js})(document.activeElement)"):
            return
    pytest.fail(f"{limit} presses of Tab never reached an element where {condition_js}")


# --- Search -------------------------------------------------------------------------------------


def test_words_typed_in_the_search_box_narrow_the_results_to_listings_that_mention_them(
    demo_data, page
) -> None:
    mentioning = Opportunity.objects.filter(status=Status.ACTIVE, title__icontains=SEARCH_WORD)
    assert mentioning.count() >= 2, f"demo data no longer has several listings about {SEARCH_WORD!r}"
    page.goto("/search/")
    everything = results_count(page)

    page.locator("#id_q").fill(SEARCH_WORD)
    page.locator("#id_q").press("Enter")

    page.wait_for_url(has_param("q", SEARCH_WORD))
    expect(page.locator("#results-title")).to_contain_text(f"“{SEARCH_WORD}”")
    found = results_count(page)
    assert 0 < found < everything
    assert found <= PAGE_SIZE, "the test needs a one-page result"
    expect(page.locator("article.card")).to_have_count(found)
    for card in page.locator("article.card").all():
        text = " ".join(card.locator(".card-title, .card-org, .card-summary").all_inner_texts())
        assert SEARCH_WORD in text.lower(), f"a card for {SEARCH_WORD!r} does not mention it: {text!r}"


def test_the_home_page_search_box_opens_the_results_for_those_words(demo_data, page) -> None:
    page.goto("/")

    page.locator("#home-q").fill(SEARCH_WORD)
    page.locator("#home-q").press("Enter")

    page.wait_for_url(lambda url: urlsplit(url).path == "/search/" and has_param("q", SEARCH_WORD)(url))
    expect(page.locator("#results-title")).to_contain_text(f"“{SEARCH_WORD}”")
    expect(page.locator("#id_q")).to_have_value(SEARCH_WORD)
    expect(page.locator("article.card")).to_have_count(results_count(page))


# --- Filters ------------------------------------------------------------------------------------


def test_ticking_a_cause_filters_in_place_and_the_back_button_undoes_it(demo_data, page) -> None:
    name = cause_name(CAUSE)
    page.goto("/search/")
    everything = results_count(page)
    first_page = card_ids(page)
    panel = page.locator("details.filter-panel")
    assert not panel.evaluate("details => details.open"), "the filter panel should start closed"
    set_marker(page)

    panel.locator("summary").click()
    page.locator(f"#f-cause-{CAUSE}").check()

    page.wait_for_url(has_param("cause", CAUSE))
    expect(page.locator(".chips .chip")).to_contain_text([name])
    filtered = results_count(page)
    assert 0 < filtered < everything
    expect(page.locator("article.card")).to_have_count(filtered)
    for card in page.locator("article.card").all():
        expect(card.locator(".tags")).to_contain_text(name)
    assert marker_survived(page), "ticking a filter reloaded the whole page instead of swapping the results"
    expect(page.locator(f"#f-cause-{CAUSE}")).to_be_checked()

    page.go_back()

    page.wait_for_url(lambda url: urlsplit(url).path == "/search/" and not query_of(url).get("cause"))
    expect(page.locator("#results-title")).to_have_text(re.compile(rf"^{everything} opportunities"))
    expect(page.locator(".chips")).to_have_count(0)
    assert card_ids(page) == first_page


def test_filters_work_without_javascript_through_the_apply_button(demo_data, open_page) -> None:
    page = open_page(java_script_enabled=False)
    name = cause_name(CAUSE)
    page.goto("/search/")
    everything = results_count(page)

    page.locator("details.filter-panel summary").click()
    page.locator(f"#f-cause-{CAUSE}").check()
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url(has_param("cause", CAUSE))
    filtered = results_count(page)
    assert 0 < filtered < everything
    expect(page.locator("article.card")).to_have_count(filtered)
    for card in page.locator("article.card").all():
        expect(card.locator(".tags")).to_contain_text(name)
    expect(page.locator(".chips .chip")).to_contain_text([name])
    expect(page.locator(f"#f-cause-{CAUSE}")).to_be_checked()


def test_choosing_an_hours_overlap_fills_in_the_browsers_time_zone(demo_data, open_page) -> None:
    page = open_page(timezone_id="Europe/Paris")
    page.goto("/search/")
    expect(page.locator("#id_tz")).to_have_value("")

    page.locator("details.filter-panel summary").click()
    page.locator("#id_overlap").select_option("3")

    page.wait_for_url(lambda url: "tz=Europe%2FParis" in url and has_param("overlap", "3")(url))
    expect(page.locator("#id_tz")).to_have_value("Europe/Paris")
    expect(page.locator("#id_overlap")).to_have_value("3")
    expect(page.locator(".chips .chip")).to_contain_text(["At least 3 h overlap"])


def test_a_search_with_no_results_says_so_and_offers_to_drop_the_words(demo_data, page) -> None:
    page.goto("/search/")
    everything = results_count(page)

    page.locator("#id_q").fill("qwxzyvplk")
    page.locator("#id_q").press("Enter")

    empty = page.locator(".empty")
    expect(empty).to_contain_text("No opportunities match")
    expect(page.locator("article.card")).to_have_count(0)
    drop_words = empty.get_by_role("link", name=re.compile("qwxzyvplk"))
    expect(drop_words).to_have_count(1)

    drop_words.click()

    page.wait_for_url(lacks_param("q"))
    expect(page.locator("#results-title")).to_have_text(re.compile(rf"^{everything} opportunities"))
    expect(page.locator("article.card")).to_have_count(min(everything, PAGE_SIZE))
    expect(page.locator(".empty")).to_have_count(0)


# --- Paging and detail --------------------------------------------------------------------------


def test_next_page_shows_the_following_listings_and_a_way_back_to_the_first(demo_data, page) -> None:
    page.goto("/search/")
    everything = results_count(page)
    assert everything > PAGE_SIZE, "the demo data should fill more than one page"
    first = card_ids(page)
    assert len(first) == PAGE_SIZE
    expect(page.get_by_role("link", name="First page")).to_have_count(0)

    page.locator("a[rel=next]").click()

    page.wait_for_url(lambda url: bool(query_of(url).get("after")))
    second = card_ids(page)
    assert second, "the second page is empty"
    assert set(first).isdisjoint(second), "the second page repeats listings from the first"
    if everything <= 2 * PAGE_SIZE:
        assert len(first) + len(second) == everything, "paging lost or invented listings"
        expect(page.locator("a[rel=next]")).to_have_count(0)
    expect(page.get_by_role("link", name="First page")).to_be_visible()


def test_a_card_title_opens_its_detail_page_with_a_safe_apply_link(demo_data, page) -> None:
    page.goto("/search/")
    link = page.locator("article.card .card-title a").first
    title = link.inner_text().strip()

    link.click()

    page.wait_for_url(re.compile(r"/opportunities/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    apply = page.locator("main a.button", has_text="Apply")
    expect(apply).to_have_count(1)
    assert "noopener" in (apply.get_attribute("rel") or "").split()


# --- Saving -------------------------------------------------------------------------------------


def test_a_logged_in_visitor_saves_and_unsaves_without_leaving_the_page(demo_data, page) -> None:
    alice = UserFactory(username="alice")
    page.goto("/accounts/login/")
    log_in(page, "alice")
    page.goto("/search/")
    opportunity_id = card_ids(page)[0]
    button = save_button(page, opportunity_id)
    expect(button).to_have_text(re.compile(r"^Save\b(?!d)"))
    set_marker(page)

    button.click()

    expect(button).to_have_text(re.compile(r"^Saved\b"))
    assert marker_survived(page), "saving reloaded the page instead of swapping the button"
    assert SavedOpportunity.objects.filter(user=alice, opportunity_id=opportunity_id).exists()

    page.reload()
    expect(button).to_have_text(re.compile(r"^Saved\b"))

    button.click()

    expect(button).to_have_text(re.compile(r"^Save\b(?!d)"))
    assert not SavedOpportunity.objects.filter(user=alice, opportunity_id=opportunity_id).exists()


def test_a_logged_out_visitor_who_saves_logs_in_confirms_and_returns_to_the_results(demo_data, page) -> None:
    alice = UserFactory(username="alice")
    page.goto("/search/")
    opportunity_id = card_ids(page)[0]

    save_button(page, opportunity_id).click()

    page.wait_for_url(lambda url: urlsplit(url).path == "/accounts/login/")
    log_in(page, "alice")
    page.wait_for_url(lambda url: urlsplit(url).path == f"/opportunities/{opportunity_id}/save/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Save this opportunity?")
    assert not SavedOpportunity.objects.filter(user=alice).exists(), "a GET saved before confirming"
    page.get_by_role("button", name="Save it").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/search/")
    expect(save_button(page, opportunity_id)).to_have_text(re.compile(r"^Saved\b"))
    assert list(SavedOpportunity.objects.filter(user=alice).values_list("opportunity_id", flat=True)) == [
        int(opportunity_id)
    ]


# --- Keyboard -----------------------------------------------------------------------------------


def test_the_results_page_works_from_the_keyboard_alone_with_visible_focus(demo_data, page) -> None:
    page.goto("/search/")

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    tab_until(page, "el => el.id === 'id_q'")
    assert page.evaluate(FOCUS_STYLE_JS), "the search box shows no focus indicator"

    tab_until(page, "el => el.matches('details.filter-panel > summary')")
    assert page.evaluate(FOCUS_STYLE_JS), "the filter panel's summary shows no focus indicator"
    page.keyboard.press("Enter")
    assert page.locator("details.filter-panel").evaluate("details => details.open")

    tab_until(page, "el => el.matches('input[type=checkbox][name=cause]')")
    assert page.evaluate(FOCUS_STYLE_JS), "a facet checkbox shows no focus indicator"
    checkbox_id = page.evaluate("() => document.activeElement.id")
    page.keyboard.press("Space")
    page.wait_for_url(lambda url: "cause=" in url)
    expect(page.locator(".chips .chip")).to_have_count(1)
    expect(page.locator(f"#{checkbox_id}")).to_be_checked()
    expect(page.locator(f"#{checkbox_id}")).to_be_focused()

    tab_until(page, "el => el.matches('article.card .card-title a')")
    assert page.evaluate(FOCUS_STYLE_JS), "a card's title link shows no focus indicator"
    tab_until(page, "el => el.matches('form.save-form button')", limit=20)
    assert page.evaluate(FOCUS_STYLE_JS), "a Save button shows no focus indicator"


# --- Found as bugs, fixed: the sort a new search gets, the panel and focus across a swap, the title ---


def test_words_typed_on_the_results_page_are_sorted_by_best_match(demo_data, page) -> None:
    page.goto("/search/")

    page.locator("#id_q").fill(SEARCH_WORD)
    page.locator("#id_q").press("Enter")

    page.wait_for_url(has_param("q", SEARCH_WORD))
    expect(page.locator("#results-title")).to_contain_text(f"“{SEARCH_WORD}”")
    assert page.locator("nav.sort [aria-current]").inner_text() == "Best match"


def test_unticking_the_last_filter_keeps_the_panel_open_and_focus_on_the_checkbox(demo_data, page) -> None:
    page.goto(f"/search/?cause={CAUSE}")
    checkbox = page.locator(f"#f-cause-{CAUSE}")
    checkbox.focus()

    page.keyboard.press("Space")

    page.wait_for_url(lacks_param("cause"))
    expect(page.locator(".chips")).to_have_count(0)
    wait_for_htmx(page)
    assert page.locator("details.filter-panel").evaluate("details => details.open"), "the filter panel closed"
    assert page.evaluate("() => document.activeElement.id") == f"f-cause-{CAUSE}"


def test_the_page_title_names_the_words_after_an_in_place_search(demo_data, page) -> None:
    page.goto("/search/")

    page.locator("#id_q").fill(SEARCH_WORD)
    page.locator("#id_q").press("Enter")

    expect(page.locator("#results-title")).to_contain_text(f"“{SEARCH_WORD}”")
    wait_for_htmx(page)
    assert page.title().startswith(f"{SEARCH_WORD} · ")
