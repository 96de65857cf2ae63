"""A volunteer's whole journey through the account pages, in a real browser at desktop width:
sign up and confirm the e-mail address, save a listing and move it through the pipeline, log
hours for it, have a contact (who has no account) verify them from the e-mailed link, see the
verified hours on the dashboard, export them as CSV, and publish a transcript whose public page
anyone can open. Every page on the way is checked with axe-core. Shorter tests check the contact's
answer without any workaround, the dashboard and the hours list on a 360 px phone, and the hours
form with the keyboard alone.

E-mail: the issue says "open the link from the console e-mail". In tests Django swaps the console
backend for the locmem one, and pytest-django's live server answers from a thread of this same
process, so every message the live server sends lands in `mailoutbox` (django.core.mail.outbox):
that is where these tests read the confirmation and verification links from. The services send
them with transaction.on_commit, and the live server commits for real, so a message is in the
outbox by the time the response that caused it reaches the browser.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from accounts.models import HoursEntry, Transcript, TrustLevel
from accounts.services import hours as hours_services
from accounts.services import verification
from accounts.services.hours import EntryData, local_today
from opportunities.models import Opportunity, SavedOpportunity, SavedStage, Status
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, format_violations
from tests.factories import UserFactory

TIMEOUT_MS = 15_000  # CI shares a busy CPU: be patient, never sleep
SEARCH_WORD = "transcribe"  # several demo listings, each naming it on its card
USERNAME = "rosa_volunteer"
EMAIL = "rosa@example.org"
PASSWORD = "a long and unguessable sentence 42"
CONTACT_NAME = "Dana Okafor"
CONTACT_EMAIL = "dana.okafor@example.org"
ACTIVITY = "Transcribed two interview recordings"
NOTE = "Applied through their form on Monday; Sam is the coordinator."
FACTORY_PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
# The hours form's fields, in the order a keyboard reaches them, with their visible labels.
HOURS_FIELDS = [
    ("id_date", "Date"),
    ("id_hours", "Hours"),
    ("id_minutes", "Minutes"),
    ("id_timezone", "Time zone"),
    ("id_opportunity", "Listing"),
    ("id_organization_name", "Or the organisation's name"),
    ("id_activity", "What you did"),
    ("id_description", "Details (optional)"),
    ("id_evidence_url", "Evidence link (optional)"),
]
# Whether the focused element shows a focus indicator: an outline or a box-shadow.
FOCUS_STYLE_JS = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""


# --- Fixtures and helpers -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """expect() waits 5 s by default; give it the same 15 s as the pages' own waits."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=None)  # None: Playwright's default again


def patient(page: Page) -> Page:
    page.set_default_timeout(TIMEOUT_MS)
    return page


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def emailed_link(mailoutbox, to: str, path_prefix: str) -> str:
    """The path of the newest link to `path_prefix` in a message to `to`. The e-mail's absolute
    URL starts with SITE_URL, not the live server's address: keep the path only."""
    for message in reversed(mailoutbox):
        if to in message.to:
            for url in re.findall(r"https?://\S+", message.body):
                if urlsplit(url).path.startswith(path_prefix):
                    return urlsplit(url).path
    sent = [(message.to, message.subject) for message in mailoutbox]
    pytest.fail(f"no e-mail to {to} with a {path_prefix} link; sent: {sent}")


def definition(page: Page, term: str):
    """The <dd> after the <dt> that reads `term`."""
    return page.locator(f"xpath=//dt[normalize-space()='{term}']/following-sibling::dd[1]")


def stage_count(page: Page, label: str):
    tabs = page.get_by_role("navigation", name="Stages")
    return tabs.get_by_role("link", name=re.compile(rf"^{label} \d+$")).locator(".count")


class Audit:
    """Runs axe on each page of the journey and keeps what it finds, so a violation is reported
    with every other one at the end rather than hiding the rest of the journey."""

    def __init__(self) -> None:
        self.found: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def __call__(self, page: Page, name: str) -> None:
        self.checked.append(name)
        violations = axe_violations(page)
        if violations:
            self.found[f"{name} ({path_of(page.url)}, {page.viewport_size['width']} px)"] = violations

    def report(self) -> str:
        return "\n".join(f"{name}:\n{format_violations(found)}" for name, found in self.found.items())


