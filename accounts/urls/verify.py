from django.urls import path

from accounts.views import verify

app_name = "verify"
urlpatterns = [path("<str:token>/", verify.answer, name="answer")]
