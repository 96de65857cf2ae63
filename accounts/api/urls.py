"""A person's own records under /api/v1/me/ (and saving a listing, PUT/DELETE
/api/v1/opportunities/{id}/save/). Each area keeps its routes in its own module."""

from accounts.api import goals, hours, profile, saved, searches, tokens

urlpatterns = [
    *profile.urlpatterns,
    *saved.urlpatterns,
    *searches.urlpatterns,
    *tokens.urlpatterns,
    *hours.urlpatterns,
    *goals.urlpatterns,
]
