from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin plus our profile fields. The confirmation time is read-only: only the
    person's own click on the mailed link may set it."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("E-mail confirmation", {"fields": ("email_confirmed_at",)}),
        (
            "Profile",
            {
                "fields": (
                    "display_name",
                    "timezone",
                    ("available_from_hour", "available_to_hour"),
                    "country",
                    "languages",
                    "causes",
                    "skills",
                    "yearly_hours_goal",
                    "date_of_birth",
                )
            },
        ),
    )
    readonly_fields = ("email_confirmed_at", "last_login", "date_joined")
    filter_horizontal = (*DjangoUserAdmin.filter_horizontal, "causes", "skills")
    list_display = ("username", "email", "email_confirmed_at", "display_name", "is_staff")
    list_filter = (*DjangoUserAdmin.list_filter, ("email_confirmed_at", admin.EmptyFieldListFilter))
