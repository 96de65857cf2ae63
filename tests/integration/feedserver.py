"""A loopback feed server for real workers: bodies served in slow chunks, a request log, and gates
that hold a chosen response halfway through its body until the test opens them. A gate is how a
test knows a worker is *inside* a fetch (to overlap a second delivery with it, or to kill it there)
without guessing with sleeps."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GATE_TIMEOUT = 120.0  # a forgotten gate opens by itself, so a failing test cannot hang for ever


@dataclass
class Gate:
    arrived: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    def open(self) -> None:
        self.opened.set()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    feeds: FeedServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        feeds = self.server.feeds
        path = self.path.split("?", 1)[0]
        feeds.record(self.path)
        route = feeds.routes.get(path)
        if route is None:
            self.send_error(404)
            return
        body, content_type = route(self.path)
        gate = feeds.gates.get(self.path) or feeds.gates.get(path)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        size = max(1, len(body) // feeds.chunks)
        try:
            for start in range(0, len(body), size):
                if gate is not None and start >= len(body) // 2:
                    gate.arrived.set()
                    gate.opened.wait(GATE_TIMEOUT)
                    gate = None
                self.wfile.write(body[start : start + size])
                self.wfile.flush()
                time.sleep(feeds.chunk_delay)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker was killed while reading: exactly what some tests do

    def log_message(self, format: str, *args: object) -> None:  # the base class's signature
        pass


class FeedServer:
    """routes: path -> function(full request path) -> (body, content type)."""

    def __init__(self, *, chunks: int = 8, chunk_delay: float = 0.02) -> None:
        self.routes: dict[str, Callable[[str], tuple[bytes, str]]] = {}
        self.gates: dict[str, Gate] = {}
        self.chunks, self.chunk_delay = chunks, chunk_delay
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.feeds = self
        self.host = f"127.0.0.1:{self._server.server_address[1]}"
        self.base = f"http://{self.host}"

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for seen in self.requests if seen == path or seen.split("?", 1)[0] == path)

    def gate(self, target: str) -> Gate:
        """Hold the response to `target` (a path, or a path with its query) halfway through."""
        self.gates[target] = Gate()
        return self.gates[target]

    def open_all(self) -> None:
        for gate in self.gates.values():
            gate.open()
        self.gates.clear()

    @contextmanager
    def running(self) -> Iterator[FeedServer]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.open_all()
            self._server.shutdown()
            self._server.server_close()
