"""Structured logs: JSON lines, one access line per request, and a request id that follows the
work from the response header into the tasks the request enqueued."""

from __future__ import annotations

import json
import logging
import time

import pytest
from celery import signals

from config import logs
from config.celery import app
from opportunities import tasks


def _json_formatter() -> logging.Formatter:
    config = logs.logging_config(level="INFO", json=True)["formatters"]["json"]
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(config["format"], rename_fields=config["rename_fields"], timestamp=False)


@pytest.mark.django_db
def test_every_response_carries_a_fresh_request_id(anon):
    first, second = anon.get("/healthz")["X-Request-ID"], anon.get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("proxy-abc-12345678", True),
        ("short", False),  # under 8 characters
        ("evil\nINFO forged line", False),
        ("x" * 200, False),
        ('{"json": 1}', False),
    ],
)
def test_a_request_id_from_the_proxy_is_kept_only_when_it_is_a_plain_token(anon, sent, kept):
    echoed = anon.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert (echoed == sent) is kept
    assert "\n" not in echoed


@pytest.mark.django_db
def test_one_json_access_line_per_request_with_its_id(alice_client, alice, caplog):
    with caplog.at_level(logging.INFO, logger="pitchin.request"):
        response = alice_client.get("/healthz", HTTP_X_REQUEST_ID="req-0000-1111")
    (record,) = [r for r in caplog.records if r.name == "pitchin.request"]
    logs.ContextFilter().filter(record)
    line = json.loads(_json_formatter().format(record))
    assert response.status_code == 200
    assert line["message"] == "GET /healthz 200"
    assert line["request_id"] == "req-0000-1111"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"
    assert line["user_id"] == alice.pk
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"
    assert line["logger"] == "pitchin.request"


def test_log_lines_outside_a_request_carry_the_task_id():
    token = logs.task_var.set(("task-123", "opportunities.tasks.heartbeat_record"))
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        logs.ContextFilter().filter(record)
    finally:
        logs.task_var.reset(token)
    line = json.loads(_json_formatter().format(record))
    assert line["task_id"] == "task-123"
    assert line["task"] == "opportunities.tasks.heartbeat_record"
    assert line["request_id"] == ""


def test_settings_refuse_an_unknown_log_format(monkeypatch):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"LOG_FORMAT": "xml", "SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "config.settings", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT='xml': use json or plain." in result.stderr


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_during_a_request_runs_with_that_request_id(live_worker):
    seen: list[str] = []

    def record(task=None, **kwargs):  # runs in the worker thread, after _task_started set the id
        seen.append(logs.request_id_var.get())

    signals.task_success.connect(record, weak=False)
    token = logs.request_id_var.set("req-from-web-42")
    try:
        tasks.heartbeat_record.apply_async(args=["logs"], queue=live_worker)
    finally:
        logs.request_id_var.reset(token)
    try:
        deadline = time.monotonic() + 30
        while not seen and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        signals.task_success.disconnect(record)
    assert seen == ["req-from-web-42"]
    assert app.conf.task_default_queue == live_worker
