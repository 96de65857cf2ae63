"""Source credentials at rest: Fernet-encrypted JSON, decrypted only when a fetch needs them.

The key is CREDENTIALS_KEY when set, else one derived from SECRET_KEY. Keys derived from
SECRET_KEY_FALLBACKS still decrypt, so rotating SECRET_KEY the documented Django way does not
lose stored API keys (the next save re-encrypts with the current key).
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class CredentialsUnreadable(Exception):
    """Stored credentials were encrypted with a key this deployment no longer has."""


def _derive_key(secret: str) -> bytes:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"pitchin source credentials").derive(
        secret.encode()
    )
    return base64.urlsafe_b64encode(raw)


def _fernet() -> MultiFernet:
    keys = [settings.CREDENTIALS_KEY.encode()] if settings.CREDENTIALS_KEY else []
    keys += [_derive_key(secret) for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(values: dict[str, str]) -> str:
    if not values:
        return ""
    return _fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise CredentialsUnreadable(
            "Stored source credentials cannot be decrypted with the current keys: restore the old "
            "SECRET_KEY in SECRET_KEY_FALLBACKS (or the old CREDENTIALS_KEY), or enter the credentials again."
        ) from exc


def mask(value: str) -> str:
    """Enough to recognise a key ("••••a1b2"), never enough to use it."""
    if len(value) < 12:
        return "••••"
    return "••••" + value[-4:]
