from __future__ import annotations

import pytest

from opportunities.dedupe import Record, apply_url_key, clusters, same_opportunity


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (
            "https://www.Lumen.example.org/roles/reading-buddy/?utm_source=x&ref=feed",
            "lumen.example.org/roles/reading-buddy",
        ),
        ("http://lumen.example.org/roles/reading-buddy", "lumen.example.org/roles/reading-buddy"),
        ("https://lumen.example.org/roles?id=42&utm_medium=feed", "lumen.example.org/roles?id=42"),
        ("https://lumen.example.org/", ""),  # a home page identifies no role
        ("https://lumen.example.org/volunteer", ""),
        ("", ""),
    ],
)
def test_apply_url_key_ignores_what_does_not_name_a_role(url, key):
    assert apply_url_key(url) == key


def record(key, title, org="Lumen Literacy Trust", **fields) -> Record:
    fields.setdefault(
        "description", "Read with a child over video for thirty minutes every week. Training given."
    )
    return Record(key=key, title=title, organization=org, **fields)


def test_the_same_role_on_two_sites_is_one_opportunity():
    a = record(
        1,
        "Online Reading Buddy for Children Aged 7-9",
        apply_url="https://lumen.example.org/buddy?utm_source=a",
    )
    b = record(
        2,
        "Online reading buddy for children aged 7–9 (remote)",
        org="Lumen Literacy Trust Ltd.",
        apply_url="http://www.lumen.example.org/buddy/",
    )
    assert same_opportunity(a, b)[0] is True


@pytest.mark.parametrize(
    ("b", "why"),
    [
        (record(2, "Online Reading Buddy", org="Harbour Lights"), "different organisations"),
        (record(2, "Online Reading Buddy", location_type="onsite", city="Leeds"), "onsite vs remote"),
        (record(2, "Reading Buddy (Spring 2027 cohort)"), "another year, season or cohort"),
    ],
)
def test_hard_negatives_stay_apart_with_the_reason(b, why):
    a = record(
        1,
        "Reading Buddy (Autumn 2026 cohort)" if "cohort" in why else "Online Reading Buddy",
        location_type="remote",
    )
    assert same_opportunity(a, b) == (False, why)


def test_another_role_at_the_same_organisation_stays_apart():
    a = record(1, "Volunteer Grant Writer", description="Write funding bids to trusts and foundations.")
    b = record(2, "Volunteer Social Media Coordinator", description="Plan our Instagram and Facebook posts.")
    assert same_opportunity(a, b)[0] is False


def test_clusters_are_transitive_and_named_by_the_smallest_key():
    a = record(30, "Online Reading Buddy")
    b = record(10, "Online reading buddy", apply_url="https://lumen.example.org/buddy")
    c = record(
        20, "Reading buddy online", org="", apply_url="https://lumen.example.org/buddy"
    )  # one site left it out
    d = record(40, "Treasurer", description="Keep the accounts.")
    assert clusters([a, b, c, d]) == {30: 10, 10: 10, 20: 10, 40: 40}
