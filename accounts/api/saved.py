"""Stub: filled in by the API work for this area."""

urlpatterns: list = []
