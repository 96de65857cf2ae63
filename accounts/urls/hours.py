from django.urls import path

from accounts.views import hours

app_name = "hours"
urlpatterns = [
    path("", hours.entry_list, name="list"),
    path("new/", hours.entry_create, name="new"),
    path("<int:entry_id>/", hours.entry_detail, name="detail"),
    path("<int:entry_id>/edit/", hours.entry_edit, name="edit"),
    path("<int:entry_id>/delete/", hours.entry_delete, name="delete"),
    path("<int:entry_id>/verify/", hours.verification_ask, name="verify"),
    path(
        "<int:entry_id>/verify/<int:verification_id>/resend/",
        hours.verification_resend,
        name="verify-resend",
    ),
    path("timer/start/", hours.timer_start, name="timer-start"),
    path("timer/stop/", hours.timer_stop, name="timer-stop"),
]
