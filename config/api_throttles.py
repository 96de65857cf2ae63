"""API rate limits: a courtesy that keeps one script from starving others, not a security boundary.

Its own module, importing no DRF view: DRF builds APIView from settings that name these classes,
so a module that imported rest_framework.views here would be half-loaded when that happens.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import throttling
from rest_framework.request import Request


class _SettingsRate:
    """Reads its rate from settings.API_THROTTLE_RATES at each request (DRF binds rates at import,
    which would make them impossible to change in a test or per deployment at run time)."""

    scope: str

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Per client address for requests without a token or session (API_THROTTLE_ANON)."""

    def get_ident(self, request: Request) -> str:
        # The address the login throttle uses: X-Forwarded-For only behind a proxy we trust
        # (LOGIN_TRUST_X_FORWARDED_FOR), never a header any client can write.
        from accounts.forms import client_ip

        return client_ip(request) or "unknown"


class ClientThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Per token for token requests (two scripts of one person are limited apart), per person for
    session requests (API_THROTTLE_USER)."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        token_id = getattr(request.auth, "pk", None)
        ident = f"token-{token_id}" if token_id is not None else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
