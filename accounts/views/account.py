"""Pages: sign up, e-mail confirmation, profile, data export, account deletion, and the login and
password-reset views that add our throttle to Django's own."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.timezone import localdate
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import AccountDeleteForm, ProfileForm, SignupForm, ThrottledAuthenticationForm
from accounts.selectors import account as selectors
from accounts.services import account as services


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        # A new password set through the mailed link proves the mailbox: lift any login lock.
        services.login_failures_clear(username=form.user.get_username())
        return response


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(_safe_next(request) or reverse("account:profile"))
    return render(request, "accounts/account/signup.html", {"form": form, "next": _safe_next(request)})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from the e-mail, perhaps in another browser: needs no login. Confirming on GET is
    harmless (it only records that the link reached the mailbox) and single-meaning."""
    outcome = services.email_confirm(token=token)
    status = 200 if outcome in (services.ConfirmOutcome.CONFIRMED, services.ConfirmOutcome.ALREADY) else 400
    return render(request, "accounts/account/confirm_email.html", {"outcome": outcome}, status=status)


@login_required
@require_POST
def confirm_email_resend(request: HttpRequest) -> HttpResponse:
    if services.email_confirmation_resend(user=request.user):
        messages.success(request, f"We sent a new confirmation link to {request.user.email}.")
    elif request.user.email_confirmed_at is None:
        messages.info(request, "We sent one less than a minute ago: check your inbox and spam folder.")
    return redirect("account:profile")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = selectors.profile_get(user=request.user)
    form = ProfileForm(
        request.POST or None,
        initial=ProfileForm.initial_for(user),
        user=user,
        cause_choices=selectors.profile_cause_choices(),
        skill_choices=selectors.profile_skill_choices(),
    )
    if request.method == "POST" and form.is_valid():
        if services.profile_update(user=user, data=form.cleaned_data):
            messages.success(
                request, f"Saved. We sent a link to {user.email}: click it to confirm the new address."
            )
        else:
            messages.success(request, "Saved.")
        return redirect("account:profile")
    context = {"form": form, "profile": user, "search_query": selectors.profile_search_query(user=user)}
    return render(request, "accounts/account/profile.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    """GET explains; POST downloads (a form button, so a prefetching browser or a cross-site
    image cannot start it)."""
    if request.method == "GET":
        return render(request, "accounts/account/export.html")
    data = selectors.account_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    filename = f"pitchin-{request.user.get_username()}-{localdate():%Y-%m-%d}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user, keep_transcripts=form.cleaned_data["keep_transcripts"])
        logout(request)
        return redirect("account:goodbye")
    context = {"form": form, "transcript_count": selectors.transcript_count(user=request.user)}
    return render(request, "accounts/account/delete.html", context)


def goodbye(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account/goodbye.html")
