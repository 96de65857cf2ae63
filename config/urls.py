from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.api import router

urlpatterns = [
    path("", include("opportunities.urls")),
    # Ours first: it answers login/ (rate-limited) and reset/ itself; Django's auth views do the rest.
    path("accounts/", include("accounts.urls.account")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("me/saved/", include("accounts.urls.saved")),
    path("me/searches/", include("accounts.urls.searches")),
    path("me/hours/", include("accounts.urls.hours")),
    path("verify/", include("accounts.urls.verify")),
    path("", include("accounts.urls.progress")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(router.urls)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
