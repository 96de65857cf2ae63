"""Pages: saved searches (/me/searches/): saving the results page's search, the list, one search's
page (name, alerts), deleting, new feed links; and the private RSS, Atom and iCal feeds.

A feed's secret is shown once, right after it is made: the view that makes it keeps it in the
session only until the next page has shown it (we store only its hash). Searches are looked up
within request.user's own, so another person's id is a 404; feeds need no login, and an unknown
or revoked token is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import feeds
from accounts.forms import show_service_errors
from accounts.models import AlertFrequency, SavedSearch
from accounts.selectors import searches as selectors
from accounts.services import searches as services

# Session key holding a just-made feed token until the next page shows it.
_FRESH = "saved_search_fresh_links"


class SearchForm(forms.Form):
    # The service checks the name (blank, length) so the rule lives in one place.
    name = forms.CharField(required=False, strip=False)
    alerts = forms.ChoiceField(
        choices=AlertFrequency.choices,
        error_messages={"invalid_choice": "Pick how often to hear about new matches."},
    )


@login_required
@require_http_methods(["GET", "POST"])
def search_list(request: HttpRequest) -> HttpResponse:
    """GET: the list. POST (the results page's "Save this search"): save it and come here."""
    if request.method == "POST":
        return _create(request)
    searches = list(selectors.saved_searches_for(user=request.user))
    context = {"searches": searches, "fresh": _fresh(request), "alert_choices": AlertFrequency.choices}
    return render(request, "accounts/searches/list.html", context)


def _create(request: HttpRequest) -> HttpResponse:
    params = QueryDict(request.POST.get("query", "").lstrip("?"))
    try:
        search, token = services.saved_search_create(user=request.user, params=params)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("searches:list"))
    if token is None:
        messages.info(request, "You had already saved this search: here it is.")
    else:
        request.session[_FRESH] = {"search_id": search.pk, "token": token}
        messages.success(request, "Search saved. Rename it or turn on e-mail alerts below.")
    return HttpResponseRedirect(f"{reverse('searches:list')}#search-{search.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def search_detail(request: HttpRequest, search_id: int) -> HttpResponse:
    """GET: one search. POST: rename it and choose its alerts."""
    search = _get(request, search_id)
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_search_update(
                saved_search=search, name=form.cleaned_data["name"], alerts=form.cleaned_data["alerts"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, f"Saved your changes to {search.name}.")
            return HttpResponseRedirect(_back(request, search))
    context = {"search": search, "fresh": _fresh(request), "alert_choices": AlertFrequency.choices}
    if request.method == "POST":
        context.update(errors=form.errors, submitted=form.data)
    return render(request, "accounts/searches/detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def search_delete(request: HttpRequest, search_id: int) -> HttpResponse:
    search = _get(request, search_id)
    services.saved_search_delete(saved_search=search)
    messages.success(
        request, f"Deleted the search {search.name}: no more e-mails, and its feed links stop working."
    )
    return HttpResponseRedirect(reverse("searches:list"))


@login_required
@require_POST
def feed_links_rotate(request: HttpRequest, search_id: int) -> HttpResponse:
    search = _get(request, search_id)
    token = services.saved_search_feed_rotate(saved_search=search)
    request.session[_FRESH] = {"search_id": search.pk, "token": token}
    messages.success(request, "Made new feed links. The old ones no longer work.")
    return HttpResponseRedirect(_back(request, search))


@require_GET
def feed(request: HttpRequest, token: str, kind: str) -> HttpResponse:
    """A saved search's newest matches for a feed reader or calendar; no login, the token decides."""
    search = selectors.saved_search_by_token(token=token)
    if search is None:
        raise Http404("No such feed")
    items = selectors.saved_search_matches(saved_search=search)
    if kind == "ics":
        body = feeds.render_calendar(saved_search=search, items=items)
    else:
        body = feeds.render_syndication(saved_search=search, kind=kind, items=items)
    response = HttpResponse(body, content_type=feeds.CONTENT_TYPES[kind])
    # Private: no shared cache may keep it, and no search engine may list it.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _get(request: HttpRequest, search_id: int) -> SavedSearch:
    return get_object_or_404(selectors.saved_searches_for(user=request.user), pk=search_id)


def _fresh(request: HttpRequest) -> dict[str, object] | None:
    """The feed links just made, once: taken out of the session as they are shown."""
    fresh = request.session.pop(_FRESH, None)
    if not fresh:
        return None
    return {"search_id": fresh["search_id"], "urls": feeds.feed_urls(token=fresh["token"])}


def _back(request: HttpRequest, search: SavedSearch) -> str:
    candidate = request.POST.get("next", "")
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate if "#" in candidate else f"{candidate}#search-{search.pk}"
    return reverse("searches:detail", args=[search.pk])
