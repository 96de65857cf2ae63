from django.urls import path

from accounts.views import account

app_name = "account"
urlpatterns = [
    path("signup/", account.placeholder, name="signup"),
    path("profile/", account.placeholder, name="profile"),
]
