"""Celery signal handlers: every task's log lines carry its id and the request id that enqueued
it, and every task's outcome and run time are counted for /metrics."""

from __future__ import annotations

import time

from celery import signals

from config import logs, metrics

_started: dict[str, float] = {}  # task id -> perf_counter at start (one entry per running task)


@signals.before_task_publish.connect
def _carry_request_id(headers: dict | None = None, **kwargs: object) -> None:
    """A task enqueued while serving a request carries that request's id in its headers."""
    request_id = logs.request_id_var.get()
    if headers is not None and request_id and "request_id" not in headers:
        headers["request_id"] = request_id


@signals.task_prerun.connect
def _task_started(task_id: str = "", task: object = None, **kwargs: object) -> None:
    name = getattr(task, "name", "")
    logs.task_var.set((task_id, name))
    logs.request_id_var.set(getattr(getattr(task, "request", None), "request_id", None) or "")
    _started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _task_finished(
    task_id: str = "", task: object = None, state: str = "", retval: object = None, **kw: object
):  # type: ignore[no-untyped-def]
    started = _started.pop(task_id, None)
    name = getattr(task, "name", "")
    seconds = time.perf_counter() - started if started is not None else 0.0
    outcome = {"SUCCESS": "succeeded", "RETRY": "retried"}.get(state, "failed")
    metrics.task_finished(task=name, state=outcome, seconds=seconds)
    if name == "opportunities.tasks.source_fetch":
        # A retried fetch ended in a transient failure; its next attempt is counted on its own.
        result = "failed_transient" if state == "RETRY" else retval
        if isinstance(result, str):
            metrics.fetch_finished(result=result)
    logs.task_var.set(("", ""))
    logs.request_id_var.set("")
