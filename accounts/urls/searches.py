from django.urls import path

from accounts.views import searches

app_name = "searches"
urlpatterns = [path("", searches.placeholder, name="list")]