def log_in(page: Page, username: str, next_path: str = "/me/") -> None:
    """Log in through the login form (a UserFactory user), landing on `next_path`."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: path_of(url) == next_path)


def volunteer_with_hours(username: str, *, verified: bool) -> tuple[HoursEntry, str]:
    """A person with 2 h 30 min logged today for a demo listing and a contact asked to verify it
    (through the services, not the browser: the journey test covers those pages); with
    verified=True the contact has confirmed. Returns the entry and the verification link's path."""
    user = UserFactory(username=username)
    opportunity = Opportunity.objects.filter(status=Status.ACTIVE).order_by("pk").first()
    data = EntryData(
        date=local_today("UTC"), minutes=150, timezone="UTC", activity=ACTIVITY, opportunity=opportunity
    )
    entry = hours_services.hours_entry_create(user=user, data=data)
    asked = verification.verification_request(
        entry=entry, contact_name=CONTACT_NAME, contact_email=CONTACT_EMAIL
    )
    token = verification.verification_token_make(verification=asked)
    if verified:
        verification.verification_answer(token=token, decision=verification.CONFIRM)
    entry.refresh_from_db()
    return entry, f"/verify/{token}/"


# --- The journey, step by step ------------------------------------------------------------------


def sign_up_and_confirm(page: Page, mailoutbox, audit: Audit) -> None:
    page.goto("/accounts/signup/")
    audit(page, "signup")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url(lambda url: urlsplit(url).path == "/accounts/profile/")
    expect(page.get_by_role("button", name=re.compile(r"^Log out"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("not confirmed yet")

    page.goto(emailed_link(mailoutbox, EMAIL, "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mail address confirmed")
    page.goto("/accounts/profile/")
    expect(page.locator("main")).to_contain_text(f"{EMAIL}, confirmed on")


def save_and_track(page: Page, audit: Audit) -> Opportunity:
    """Save a listing from the search results, then move it Saved -> Applied -> Heard back on the
    board, with a note. Returns the listing."""
    page.goto(f"/search/?q={SEARCH_WORD}")
    first_card = page.locator("article.card").first
    opportunity_id = int(re.fullmatch(r"opp-(\d+)-title", first_card.get_attribute("aria-labelledby"))[1])
    opportunity = Opportunity.objects.get(pk=opportunity_id)
    button = first_card.locator("form.save-form button")
    expect(button).to_have_text(re.compile(r"^Save\b(?!d)"))
    button.click()
    expect(button).to_have_text(re.compile(r"^Saved\b"))  # htmx swapped the button in place

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Saved").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/saved/")
    audit(page, "saved board")
    expect(stage_count(page, "All")).to_have_text("1")
    expect(stage_count(page, "Saved")).to_have_text("1")
    expect(stage_count(page, "Applied")).to_have_text("0")

    # Under the Saved tab, move it to Applied; it leaves that tab.
    page.get_by_role("navigation", name="Stages").get_by_role("link", name=re.compile(r"^Saved \d")).click()
    page.wait_for_url(lambda url: "stage=saved" in url)
    item = page.locator("article.saved-item")
    expect(item).to_have_count(1)
    expect(item.get_by_role("heading")).to_have_text(opportunity.title)
    item.get_by_label("Stage").select_option(label="Applied")
    item.get_by_role("button", name=re.compile(r"^Move\b")).click()
    expect(page.get_by_role("status").first).to_contain_text("Moved to Applied.")
    expect(page.locator("main")).to_contain_text("Nothing at this stage.")
    expect(stage_count(page, "Saved")).to_have_text("0")
    expect(stage_count(page, "Applied")).to_have_text("1")

    # Under Applied, move it to Heard back.
    page.get_by_role("navigation", name="Stages").get_by_role("link", name=re.compile(r"^Applied \d")).click()
    page.wait_for_url(lambda url: "stage=applied" in url)
    item.get_by_label("Stage").select_option(label="Heard back")
    item.get_by_role("button", name=re.compile(r"^Move\b")).click()
    expect(page.get_by_role("status").first).to_contain_text("Moved to Heard back.")
    expect(stage_count(page, "Applied")).to_have_text("0")
    expect(stage_count(page, "Heard back")).to_have_text("1")
    expect(stage_count(page, "All")).to_have_text("1")

    # Under Heard back, add a note.
    page.get_by_role("navigation", name="Stages").get_by_role(
        "link", name=re.compile(r"^Heard back \d")
    ).click()
    page.wait_for_url(lambda url: "stage=heard_back" in url)
    expect(item.locator(".card-meta")).to_contain_text("Heard back since")
    item.get_by_label("Note").fill(NOTE)
    item.get_by_role("button", name=re.compile(r"^Save note\b")).click()
    expect(page.get_by_role("status").first).to_contain_text("Note saved.")
    expect(item.get_by_label("Note")).to_have_value(NOTE)

    saved = SavedOpportunity.objects.get(user__username=USERNAME)
    assert (saved.opportunity_id, saved.stage, saved.note) == (opportunity_id, SavedStage.HEARD_BACK, NOTE)
    return opportunity


def log_hours(page: Page, opportunity: Opportunity, audit: Audit) -> tuple[int, str]:
    """Log 2 h 30 min today for the listing; returns the entry's id and its day (YYYY-MM-DD)."""
    page.goto("/me/hours/")
    audit(page, "hours list (empty)")
    page.get_by_role("main").get_by_role("link", name="Log hours").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/hours/new/")
    audit(page, "new hours form")
    # The form starts at today (in the person's zone, UTC here): keep it, so the test and the
    # server agree on the day even at midnight.
    day = page.get_by_label("Date").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day), f"the date starts as {day!r}, not today"
    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_label("Minutes", exact=True).fill("30")
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Listing").select_option(str(opportunity.pk))
    page.get_by_label("What you did").fill(ACTIVITY)
    page.get_by_role("button", name="Log these hours").click()

    page.wait_for_url(re.compile(r"/me/hours/\d+/$"))
    entry_id = int(re.search(r"/me/hours/(\d+)/$", page.url)[1])
    expect(page.get_by_role("status").first).to_contain_text("Your hours are logged.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 h 30 min")

    page.get_by_role("link", name="All your hours").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/hours/")
    rows = page.locator("table.hours-table tbody tr")
    expect(rows).to_have_count(1)
    for text in ("2 h 30 min", opportunity.title, ACTIVITY, "Self-reported"):
        expect(rows.first).to_contain_text(text)
    audit(page, "hours list")
    return entry_id, day


def get_verified(page: Page, make_page, mailoutbox, entry_id: int, audit: Audit) -> None:
    """Ask a contact from the entry's page; the contact answers in their own browser."""
    page.goto(f"/me/hours/{entry_id}/")
    audit(page, "hours entry")
    page.get_by_label("Their name").fill(CONTACT_NAME)
    page.get_by_label("Their e-mail address").fill(CONTACT_EMAIL)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status").first).to_contain_text(f"We e-mailed {CONTACT_NAME} a link")
    expect(page.locator(".trust-pending")).to_have_text(f"waiting for {CONTACT_NAME}")

    link = emailed_link(mailoutbox, CONTACT_EMAIL, "/verify/")
    contact = patient(make_page(**DESKTOP))  # a new context: no session, no cookies
    response = contact.goto(link)
    assert response is not None
    assert response.status == 200, f"the contact's link answered {response.status}"
    expect(contact.get_by_role("heading", level=1)).to_have_text(
        f"Can you confirm {USERNAME}'s volunteer hours?"
    )
    expect(definition(contact, "Time")).to_have_text("2 h 30 min")
    expect(definition(contact, "What")).to_have_text(ACTIVITY)
    audit(contact, "verification page (contact)")
    contact.get_by_label("Yes, this is right").check()
    contact.get_by_role("button", name="Send my answer").click()
    expect(contact.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(contact.locator("main")).to_contain_text(f"You confirmed 2 h 30 min of volunteering by {USERNAME}")

    again = contact.goto(link)
    assert again is not None
    assert again.status == 410
    expect(contact.get_by_role("heading", level=1)).to_have_text("This link was already used")


def check_verified_and_locked(page: Page, entry_id: int, audit: Audit) -> None:
    page.goto(f"/me/hours/{entry_id}/")
    expect(page.locator(".trust")).to_have_text(f"Verified by {CONTACT_NAME}")
    expect(page.locator("main")).to_contain_text("This entry is locked.")
    expect(page.get_by_role("link", name=re.compile(r"^(Edit|Delete)\b"))).to_have_count(0)
    history = page.locator("ol.hours-timeline li")
    expect(
        history.filter(has_text=f"Confirmed by {CONTACT_NAME} ({CONTACT_EMAIL}) via e-mail link")
    ).to_have_count(1)
    expect(history.filter(has_text="Locked")).to_have_count(1)
    audit(page, "hours entry (verified)")

    # Typing the edit address refuses it too.
    page.goto(f"/me/hours/{entry_id}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This entry is locked")
    expect(page.locator("form input[name=activity]")).to_have_count(0)
    audit(page, "locked entry")

    page.goto("/me/hours/")
    row = page.locator("table.hours-table tbody tr")
    expect(row).to_contain_text(f"Verified by {CONTACT_NAME}")
    expect(page.locator(".hours-totals")).to_contain_text("2 h 30 min verified")

    entry = HoursEntry.objects.get(pk=entry_id)
    assert (entry.trust, entry.minutes, entry.is_locked) == (TrustLevel.VERIFIED, 150, True)


def check_dashboard(page: Page, day: str, audit: Audit) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/")
    expect(definition(page, "Verified total")).to_contain_text("2.5 h")
    expect(definition(page, "Self-reported")).to_have_text("0 h")
    chart = page.locator("svg.chart").filter(has=page.locator("title#chart-months-title"))
    expect(chart).to_be_visible()
    month = f"{datetime.date.fromisoformat(day):%B %Y}"  # the bar's title: "November 2026: ..."
    bar = chart.locator("g").filter(
        has=page.locator("title", has_text=f"{month}: 2.5 h in all, 2.5 h verified")
    )
    expect(bar).to_have_count(1)
    assert bar.locator("rect").first.bounding_box()["height"] > 0, "the month's bar is not drawn"
    audit(page, "dashboard")

    page.get_by_role("main").get_by_role("link", name="Goals").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/goals/")
    audit(page, "goals")


def check_csv(page: Page, day: str, opportunity: Opportunity) -> None:
    page.goto("/me/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export hours (CSV)").click()
    download = download_info.value
    assert re.fullmatch(
        rf"pitchin-hours-{USERNAME}-\d{{4}}-\d{{2}}-\d{{2}}\.csv", download.suggested_filename
    )
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["Date"], row["Minutes"], row["Hours"]) == (day, "150", "2.50")
    assert row["Listing title"] == opportunity.title
    assert row["Activity"] == ACTIVITY
    assert row["Trust level"].startswith("Verified"), row["Trust level"]
    assert (row["Verified by"], row["Verifier e-mail"]) == (CONTACT_NAME, CONTACT_EMAIL)


def publish_transcript(page: Page, make_page, audit: Audit) -> None:
    page.goto("/me/transcripts/")
    audit(page, "transcripts (none yet)")
    page.get_by_role("main").get_by_role("link", name="Make a transcript").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/transcripts/new/")
    page.get_by_role("button", name="Make the transcript").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/me/transcripts/")
    card = page.locator("main li.card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("2.5 verified hours in 1 entry")
    audit(page, "transcripts")

    with page.expect_download() as download_info:
        card.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]

    public_path = card.get_by_role("link", name=re.compile(r"^Public page")).get_attribute("href")
    transcript = Transcript.objects.get(user__username=USERNAME)
    assert public_path == f"/t/{transcript.public_id}/"
    school = patient(make_page(**DESKTOP))  # anyone with the link: no login
    response = school.goto(public_path)
    assert response is not None
    assert response.status == 200
    expect(school.get_by_role("heading", level=1)).to_have_text("Volunteer hours transcript")
    expect(definition(school, "Total verified hours")).to_have_text("2.5")
    expect(definition(school, "Holder")).to_contain_text(USERNAME)
    assert re.fullmatch(r"[0-9a-f]{64}", transcript.content_hash)
    expect(definition(school, "Content hash (SHA-256)")).to_have_text(transcript.content_hash)
    expect(school.locator("main")).not_to_contain_text(CONTACT_EMAIL)  # never a verifier's address
    audit(school, "public transcript")


# --- Tests --------------------------------------------------------------------------------------


def test_a_volunteer_signs_up_tracks_a_listing_logs_hours_gets_them_verified_and_publishes_them(
    demo_data, page, make_page, mailoutbox, blocked_requests
) -> None:
    page = patient(page)
    audit = Audit()

    sign_up_and_confirm(page, mailoutbox, audit)
    opportunity = save_and_track(page, audit)
    entry_id, day = log_hours(page, opportunity, audit)
    get_verified(page, make_page, mailoutbox, entry_id, audit)
    check_verified_and_locked(page, entry_id, audit)
    check_dashboard(page, day, audit)
    check_csv(page, day, opportunity)
    publish_transcript(page, make_page, audit)

    assert not audit.found, f"axe-core found serious/critical violations:\n{audit.report()}"
    assert len(audit.checked) == 14, audit.checked
    assert blocked_requests == [], "a page tried to load something from outside this site"


def test_the_contact_can_send_an_answer_from_the_verification_page(demo_data, page, blocked_requests) -> None:
    """The contact's real browser, with no workaround: open the link, confirm, get the thank-you."""
    entry, link = volunteer_with_hours("noor", verified=False)
    contact = patient(page)
    contact.goto(link)
    contact.get_by_label("Yes, this is right").check()

    with contact.expect_response(lambda response: response.request.method == "POST") as answered:
        contact.get_by_role("button", name="Send my answer").click()

    assert answered.value.status == 200, f"sending the answer was refused: {answered.value.status}"
    expect(contact.get_by_role("heading", level=1)).to_have_text("Thank you")
    entry.refresh_from_db()
    assert entry.trust == TrustLevel.VERIFIED
    assert blocked_requests == []


PHONE_PAGES = [pytest.param("/me/", id="dashboard"), pytest.param("/me/hours/", id="hours-list")]


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_on_a_phone_the_progress_pages_pass_axe_and_never_scroll_sideways(
    demo_data, phone_page, blocked_requests, path
) -> None:
    volunteer_with_hours("ines", verified=True)
    phone = patient(phone_page)
    log_in(phone, "ines", next_path=path)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    if path == "/me/":
        expect(phone.locator("svg.chart").first).to_be_visible()
    else:
        expect(phone.locator("table.hours-table tbody tr")).to_contain_text(f"Verified by {CONTACT_NAME}")

    violations = axe_violations(phone)
    assert not violations, format_violations(violations)
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a 360px phone: it scrolls sideways"
    assert blocked_requests == []


def test_the_hours_form_can_be_filled_from_the_keyboard_and_labels_every_field(
    demo_data, page, blocked_requests
) -> None:
    page = patient(page)
    UserFactory(username="kim")
    log_in(page, "kim", next_path="/me/hours/new/")

    # Every field has a visible label that names it.
    for field_id, label in HOURS_FIELDS:
        control = page.get_by_label(label, exact=True)
        expect(control).to_have_count(1)
        expect(control).to_have_attribute("id", field_id)
        expect(page.locator(f"label[for={field_id}]")).to_be_visible()

    # Tab from the top of the page reaches each field, in order, and shows where focus is.
    reached: list[str] = []
    unmarked: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.id || document.activeElement.textContent.trim()"
        )
        if focused in dict(HOURS_FIELDS) and (not reached or reached[-1] != focused):
            reached.append(focused)  # a date input takes several Tabs (day, month, year): count it once
            if not page.evaluate(FOCUS_STYLE_JS):
                unmarked.append(focused)
        if focused == "Log these hours":
            break
    else:
        pytest.fail(f"80 presses of Tab never reached the submit button; reached {reached}")
    assert reached == [field_id for field_id, _ in HOURS_FIELDS]
    assert unmarked == [], f"no visible focus indicator on {unmarked}"

    # And it sends from the keyboard: type, Tab on to the next field, Enter to send. The zone is
    # set first so that the day the form starts at (today in UTC) is today in the entry's zone too.
    page.get_by_label("Time zone").select_option("UTC")
    page.get_by_label("Hours", exact=True).focus()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    page.keyboard.type("15")
    page.get_by_label("Or the organisation's name").focus()
    page.keyboard.type("Riverside Food Bank")
    page.keyboard.press("Tab")
    page.keyboard.type("Sorted donations")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/me/hours/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("1 h 15 min")
    assert blocked_requests == [], "a page tried to load something from outside this site"
