"""Pages. Each view reads through selectors and writes through one service; templates never query."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from opportunities import paging, selectors, services
from opportunities.browse import active_filters, query_string
from opportunities.feeds.countries import country_choices
from opportunities.filters import (
    HOUR_CHOICES,
    LANGUAGE_CHOICES,
    POSTED_WITHIN_CHOICES,
    OpportunityFilter,
    working_hours,
)

HOME_PAGE_SIZE = 12
PREVIEW_SIZE = 12


def home(request: HttpRequest) -> HttpResponse:
    opportunities = list(selectors.opportunity_list_active()[:HOME_PAGE_SIZE])
    return render(
        request,
        "opportunities/home.html",
        {
            "opportunities": opportunities,
            "saved_ids": selectors.opportunity_saved_ids(
                user=request.user, opportunity_ids=[item.pk for item in opportunities]
            ),
            "causes": [cause for cause in selectors.cause_list_with_counts_cached() if cause.active_count],
            "heartbeat": selectors.heartbeat_get(name="beat"),
        },
    )


def search_results(request: HttpRequest) -> HttpResponse:
    """The results page: every filter in the URL, so a search can be shared, bookmarked and
    walked back with the back button. An htmx request gets only the region it swaps."""
    filterset = selectors.opportunity_filterset(data=request.GET)
    filterset.is_valid()
    sort = selectors.search_sort(filterset=filterset, requested=request.GET.get("sort"))
    cursor_error = ""
    try:
        page = selectors.opportunity_search(filterset=filterset, sort=sort, cursor=request.GET.get("after"))
    except paging.BadCursor as error:
        cursor_error = str(error)
        page = selectors.opportunity_search(filterset=filterset, sort=sort)
    facets = selectors.opportunity_facets(filterset=filterset)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "facets": facets,
        "saved_ids": selectors.opportunity_saved_ids(
            user=request.user, opportunity_ids=[item.pk for item in page.items]
        ),
        "sort_choices": paging.Sort.CHOICES,
        "has_words": selectors.search_has_words(filterset=filterset),
        "active_filters": active_filters(request.GET, filterset, names=_facet_names(filterset, facets)),
        "cursor_error": cursor_error,
        "country_choices": country_choices(),
        "language_choices": LANGUAGE_CHOICES,
        "posted_choices": POSTED_WITHIN_CHOICES,
        "hour_choices": HOUR_CHOICES,
        "overlap_choices": range(1, 9),
        "work_hours": working_hours(filterset.form.cleaned_data),
        "is_first_page": not request.GET.get("after") or bool(cursor_error),
        "next_url": query_string(request.GET, after=page.next_cursor) if page.next_cursor else "",
        "first_url": query_string(request.GET, after=None),
    }
    template = "opportunities/search.html"
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        template += "#htmx-response"
    return render(request, template, context)


def _facet_names(filterset: OpportunityFilter, facets: selectors.Facets) -> dict[str, str]:
    """Display names for the chips: "cause:education" -> "Education"."""
    names = {
        f"{key}:{value.value}": value.label
        for key in ("cause", "skill", "source")
        for value in getattr(facets, key)
    }
    organization_id = filterset.form.cleaned_data.get("organization")
    if organization_id:
        organization = selectors.organization_get(organization_id=organization_id)
        if organization is not None:
            names[f"organization:{organization_id}"] = organization.name
    return names


def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(opportunity_id=opportunity_id)
    if opportunity is None:
        raise Http404("No such opportunity")
    also_listed = selectors.opportunity_also_listed(opportunity=opportunity)
    return render(
        request,
        "opportunities/detail.html",
        {
            "opportunity": opportunity,
            "also_listed": also_listed,
            "saved_ids": selectors.opportunity_saved_ids(user=request.user, opportunity_ids=[opportunity.pk]),
        },
    )


def _preview_page(
    request: HttpRequest, template: str, filters: dict[str, str], **context: object
) -> HttpResponse:
    """A cause / organisation / source page: its first listings matching `filters`, newest first,
    and a link to the full search with the same filters."""
    filterset = selectors.opportunity_filterset(data=filters)
    filterset.is_valid()
    page = selectors.opportunity_search(filterset=filterset, sort=paging.Sort.NEWEST, limit=PREVIEW_SIZE)
    saved = selectors.opportunity_saved_ids(
        user=request.user, opportunity_ids=[item.pk for item in page.items]
    )
    context.update(page=page, saved_ids=saved, search_url=query_string(filters))
    return render(request, template, context)


def cause_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cause = selectors.cause_get(slug=slug)
    if cause is None:
        raise Http404("No such cause")
    return _preview_page(request, "opportunities/cause.html", {"cause": cause.slug}, cause=cause)


def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(organization_id=organization_id)
    if organization is None:
        raise Http404("No such organisation")
    filters = {"organization": str(organization.pk)}
    return _preview_page(request, "opportunities/organization.html", filters, organization=organization)


def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = selectors.source_get(source_id=source_id)
    if source is None:
        raise Http404("No such source")
    return _preview_page(request, "opportunities/source.html", {"source": str(source.pk)}, source=source)


@require_http_methods(["GET", "POST"])
def opportunity_save(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    return _save_or_unsave(request, opportunity_id, save=True)


@require_http_methods(["GET", "POST"])
def opportunity_unsave(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    return _save_or_unsave(request, opportunity_id, save=False)


def _save_or_unsave(request: HttpRequest, opportunity_id: int, *, save: bool) -> HttpResponse:
    """POST saves (or unsaves) and returns to the page the button was on; htmx gets the new button.

    A logged-out visitor is sent to log in and brought back here by GET, which asks once more
    (a GET never writes), then returns them to where they started.
    """
    back = _safe_next(request)
    if not request.user.is_authenticated:
        here = f"{request.path}?{query_string({'next': back})[1:]}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{reverse('login')}?{query_string({'next': here})[1:]}"
            return response
        return redirect_to_login(here)
    opportunity = selectors.opportunity_get(opportunity_id=opportunity_id)
    if opportunity is None:
        raise Http404("No such opportunity")
    if request.method == "GET":
        saved = bool(selectors.opportunity_saved_ids(user=request.user, opportunity_ids=[opportunity.pk]))
        return render(
            request,
            "opportunities/save_confirm.html",
            {"opportunity": opportunity, "save": save, "already": saved == save, "next": back},
        )
    if save:
        services.opportunity_save(user=request.user, opportunity=opportunity)
    else:
        services.opportunity_unsave(user=request.user, opportunity=opportunity)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "opportunities/cards.html#save-button",
            {"opportunity": opportunity, "is_saved": save, "next": back},
        )
    return HttpResponseRedirect(back)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("opportunities:detail", args=[request.resolver_match.kwargs["opportunity_id"]])
