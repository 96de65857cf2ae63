"""The only place Pitch In talks to the network. Tests mock it with respx; nothing else fetches.

Every fetch is bounded and polite (SOURCES.md, "Fetching politely"):
- http and https only; redirects followed by hand, each hop checked again;
- the host is resolved once, every address checked (no private, loopback, link-local or
  metadata address unless the host is named in FETCH_ALLOWED_PRIVATE_HOSTS), and the socket
  connects to the address that was checked, so a DNS answer that changes cannot slip through;
- a total deadline: every socket read and write waits at most for what is left of it, so a
  server that drips a byte at a time cannot hold a worker (httpx's own timeouts are per pause);
- a body cap counted after decompression, conditional GET, a per-host concurrency cap, and
  Retry-After read on 429/503.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

from opportunities.feeds.base import FeedError

MAX_REDIRECTS = 5
PAUSE_TIMEOUT = 10.0  # seconds of silence httpx tolerates inside the total deadline
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
TRANSIENT_STATUSES = {408, 425, 429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 24 * 3600
INFLATE_STEP = 256 * 1024  # most bytes one step of decompression may produce


@dataclass(frozen=True)
class FetchResponse:
    url: str  # after redirects
    status: int
    content: bytes  # empty when not_modified
    etag: str = ""
    last_modified: str = ""
    fresh_for_seconds: int | None = None  # from Cache-Control max-age or Expires

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- Addresses ------------------------------------------------------------------------------


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _private_allowed(host: str, port: int) -> bool:
    allowed = {entry.strip().lower() for entry in settings.FETCH_ALLOWED_PRIVATE_HOSTS if entry.strip()}
    host = host.lower().strip("[]")
    return host in allowed or f"{host}:{port}" in allowed


def check_address(host: str, port: int, address: str) -> None:
    if not _private_allowed(host, port) and not _is_public(address):
        raise FeedError(
            f"Refused: {host} resolves to {address}, a private, loopback, link-local or reserved address. "
            "Only public addresses are fetched (tests may list hosts in FETCH_ALLOWED_PRIVATE_HOSTS).",
            permanent=True,
        )


def resolve(host: str, port: int) -> list[str]:
    """Every address the name has (tests replace this to simulate DNS)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FeedError(f"Could not resolve {host}: {exc.strerror}.", permanent=False) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write waits no longer than the fetch's remaining time."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self._stream, self._deadline = stream, deadline

    def _timeout(self, timeout: float | None) -> float:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the fetch deadline passed")
        return min(timeout, remaining) if timeout is not None else remaining

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._timeout(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # type: ignore[no-untyped-def]
        tls = self._stream.start_tls(ssl_context, server_hostname, self._timeout(timeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):  # type: ignore[no-untyped-def]
        return self._stream.get_extra_info(info)


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves once, checks every address, connects to the checked one (no second lookup)."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + settings.FEEDS_HTTP_TIMEOUT

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # type: ignore[no-untyped-def]
        addresses = resolve(host, port)
        for address in addresses:
            check_address(host, port, address)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("the fetch deadline passed")
        timeout = min(timeout, remaining) if timeout is not None else remaining
        stream = super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)


# --- Per-host concurrency -------------------------------------------------------------------

_host_slots: dict[str, threading.BoundedSemaphore] = {}
_host_slots_lock = threading.Lock()


@contextmanager
def _host_slot(host: str, deadline: float) -> Iterator[None]:
    """At most FEEDS_PER_HOST_CONCURRENCY requests to one host at once from this process."""
    with _host_slots_lock:
        slot = _host_slots.setdefault(host, threading.BoundedSemaphore(settings.FEEDS_PER_HOST_CONCURRENCY))
    if not slot.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise FeedError(f"Too many requests to {host} under way: will try later.", permanent=False)
    try:
        yield
    finally:
        slot.release()


# --- Fetching -------------------------------------------------------------------------------


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FeedError(
            f"Refused: only http and https URLs are fetched, not {parts.scheme or 'no'} scheme.",
            permanent=True,
        )
    if not parts.hostname:
        raise FeedError(f"Refused: {url!r} has no host.", permanent=True)
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return  # a name: checked when it is resolved, just before connecting
    check_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), str(literal))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), MAX_RETRY_AFTER))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY_AFTER))


def _fresh_for(headers: httpx.Headers) -> int | None:
    for directive in headers.get("cache-control", "").split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return int(value)
    expires = _retry_after(headers.get("expires"))
    return int(expires) if expires is not None else None


def _status_error(response: httpx.Response) -> FeedError:
    status = response.status_code
    if status in TRANSIENT_STATUSES or status >= 500:
        return FeedError(
            f"HTTP {status} from {response.url.host}: will retry later.",
            permanent=False,
            http_status=status,
            retry_after_seconds=_retry_after(response.headers.get("retry-after")),
        )
    hint = {
        401: "the credentials were refused",
        403: "access is forbidden",
        404: "not found",
        410: "gone for good",
    }
    reason = hint.get(status, "the request was refused")
    return FeedError(f"HTTP {status} from {response.url.host}: {reason}.", permanent=True, http_status=status)


