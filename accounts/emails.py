"""Sending our e-mails: each is a trio of templates, emails/<name>-subject.txt, -body.txt and
-body.html (healthchecks' layout), rendered with one context. Console backend by default."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def email_send(*, template: str, to: str, context: Mapping[str, Any]) -> None:
    """Render emails/<template>-* with `context` and send one message to `to`.

    Callers make sending idempotent themselves (claim a row first, then send): SMTP has no
    transactions, so this function cannot.
    """
    subject = " ".join(render_to_string(f"emails/{template}-subject.txt", context).split())
    text = render_to_string(f"emails/{template}-body.txt", context)
    html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
