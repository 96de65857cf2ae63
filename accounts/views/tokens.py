"""Pages: personal API tokens (/accounts/tokens/): the list, making one, revoking one.

A new token's secret is shown once, in the answer to the POST that made it: it is never put in
the session or a message, and that answer may not be cached (never_cache sends `no-store`). We
keep only its hash, so reloading the list cannot show it again. Tokens are looked up within
request.user's own, so another person's id is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ErrorsDescribedMixin, show_service_errors
from accounts.selectors import tokens as selectors
from accounts.services import tokens as services
from opportunities.timezones import is_valid_zone

# Literal paths: the API's own URL names belong to its modules and may be renamed there.
API_EXAMPLE_PATH = "/api/v1/me/hours/"
API_DOCS_PATH = "/api/v1/docs/"


class TokenForm(ErrorsDescribedMixin, forms.Form):
    # The service checks the name (blank, length, the limit) so the rules live in one place.
    name = forms.CharField(
        label="Name",
        required=False,
        strip=False,
        help_text="What will use it, so you can tell your tokens apart, e.g. “Hours spreadsheet”.",
        widget=forms.TextInput(attrs={"maxlength": services.NAME_MAX_LENGTH, "autocomplete": "off"}),
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """GET: the person's tokens and a form to make one. POST: make one and show its secret, once."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            form = TokenForm()  # an empty form for the next one
    tokens = list(selectors.api_tokens_for(user=request.user))
    context = {
        "form": form,
        "tokens": tokens,
        "created": created,
        "active_count": sum(token.is_active for token in tokens),
        "max_active": services.MAX_ACTIVE_TOKENS,
        "example_url": request.build_absolute_uri(API_EXAMPLE_PATH),
        "docs_url": API_DOCS_PATH,
        "zone": request.user.timezone if is_valid_zone(request.user.timezone) else "UTC",
    }
    return render(request, "accounts/tokens/list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.api_token_get(user=request.user, token_id=token_id)
    if token is None:
        raise Http404("No such token")
    was_active = token.is_active
    services.api_token_revoke(token=token)
    if was_active:
        messages.success(
            request,
            f"Revoked the token {token.name} ({token.prefix}…): requests that send it are refused now.",
        )
    else:
        messages.info(request, f"The token {token.name} ({token.prefix}…) was already revoked.")
    return HttpResponseRedirect(f"{reverse('tokens:list')}#token-{token.pk}")
