"""Everything under /api/v1/: the public catalogue, a person's own records, the change feed,
the OpenAPI schema with its Swagger UI and ReDoc (served from our static files), and the pages
that document each problem type."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from config import api_views

urlpatterns = [
    path("", api_views.ApiRootView.as_view(), name="api-root"),
    path("", include("opportunities.api.urls")),
    path("", include("accounts.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("problems/<slug:slug>/", api_views.ProblemTypeView.as_view(), name="api-problem"),
]
