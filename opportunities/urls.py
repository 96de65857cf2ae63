from django.urls import path

from opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("", views.home, name="home"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="detail"),
]
