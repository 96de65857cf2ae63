"""Pages: the hours log (list, log, edit, delete), the timer, and asking a contact to verify.

Thin: each view parses input, reads through accounts.selectors.hours or calls one service, and
renders. Every entry is looked up among request.user's own, so another person's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import show_service_errors
from accounts.forms_hours import (
    HoursEntryForm,
    TimerForm,
    VerificationAskForm,
)
from accounts.models import HoursEntry, VerificationRequest, VerificationStatus
from accounts.selectors import hours as selectors
from accounts.services import hours as services
from accounts.services import verification
from accounts.services.hours import LOCKED_MESSAGE, day_text, local_today
from opportunities.models import Opportunity
from opportunities.timezones import is_valid_zone


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _year(value: str | None) -> int | None:
    year = _int(value)
    return year if year is not None and 1900 <= year <= 2200 else None


def _zone(user: Any) -> str:
    return user.timezone if is_valid_zone(user.timezone) else "UTC"


def _entry_or_404(request: HttpRequest, entry_id: int) -> HoursEntry:
    entry = selectors.hours_entry_get(user=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404("No such entry")
    return entry


def _list_page(request: HttpRequest, stop_form: TimerForm | None = None, status: int = 200) -> HttpResponse:
    page = selectors.hours_page(user=request.user, year=_year(request.GET.get("year")))
    timer_listing = [page.timer.opportunity_id] if page.timer and page.timer.opportunity_id else []
    opportunities = selectors.hours_opportunity_choices(user=request.user, include_ids=timer_listing)
    if stop_form is None and page.timer is not None:
        # What the timer was started with, so stopping asks only for what is missing.
        timer = page.timer
        initial = {
            "opportunity": timer.opportunity_id,
            "organization_name": timer.organization_name,
            "activity": timer.activity,
        }
        stop_form = TimerForm(initial=initial, opportunities=opportunities)
    return render(
        request,
        "accounts/hours/list.html",
        {
            "page": page,
            "timer_form": TimerForm(opportunities=opportunities),
            "stop_form": stop_form,
            "zone": _zone(request.user),
        },
        status=status,
    )


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


def _form_page(
    request: HttpRequest, form: HoursEntryForm, entry: HoursEntry | None, status: int = 200
) -> HttpResponse:
    return render(request, "accounts/hours/form.html", {"form": form, "entry": entry}, status=status)


def _posted_choices(request: HttpRequest, *extra: int | None) -> list[Opportunity]:
    ids = [value for value in (_int(request.POST.get("opportunity")), *extra) if value]
    return selectors.hours_opportunity_choices(user=request.user, include_ids=ids)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        prefill = _int(request.GET.get("opportunity"))
        zone = request.user.timezone if is_valid_zone(request.user.timezone) else ""
        initial = {"date": local_today(zone or "UTC"), "timezone": zone, "opportunity": prefill}
        form = HoursEntryForm(initial=initial, opportunities=_posted_choices(request, prefill))
        return _form_page(request, form, None)
    form = HoursEntryForm(request.POST, opportunities=_posted_choices(request))
    if form.is_valid():
        try:
            entry = services.hours_entry_create(user=request.user, data=form.to_data())
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Your hours are logged. Ask someone to verify them below.")
            return redirect("hours:detail", entry_id=entry.pk)
    return _form_page(request, form, None, status=400)


@login_required
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    return _detail_page(request, entry, VerificationAskForm())


def _detail_page(
    request: HttpRequest, entry: HoursEntry, ask_form: VerificationAskForm, status: int = 200
) -> HttpResponse:
    requests = list(entry.verifications.all())
    return render(
        request,
        "accounts/hours/detail.html",
        {
            "entry": entry,
            "timeline": selectors.hours_timeline(entry=entry),
            "verifications": requests,
            "pending": next((item for item in requests if item.status == VerificationStatus.PENDING), None),
            "can_request": verification.entry_can_request(entry=entry),
            "ask_form": ask_form,
        },
        status=status,
    )


def _locked_page(request: HttpRequest, entry: HoursEntry, status: int = 200) -> HttpResponse:
    context = {
        "entry": entry,
        "message": LOCKED_MESSAGE,
        "can_request": verification.entry_can_request(entry=entry),
    }
    return render(request, "accounts/hours/locked.html", context, status=status)


def _entry_initial(entry: HoursEntry) -> dict[str, Any]:
    hours, minutes = divmod(entry.minutes, 60)
    return {
        "date": entry.date,
        "hours": hours,
        "minutes": minutes,
        "timezone": entry.timezone,
        "opportunity": entry.opportunity_id,
        "organization_name": entry.organization_name,
        "activity": entry.activity,
        "description": entry.description,
        "evidence_url": entry.evidence_url,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    if entry.is_locked:
        return _locked_page(request, entry, status=200 if request.method == "GET" else 409)
    if request.method == "GET":
        choices = _posted_choices(request, entry.opportunity_id)
        return _form_page(
            request, HoursEntryForm(initial=_entry_initial(entry), opportunities=choices), entry
        )
    form = HoursEntryForm(request.POST, opportunities=_posted_choices(request, entry.opportunity_id))
    if form.is_valid():
        try:
            services.hours_entry_update(entry=entry, data=form.to_data())
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("hours:detail", entry_id=entry.pk)
    return _form_page(request, form, entry, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    if entry.is_locked:
        return _locked_page(request, entry, status=200 if request.method == "GET" else 409)
    if request.method == "GET":
        return render(request, "accounts/hours/delete.html", {"entry": entry})
    try:
        services.hours_entry_delete(entry=entry)
    except ValidationError:
        return _locked_page(request, entry, status=409)
    messages.success(request, f"The entry for {entry.duration} on {day_text(entry.date)} is deleted.")  # type: ignore[attr-defined]
    return redirect("hours:list")


@login_required
@require_POST
def timer_start(request: HttpRequest) -> HttpResponse:
    form = TimerForm(request.POST, opportunities=_posted_choices(request))
    if not form.is_valid():
        messages.error(
            request, "The timer did not start: " + " ".join(m for ms in form.errors.values() for m in ms)
        )
        return redirect("hours:list")
    _, started = services.hours_timer_start(user=request.user, **form.cleaned_data)
    messages.success(request, "The timer is running." if started else "Your timer was already running.")
    return redirect("hours:list")


@login_required
@require_POST
def timer_stop(request: HttpRequest) -> HttpResponse:
    form = TimerForm(request.POST, opportunities=_posted_choices(request))
    if form.is_valid():
        try:
            result = services.hours_timer_stop(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            if not result.stopped:
                messages.info(request, "The timer was already stopped.")
            for entry in result.entries:
                messages.success(
                    request, f"Logged {selectors.duration_text(entry.minutes)} on {day_text(entry.date)}."
                )
            for note in result.notes:
                messages.warning(request, note)
            return redirect("hours:list")
    return _list_page(request, stop_form=form, status=400)


@login_required
@require_POST
def verification_ask(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry_or_404(request, entry_id)
    form = VerificationAskForm(request.POST)
    if form.is_valid():
        try:
            asked = verification.verification_request(entry=entry, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request,
                f"We e-mailed {asked.contact_name} a link to confirm these hours. It works for 14 days.",
            )
            return redirect("hours:detail", entry_id=entry.pk)
    return _detail_page(request, entry, form, status=400)


@login_required
@require_POST
def verification_resend(request: HttpRequest, entry_id: int, verification_id: int) -> HttpResponse:
    asked = get_object_or_404(
        VerificationRequest, pk=verification_id, entry_id=entry_id, entry__user=request.user
    )
    try:
        verification.verification_resend(verification=asked)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"We sent the link to {asked.contact_name} again.")
    return redirect("hours:detail", entry_id=entry_id)
