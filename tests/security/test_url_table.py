"""Every URL pattern of the site is classified in tests/security/routes.py, and the table's
literal paths are the ones the URLconf serves."""

from __future__ import annotations

import pytest
from django.urls import resolve

from tests.security.routes import ADMIN_NAMESPACE, ADMIN_OPEN, KINDS, RULES, patterns_walk

# Any value fits the placeholders: resolving needs the path's shape, not a row.
SAMPLE_IDS = {
    "listing": 11,
    "cause": "education",
    "organization": 12,
    "source": 13,
    "skill": "teaching",
    "problem": "not-found",
    "saved": 14,
    "search": 15,
    "entry": 16,
    "verification": 17,
    "goal": 18,
    "transcript": "abcdefghjk",
    "token": 19,
    "feed_token": "AbC_dEf-123",
    "verify_token": "eyJyIjoxfQ:1abc:signature",
    "confirm_token": "eyJ1c2VyIjoxfQ:1abc:signature",
    "uidb64": "MQ",
    "reset_token": "c4m2xy-0123456789abcdef0123456789abcdef",
}


def test_every_url_pattern_has_a_rule_in_the_authorization_table():
    unclassified = [
        f"{pattern.key}  ({pattern.route})"
        for pattern in patterns_walk()
        if pattern.namespace.split(":")[0] != ADMIN_NAMESPACE and pattern.key not in RULES
    ]

    assert not unclassified, (
        "These URL patterns have no access rule. Add each to RULES in tests/security/routes.py "
        "(kind, literal path, the calls to make) so the authorization matrix tests it:\n  "
        + "\n  ".join(unclassified)
    )


def test_every_rule_has_a_kind_some_test_checks():
    unknown = {name: rule.kind for name, rule in RULES.items() if rule.kind not in KINDS}

    assert not unknown, f"Unknown kinds (a typo would leave the route untested): {unknown}"


def test_every_rule_that_writes_or_reads_names_its_calls():
    empty = [name for name, rule in RULES.items() if rule.kind != "shadowed" and not rule.calls]

    assert not empty


def test_the_table_has_no_rule_for_a_pattern_that_is_gone():
    keys = {pattern.key for pattern in patterns_walk()}

    stale = sorted(set(RULES) - keys) + sorted(set(ADMIN_OPEN) - keys)

    assert not stale, f"Rules for URL names the URLconf no longer has; remove them: {stale}"


def test_the_walk_finds_the_api_router_and_the_admin():
    keys = {pattern.key for pattern in patterns_walk()}

    # The walk descends into include()s and routers, so the matrix really covers them.
    assert {"api-hours-detail", "api-goals-detail", "api-tokens-detail", "searches:feed"} <= keys
    assert {"admin:index", "admin:accounts_user_changelist"} <= keys


@pytest.mark.parametrize(
    ("name", "template"),
    [(name, rule.path) for name, rule in RULES.items() if rule.kind != "shadowed"],
    ids=[name for name, rule in RULES.items() if rule.kind != "shadowed"],
)
def test_the_literal_path_resolves_to_its_rule(name, template):
    match = resolve(template.format(**SAMPLE_IDS).split("?")[0])

    assert match.view_name == name


@pytest.mark.parametrize(
    "name", [name for name, rule in RULES.items() if rule.kind == "shadowed"], ids=lambda name: name
)
def test_a_shadowed_django_pattern_is_answered_by_ours(name):
    rule = RULES[name]

    match = resolve(rule.path.format(**SAMPLE_IDS))

    # Ours comes first in config/urls.py, so Django's view (and its missing throttle) never runs.
    assert match.view_name == rule.answered_by
