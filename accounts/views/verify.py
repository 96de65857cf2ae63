"""Pages: the contact's verification page, /verify/<token>/. No login: the signed, single-use
link is the credential. Never cached, never indexed, and no Referer leaves it (the token is in
the URL and the page links to the volunteer's evidence)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import show_service_errors
from accounts.forms_hours import VerificationAnswerForm
from accounts.models import VerificationRequest
from accounts.selectors.hours import duration_text
from accounts.services import verification
from accounts.services.verification import VerificationLinkError

CLOSED_STATUS = {"invalid": 404, "expired": 410, "used": 410, "superseded": 410}


def _private(response: HttpResponse) -> HttpResponse:
    # same-origin, not no-referrer: the token in this URL must not reach other sites (the evidence
    # link), but the answer form's POST needs its Origin header, which no-referrer turns into
    # "null" and CSRF then refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _closed(request: HttpRequest, error: VerificationLinkError) -> HttpResponse:
    response = render(
        request,
        "accounts/verify/closed.html",
        {"error": error, "kind": error.kind},
        status=CLOSED_STATUS[error.kind],
    )
    return _private(response)


def _page(
    request: HttpRequest, asked: VerificationRequest, form: VerificationAnswerForm, status: int = 200
) -> HttpResponse:
    entry = asked.entry
    context = {
        "verification": asked,
        "entry": entry,
        "duration": duration_text(entry.minutes),
        "version": verification.entry_version(entry),
        "form": form,
    }
    return _private(render(request, "accounts/verify/answer.html", context, status=status))


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        asked = verification.verification_open(token=token)
    except VerificationLinkError as error:
        return _closed(request, error)
    if request.method == "GET":
        return _page(request, asked, VerificationAnswerForm())
    form = VerificationAnswerForm(request.POST)
    if form.is_valid():
        try:
            answered = verification.verification_answer(
                token=token,
                decision=form.cleaned_data["decision"],
                adjusted_minutes=form.total_minutes(),
                reason=form.cleaned_data["reason"],
                seen_version=form.cleaned_data["version"] or None,
            )
        except VerificationLinkError as error:
            return _closed(request, error)
        except ValidationError as error:
            show_service_errors(form, error)
            try:
                asked = verification.verification_open(token=token)  # the entry may have changed meanwhile
            except VerificationLinkError as closed:
                return _closed(request, closed)
        else:
            context = {"verification": answered, "duration": duration_text(answered.entry.minutes)}
            return _private(render(request, "accounts/verify/done.html", context))
    return _page(request, asked, form, status=400)
