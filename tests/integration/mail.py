"""An e-mail backend for workers under test: Django's file backend (every message written under
EMAIL_FILE_PATH, so the test counts what was really sent, across processes), which then stalls
while MAIL_STALL_FILE lists the message's recipient. That opens the window between "sent" and
"recorded as sent", where a worker is killed to prove a retry does not send again."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from pathlib import Path

from django.core.mail.backends import filebased

STALL_LIMIT = 120.0  # seconds: a test that forgets the stall file does not hang a worker for ever
SEPARATOR = "-" * 79  # what the file backend writes after each message


class StallingFileBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        sent = super().send_messages(email_messages)  # written and closed: the e-mail is out
        stall = Path(os.environ.get("MAIL_STALL_FILE", "/nonexistent"))
        recipients = {address for message in email_messages for address in message.recipients()}
        deadline = time.monotonic() + STALL_LIMIT
        while time.monotonic() < deadline and stall.exists() and recipients & set(stall.read_text().split()):
            time.sleep(0.05)
        return sent


def sent(folder: Path) -> Counter[str]:
    """How many messages each address was sent, read from every file the backend wrote."""
    counts: Counter[str] = Counter()
    for file in sorted(folder.glob("*.log")) if folder.exists() else []:
        for message in file.read_text(errors="replace").split(SEPARATOR):
            match = re.search(r"^To: (.+)$", message, re.MULTILINE)
            if match:
                counts[match[1].strip()] += 1
    return counts
