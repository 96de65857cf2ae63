from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opportunities import selectors

HOME_PAGE_SIZE = 24


def home(request: HttpRequest) -> HttpResponse:
    opportunities = list(selectors.opportunity_list_active()[:HOME_PAGE_SIZE])
    return render(
        request,
        "opportunities/home.html",
        {
            "opportunities": opportunities,
            "causes": [cause for cause in selectors.cause_list_with_counts() if cause.active_count],
            "heartbeat": selectors.heartbeat_get(name="beat"),
        },
    )
