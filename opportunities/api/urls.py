"""Public catalogue routes (being built)."""

urlpatterns: list = []
