"""Pages: the saved-opportunities board (/me/saved/), one item's page, and the pipeline's actions
(move to a stage, note, follow-up date, mark as seen).

Every action is a plain form POST that works without JavaScript, then returns to the page the
form was on; an input the person must fix re-renders the item's page with the error beside the
field. Items are looked up within request.user's own, so another person's id is a 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import show_service_errors
from accounts.selectors import saved as selectors
from opportunities.models import SavedOpportunity, SavedStage
from opportunities.services import saved as services


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        choices=SavedStage.choices,
        error_messages={
            "required": "Pick a stage to move it to.",
            "invalid_choice": "Pick one of the stages in the list.",
        },
    )


class NoteForm(forms.Form):
    # The service strips and measures; the form only reads the field.
    note = forms.CharField(required=False, strip=False)


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(
        required=False,
        error_messages={"invalid": "Enter a date like 2026-05-31, or leave it empty for no reminder."},
    )


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    board = selectors.saved_board(user=request.user, stage=request.GET.get("stage"))
    return render(request, "accounts/saved/board.html", {"board": board})


@login_required
@require_GET
def item(request: HttpRequest, saved_id: int) -> HttpResponse:
    saved = _get(request, saved_id)
    return render(request, "accounts/saved/item.html", _item_context(saved))


@login_required
@require_POST
def stage_set(request: HttpRequest, saved_id: int) -> HttpResponse:
    def write(saved: SavedOpportunity, data: dict[str, Any]) -> str:
        saved = services.saved_stage_set(saved=saved, stage=data["stage"])
        return f"Moved to {saved.get_stage_display()}."

    return _act(request, saved_id, StageForm, write)


@login_required
@require_POST
def note_set(request: HttpRequest, saved_id: int) -> HttpResponse:
    def write(saved: SavedOpportunity, data: dict[str, Any]) -> str:
        services.saved_note_set(saved=saved, note=data["note"])
        return "Note saved."

    return _act(request, saved_id, NoteForm, write)


@login_required
@require_POST
def follow_up_set(request: HttpRequest, saved_id: int) -> HttpResponse:
    def write(saved: SavedOpportunity, data: dict[str, Any]) -> str:
        saved = services.saved_follow_up_set(saved=saved, follow_up_on=data["follow_up_on"])
        if saved.follow_up_on is None:
            return "No follow-up reminder."
        day = saved.follow_up_on
        return f"We will remind you on {day.day} {day:%B %Y}."

    return _act(request, saved_id, FollowUpForm, write)


@login_required
@require_POST
def seen_mark(request: HttpRequest, saved_id: int) -> HttpResponse:
    saved = _get(request, saved_id)
    services.saved_seen_mark(saved=saved)
    return HttpResponseRedirect(_back(request, saved))


def _get(request: HttpRequest, saved_id: int) -> SavedOpportunity:
    return get_object_or_404(selectors.saved_for(user=request.user), pk=saved_id)


def _act(
    request: HttpRequest,
    saved_id: int,
    form_class: type[forms.Form],
    write: Callable[[SavedOpportunity, dict[str, Any]], str],
) -> HttpResponse:
    """Validate the form, call the one service, and go back; or show the item with the errors."""
    saved = _get(request, saved_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            done = write(saved, form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_back(request, saved))
    context = {**_item_context(saved), "errors": form.errors, "submitted": form.data}
    return render(request, "accounts/saved/item.html", context, status=400)


def _item_context(saved: SavedOpportunity) -> dict[str, Any]:
    # The forms return to the item's page, also when it is shown at an action's URL after an error.
    return {"item": selectors.saved_item(saved=saved), "back": reverse("saved:item", args=[saved.pk])}


def _back(request: HttpRequest, saved: SavedOpportunity) -> str:
    """The page the form was on (board, a filtered board, the item's page), at the item."""
    candidate = request.POST.get("next", "")
    if not (
        candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        candidate = reverse("saved:board")
    return candidate if "#" in candidate else f"{candidate}#saved-{saved.pk}"
