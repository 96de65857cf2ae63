from django.urls import path

from accounts.views import saved

app_name = "saved"
urlpatterns = [path("", saved.placeholder, name="board")]
