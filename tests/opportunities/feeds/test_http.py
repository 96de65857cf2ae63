"""The network seam: every fetch rule, with respx for HTTP behaviour and a real loopback server
for what happens at the socket (address checks, the total deadline)."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from opportunities.feeds import http as feeds_http
from opportunities.feeds.base import FeedError

FEED_URL = "https://feeds.example.org/rss"


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    """There is no DNS here: *.example.org resolves to a public address, as it would outside."""
    real_resolve = feeds_http.resolve

    def fake_resolve(host: str, port: int) -> list[str]:
        if host.endswith("example.org"):
            return ["93.184.216.34"]
        return real_resolve(host, port)

    monkeypatch.setattr(feeds_http, "resolve", fake_resolve)


def test_it_returns_the_body_and_the_validators(respx_mock):
    respx_mock.get(FEED_URL).mock(
        return_value=httpx.Response(
            200, content=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Sat, 21 Nov 2026 10:00:00 GMT"}
        )
    )
    response = feeds_http.fetch(FEED_URL)
    assert (response.status, response.content, response.etag) == (200, b"<rss/>", '"v1"')
    assert response.last_modified == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert response.not_modified is False


def test_it_sends_a_descriptive_user_agent(respx_mock, settings):
    route = respx_mock.get(FEED_URL).mock(return_value=httpx.Response(200, content=b"x"))
    feeds_http.fetch(FEED_URL)
    assert route.calls.last.request.headers["User-Agent"] == settings.FEEDS_USER_AGENT
    assert "PitchInBot" in settings.FEEDS_USER_AGENT


def test_a_conditional_get_answered_304_returns_no_body(respx_mock):
    route = respx_mock.get(FEED_URL).mock(return_value=httpx.Response(304))
    response = feeds_http.fetch(FEED_URL, etag='"v1"', last_modified="Sat, 21 Nov 2026 10:00:00 GMT")
    sent = route.calls.last.request.headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert response.not_modified is True
    assert response.content == b""


def test_redirects_are_followed_by_hand_to_the_final_url(respx_mock):
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(301, headers={"Location": "/feed-v2.xml"}))
    respx_mock.get("https://feeds.example.org/feed-v2.xml").mock(
        return_value=httpx.Response(200, content=b"ok")
    )
    response = feeds_http.fetch(FEED_URL)
    assert response.url == "https://feeds.example.org/feed-v2.xml"
    assert response.content == b"ok"


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/internal",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_a_redirect_to_a_non_public_address_is_refused_before_any_request(respx_mock, target):
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(302, headers={"Location": target}))
    inner = respx_mock.route(url__startswith=target.split("/")[0] + "//" + target.split("/")[2])
    with pytest.raises(FeedError, match=r"Refused: .* private, loopback, link-local or reserved") as exc:
        feeds_http.fetch(FEED_URL)
    assert exc.value.permanent is True
    assert not inner.called


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.org/", "ftp://example.org/feed"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FeedError, match="only http and https"):
        feeds_http.fetch(url)


def test_a_redirect_to_another_scheme_is_refused(respx_mock):
    respx_mock.get(FEED_URL).mock(
        return_value=httpx.Response(302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(FeedError, match="only http and https"):
        feeds_http.fetch(FEED_URL)


def test_endless_redirects_are_refused(respx_mock):
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(302, headers={"Location": FEED_URL}))
    with pytest.raises(FeedError, match="more than 5 redirects"):
        feeds_http.fetch(FEED_URL)


def test_a_declared_body_over_the_cap_is_refused_unread(respx_mock):
    respx_mock.get(FEED_URL).mock(
        return_value=httpx.Response(200, headers={"Content-Length": str(20 * 1024 * 1024)}, content=b"x")
    )
    with pytest.raises(FeedError, match="over the 15,728,640-byte cap") as exc:
        feeds_http.fetch(FEED_URL)
    assert exc.value.permanent is True


def test_the_cap_counts_the_body_after_decompression(respx_mock, settings):
    settings.FEEDS_MAX_BYTES = 1024 * 1024
    bomb = gzip.compress(b"\0" * (5 * 1024 * 1024))  # ~5 KB on the wire
    respx_mock.get(FEED_URL).mock(
        return_value=httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)
    )
    with pytest.raises(FeedError, match="after decompression"):
        feeds_http.fetch(FEED_URL)


def test_a_slow_drip_is_cut_at_the_deadline(respx_mock, settings):
    settings.FEEDS_HTTP_TIMEOUT = 0.5

    def drip() -> Iterator[bytes]:
        for _ in range(100):
            time.sleep(0.05)
            yield b"<"

    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(200, stream=drip()))
    started = time.monotonic()
    with pytest.raises(FeedError, match=r"longer than the 0\.5 s deadline") as exc:
        feeds_http.fetch(FEED_URL)
    assert time.monotonic() - started < 1.5
    assert exc.value.permanent is False


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({"Retry-After": "120"}, 120.0), ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0), ({}, None)],
)
def test_429_is_transient_and_carries_retry_after(respx_mock, headers, expected):
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(429, headers=headers))
    with pytest.raises(FeedError) as exc:
        feeds_http.fetch(FEED_URL)
    assert exc.value.permanent is False
    assert exc.value.http_status == 429
    assert exc.value.retry_after_seconds == expected


def test_retry_after_as_a_future_http_date_is_read_in_seconds(respx_mock):
    future = httpx.Headers(
        {"Retry-After": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 600))}
    )
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(503, headers=future))
    with pytest.raises(FeedError) as exc:
        feeds_http.fetch(FEED_URL)
    assert 590 <= exc.value.retry_after_seconds <= 600


@pytest.mark.parametrize(
    ("status", "permanent"), [(500, False), (502, False), (401, True), (403, True), (404, True), (410, True)]
)
def test_status_codes_are_classed_as_transient_or_permanent(respx_mock, status, permanent):
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(status))
    with pytest.raises(FeedError) as exc:
        feeds_http.fetch(FEED_URL)
    assert exc.value.permanent is permanent
    assert exc.value.http_status == status


def test_a_connection_error_is_transient(respx_mock):
    respx_mock.get(FEED_URL).mock(side_effect=httpx.ConnectError("connection refused"))
    with pytest.raises(FeedError, match="Could not fetch") as exc:
        feeds_http.fetch(FEED_URL)
    assert exc.value.permanent is False


def test_cache_hints_are_returned(respx_mock):
    respx_mock.get(FEED_URL).mock(
        return_value=httpx.Response(200, content=b"x", headers={"Cache-Control": "public, max-age=7200"})
    )
    assert feeds_http.fetch(FEED_URL).fresh_for_seconds == 7200


def test_basic_auth_is_sent_when_given(respx_mock):
    route = respx_mock.get(FEED_URL).mock(return_value=httpx.Response(200, content=b"x"))
    feeds_http.fetch(FEED_URL, auth=("api-key", ""))
    assert route.calls.last.request.headers["Authorization"].startswith("Basic ")


# --- At the socket: a real server on loopback --------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
            return
        body = b"<rss version='2.0'><channel><title>loopback</title></channel></rss>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def connections(monkeypatch) -> list[tuple[str, int]]:
    """Every address a socket is actually opened to."""
    opened: list[tuple[str, int]] = []
    real = feeds_http.httpcore.SyncBackend.connect_tcp

    def spy(self, host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append((host, port))
        return real(self, host, port, *args, **kwargs)

    monkeypatch.setattr(feeds_http.httpcore.SyncBackend, "connect_tcp", spy)
    return opened


def test_a_name_resolving_to_loopback_is_refused_with_no_connection(loopback_server, connections):
    with pytest.raises(FeedError, match=r"localhost resolves to 127\.0\.0\.1"):
        feeds_http.fetch(f"http://localhost:{loopback_server}/feed")
    assert connections == []


def test_a_host_named_in_the_setting_may_be_private(loopback_server, connections, settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = [f"localhost:{loopback_server}"]
    response = feeds_http.fetch(f"http://localhost:{loopback_server}/feed")
    assert b"loopback" in response.content
    assert connections == [("127.0.0.1", loopback_server)]


def test_the_socket_connects_to_the_address_that_was_checked(
    loopback_server, connections, settings, monkeypatch
):
    # DNS rebinding: the first answer is checked, a second lookup would say something else.
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = [f"rebind.test:{loopback_server}"]
    answers = iter([["127.0.0.1"], ["169.254.169.254"]])
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: next(answers))
    feeds_http.fetch(f"http://rebind.test:{loopback_server}/feed")
    assert connections == [("127.0.0.1", loopback_server)]


def test_any_non_public_answer_refuses_the_whole_name(connections, monkeypatch):
    monkeypatch.setattr(feeds_http, "resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(FeedError, match=r"resolves to 10\.0\.0\.7"):
        feeds_http.fetch("http://mixed.test/feed")
    assert connections == []


def test_a_real_drip_feeding_server_is_cut_at_the_deadline(loopback_server, settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FEEDS_HTTP_TIMEOUT = 1.0
    started = time.monotonic()
    with pytest.raises(FeedError, match="deadline"):
        feeds_http.fetch(f"http://127.0.0.1:{loopback_server}/drip")
    assert time.monotonic() - started < 2.0


def test_one_tls_context_serves_every_fetch(respx_mock, monkeypatch):
    # Making a context loads the CA bundle (about 30 ms): once per process, not twice per fetch.
    made = []
    real = httpx.create_ssl_context
    monkeypatch.setattr(
        httpx, "create_ssl_context", lambda *args, **kwargs: made.append(1) or real(*args, **kwargs)
    )
    feeds_http._ssl_context.cache_clear()
    respx_mock.get(FEED_URL).mock(return_value=httpx.Response(200, content=b"<rss/>"))
    for _ in range(3):
        assert feeds_http.fetch(FEED_URL).status == 200
    assert len(made) == 1
