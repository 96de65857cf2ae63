"""Progress: mounted at the site root (config/urls.py), so it owns /me/ itself, /me/goals/,
/me/export/, /me/transcripts/ and the public transcript pages at /t/<public_id>/."""

from django.urls import path

from accounts.views import progress

app_name = "progress"
urlpatterns = [
    path("me/", progress.dashboard, name="dashboard"),
    path("me/goals/", progress.goal_list, name="goals"),
    path("me/goals/new/", progress.goal_create, name="goal-new"),
    path("me/goals/<int:pk>/edit/", progress.goal_edit, name="goal-edit"),
    path("me/goals/<int:pk>/delete/", progress.goal_delete, name="goal-delete"),
    path("me/export/hours.csv", progress.hours_export, name="hours-csv"),
    path("me/transcripts/", progress.transcript_list, name="transcripts"),
    path("me/transcripts/new/", progress.transcript_create, name="transcript-new"),
    path("me/transcripts/<slug:public_id>.pdf", progress.transcript_pdf, name="transcript-pdf"),
    path("me/transcripts/<slug:public_id>/revoke/", progress.transcript_revoke, name="transcript-revoke"),
    path("t/<slug:public_id>/", progress.transcript_public, name="transcript-public"),
]
