from django.urls import path, re_path

from accounts.views import searches

app_name = "searches"
urlpatterns = [
    path("", searches.search_list, name="list"),
    path("<int:search_id>/", searches.search_detail, name="detail"),
    path("<int:search_id>/delete/", searches.search_delete, name="delete"),
    path("<int:search_id>/links/", searches.feed_links_rotate, name="rotate"),
    # Private feeds: the secret in the URL is the credential (no login for feed readers).
    re_path(r"^feed/(?P<token>[A-Za-z0-9_-]{1,100})\.(?P<kind>rss|atom|ics)$", searches.feed, name="feed"),
]