def _read_body(response: httpx.Response, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(
            f"Refused: the body is {int(declared):,} bytes, over the {max_bytes:,}-byte cap.", permanent=True
        )
    chunks, size = [], 0
    for chunk in _decoded_chunks(response):  # decompressed, so the cap counts what we would hold
        size += len(chunk)
        if size > max_bytes:
            raise FeedError(
                f"Refused: the body passed the {max_bytes:,}-byte cap (after decompression).", permanent=True
            )
        if time.monotonic() > deadline:
            raise _deadline_error(response.url.host)
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body, inflated at most INFLATE_STEP bytes at a time. httpx's own decoders inflate each
    network read whole: one 64 KiB read of a gzip bomb became 64 MiB in memory before the cap
    could count it (found by the hostile corpus: a 4 MiB cap, a 120 MiB peak)."""
    encodings = [
        name
        for name in (part.strip().lower() for part in response.headers.get("content-encoding", "").split(","))
        if name and name != "identity"
    ]
    if not encodings:
        yield from response.iter_raw()
        return
    if len(encodings) > 1 or encodings[0] not in {"gzip", "x-gzip", "deflate"}:
        raise FeedError(
            f"Refused: the body is encoded as {', '.join(encodings)}; only gzip or deflate is read.",
            permanent=True,
        )
    inflater = None
    try:
        for raw in response.iter_raw():
            inflater = inflater or _inflater(encodings[0], raw)
            pending = raw
            while pending:
                chunk = inflater.decompress(pending, INFLATE_STEP)
                pending = inflater.unconsumed_tail
                yield chunk
        if inflater is not None:
            yield inflater.flush()
    except zlib.error as exc:
        raise FeedError(f"Refused: the {encodings[0]} body is corrupt ({exc}).", permanent=True) from None


def _inflater(encoding: str, first: bytes) -> zlib._Decompress:
    if encoding != "deflate":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    # HTTP's deflate is zlib-wrapped, but many servers send it raw: the first two bytes tell.
    wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)


def _deadline_error(host: str) -> FeedError:
    return FeedError(
        f"Fetching from {host} took longer than the {settings.FEEDS_HTTP_TIMEOUT:g} s deadline: "
        "will retry later.",
        permanent=False,
    )


@cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for the process. Making one loads the CA bundle (about 30 ms) and
    every fetch made two: a fifth of a poller's CPU. A context is safe to share between threads."""
    return httpx.create_ssl_context()


def _client(backend: _PublicOnlyBackend) -> httpx.Client:
    transport = httpx.HTTPTransport(verify=_ssl_context(), retries=0)
    # httpx has no public switch for the network backend; the pool is where it plugs in.
    transport._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend)
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(PAUSE_TIMEOUT),
        headers={"User-Agent": settings.FEEDS_USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        follow_redirects=False,
    )


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    headers: dict[str, str] | None = None,
    auth: tuple[str, str] | None = None,
    max_bytes: int | None = None,
) -> FetchResponse:
    """GET one URL within every bound above. Raises FeedError (permanent or not) on failure."""
    max_bytes = max_bytes or settings.FEEDS_MAX_BYTES
    backend = _PublicOnlyBackend()
    conditional = {"If-None-Match": etag} if etag else {}
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    try:
        with _client(backend) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                _check_url(url)
                host = urlsplit(url).hostname or ""
                request = client.build_request("GET", url, headers={**(headers or {}), **conditional})
                with _host_slot(host, backend.deadline):
                    response = client.send(request, auth=auth, stream=True)
                    try:
                        if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        return _response(response, max_bytes=max_bytes, deadline=backend.deadline)
                    finally:
                        response.close()
            raise FeedError(f"Refused: more than {MAX_REDIRECTS} redirects.", permanent=True)
    except httpx.TimeoutException:
        raise _deadline_error(urlsplit(url).hostname or url) from None
    except httpx.TransportError as exc:
        raise FeedError(f"Could not fetch {url}: {exc or type(exc).__name__}.", permanent=False) from None


def _response(response: httpx.Response, *, max_bytes: int, deadline: float) -> FetchResponse:
    if response.status_code == 304:
        content = b""
    elif 200 <= response.status_code < 300:
        content = _read_body(response, max_bytes=max_bytes, deadline=deadline)
    else:
        raise _status_error(response)
    return FetchResponse(
        url=str(response.url),
        status=response.status_code,
        content=content,
        etag=response.headers.get("etag", "")[:512],
        last_modified=response.headers.get("last-modified", "")[:128],
        fresh_for_seconds=_fresh_for(response.headers),
    )
