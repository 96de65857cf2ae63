"""Public catalogue routes under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from opportunities.api import changes, views

router = SimpleRouter()
router.register("opportunities", views.OpportunityViewSet, basename="api-opportunity")
router.register("causes", views.CauseViewSet, basename="api-cause")
router.register("skills", views.SkillViewSet, basename="api-skill")
router.register("sources", views.SourceViewSet, basename="api-source")
router.register("organizations", views.OrganizationViewSet, basename="api-organization")

urlpatterns = [
    *router.urls,
    path(
        "changes/opportunities/", changes.OpportunityChangesView.as_view(), name="api-changes-opportunities"
    ),
]
