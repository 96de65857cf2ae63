"""The site's URLs plus the baselines the benchmark compares against (never mounted in the app)."""

from django.urls import include, path

from bench import baselines

urlpatterns = [
    path("bench/bare-list/", baselines.bare_list),
    path("", include("config.urls")),
]
