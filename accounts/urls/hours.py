from django.urls import path

from accounts.views import hours

app_name = "hours"
urlpatterns = [path("", hours.placeholder, name="list")]
