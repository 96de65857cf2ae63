"""What the hostile corpus runs in: a loopback feed server, fake DNS, a socket spy, memory readings,
row snapshots, and the invariants every stored row must keep whatever a feed sent.

No test here touches the internet: every socket a fetch opens goes through SocketSpy, which lets
through only the loopback test server and refuses (and records) everything else.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import ipaddress
import math
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import FeedError
from opportunities.normalize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

SERVER_HOST = "feeds.hostile.test"  # a name, so a literal 127.0.0.1 stays refused everywhere
REBIND_HOST = "rebind.hostile.test"
PUBLIC_ADDRESS = "93.184.216.34"  # what a public name resolves to (never reached: the spy refuses it)

# --- The loopback server ------------------------------------------------------------------------


@dataclass(frozen=True)
class Serve:
    """How the loopback server answers one path. `location` may name {port} (this server) and
    {canary} (a port nothing must ever connect to)."""

    status: int = 200
    content_type: str = "application/octet-stream"
    headers: tuple[tuple[str, str], ...] = ()
    location: str = ""
    declare_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    drip_body: float = 0.0  # seconds between the bytes of the body
    drip_status: float = 0.0  # seconds between the bytes of the status line (headers never end)
    body_bytes: int = 0  # with drip_*: how many bytes to offer


class LoopbackServer:
    """A threaded HTTP/1.0 server on 127.0.0.1 answering from a route table set by the test."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[Serve, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                serve, body = server.routes.get(self.path, (Serve(status=404), b"not found"))
                # The client giving up (at its deadline) is the point of a drip.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
                    server.answer(self, serve, body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, handler: http.server.BaseHTTPRequestHandler, serve: Serve, body: bytes) -> None:
        out = handler.wfile
        if serve.drip_status:
            for byte in b"HTTP/1.0 200 OK\r\nX-Drip: " + b"x" * serve.body_bytes:
                out.write(bytes([byte]))
                out.flush()
                time.sleep(serve.drip_status)
            return
        handler.send_response(serve.status)
        handler.send_header("Content-Type", serve.content_type)
        for name, value in serve.headers:
            handler.send_header(name, value)
        if serve.location:
            handler.send_header("Location", serve.location.format(port=self.port, canary=CANARY_PORT[0]))
        if serve.drip_body:
            handler.send_header("Content-Length", str(serve.body_bytes))
            handler.end_headers()
            for _ in range(serve.body_bytes):
                out.write(b"<")
                out.flush()
                time.sleep(serve.drip_body)
            return
        if serve.declare_length:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        out.write(body)

    def url(self, path: str) -> str:
        return f"http://{SERVER_HOST}:{self.port}{path}"

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# A port on loopback that redirects and rebinding answers point at. Nothing listens there: the
# spy refuses any connection to it (and to anything but the server) before it is made.
CANARY_PORT = [0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- DNS and sockets ----------------------------------------------------------------------------


class FakeDns:
    """feeds/http.py's resolver, for tests: the server's name and "localhost" are loopback, the
    rebinding name answers public first and loopback after, numeric hosts ("0x7f000001") are read
    as the C library reads them, and any other name fails (there is no DNS here)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self._rebind_answers: list[list[str]] = []

    def reset(self) -> None:
        self.calls.clear()
        self._rebind_answers = [[PUBLIC_ADDRESS], ["127.0.0.1"]]

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host in (SERVER_HOST, "localhost"):
            return ["127.0.0.1"]
        if host == REBIND_HOST:
            # The first answer is the one checked; any later lookup (a second resolve just before
            # connecting, as a naive client makes) would get loopback.
            return self._rebind_answers.pop(0) if len(self._rebind_answers) > 1 else self._rebind_answers[0]
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise FeedError(
                f"Could not resolve {host}: there is no DNS in these tests.", permanent=False
            ) from None
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


class SocketSpy:
    """Records every address a socket in this process tries to connect to, and refuses each one
    but the loopback test server: nothing else is ever actually connected to."""

    def __init__(self, allowed: set[tuple[str, int]]) -> None:
        self.allowed = allowed
        self.attempts: list[tuple[str, int]] = []

    def check(self, sock: socket.socket, address: Any) -> None:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return
        destination = (str(address[0]), int(address[1]))
        self.attempts.append(destination)
        if destination not in self.allowed:
            raise ConnectionRefusedError(
                errno.ECONNREFUSED, f"refused by the hostile-corpus socket spy: {destination}"
            )

    def others(self) -> list[tuple[str, int]]:
        return [attempt for attempt in self.attempts if attempt not in self.allowed]


@contextmanager
def network(monkeypatch: Any, server: LoopbackServer) -> Iterator[tuple[SocketSpy, FakeDns]]:
    spy = SocketSpy({("127.0.0.1", server.port)})
    dns = FakeDns()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(sock: socket.socket, address: Any) -> None:
        spy.check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        spy.check(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(feeds_http, "resolve", dns)
    yield spy, dns


def is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_global


# --- Memory -------------------------------------------------------------------------------------

PAGE = 4096


def rss_bytes() -> int:
    """Resident set size now, from /proc/self/statm (its second field, in pages)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def peak_reset() -> bool:
    """Reset the kernel's high-water mark (VmHWM) to the current RSS; False where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def peak_bytes() -> int:
    with open("/proc/self/status") as status:
        match = re.search(r"VmHWM:\s+(\d+) kB", status.read())
    return int(match.group(1)) * 1024 if match else 0


@dataclass
class Measure:
    seconds: float = 0.0
    rss_before: int = 0
    rss_after: int = 0
    peak: int = 0
    peak_known: bool = False

    @property
    def peak_rise(self) -> int:
        """How far above its starting RSS the case pushed the process at its worst."""
        return max(0, self.peak - self.rss_before) if self.peak_known else 0


@contextmanager
def measured() -> Iterator[Measure]:
    # No gc.collect() here: it costs a tenth of a second on this heap, per run, and the peak's rise
    # over the starting RSS does not depend on garbage the previous case left.
    measure = Measure(rss_before=rss_bytes())
    measure.peak_known = peak_reset()
    started = time.monotonic()
    try:
        yield measure
    finally:
        measure.seconds = time.monotonic() - started
        measure.peak = peak_bytes()
        measure.rss_after = rss_bytes()


# --- What must hold for every stored row --------------------------------------------------------

MIB = 1024 * 1024
_DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:", "file:", "gopher:")
_TAGGY = re.compile(r"<\s*/?\s*(script|iframe|style|img|svg|math|object|embed|form|meta|base)\b", re.I)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def _scheme_of(url: str) -> str:
    # How a browser reads it: control characters and spaces inside the scheme are ignored.
    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
    return squeezed.split(":", 1)[0] + ":" if ":" in squeezed else ""


def description_problems(html: str) -> list[str]:
    """The stored description is the sanitizer's output: only its tags, attributes and schemes."""
    parser = _Markup()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.elements:
        if tag not in ALLOWED_TAGS:
            problems.append(f"description keeps <{tag}>")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, set()) and name != "rel":
                problems.append(f"description keeps {name}= on <{tag}>")
            if name == "href" and _scheme_of(value or "") not in {f"{s}:" for s in ALLOWED_URL_SCHEMES}:
                problems.append(f"description links to {value!r}")
    return problems


