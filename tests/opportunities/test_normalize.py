from __future__ import annotations

from datetime import UTC, datetime

import pytest

from opportunities import normalize


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>hi</p><script>alert(1)</script>", "script"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<iframe src="https://evil.example.net"></iframe>', "iframe"),
        ('<p style="position:fixed">x</p><style>body{}</style>', "style"),
        ('<img src="https://tracker.example.net/pixel.gif">', "tracker"),
    ],
)
def test_sanitize_html_removes_active_content(dirty, forbidden):
    assert forbidden not in normalize.sanitize_html(dirty)


def test_sanitize_html_keeps_structure_and_safe_links():
    cleaned = normalize.sanitize_html(
        '<p>Read <strong>aloud</strong> <a href="https://ok.example.org/">here</a></p>'
    )
    assert cleaned == (
        "<p>Read <strong>aloud</strong> "
        '<a href="https://ok.example.org/" rel="nofollow noopener noreferrer">here</a></p>'
    )


def test_html_to_text_keeps_paragraphs_and_decodes_entities():
    assert normalize.html_to_text("<p>Caf&eacute; &amp; tea</p><ul><li>one</li><li>two</li></ul>") == (
        "Café & tea\n\none\n\ntwo"
    )


def test_clean_text_folds_space_removes_tags_and_controls_and_truncates():
    assert normalize.clean_text("  Mentor\x00 <b>youth</b>\n\tonline ") == "Mentor youth online"
    assert normalize.clean_text("x" * 50, max_chars=10) == "xxxxxxxxx…"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-02T09:30:00+02:00", datetime(2026, 10, 2, 7, 30, tzinfo=UTC)),
        ("2026-10-02", datetime(2026, 10, 2, tzinfo=UTC)),
        ("Fri, 02 Oct 2026 09:30:00 GMT", datetime(2026, 10, 2, 9, 30, tzinfo=UTC)),
        ("2026-02-30T00:00:00Z", None),
        ("0001-01-01T00:00:00Z", None),
        ("9999-12-31T23:59:59Z", None),
        ("soon", None),
        ("", None),
        (None, None),
        (20261002, None),
    ],
)
def test_parse_datetime_gives_aware_utc_or_nothing(value, expected):
    assert normalize.parse_datetime(value) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Lumen Literacy Trust Ltd.", "lumen literacy trust"),
        ("lumen literacy trust", "lumen literacy trust"),
        ("The Harbour Lights Foundation, Inc.", "harbour lights foundation"),
        ("Bürgerhilfe Köln e.V.", "burgerhilfe koln"),
        ("Food & Friends", "food and friends"),
        ("Ltd", "ltd"),
    ],
)
def test_normalize_org_name_meets_spellings_of_one_organisation(name, key):
    assert normalize.normalize_org_name(name) == key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG:443/path?utm_source=x&id=3#top", "https://example.org/path?id=3"),
        ("http://example.org:8080", "http://example.org:8080/"),
        ("https://example.org/a?fbclid=1&gclid=2", "https://example.org/a"),
        ("javascript:alert(1)", ""),
        ("ftp://example.org/file", ""),
        ("not a url", ""),
    ],
)
def test_canonical_url(url, expected):
    assert normalize.canonical_url(url) == expected


def test_content_hash_changes_with_content_only():
    assert normalize.content_hash({"a": 1, "b": "x"}) == normalize.content_hash({"b": "x", "a": 1})
    assert normalize.content_hash({"a": 1}) != normalize.content_hash({"a": 2})


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        ("Online reading buddy", "", "remote"),
        ("Tutor", "Sessions run over video, from home.", "remote"),
        ("Voluntario/a de traducción", "Trabajo remoto desde casa.", "remote"),
        ("Bénévole en ligne", "Mission à distance, depuis chez vous.", "remote"),
        ("Ehrenamt", "Ortsunabhängig und von zu Hause aus.", "remote"),
        ("Voluntário", "Trabalho remoto, a distância.", "remote"),
        ("Hybrid mentor", "Two evenings online, one in person.", "hybrid"),
        ("Mentor", "Mostly online, with a monthly in-person meet-up.", "hybrid"),
        ("Food bank shift", "Join us on site at the warehouse.", "onsite"),
        ("Voluntariado presencial", "", "onsite"),
        ("Bénévole", "Sur place à Lyon.", "onsite"),
        ("Board treasurer", "Help with our accounts.", ""),
        ("Onlineshop assistant", "", ""),  # a word boundary, not a substring
    ],
)
def test_detect_location_type_reads_five_languages(title, description, expected):
    assert normalize.detect_location_type(title, description) == expected


def test_sanitize_html_resolves_relative_links_against_the_listing_page():
    cleaned = normalize.sanitize_html(
        '<a href="/apply">Apply</a> <a href="faq.html">FAQ</a> <a href="javascript:x()">x</a>',
        base_url="https://org.example.org/roles/42",
    )
    assert 'href="https://org.example.org/apply"' in cleaned
    assert 'href="https://org.example.org/roles/faq.html"' in cleaned
    assert "javascript:" not in cleaned
