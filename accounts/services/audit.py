"""The audit trail of an hours entry: who did what, when and how.

Every service that changes an entry or its verification calls `audit_record` inside its own
transaction, so an event exists exactly when the change it describes was committed. Events are
append-only; nothing edits or deletes them, except that they cascade away with their entry
(a deleted entry leaves no trail: there is nothing left to attach it to, and that is accepted).
"""

from __future__ import annotations

from typing import Any

from accounts.models import AuditEvent, HoursEntry

ACTOR_VOLUNTEER = "volunteer"
ACTOR_SYSTEM = "system"

VIA_WEB = "web"
VIA_API = "api"
VIA_EMAIL_LINK = "email link"
VIA_TASK = "task"


def actor_contact(email: str) -> str:
    """The actor string for the contact who answered a verification link."""
    return f"contact:{email}"


def audit_record(
    *, entry: HoursEntry, actor: str, action: str, via: str, details: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event. Call it inside the caller's transaction, after the change it records."""
    return AuditEvent.objects.create(entry=entry, actor=actor, action=action, via=via, details=details or {})
