"""Pages: progress (being built)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def placeholder(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("Coming soon", content_type="text/plain")
