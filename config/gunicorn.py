"""gunicorn's production configuration: `gunicorn --config config/gunicorn.py config.wsgi`.

Read from the environment only, like config/settings.py, and as strictly: a malformed number
stops the start with a message naming the variable. Every default below is what one web machine
behind a reverse proxy should run with; `make load` (bench/load/) measures it.

    GUNICORN_BIND          address to listen on (default 127.0.0.1:8000; 0.0.0.0:$PORT when PORT is set)
    WEB_CONCURRENCY        worker processes (default 2 x cores + 1)
    GUNICORN_THREADS       threads per worker (default 2)
    GUNICORN_TIMEOUT       seconds a silent worker lives before it is killed and replaced (default 30)
    GUNICORN_GRACEFUL_TIMEOUT  seconds in-flight requests get on a restart or stop (default 25)
    GUNICORN_MAX_REQUESTS  requests after which a worker is replaced (default 1000; 0 = never)
    GUNICORN_MAX_REQUESTS_JITTER  random extra requests, per worker (default 200)
    GUNICORN_KEEPALIVE     seconds an idle keep-alive connection stays open (default 75)
    GUNICORN_ACCESS_LOG    "-" for gunicorn's access log on stdout (default: off, see below)
    GUNICORN_LOG_LEVEL     gunicorn's own messages (default info)
    FORWARDED_ALLOW_IPS    proxies trusted for X-Forwarded-Proto (default 127.0.0.1,::1)
"""

from __future__ import annotations

import os


def _number(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number (config/gunicorn.py).") from None
    if value < minimum:
        raise SystemExit(f"{name}={value} must be at least {minimum} (config/gunicorn.py).")
    return value


def _cores() -> int:
    # The CPUs this process may run on (a container's or systemd's CPU set), not the host's count.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "config.wsgi:application"

# Behind a reverse proxy on the same machine by default: loopback only, never exposed by accident.
# Heroku-style platforms set PORT and route to it from outside, hence 0.0.0.0 there.
_port = os.environ.get("PORT", "").strip()
bind = [os.environ.get("GUNICORN_BIND", "").strip() or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")]

# Requests are CPU-bound Python (templates, serializers) between database round trips: about two
# processes per core keep the cores busy while others wait on the database. Processes, not
# threads, carry the load because the GIL lets only one thread of a process run Python at a time.
workers = _number("WEB_CONCURRENCY", 2 * _cores() + 1, minimum=1)

# gthread, even with few threads: an idle keep-alive connection from the proxy then waits in the
# worker's poller instead of occupying the worker (the sync worker cannot keep connections alive).
# Two threads let a worker serve a second request while the first waits on PostgreSQL or on
# SQLite's write lock. Each thread holds its own database connection (CONN_MAX_AGE): the server
# must allow workers x threads connections per web machine (docs/scaling.md).
worker_class = "gthread"
threads = _number("GUNICORN_THREADS", 2, minimum=1)

# A worker whose main loop is silent this long (stuck in C code, holding the GIL) is killed and
# replaced. Above SQLite's busy timeout (SQLITE_BUSY_TIMEOUT_SECONDS, 20 s), so a write queued
# for the lock gets its answer before its worker could be killed. With gthread a slow request
# in a thread does not trip it: that is the proxy's read timeout's job.
timeout = _number("GUNICORN_TIMEOUT", 30, minimum=1)

# On a restart (SIGHUP, a deploy) or a stop, requests in flight get this long to finish. Below
# systemd's TimeoutStopSec (40 s in deploy/systemd/pitchin-web.service) and Heroku's 30 s before
# SIGKILL, so gunicorn, not the supervisor, decides what is cut off.
graceful_timeout = _number("GUNICORN_GRACEFUL_TIMEOUT", 25, minimum=1)

# Replace each worker after about this many requests: memory that a long-lived Python process
# accumulates (fragmentation, caches, a slow leak in a library) is then bounded by the request
# count, not by uptime. The jitter spreads the replacements so the workers do not all restart
# at the same moment; a replacement finishes its requests first (graceful_timeout).
max_requests = _number("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _number("GUNICORN_MAX_REQUESTS_JITTER", 200)

# The proxy reuses its connections to us. It must be the one to close an idle connection: if
# gunicorn closed it first, a request the proxy sends at that instant would fail (a 502). nginx's
# upstream keepalive_timeout and most cloud load balancers idle out at 60 s, hence 75.
keepalive = _number("GUNICORN_KEEPALIVE", 75, minimum=1)

# Load the app in each worker after the fork, not once in the master: SIGHUP (systemctl reload,
# see the systemd unit) then starts workers with the new code, and no database connection or
# Redis client can be opened before the fork and shared by every worker. The cost is a few tens
# of MB per worker that copy-on-write would have shared, and a slower worker start.
preload_app = False

# The app writes one JSON access line per request itself (config.logs.RequestIdMiddleware:
# method, path, status, duration_ms, user_id, request_id), so gunicorn's is off by default. Turn
# it on ("-" for stdout) only to see requests the app never answered; the format is one JSON object
# per line with the same keys. Values are not JSON-escaped: a quote in a path breaks that one line.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or None
access_log_format = (
    '{"logger": "gunicorn.access", "time": "%(t)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "duration_ms": %(M)s, "bytes": "%(b)s", "request_id": "%({x-request-id}o)s", '
    '"remote": "%(h)s"}'
)
# gunicorn's own messages (start, worker boot and exit, timeouts) on stderr, where the app's
# JSON lines go too: the platform's collector (journald, Vector) reads one stream.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info").strip().lower()

# Only these addresses may set X-Forwarded-Proto (whether the client used https): the proxy's.
# Anyone else could otherwise claim https and get secure-only behaviour over plain http.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The worker heartbeat touches a file every second; on a disk-backed /tmp that write can stall a
# worker (gunicorn's docs, "Blocking os.fchmod"). /dev/shm is memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - Linux shared memory

# gunicorn >= 25.1 opens a control socket under $HOME by default: the systemd unit's ProtectHome
# forbids that, and two gunicorns of one user (a deploy, `make load`) would fight over the path.
control_socket_disable = True

proc_name = "pitchin-web"
