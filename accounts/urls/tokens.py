"""Personal API tokens under /accounts/tokens/ (config/urls.py mounts this before accounts.urls.account)."""

from django.urls import path

from accounts.views import tokens

app_name = "tokens"
urlpatterns = [
    path("", tokens.token_list, name="list"),
    path("<int:token_id>/revoke/", tokens.token_revoke, name="revoke"),
]
