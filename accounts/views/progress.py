"""Pages: the progress dashboard, goals, the CSV export of hours, transcripts (PDF) and their
public verification page. Views parse input, read through accounts.selectors.progress or call one
service, and render. Everything under /me/ needs login and is scoped to request.user, so another
person's goal or transcript is a 404; only /t/<public_id>/ is public.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts import charts, pdf, pvsa
from accounts.forms import show_service_errors
from accounts.models import GoalKind, Transcript, User
from accounts.selectors import progress as selectors
from accounts.services import goals as goal_services
from accounts.services import transcripts as transcript_services

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.Form):
    name = forms.CharField(max_length=120)
    target_hours = forms.IntegerField(
        label="Target in hours", min_value=1, max_value=goal_services.MAX_TARGET_HOURS
    )
    starts_on = forms.DateField(label="From", widget=DATE_INPUT)
    ends_on = forms.DateField(label="Until (this day counts)", widget=DATE_INPUT)
    verified_only = forms.BooleanField(
        label="Count only verified hours",
        required=False,
        help_text="Hours a contact verified or an organisation approved. Schools and awards usually ask for these.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class PvsaGoalForm(forms.Form):
    band = forms.ChoiceField(label="Age band", choices=pvsa.BAND_CHOICES, widget=forms.RadioSelect)
    level = forms.ChoiceField(label="Award level", choices=pvsa.LEVEL_CHOICES, widget=forms.RadioSelect)
    starts_on = forms.DateField(
        label="12 months starting on",
        widget=DATE_INPUT,
        help_text="The award counts hours within one 12-month period; the goal ends the day before its anniversary.",
    )
    verified_only = forms.BooleanField(
        label="Count only verified hours",
        required=False,
        help_text="A certifying organisation will want hours it can check.",
    )


class TranscriptForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE_INPUT)
    end = forms.DateField(label="Until (this day counts)", widget=DATE_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date must be on or after the start date.")
        return data


# --- Dashboard ----------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors.dashboard_get(user=request.user, today=selectors.person_today(request.user))
    month_chart = charts.column_chart(
        chart_id="chart-months",
        title="Hours by month, last 12 months",
        description="Stacked bars: verified or approved hours solid, self-reported hours hatched. "
        "The table after the chart lists the same numbers.",
        bars=data.months,
    )
    cause_chart = charts.row_chart(
        chart_id="chart-causes",
        title="Hours by cause, all time",
        description="Stacked bars per cause of the listing: verified or approved hours solid, "
        "self-reported hours hatched. The table after the chart lists the same numbers.",
        bars=data.causes,
    )
    return render(
        request,
        "accounts/progress/dashboard.html",
        {"data": data, "month_chart": month_chart, "cause_chart": cause_chart},
    )


# --- Goals --------------------------------------------------------------------------------------


@login_required
@require_GET
def goal_list(request: HttpRequest) -> HttpResponse:
    goals = selectors.goal_progress_list(user=request.user)
    return render(request, "accounts/progress/goals.html", {"goals": goals, "kinds": GoalKind})


def _goal_form_initial(kind: str, user: User) -> tuple[forms.Form, dict]:
    today = selectors.person_today(user)
    if kind == GoalKind.PVSA:
        band = pvsa.band_for_birth_date(date_of_birth=user.date_of_birth, day=today)
        initial = {"band": band, "starts_on": today, "verified_only": True}
        return PvsaGoalForm, initial
    if kind == GoalKind.SCHOOL:
        initial = {"name": "School service hours", "starts_on": today, "verified_only": True}
        return GoalForm, initial
    return GoalForm, {"starts_on": today, "ends_on": datetime.date(today.year, 12, 31)}


def _goal_create_from(form: forms.Form, kind: str, user: User) -> None:
    data = form.cleaned_data
    if kind == GoalKind.PVSA:
        goal_services.goal_create_pvsa(
            user=user,
            band=data["band"],
            level=data["level"],
            starts_on=data["starts_on"],
            verified_only=data["verified_only"],
        )
    else:
        goal_services.goal_create(user=user, kind=kind, **data)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", GoalKind.CUSTOM)
    if kind not in GoalKind.values:
        kind = GoalKind.CUSTOM
    form_class, initial = _goal_form_initial(kind, request.user)
    form = form_class(request.POST or None, initial=initial, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            _goal_create_from(form, kind, request.user)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("progress:goals")
    context = {"form": form, "kind": kind, "is_new": True}
    if kind == GoalKind.PVSA:
        context |= {
            "levels": pvsa.LEVEL_CHOICES,
            "pvsa_rows": pvsa.table_rows(),
            "lifetime_hours": f"{pvsa.LIFETIME_ACHIEVEMENT_HOURS:,}",
        }
    return render(request, "accounts/progress/goal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get(user=request.user, pk=pk)
    if goal is None:
        raise Http404("No such goal.")
    initial = {field: getattr(goal, field) for field in GoalForm.base_fields}
    form = GoalForm(request.POST or None, initial=initial, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_update(goal=goal, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("progress:goals")
    context = {"form": form, "goal": goal, "kind": goal.kind}
    return render(request, "accounts/progress/goal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get(user=request.user, pk=pk)
    if goal is None:
        raise Http404("No such goal.")
    if request.method == "POST":
        goal_services.goal_delete(goal=goal)
        return redirect("progress:goals")
    return render(request, "accounts/progress/goal_delete.html", {"goal": goal})


# --- CSV export ---------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def hours_export(request: HttpRequest) -> StreamingHttpResponse:
    """Every entry as CSV, streamed. UTF-8 with a byte-order mark: without it Excel reads the
    file as the local code page and mangles accents."""
    writer = csv.writer(_Echo())
    rows = selectors.hours_csv_rows(user=request.user)

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = selectors.hours_export_filename(user=request.user)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Transcripts --------------------------------------------------------------------------------


@login_required
@require_GET
def transcript_list(request: HttpRequest) -> HttpResponse:
    summaries = selectors.transcript_summaries(user=request.user)
    return render(request, "accounts/progress/transcripts.html", {"summaries": summaries})


@login_required
@require_http_methods(["GET", "POST"])
def transcript_create(request: HttpRequest) -> HttpResponse:
    today = selectors.person_today(request.user)
    initial = {"start": today - datetime.timedelta(days=364), "end": today}
    form = TranscriptForm(request.POST or None, initial=initial, label_suffix="")
    if request.method == "POST" and form.is_valid():
        try:
            transcript_services.transcript_create(
                user=request.user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("progress:transcripts")
    return render(request, "accounts/progress/transcript_form.html", {"form": form})


def _owned_transcript(request: HttpRequest, public_id: str) -> Transcript:
    transcript = selectors.transcript_get(user=request.user, public_id=public_id)
    if transcript is None:
        raise Http404("No such transcript.")
    return transcript


@login_required
@require_GET
def transcript_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    transcript = _owned_transcript(request, public_id)
    if transcript.revoked_at is not None:
        return HttpResponse("You withdrew this transcript, so it is no longer offered.", status=410)
    public_url = request.build_absolute_uri(reverse("progress:transcript-public", args=[public_id]))
    response = HttpResponse(
        pdf.transcript_pdf(transcript=transcript, public_url=public_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="pitchin-transcript-{public_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def transcript_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    transcript = _owned_transcript(request, public_id)
    if request.method == "POST":
        transcript_services.transcript_revoke(transcript=transcript)
        return redirect("progress:transcripts")
    return render(request, "accounts/progress/transcript_revoke.html", {"transcript": transcript})


@require_GET
def transcript_public(request: HttpRequest, public_id: str) -> HttpResponse:
    """The page a school opens from the PDF. No login; it shows only what was published (holder,
    period, totals, organisations, hash), never a verifier's e-mail address."""
    transcript = selectors.transcript_get_public(public_id=public_id)
    if transcript is None:
        raise Http404("No such transcript.")
    context = {"transcript": transcript, "summary": selectors.transcript_summary(transcript=transcript)}
    status = 410 if transcript.revoked_at is not None else 200
    response = render(request, "accounts/progress/transcript_public.html", context, status=status)
    # People share the link with a school, not with search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
