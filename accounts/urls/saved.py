from django.urls import path

from accounts.views import saved

app_name = "saved"
urlpatterns = [
    path("", saved.board, name="board"),
    path("<int:saved_id>/", saved.item, name="item"),
    path("<int:saved_id>/stage/", saved.stage_set, name="stage"),
    path("<int:saved_id>/note/", saved.note_set, name="note"),
    path("<int:saved_id>/follow-up/", saved.follow_up_set, name="follow_up"),
    path("<int:saved_id>/seen/", saved.seen_mark, name="seen"),
]
