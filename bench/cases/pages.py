"""Pages, server time (the whole Django request, template included): the results page over a mix
of searches and filters, and the hours dashboard of a person with 10,000 entries."""

from __future__ import annotations

from django.test import Client
from django.test.utils import override_settings

from accounts.models import User
from bench.harness import Result, Samples, time_call
from bench.text import SEARCH_QUERIES
from opportunities.models import Cause


def _results_urls() -> list[str]:
    """What people ask of the results page: plain browsing, words, filters, and both."""
    causes = list(Cause.objects.order_by("position").values_list("slug", flat=True)[:4])
    rare, medium, common = SEARCH_QUERIES["rare"], SEARCH_QUERIES["medium"], SEARCH_QUERIES["common"]
    return [
        "/search/",
        "/search/?sort=closing",
        f"/search/?q={rare[0]}",
        f"/search/?q={rare[1]}",
        f"/search/?q={medium[0]}",
        f"/search/?q={medium[1]}",
        f"/search/?q={common[0]}",
        f"/search/?q={common[1]}+{medium[2]}",
        f"/search/?cause={causes[0]}",
        f"/search/?cause={causes[1]}&location=remote",
        f"/search/?cause={causes[2]}&cause={causes[3]}&schedule=flexible",
        f"/search/?q={common[2]}&location=remote&posted_within=30",
        "/search/?location=remote&sort=newest",
        f"/search/?q={medium[3]}&cause={causes[0]}",
    ]


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")


def _timed(client: Client, urls: list[str], repeats: int) -> tuple[Samples, dict[str, float]]:
    for url in urls:
        _get(client, url)  # warm-up
    samples: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(repeats):
        for url in urls:
            samples[url].append(time_call(lambda url=url: _get(client, url)))
    every = Samples([value for values in samples.values() for value in values])
    return every, {url: round(Samples(values).median * 1000, 1) for url, values in samples.items()}


def run(*, vendor: str, tier: int, mode: str) -> list[Result]:
    repeats = 5 if mode == "quick" else 11
    results = []
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        every, medians = _timed(client, _results_urls(), repeats)
        results.append(
            Result(
                "pages.results_p95",
                "Results page server time p95 (searches and filters mix)",
                vendor,
                round(every.p95 * 1000, 1),
                "ms",
                "<=",
                100,
                tier=tier,
                gated=tier == 100_000,
                details={"all": every.summary(), "median_ms_by_url": medians},
            )
        )
        home, _ = _timed(client, ["/"], repeats * 4)
        results.append(
            Result(
                "pages.home_p95",
                "Home page server time p95",
                vendor,
                round(home.p95 * 1000, 1),
                "ms",
                "<=",
                100,
                tier=tier,
                gated=False,
                details=home.summary(),
            )
        )
        client.force_login(User.objects.get(username="bench-heavy"))
        dashboard, _ = _timed(client, ["/me/"], repeats * 4)
        hours, _ = _timed(client, ["/me/hours/"], repeats * 2)
        results += [
            Result(
                "pages.hours_dashboard_p95",
                "Hours dashboard (/me/) p95, person with 10,000 entries",
                vendor,
                round(dashboard.p95 * 1000, 1),
                "ms",
                "<=",
                100,
                tier=tier,
                details=dashboard.summary(),
            ),
            Result(
                "pages.hours_list_p95",
                "Hours list (/me/hours/) p95, person with 10,000 entries",
                vendor,
                round(hours.p95 * 1000, 1),
                "ms",
                "<=",
                100,
                tier=tier,
                gated=False,
                details=hours.summary(),
            ),
        ]
    return results
