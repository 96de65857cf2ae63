from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.migrations.loader import MigrationLoader


def test_the_custom_user_model_is_created_by_the_first_accounts_migration():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model()._meta.label == "accounts.User"
    first = MigrationLoader(None, ignore_no_migrations=True).disk_migrations[("accounts", "0001_initial")]
    assert any(getattr(operation, "name", "") == "User" for operation in first.operations)
