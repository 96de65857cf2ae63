"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium, from `make browser`)
against pytest-django's live server, with axe-core for accessibility checks.

Fixtures: `browser` (one Chromium for the whole package), `page` (fresh 1280x800 context per
test), `phone_page` (360x740, mobile, touch), `make_page(width, height, mobile=...)` for any
other size, `demo_data` (taxonomy + bundled demo listings, committed so the live server sees
them), `blocked_requests` (URLs the page tried to fetch off the live server; all aborted).
Helpers: `axe_violations(page)` and `assert_accessible(page)`.

Every page can reach only the live server: any other request is aborted, so no test ever
touches the internet, and a page that tries to load something from a CDN shows up in
`blocked_requests`.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
DEFAULT_TIMEOUT_MS = 10_000
FAILURE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "browser-failures"
HERE = Path(__file__).resolve().parent

# axe-core's own build, as bundled by the axe-playwright-python wheel (a dev dependency):
# installed by pip, read from disk, injected into the page: nothing is fetched at test time.
AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """When a browser test fails, save a full-page screenshot of each of its pages under
    var/browser-failures/ and name the files in the failure report."""
    report = yield
    contexts = getattr(item, "_browser_contexts", ())
    if report.when == "call" and report.failed and contexts:
        saved = _save_failure_screenshots(contexts, item.name)
        report.sections.append(("browser screenshots", "\n".join(saved)))
    return report


# --- Chromium -----------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all of tests/browser.

    Package scope rather than session scope: Playwright's sync API keeps an asyncio loop marked
    as running in this thread for as long as it is started. Closing it when the last browser
    test is done means the rest of the suite runs as it would without browser tests.
    """
    if not CHROMIUM.exists():
        message = "Chromium not installed: run `make browser` (apt-get install chromium chromium-driver)"
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
            pytest.fail(f"{message}. BROWSER_TESTS_REQUIRED=1, so this is a failure, not a skip.")
        pytest.skip(message)

    from playwright.sync_api import sync_playwright

    # While Playwright runs, its event loop counts as "running" in the test thread, and Django
    # then refuses ORM calls there (SynchronousOnlyOperation) even though the test code is plain
    # synchronous code. Nothing here runs inside that loop, so allow it while the browser is up
    # (fixtures such as demo_data and the database flush between tests need it) and restore the
    # previous value afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def blocked_requests() -> list[str]:
    """URLs that pages in this test tried to load from anywhere but the live server (aborted)."""
    return []


@pytest.fixture
def make_page(browser, live_server, blocked_requests, request) -> Iterator[Callable[..., object]]:
    """make_page(width, height, mobile=False, **context_options) -> a Page in a fresh context,
    closed after the test. Extra options go to the context (java_script_enabled=False,
    timezone_id=...).

    mobile=True also sets is_mobile and has_touch (Chromium then honours the viewport meta tag).
    """
    allowed = urlsplit(live_server.url).netloc
    contexts = []

    def route(route) -> None:
        if urlsplit(route.request.url).netloc == allowed:
            route.continue_()
        else:
            blocked_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def route_web_socket(ws) -> None:
        if urlsplit(ws.url).netloc == allowed:
            ws.connect_to_server()
        else:
            blocked_requests.append(ws.url)
            ws.close()

    def factory(width: int, height: int, *, mobile: bool = False, **context_options):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            is_mobile=mobile,
            has_touch=mobile,
            base_url=live_server.url,
            service_workers="block",
            **context_options,
        )
        context.route("**/*", route)
        context.route_web_socket("**/*", route_web_socket)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(DEFAULT_TIMEOUT_MS)
        return page

    request.node._browser_contexts = contexts  # for the failure screenshots (see makereport above)
    yield factory

    for context in contexts:
        context.close()


def _save_failure_screenshots(contexts, test_name: str) -> list[str]:
    FAILURE_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in test_name)
    pages = [page for context in contexts for page in context.pages]
    saved = []
    for index, page in enumerate(pages):
        path = FAILURE_SCREENSHOTS / f"{safe}-{index}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except Exception as error:  # a diagnostic must never hide the real failure
            saved.append(f"could not save {path}: {error}")
        else:
            saved.append(f"{path} ({page.url})")
    return saved


@pytest.fixture
def page(make_page):
    """Desktop: a fresh 1280x800 context; relative URLs go to the live server (page.goto("/"))."""
    return make_page(**DESKTOP)


@pytest.fixture
def phone_page(make_page):
    """Phone: 360x740, is_mobile and has_touch, fresh context."""
    return make_page(**PHONE, mobile=True)


# --- Data ---------------------------------------------------------------------------------------


@pytest.fixture
def demo_data(transactional_db) -> None:
    """The cause/skill taxonomy and the bundled demo listings (opportunities/demo/*.json).

    transactional_db, not db: the live server answers from another thread, which sees only
    committed rows. The tables are flushed after each test.
    """
    from django.core.management import call_command

    call_command("load_taxonomy", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())


# --- Accessibility ------------------------------------------------------------------------------


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the page as it is now; its violations whose impact is in `impacts`."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation.get("impact") in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        shown = ", ".join(targets[:3]) + (f" (+{len(targets) - 3} more)" if len(targets) > 3 else "")
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']}: {shown}")
        summary = (violation["nodes"][0].get("failureSummary") or "").replace("\n", " ").strip()
        if summary:
            lines.append(f"    first: {summary}")
    return "\n".join(lines)


def assert_accessible(page, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    violations = axe_violations(page, impacts)
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} {'/'.join(impacts)} accessibility violation(s) "
            f"on {page.url}:\n{format_violations(violations)}",
            pytrace=False,
        )
