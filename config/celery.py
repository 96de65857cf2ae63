"""The Celery app. Settings come from Django's (namespace CELERY_), tasks from each app's tasks.py."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pitchin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

import config.task_signals  # noqa: E402,F401 - connects the request-id and metrics handlers


@signals.setup_logging.connect
def _use_django_logging(**kwargs: object) -> None:
    """Connected, so Celery leaves logging alone: worker and beat log through settings.LOGGING
    (JSON lines with the task id) like the web processes, instead of Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


def _ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport does not create its folders; a fresh clone has none."""
    from django.conf import settings

    if not str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
        return
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)


@app.on_after_configure.connect
def _prepare_broker(sender: Celery, **kwargs: object) -> None:
    _ensure_filesystem_broker_folders()
