from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
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


def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(opportunity_id=opportunity_id)
    if opportunity is None:
        raise Http404("No such opportunity")
    also_listed = selectors.opportunity_also_listed(opportunity=opportunity)
    return render(
        request, "opportunities/detail.html", {"opportunity": opportunity, "also_listed": also_listed}
    )
