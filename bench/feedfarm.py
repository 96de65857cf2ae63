"""A loopback feed server with a network's bad manners: latency, hanging requests and a slow feed.

`FeedFarm` serves a dict name -> (body, content type) at http://127.0.0.1:PORT/NAME from a
ThreadingHTTPServer in a background thread. Every request waits `latency` seconds before it is
answered; a fixed fraction of requests hang (no answer at all, longer than any client waits); and one
named feed may "drip": headers at once, then one byte of body every `drip_interval` seconds.

Which requests hang is reproducible: the n-th request for every feed belongs to "pass n" over the
corpus, and in each pass exactly ceil(fraction * feeds) feeds hang, chosen by a seeded hash of
(pass, name). Two farms with the same seed and feeds hang the same requests, whatever the timing.
No ETag or Last-Modified is sent, so every fetch is a 200 with the whole body.

Other servers reuse the machinery (the threaded server that never waits for its handlers, stop()
waking every sleeper): a subclass overrides `respond()` to answer each request its own way, as
bench.simulate's farm of 500 feeds with ETags, rotating content, errors and hostile bodies does.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import threading
from collections import Counter
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

DEFAULT_LATENCY = 0.2
DEFAULT_HANG_FRACTION = 0.05
# Longer than any client deadline the benchmark uses, short enough that a forgotten handler ends
# by itself; stop() wakes every sleeping handler at once anyway.
DEFAULT_HANG_SECONDS = 30.0
DEFAULT_DRIP_INTERVAL = 0.05


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hanging handler must never keep the process alive
    block_on_close = False  # stop() must not wait for handlers asleep on purpose
    request_queue_size = 512  # the listen backlog: a worker opens many connections at once
    farm: FeedFarm


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection, as each app fetch uses a new client

    def do_GET(self) -> None:
        # A client that gave up (its deadline passed) is exactly what a slow feed should cause.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.server.farm.respond(self)

    def drip(self, body: bytes, farm: FeedFarm) -> None:
        """Headers already sent: one byte every drip_interval, until the body, the farm or the
        drip budget (hang_seconds) ends."""
        self.wfile.flush()
        for index in range(len(body)):
            if farm.stopping.wait(farm.drip_interval) or farm.drip_budget_spent(index):
                return
            self.wfile.write(body[index : index + 1])
            self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # the base class's signature
        pass  # thousands of requests per run: the access log would drown the results


# What a subclass's respond() receives: the request, with send_response/wfile and drip().
FarmRequest = _Handler


class FeedFarm:
    """A context manager: `with FeedFarm(feeds) as farm: fetch(farm.url_for("a"))`."""

    def __init__(
        self,
        feeds: Mapping[str, tuple[bytes, str]],
        *,
        latency: float = DEFAULT_LATENCY,
        hang_fraction: float = DEFAULT_HANG_FRACTION,
        hang_seconds: float = DEFAULT_HANG_SECONDS,
        drip: str | None = None,
        drip_interval: float = DEFAULT_DRIP_INTERVAL,
        seed: int = 9,
        port: int = 0,
    ) -> None:
        if drip is not None and drip not in feeds:
            raise ValueError(f"The drip feed {drip!r} is not one of the feeds served.")
        self.feeds = dict(feeds)
        self.latency, self.hang_fraction, self.hang_seconds = latency, hang_fraction, hang_seconds
        self.drip, self.drip_interval, self.seed = drip, drip_interval, seed
        self.port = port  # 0: any free port (base_port says which)
        self.stopping = threading.Event()
        self.served: Counter[str] = Counter()  # behaviour -> requests: "ok", "hang", "drip"
        self._requests: Counter[str] = Counter()  # name -> requests so far
        self._hanging_by_pass: dict[int, frozenset[str]] = {}
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- Lifecycle ------------------------------------------------------------------------------

    def start(self) -> FeedFarm:
        self.stopping.clear()
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.farm = self
        self._thread = threading.Thread(target=self._server.serve_forever, name="feedfarm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.stopping.set()  # wakes every handler asleep in latency, a hang or a drip
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FeedFarm:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_port(self) -> int:
        if self._server is None:
            raise RuntimeError("The farm is not running: start() it first.")
        return self._server.server_address[1]

    def url_for(self, name: str, *, host: str = "127.0.0.1") -> str:
        """The feed's URL; `host` lets each feed look like its own site (resolved to loopback)."""
        return f"http://{host}:{self.base_port}/{quote(name)}"

    # --- Behaviour ------------------------------------------------------------------------------

    def respond(self, request: _Handler) -> None:
        """Answer one GET (subclasses override): the feed at /NAME, after the latency, unless this
        request is one that hangs or the feed is the one that drips."""
        name = unquote(request.path.lstrip("/").split("?", 1)[0])
        if name not in self.feeds:
            request.send_error(404)
            return
        behaviour = self.behaviour_for(name)
        if self.stopping.wait(self.latency):
            return
        if behaviour == "hang":
            self.stopping.wait(self.hang_seconds)  # say nothing; the connection closes after
            return
        body, content_type = self.feeds[name]
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if behaviour == "drip":
            request.drip(body, self)
        else:
            request.wfile.write(body)

    def behaviour_for(self, name: str) -> str:
        """Count the request and decide its fate: "drip", "hang" or "ok"."""
        with self._lock:
            number = self._requests[name]
            self._requests[name] += 1
            behaviour = "drip" if name == self.drip else "hang" if name in self._hanging(number) else "ok"
            self.served[behaviour] += 1
        return behaviour

    def _hanging(self, pass_number: int) -> frozenset[str]:
        """The feeds that hang in this pass: the lowest seeded hashes, exactly ceil(fraction * feeds)
        of them (ceil, so a 5 % target is never tested with fewer timeouts than asked)."""
        if pass_number not in self._hanging_by_pass:
            count = math.ceil(self.hang_fraction * len(self.feeds))
            ranked = sorted(self.feeds, key=lambda name: _seeded_hash(self.seed, pass_number, name))
            self._hanging_by_pass[pass_number] = frozenset(ranked[:count])
        return self._hanging_by_pass[pass_number]

    def drip_budget_spent(self, bytes_sent: int) -> bool:
        """A drip ends by itself after hang_seconds, so no handler outlives the farm's purpose."""
        return bytes_sent * self.drip_interval >= self.hang_seconds


def _seeded_hash(seed: int, pass_number: int, name: str) -> int:
    digest = hashlib.blake2b(f"{seed}:{pass_number}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")
