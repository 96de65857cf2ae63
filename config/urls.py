from django.contrib import admin
from django.urls import include, path

from config import ops_views

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
    path("", include("opportunities.urls")),
    path("accounts/tokens/", include("accounts.urls.tokens")),
    # Ours first: it answers login/ (rate-limited) and reset/ itself; Django's auth views do the rest.
    path("accounts/", include("accounts.urls.account")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("me/saved/", include("accounts.urls.saved")),
    path("me/searches/", include("accounts.urls.searches")),
    path("me/hours/", include("accounts.urls.hours")),
    path("verify/", include("accounts.urls.verify")),
    path("", include("accounts.urls.progress")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
]

# Under /api/ these answer in problem+json; elsewhere they render the usual HTML pages.
handler400 = "config.api.handler400"
handler403 = "config.api.handler403"
handler404 = "config.api.handler404"
handler500 = "config.api.handler500"
