from django.urls import path

from opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_results, name="search"),
    path("opportunities/<int:opportunity_id>/", views.opportunity_detail, name="detail"),
    path("opportunities/<int:opportunity_id>/save/", views.opportunity_save, name="save"),
    path("opportunities/<int:opportunity_id>/unsave/", views.opportunity_unsave, name="unsave"),
    path("causes/<slug:slug>/", views.cause_detail, name="cause"),
    path("organizations/<int:organization_id>/", views.organization_detail, name="organization"),
    path("sources/<int:source_id>/", views.source_detail, name="source"),
]
