"""The authorization table: every URL pattern of the site, what kind of access it grants, its
literal path, and the requests the matrix makes to it.

test_url_table.py walks django.urls.get_resolver() and fails on any pattern this table does not
classify, so a new URL cannot ship without a rule. Django admin's generated patterns (namespace
`admin`) are covered by one rule, checked pattern by pattern in test_admin.py.

Kinds:
  public      anyone may GET (200)
  login       a page about the signed-in person, no object id in the URL: anonymous -> login page;
              bob gets his own data, never alice's
  owner       one of the person's objects by id: alice 2xx/3xx, bob 404, anonymous -> login page
  secret      a secret or signed token in the URL is the credential (no login); a wrong one is refused
  staff       staff session or an ops bearer token (/metrics): 401 otherwise
  admin       Django admin: anonymous and non-staff are sent to the admin login
  logout      POST-only, anyone
  shadowed    a Django pattern an earlier one of ours answers (same path): never reached
  api-public  the public catalogue: anyone may GET (200)
  api-login   /api/v1/me/... collections and actions about the caller: 401 without credentials
  api-owner   /api/v1/me/.../{id}/...: alice 2xx, bob 404, anonymous 401
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.security.world import (
    ALICE_ACTIVITY,
    ALICE_CONTACT,
    ALICE_DISPLAY,
    ALICE_EMAIL,
    ALICE_GOAL,
    ALICE_LISTING,
    ALICE_MARKERS,
    ALICE_NOTE,
    ALICE_SEARCH,
    ALICE_TOKEN,
    World,
)

Data = Callable[[World, Any], dict[str, Any]] | dict[str, Any] | None

PASSWORD = "correct horse battery staple"  # tests/factories.py UserFactory
NEW_PASSWORD = "a-new-Passw0rd-for-the-matrix"
TODAY = timezone.localdate  # the site's day, as the world's dates use


@dataclass(frozen=True)
class Call:
    method: str
    owner: int  # the status alice gets (the owner, or the signed-in person)
    data: Data = None
    changes: bool = False  # alice's call changes her records, so the same call by bob would have too
    other: int | None = None  # bob's status on his own data (login kinds), when it differs from alice's
    shows: tuple[str, ...] = ()  # markers of alice's that alice sees in the answer
    public: tuple[str, ...] = ()  # markers that are public in this answer (the listing it names)


@dataclass(frozen=True)
class Rule:
    kind: str
    path: str  # literal, with {placeholders} from World.ids
    calls: tuple[Call, ...] = (Call("GET", 200),)
    wrong: str = ""  # secret kind: the path with a wrong secret
    refused: int = 404  # secret kind: the status a wrong secret gets
    answered_by: str = ""  # shadowed kind: the URL name that really answers the path


GET = Call("GET", 200)


def _entry_form(world: World, user: Any) -> dict[str, Any]:
    return {
        "date": world.alice_entry.date.isoformat(),
        "hours": "2",
        "minutes": "0",
        "timezone": "UTC",
        "organization_name": "Elsewhere",
        "activity": "bob-was-here",
    }


def _goal_form(world: World, user: Any) -> dict[str, Any]:
    year = TODAY().year
    return {
        "name": "bob-was-here",
        "target_hours": "5",
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
    }


def _profile_form(world: World, user: Any) -> dict[str, Any]:
    from accounts.forms import ProfileForm
    from accounts.selectors.account import profile_get

    initial = ProfileForm.initial_for(profile_get(user=user))
    form = {key: ("" if value is None else value) for key, value in initial.items()}
    return {**form, "display_name": "Renamed"}


def _password_change(world: World, user: Any) -> dict[str, Any]:
    return {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def _transcript_form(world: World, user: Any) -> dict[str, Any]:
    # Another period than the world's transcript, so alice's is a new one (same content: same row).
    today = TODAY()
    return {"start": (today - datetime.timedelta(days=10)).isoformat(), "end": today.isoformat()}


def _api_entry(world: World, user: Any) -> dict[str, Any]:
    return {
        "date": world.alice_entry.date.isoformat(),
        "minutes": 30,
        "organization_name": "Elsewhere",
        "activity": "bob-was-here",
    }


def _api_goal(world: World, user: Any) -> dict[str, Any]:
    year = TODAY().year
    return {"name": "api goal", "target_hours": 5, "starts_on": f"{year}-01-01", "ends_on": f"{year}-06-30"}


def _api_save(world: World, user: Any) -> dict[str, Any]:
    return {"opportunity": world.ids["listing"]}


# The listing alice saved is public: a page about that listing may name it to anyone.
LISTING = (ALICE_LISTING,)
ASK = {"contact_name": "Someone Else", "contact_email": "someone@example.org"}

RULES: dict[str, Rule] = {
    # --- Operations ---------------------------------------------------------------------------
    "healthz": Rule("public", "/healthz"),
    "readyz": Rule("public", "/readyz"),
    "metrics": Rule("staff", "/metrics", calls=(Call("GET", 401),)),
    # --- The public catalogue (pages) -----------------------------------------------------------
    "opportunities:home": Rule("public", "/"),
    "opportunities:search": Rule("public", "/search/"),
    "opportunities:detail": Rule("public", "/opportunities/{listing}/"),
    "opportunities:cause": Rule("public", "/causes/{cause}/"),
    "opportunities:organization": Rule("public", "/organizations/{organization}/"),
    "opportunities:source": Rule("public", "/sources/{source}/"),
    # Saving acts on the signed-in person's own list; the listing itself is public.
    "opportunities:save": Rule(
        "login",
        "/opportunities/{listing}/save/",
        calls=(Call("GET", 200, public=LISTING), Call("POST", 302)),
    ),
    "opportunities:unsave": Rule(
        "login",
        "/opportunities/{listing}/unsave/",
        calls=(Call("GET", 200, public=LISTING), Call("POST", 302, changes=True)),
    ),
    # --- Account ------------------------------------------------------------------------------
    "account:login": Rule("public", "/accounts/login/"),
    "account:signup": Rule("public", "/accounts/signup/"),
    "account:goodbye": Rule("public", "/accounts/goodbye/"),
    "account:confirm_email": Rule(
        "secret",
        "/accounts/confirm-email/{confirm_token}/",
        wrong="/accounts/confirm-email/{confirm_token}x/",
        refused=400,
    ),
    "account:password_reset_confirm": Rule(
        "secret",
        "/accounts/reset/{uidb64}/{reset_token}/",
        calls=(Call("GET", 302),),  # Django moves the token into the session, then redirects
        wrong="/accounts/reset/{uidb64}/{reset_token}x/",
        refused=200,  # Django's page saying the link is invalid; it offers no form
    ),
    "account:profile": Rule(
        "login",
        "/accounts/profile/",
        calls=(
            Call("GET", 200, shows=(ALICE_DISPLAY, ALICE_EMAIL)),
            Call("POST", 302, _profile_form, changes=True),
        ),
    ),
    "account:confirm_email_resend": Rule(
        "login", "/accounts/profile/resend-confirmation/", calls=(Call("POST", 302),)
    ),
    "account:export": Rule(
        "login",
        "/accounts/export/",
        # Everything of hers but her API tokens, which the export leaves out.
        calls=(GET, Call("POST", 200, shows=tuple(set(ALICE_MARKERS) - {ALICE_TOKEN}))),
    ),
    "account:delete": Rule(
        "login",
        "/accounts/delete/",
        calls=(GET, Call("POST", 302, {"password": PASSWORD}, changes=True)),
    ),
    "logout": Rule("logout", "/accounts/logout/", calls=(Call("POST", 302),)),
    "password_change": Rule(
        "login", "/accounts/password_change/", calls=(GET, Call("POST", 302, _password_change, changes=True))
    ),
    "password_change_done": Rule("login", "/accounts/password_change/done/"),
    "password_reset": Rule("public", "/accounts/password_reset/"),
    "password_reset_done": Rule("public", "/accounts/password_reset/done/"),
    "password_reset_complete": Rule("public", "/accounts/reset/done/"),
    "login": Rule("shadowed", "/accounts/login/", answered_by="account:login"),
    "password_reset_confirm": Rule(
        "shadowed", "/accounts/reset/{uidb64}/{reset_token}/", answered_by="account:password_reset_confirm"
    ),
    # --- API tokens (pages) -------------------------------------------------------------------
    "tokens:list": Rule(
        "login",
        "/accounts/tokens/",
        calls=(Call("GET", 200, shows=(ALICE_TOKEN,)), Call("POST", 200, {"name": "another"}, changes=True)),
    ),
    "tokens:revoke": Rule(
        "owner", "/accounts/tokens/{token}/revoke/", calls=(Call("POST", 302, changes=True),)
    ),
    # --- Saved listings -----------------------------------------------------------------------
    "saved:board": Rule("login", "/me/saved/", calls=(Call("GET", 200, shows=(ALICE_LISTING,)),)),
    "saved:item": Rule(
        "owner", "/me/saved/{saved}/", calls=(Call("GET", 200, shows=(ALICE_NOTE, ALICE_LISTING)),)
    ),
    "saved:stage": Rule(
        "owner", "/me/saved/{saved}/stage/", calls=(Call("POST", 302, {"stage": "applied"}, changes=True),)
    ),
    "saved:note": Rule(
        "owner", "/me/saved/{saved}/note/", calls=(Call("POST", 302, {"note": "bob-was-here"}, changes=True),)
    ),
    "saved:follow_up": Rule(
        "owner",
        "/me/saved/{saved}/follow-up/",
        calls=(Call("POST", 302, {"follow_up_on": "2031-01-01"}, changes=True),),
    ),
    "saved:seen": Rule("owner", "/me/saved/{saved}/seen/", calls=(Call("POST", 302, changes=True),)),
    # --- Saved searches -----------------------------------------------------------------------
    "searches:list": Rule(
        "login",
        "/me/searches/",
        calls=(
            Call("GET", 200, shows=(ALICE_SEARCH,)),
            Call("POST", 302, {"query": "q=another"}, changes=True),
        ),
    ),
    "searches:detail": Rule(
        "owner",
        "/me/searches/{search}/",
        calls=(
            Call("GET", 200, shows=(ALICE_SEARCH,)),
            Call("POST", 302, {"name": "bob-was-here", "alerts": "daily"}, changes=True),
        ),
    ),
    "searches:delete": Rule(
        "owner", "/me/searches/{search}/delete/", calls=(Call("POST", 302, changes=True),)
    ),
    "searches:rotate": Rule(
        "owner", "/me/searches/{search}/links/", calls=(Call("POST", 302, changes=True),)
    ),
    "searches:feed": Rule(
        "secret", "/me/searches/feed/{feed_token}.rss", wrong="/me/searches/feed/{feed_token}x.rss"
    ),
    # --- Hours --------------------------------------------------------------------------------
    "hours:list": Rule("login", "/me/hours/", calls=(Call("GET", 200, shows=(ALICE_ACTIVITY,)),)),
    "hours:new": Rule("login", "/me/hours/new/", calls=(GET, Call("POST", 302, _entry_form, changes=True))),
    "hours:detail": Rule(
        "owner", "/me/hours/{entry}/", calls=(Call("GET", 200, shows=(ALICE_ACTIVITY, ALICE_CONTACT)),)
    ),
    "hours:edit": Rule(
        "owner",
        "/me/hours/{entry}/edit/",
        calls=(Call("GET", 200, shows=(ALICE_ACTIVITY,)), Call("POST", 302, _entry_form, changes=True)),
    ),
    "hours:delete": Rule("owner", "/me/hours/{entry}/delete/", calls=(GET, Call("POST", 302, changes=True))),
    "hours:verify": Rule("owner", "/me/hours/{entry}/verify/", calls=(Call("POST", 302, ASK, changes=True),)),
    "hours:verify-resend": Rule(
        "owner", "/me/hours/{entry}/verify/{verification}/resend/", calls=(Call("POST", 302, changes=True),)
    ),
    "hours:timer-start": Rule(
        "login",
        "/me/hours/timer/start/",
        calls=(Call("POST", 302, {"organization_name": "Elsewhere", "activity": "Timing"}, changes=True),),
    ),
    "hours:timer-stop": Rule("login", "/me/hours/timer/stop/", calls=(Call("POST", 302),)),
    "verify:answer": Rule("secret", "/verify/{verify_token}/", wrong="/verify/{verify_token}x/"),
    # --- Progress: dashboard, goals, export, transcripts ---------------------------------------
    "progress:dashboard": Rule("login", "/me/"),
    "progress:goals": Rule("login", "/me/goals/", calls=(Call("GET", 200, shows=(ALICE_GOAL,)),)),
    "progress:goal-new": Rule(
        "login", "/me/goals/new/", calls=(GET, Call("POST", 302, _goal_form, changes=True))
    ),
    "progress:goal-edit": Rule(
        "owner",
        "/me/goals/{goal}/edit/",
        calls=(Call("GET", 200, shows=(ALICE_GOAL,)), Call("POST", 302, _goal_form, changes=True)),
    ),
    "progress:goal-delete": Rule(
        "owner",
        "/me/goals/{goal}/delete/",
        calls=(Call("GET", 200, shows=(ALICE_GOAL,)), Call("POST", 302, changes=True)),
    ),
    "progress:hours-csv": Rule(
        "login", "/me/export/hours.csv", calls=(Call("GET", 200, shows=(ALICE_ACTIVITY,)),)
    ),
    "progress:transcripts": Rule(
        "login", "/me/transcripts/", calls=(Call("GET", 200, shows=("{transcript}",)),)
    ),
    "progress:transcript-new": Rule(
        "login", "/me/transcripts/new/", calls=(GET, Call("POST", 302, _transcript_form, changes=True))
    ),
    "progress:transcript-pdf": Rule("owner", "/me/transcripts/{transcript}.pdf"),
    "progress:transcript-revoke": Rule(
        "owner", "/me/transcripts/{transcript}/revoke/", calls=(GET, Call("POST", 302, changes=True))
    ),
    # Public on purpose: the unguessable id printed on the PDF is what a school types in.
    "progress:transcript-public": Rule("secret", "/t/{transcript}/", wrong="/t/zzzzzzzzzz/"),
    # --- API: the public catalogue and the API's own pages -------------------------------------
    "api-root": Rule("api-public", "/api/v1/"),
    "api-opportunity-list": Rule("api-public", "/api/v1/opportunities/"),
    "api-opportunity-detail": Rule("api-public", "/api/v1/opportunities/{listing}/"),
    "api-cause-list": Rule("api-public", "/api/v1/causes/"),
    "api-cause-detail": Rule("api-public", "/api/v1/causes/{cause}/"),
    "api-skill-list": Rule("api-public", "/api/v1/skills/"),
    "api-skill-detail": Rule("api-public", "/api/v1/skills/{skill}/"),
    "api-source-list": Rule("api-public", "/api/v1/sources/"),
    "api-source-detail": Rule("api-public", "/api/v1/sources/{source}/"),
    "api-organization-list": Rule("api-public", "/api/v1/organizations/"),
    "api-organization-detail": Rule("api-public", "/api/v1/organizations/{organization}/"),
    "api-changes-opportunities": Rule("api-public", "/api/v1/changes/opportunities/"),
    "api-schema": Rule("api-public", "/api/v1/schema/"),
    "api-docs": Rule("api-public", "/api/v1/docs/"),
    "api-redoc": Rule("api-public", "/api/v1/docs/redoc/"),
    "api-problem": Rule("api-public", "/api/v1/problems/{problem}/"),
    # --- API: the caller's own records ----------------------------------------------------------
    "api-me": Rule(
        "api-login",
        "/api/v1/me/",
        calls=(
            Call("GET", 200, shows=(ALICE_DISPLAY, ALICE_EMAIL)),
            Call("PATCH", 200, {"display_name": "Renamed"}, changes=True),
        ),
    ),
    "api-saved-list": Rule(
        "api-login",
        "/api/v1/me/saved/",
        calls=(
            Call("GET", 200, shows=(ALICE_NOTE,)),
            Call("POST", 200, _api_save, other=201, public=LISTING),
        ),
    ),
    "api-saved-detail": Rule(
        "api-owner",
        "/api/v1/me/saved/{saved}/",
        calls=(
            Call("GET", 200, shows=(ALICE_NOTE,)),
            Call("PATCH", 200, {"note": "bob-was-here"}, changes=True),
            Call("DELETE", 204, changes=True),
        ),
    ),
    "api-saved-mark-seen": Rule(
        "api-owner", "/api/v1/me/saved/{saved}/mark-seen/", calls=(Call("POST", 200, changes=True),)
    ),
    "api-opportunity-save": Rule(
        "api-login",
        "/api/v1/opportunities/{listing}/save/",
        calls=(Call("PUT", 200, other=201, public=LISTING), Call("DELETE", 204, changes=True)),
    ),
    "api-searches-list": Rule(
        "api-login",
        "/api/v1/me/searches/",
        calls=(
            Call("GET", 200, shows=(ALICE_SEARCH,)),
            Call("POST", 201, {"query": "q=another"}, changes=True),
        ),
    ),
    "api-searches-detail": Rule(
        "api-owner",
        "/api/v1/me/searches/{search}/",
        calls=(
            Call("GET", 200, shows=(ALICE_SEARCH,)),
            Call("PATCH", 200, {"name": "bob-was-here"}, changes=True),
            Call("DELETE", 204, changes=True),
        ),
    ),
    "api-searches-rotate-feed": Rule(
        "api-owner", "/api/v1/me/searches/{search}/rotate-feed/", calls=(Call("POST", 200, changes=True),)
    ),
    "api-tokens-list": Rule(
        "api-login",
        "/api/v1/me/tokens/",
        calls=(Call("GET", 200, shows=(ALICE_TOKEN,)), Call("POST", 201, {"name": "another"}, changes=True)),
    ),
    "api-tokens-detail": Rule(
        "api-owner", "/api/v1/me/tokens/{token}/", calls=(Call("DELETE", 204, changes=True),)
    ),
    "api-hours-summary": Rule("api-login", "/api/v1/me/hours/summary/"),
    "api-hours-export": Rule(
        "api-login", "/api/v1/me/hours/export.csv", calls=(Call("GET", 200, shows=(ALICE_ACTIVITY,)),)
    ),
    "api-hours-list": Rule(
        "api-login",
        "/api/v1/me/hours/",
        calls=(Call("GET", 200, shows=(ALICE_ACTIVITY,)), Call("POST", 201, _api_entry, changes=True)),
    ),
    "api-hours-detail": Rule(
        "api-owner",
        "/api/v1/me/hours/{entry}/",
        calls=(
            Call("GET", 200, shows=(ALICE_ACTIVITY, ALICE_CONTACT)),
            Call("PUT", 200, _api_entry, changes=True),
            Call("PATCH", 200, {"activity": "bob-was-here"}, changes=True),
            Call("DELETE", 204, changes=True),
        ),
    ),
    "api-hours-request-verification": Rule(
        "api-owner",
        "/api/v1/me/hours/{entry}/request-verification/",
        calls=(Call("POST", 201, ASK, changes=True),),
    ),
    "api-hours-resend-verification": Rule(
        "api-owner", "/api/v1/me/hours/{entry}/resend-verification/", calls=(Call("POST", 200, changes=True),)
    ),
    "api-goals-list": Rule(
        "api-login",
        "/api/v1/me/goals/",
        calls=(Call("GET", 200, shows=(ALICE_GOAL,)), Call("POST", 201, _api_goal, changes=True)),
    ),
    "api-goals-detail": Rule(
        "api-owner",
        "/api/v1/me/goals/{goal}/",
        calls=(
            Call("GET", 200, shows=(ALICE_GOAL,)),
            Call("PATCH", 200, {"name": "bob-was-here"}, changes=True),
            Call("DELETE", 204, changes=True),
        ),
    ),
}

# Django admin: every pattern of the `admin` namespace (generated per registered model), except
# these two, which anyone may reach.
ADMIN_NAMESPACE = "admin"
ADMIN_OPEN = {"admin:login": "public", "admin:logout": "admin-logout"}

PAGE_KINDS = {"login", "owner"}
API_KINDS = {"api-login", "api-owner"}
# Each kind and the module that tests it: a rule of any other kind would be tested by none.
KINDS = {
    "public": "test_matrix",
    "login": "test_matrix",
    "owner": "test_matrix",
    "logout": "test_matrix",
    "staff": "test_matrix",
    "api-public": "test_matrix",
    "api-login": "test_matrix",
    "api-owner": "test_matrix",
    "secret": "test_secret_links",
    "shadowed": "test_url_table",
}


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the full route when the pattern has no name
    route: str
    namespace: str
    named: bool
    converters: tuple[str, ...] = field(default=())


def patterns_walk(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Pattern]:
    """Every URL pattern, depth first, with its full route and namespaced name."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from patterns_walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            key = f"{namespace}:{entry.name}" if entry.name and namespace else (entry.name or route)
            names = tuple(entry.pattern.regex.groupindex)
            yield Pattern(key=key, route=route, namespace=namespace, named=bool(entry.name), converters=names)


def path_for(template: str, ids: dict[str, Any]) -> str:
    return template.format(**ids)
