"""Personal API tokens on the wire: `Authorization: Bearer pi_…`.

Listed first among the authentication classes so an unauthenticated request gets a 401 with
`WWW-Authenticate: Bearer` (DRF answers 403 when the first class names no challenge).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.services import tokens

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the session (or anonymity) decides
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer <token>`, with nothing else in the header."
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            secret = ""
        token = tokens.api_token_authenticate(secret=secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is not valid: it may have been revoked. Create a new one at /accounts/tokens/."
            )
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (`pi_…`), created at /accounts/tokens/ or with "
            "POST /api/v1/me/tokens/. Shown once; we store only its hash.",
        }