def page_problems(html: str) -> list[str]:
    """A rendered page: no script but our own static files, no handlers, no dangerous URLs."""
    parser = _Markup()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.elements:
        values = dict(attrs)
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            problems.append(f"page has an inline or foreign <script {values}>")
        if tag in {"iframe", "object", "embed", "style", "base", "svg", "math", "frame"}:
            problems.append(f"page has <{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            problems.append("page has a meta refresh")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"page has {name}= on <{tag}>")
            if name in {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"} and (
                _scheme_of(value or "") in _DANGEROUS_SCHEMES or name == "srcdoc"
            ):
                problems.append(f"page has {name}={value!r} on <{tag}>")
            if name == "style" and re.search(r"url\(|expression\(|javascript", value or "", re.I):
                problems.append(f"page has style={value!r}")
    if any("xss-" in text for text in parser.script_text):
        problems.append("page runs a feed's script text")
    return problems


def _text_problems(label: str, value: Any) -> list[str]:
    """Every string anywhere in a value (JSON included) can be stored by PostgreSQL and printed."""
    problems = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list | tuple):
            stack.extend(current)
        elif isinstance(current, str):
            if "\x00" in current:
                problems.append(f"{label} holds a NUL character")
            try:
                current.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"{label} holds a lone surrogate")
        elif isinstance(current, float) and not math.isfinite(current):
            problems.append(f"{label} holds {current!r}, which JSON cannot carry")
    return problems


def row_problems(row: dict[str, Any], *, secret: str) -> list[str]:
    """What is wrong with one stored Opportunity (as .values()); [] when it is safe."""
    problems = []
    for key, value in row.items():
        problems += _text_problems(key, value)
        if secret and secret in str(value):
            problems.append(f"{key} holds the content of /etc/passwd")
    for key in ("url", "apply_url"):
        url = row[key]
        if (url or key == "url") and urlsplit(url).scheme not in {"http", "https"}:
            problems.append(f"{key} is {url[:80]!r}, not an http(s) URL")
    if not 0 < len(row["title"]) <= 300:
        problems.append(f"title is {len(row['title']):,} characters")
    # Plain-text fields the sanitizer read as HTML keep no markup. (description_text is not one:
    # it is the text of escaped HTML, so a publisher's literal "<script>" stays text, and every
    # template escapes it. The rendered pages are checked for injection, in page_problems.)
    for key in ("title", "summary", "city", "region", "commitment_text"):
        if _TAGGY.search(row[key]):
            problems.append(f"{key} keeps markup: {row[key][:120]!r}")
    if "<" in row["description_html"]:  # most rows of a big feed are plain text: skip the parser
        problems += description_problems(row["description_html"])
    for key in ("starts_at", "ends_at", "posted_at", "source_updated_at", "expires_at"):
        if row[key] is not None and not 1990 <= row[key].year <= 2100:
            problems.append(f"{key} is {row[key]}")
    return problems


def stored_text_problems(label: str, values: dict[str, Any], *, secret: str) -> list[str]:
    problems = _text_problems(label, values)
    if secret and secret in str(values):
        problems.append(f"{label} holds the content of /etc/passwd")
    return problems


# --- Recording one run -----------------------------------------------------------------------


@dataclass
class Outcome:
    """One case through one path in one pass: what happened, and everything found wrong."""

    case: str
    path: str  # "ingest" or "fetch"
    pass_number: int
    refused: str = ""  # the message a refusal printed or recorded; "" when the feed was accepted
    summary: str = ""
    rejections: list[str] = field(default_factory=list)
    stored: int = 0  # the hostile items the source holds afterwards
    measure: Measure = field(default_factory=Measure)
    attempts: list[tuple[str, int]] = field(default_factory=list)  # connections other than the server
    resolved: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (aspect, what is wrong)

    def fail(self, problem: str, *, aspect: str = "outcome") -> None:
        self.problems.append((aspect, problem))


Check = Callable[[Outcome, list[dict[str, Any]]], None]
