from django.urls import path

from accounts.views import progress

app_name = "progress"
urlpatterns = [path("me/", progress.placeholder, name="dashboard")]
