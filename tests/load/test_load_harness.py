"""The production gunicorn config and the load test's own machinery (bench/load/). `make load`
itself runs outside the suite; these prove the pieces it trusts: the config gunicorn accepts, the
databases it picks, the traffic mix, and that mix.lua counts answers and acknowledged writes right."""

from __future__ import annotations

import itertools
import json
import os
import re
import runpy
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from bench.load import environment, wrk

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / "config" / "gunicorn.py"
OWN_VARIABLES = ("GUNICORN_", "WEB_CONCURRENCY", "PORT", "FORWARDED_ALLOW_IPS")


def _config(monkeypatch, **env: str) -> dict:
    for name in list(os.environ):
        if name.startswith(OWN_VARIABLES):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_gunicorn_defaults_suit_one_machine_behind_a_proxy(monkeypatch):
    config = _config(monkeypatch)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert config["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert config["worker_class"] == "gthread"
    assert config["preload_app"] is False  # SIGHUP (the unit's reload) must pick up new code
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    assert config["accesslog"] is None  # the app logs one JSON line per request itself
    assert config["errorlog"] == "-"


def test_gunicorn_kills_no_worker_before_a_queued_sqlite_write_has_its_answer(monkeypatch):
    busy_timeout = settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 20)
    assert _config(monkeypatch)["timeout"] > busy_timeout


def test_gunicorn_finishes_requests_before_systemd_would_kill_it(monkeypatch):
    unit = (ROOT / "deploy" / "systemd" / "pitchin-web.service").read_text()
    stop_seconds = int(re.search(r"^TimeoutStopSec=(\d+)$", unit, re.MULTILINE).group(1))
    assert _config(monkeypatch)["graceful_timeout"] < stop_seconds


def test_the_environment_overrides_the_gunicorn_defaults(monkeypatch):
    config = _config(
        monkeypatch,
        GUNICORN_BIND="0.0.0.0:9000",
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESS_LOG="-",
    )
    assert (config["bind"], config["workers"], config["threads"], config["accesslog"]) == (
        ["0.0.0.0:9000"],
        3,
        4,
        "-",
    )
    assert _config(monkeypatch, PORT="5000")["bind"] == ["0.0.0.0:5000"]  # Heroku-style platforms


def test_a_malformed_gunicorn_variable_stops_the_start_naming_it(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_THREADS='two'"):
        _config(monkeypatch, GUNICORN_THREADS="two")
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY=0"):
        _config(monkeypatch, WEB_CONCURRENCY="0")


def test_the_installed_gunicorn_accepts_the_config_and_loads_the_app():
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_VARIABLES)}
    env.setdefault("SECRET_KEY", "test-only")
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", str(CONFIG), "--check-config", "config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]


# --- bench/load ------------------------------------------------------------------------------------


def test_the_load_test_uses_databases_of_its_own_beside_postgresql():
    target = environment.choose({"DATABASE_URL": "postgres://u:secret@db:5432/pitchin"})
    assert target.run_url.endswith("/pitchin_load")
    assert target.template_url.endswith("/pitchin_load_seeded")
    assert "secret" not in target.describe()
    sqlite = environment.choose({})
    assert sqlite.vendor == "sqlite"
    assert sqlite.run_url.startswith(f"sqlite:///{environment.LOAD_VAR}/")
    with pytest.raises(environment.SetupError, match="neither PostgreSQL nor unset"):
        environment.choose({"DATABASE_URL": "mysql://db/pitchin"})


@pytest.mark.parametrize("own", range(16))
def test_the_load_cache_never_shares_a_redis_database_it_flushes(own):
    chosen = int(environment.choose({"REDIS_URL": f"redis://h:6379/{own}"}).redis_url.rsplit("/", 1)[1])
    # Not the tests' (0), not the app's, not the integration tests' (+8), not the simulation's (15 - own).
    assert chosen not in {0, own, (own + 8) % 16, 15 - own}


def test_the_load_cache_refuses_the_apps_own_redis_database():
    with pytest.raises(environment.SetupError, match="LOAD_REDIS_DB=3"):
        environment.choose({"REDIS_URL": "redis://h:6379/3", "LOAD_REDIS_DB": "3"})


def test_the_mix_is_sent_in_its_proportions_and_interleaved():
    order = wrk.schedule(wrk.MIX)
    assert {kind: order.count(kind) for kind in wrk.MIX} == wrk.MIX
    assert all(first != second for first, second in itertools.pairwise(order))


def test_a_mix_can_probe_one_kind_and_a_wrong_one_is_refused():
    assert wrk.mix_parse("hours=10,detail=2") == {
        "search": 0,
        "detail": 2,
        "api": 0,
        "browse": 0,
        "hours": 10,
    }
    for wrong in ("hours=lots", "posts=3", "hours=0"):
        with pytest.raises(ValueError, match="LOAD_MIX"):
            wrk.mix_parse(wrong)


class _AppStandIn(BaseHTTPRequestHandler):
    """Echoes X-Request-ID as the app does; 201 for an hours write (kept), 404 for /missing/."""

    protocol_version = "HTTP/1.1"
    writes: list[dict] = []
    connection_headers: set[str] = set()
    lock = threading.Lock()

    def _answer(self, status: int) -> None:
        with self.lock:
            self.connection_headers.add(self.headers.get("Connection", ""))
        self.send_response(status)
        self.send_header("X-Request-ID", self.headers.get("X-Request-ID", ""))
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_GET(self) -> None:
        self._answer(404 if self.path == "/missing/" else 200)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["Authorization"].startswith("Bearer pi_")
        with self.lock:
            self.writes.append(body)
        self._answer(201)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.skipif(wrk.wrk_path() is None, reason="needs Debian's wrk (`make load` installs it)")
@pytest.mark.parametrize("close", [False, True])
def test_mix_lua_counts_answers_by_kind_and_every_acknowledged_write(tmp_path, close):
    _AppStandIn.writes, _AppStandIn.connection_headers = [], set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AppStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fixture = {
        "tokens": ["pi_first", "pi_second"],
        "urls": {"search": ["/search/?q=a"], "browse": ["/missing/"], "detail": ["/d/1/"], "api": ["/api/"]},
    }
    try:
        result = wrk.run(
            f"http://127.0.0.1:{server.server_address[1]}",
            run="t1",
            fixture=fixture,
            mix=wrk.MIX,
            close=close,
            seconds=1,
            connections=4,
            threads=1,
            work_dir=tmp_path,
        )
    finally:
        server.shutdown()
    statuses = result["statuses"]
    assert statuses["browse 404"] == result["non_2xx_3xx"] > 0
    assert {key.split()[0] for key in statuses} == set(wrk.MIX)  # every answer attributed to its kind
    stored = [write["activity"] for write in _AppStandIn.writes]
    assert len(stored) == len(set(stored))  # one body per request, never the same write twice
    acknowledged = result["acknowledged_writes"]
    assert acknowledged
    assert set(acknowledged) <= set(stored)
    assert len(set(stored) - set(acknowledged)) <= 4  # in flight on the 4 connections when wrk stopped
    assert all(re.fullmatch(r"load-t1-hours-1-\d+", activity) for activity in stored)
    assert all(re.fullmatch(r"20(23|24|25)-\d\d-\d\d", write["date"]) for write in _AppStandIn.writes)
    assert {write["minutes"] for write in _AppStandIn.writes} == {1}
    assert _AppStandIn.connection_headers == ({"close"} if close else {""})
