from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.api import router

urlpatterns = [
    path("", include("opportunities.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/", include("accounts.urls.account")),
    path("me/saved/", include("accounts.urls.saved")),
    path("me/searches/", include("accounts.urls.searches")),
    path("me/hours/", include("accounts.urls.hours")),
    path("verify/", include("accounts.urls.verify")),
    path("", include("accounts.urls.progress")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
