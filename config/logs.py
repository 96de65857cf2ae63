"""Structured logs: one JSON object per line, each carrying the request id or the task id.

A request id comes from the proxy (X-Request-ID, when it looks like one) or is made here; it is
sent back on the response, put on every log line the request causes, and carried in the headers
of every task the request enqueues, so one search of the logs follows a click to its e-mail.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module: keep it free of Django imports at load time
    from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# Whatever a client or proxy sends ends up in log lines: accept only a plain token.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
task_var: ContextVar[tuple[str, str]] = ContextVar("task", default=("", ""))

request_logger = logging.getLogger("pitchin.request")


def request_id_from(header: str | None) -> str:
    if header and _VALID_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class ContextFilter(logging.Filter):
    """Adds request_id, task_id and task to every record (empty when there is none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", "") or request_id_var.get()
        task_id, task_name = task_var.get()
        record.task_id = getattr(record, "task_id", "") or task_id
        record.task = getattr(record, "task", "") or task_name
        return True


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later log line of the request carries its id; one access line
    per request (method, path, status, duration, user) replaces gunicorn's access log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            user = getattr(request, "user", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def logging_config(*, level: str, json: bool) -> dict:
    """settings.LOGGING. JSON in production (LOG_FORMAT=json, the default); plain for `make run`."""
    fields = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s %(task)s"
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": fields,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s%(task_id)s] %(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "config.logs.ContextFilter"}},
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json else "plain",
                "filters": ["context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }
