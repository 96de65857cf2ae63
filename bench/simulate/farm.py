"""The simulation's feed farm: N feeds at http://localhost:PORT/feed/<n> from one threaded server,
each with a behaviour from MIX (fast, slow, ETag/304, rotating, flaky, rate-limited, broken,
hostile), and a record of every answer so the run can be checked against what was served.

Feed n's content is bench.corpus's feed n (RSS 2.0, Atom or JSON Feed by n, 10 to 50 items), built
once per version. A rotating feed gets a new version every `rotation_seconds`: two items revised
(title, text and a newer update time, so the app's stale-version guard lets them through) and one
new item. Versions only move forward; the app must end with the last version it was served.
"""

from __future__ import annotations

import gzip
import math
import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from urllib.parse import unquote

from bench import corpus, text, words
from bench.feedfarm import FarmRequest, FeedFarm
from bench.randomness import DEFAULT_SEED, EPOCH

# Behaviour -> feeds out of 500. Healthy feeds must end current; broken and hostile ones must
# leave no listing. Shares were chosen to look like a crawl of the open web: most feeds answer,
# a tenth is slow, a few percent fail in each way, and hostile ones are rare but present.
MIX: dict[str, int] = {
    "fast": 180,  # 200 at once (5-50 ms), no validators: the app skips unchanged bytes by hash
    "slow": 50,  # 200 after 1-4 s
    "etag": 75,  # ETag; 304 when If-None-Match matches
    "rotating": 75,  # ETag; a new version every rotation_seconds
    "flaky": 40,  # 500 on every third request, 200 otherwise
    "rate_limited": 20,  # one 200 per RATE_WINDOW_SECONDS; 429 + Retry-After in between
    "down": 10,  # always 500
    "gone": 5,  # 404: paused at once
    "malformed": 5,  # truncated JSON: a permanent parse error
    "billion_laughs": 10,  # XML entity expansion
    "xxe": 4,  # XML external entity (file:///etc/passwd)
    "over_cap_declared": 5,  # Content-Length over FEEDS_MAX_BYTES
    "gzip_bomb": 5,  # 16 KB of gzip that inflates past FEEDS_MAX_BYTES
    "drip": 4,  # headers, then a byte every half second: ends at the client deadline
    "ssrf_redirect": 12,  # 302 to 169.254.169.254, Redis on 127.0.0.1:6379, 10.0.0.1, [::1]
}
HEALTHY = ("fast", "slow", "etag", "rotating", "flaky", "rate_limited")
BROKEN = ("down", "gone", "malformed")
HOSTILE = ("billion_laughs", "xxe", "over_cap_declared", "gzip_bomb", "drip", "ssrf_redirect")
RATE_WINDOW_SECONDS = 90
REVISED_PER_ROUND, ADDED_PER_ROUND = 2, 1
DRIP_INTERVAL_SECONDS = 0.5
SSRF_TARGETS = (
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:6379/",
    "http://10.0.0.1/feed.xml",
    "http://[::1]:{port}/feed/0",
)
CONTENT_TYPES = {
    "rss2": "application/rss+xml",
    "atom": "application/atom+xml",
    "jsonfeed": "application/feed+json",
}
# Far past every date the corpus writes, so a revision is always newer than what the app holds.
REVISION_EPOCH = EPOCH + timedelta(days=400)

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    b"<link>http://laughs.example/</link><guid>laughs-1</guid></item></channel></rss>\n"
)
XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
    b"<link>http://xxe.example/</link><guid>xxe-1</guid></item></channel></rss>\n"
)
MALFORMED = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "Half a feed", "items": [{"id": "1", "ti'
)


def plan(feeds: int, *, seed: int = DEFAULT_SEED) -> list[str]:
    """Each feed number's behaviour: MIX scaled to `feeds` (every behaviour at least once when
    there are enough feeds, the rest fast), shuffled with a seed so behaviours spread over formats."""
    scale = feeds / sum(MIX.values())
    counts = {
        name: max(1, math.floor(share * scale)) if feeds >= len(MIX) else 0 for name, share in MIX.items()
    }
    counts["fast"] += feeds - sum(counts.values())
    behaviours = [name for name, count in counts.items() for _ in range(count)]
    random.Random(f"{seed}:plan").shuffle(behaviours)  # noqa: S311 - test data
    return behaviours


def source_format(number: int, behaviour: str) -> str:
    """The app's adapter name for feed n: its corpus kind's, except the deliberately bad bodies."""
    if behaviour in ("billion_laughs", "xxe"):
        return "rss"
    if behaviour == "malformed":
        return "jsonfeed"
    return corpus.FORMATS[_kind(number)]


def _kind(number: int) -> str:
    return corpus.KINDS[number % len(corpus.KINDS)]


class FeedContent:
    """Feed n's bytes at each version, built on first use and kept (a version never changes)."""

    def __init__(self, *, feeds: int, seed: int = DEFAULT_SEED) -> None:
        self.feeds, self.seed = feeds, seed
        self._bodies: dict[tuple[int, int], bytes] = {}
        self._base: dict[int, tuple[dict, list]] = {}
        self._lock = threading.Lock()

    def body(self, number: int, version: int) -> bytes:
        key = (number, version)
        with self._lock:
            cached = self._bodies.get(key)
        if cached is None:
            cached = self._render(number, version)
            with self._lock:
                self._bodies[key] = cached
        return cached

    def _entries(self, number: int) -> tuple[dict, list]:
        with self._lock:
            if number in self._base:
                return self._base[number]
        rng = random.Random(f"{self.seed}:feed:{number}")  # noqa: S311 - test data, as corpus._feed
        host = f"feed-{number:02d}.bench.test"
        kind = _kind(number)
        context = {
            "name": f"feed-{number:02d}",
            "host": host,
            "url": f"http://{host}/{'feed.json' if kind == 'jsonfeed' else 'feed.xml'}",
            "language": rng.choice(words.LANGUAGES),
            "organisations": [
                text.TextGenerator(rng).organisation_name() for _ in range(corpus.ORGANISATIONS_PER_FEED)
            ],
            "partner": number ^ 1 if (number ^ 1) < self.feeds else None,
        }
        count = random.Random(f"{self.seed}:size:{number}").randint(10, 50)  # noqa: S311
        entries = [self._item(number, position, context) for position in range(count)]
        with self._lock:
            self._base[number] = (context, entries)
        return context, entries

    def _item(self, number: int, position: int, context: dict) -> object:
        return corpus._item(  # the corpus's own listing generator: realistic text and junk markup
            self.seed,
            number,
            position,
            host=context["host"],
            language=context["language"],
            organisations=context["organisations"],
            partner=context["partner"],
        )

    def _render(self, number: int, version: int) -> bytes:
        context, base = self._entries(number)
        entries = list(base)
        for round_number in range(1, version + 1):
            rng = random.Random(f"{self.seed}:rotate:{number}:{round_number}")  # noqa: S311
            for position in rng.sample(range(len(entries)), min(REVISED_PER_ROUND, len(entries))):
                item = entries[position]
                note = f"Round {round_number}: new session times were added."
                entries[position] = replace(
                    item,
                    title=f"{item.title.split(' (revised', 1)[0]} (revised in round {round_number})",
                    html=item.html + f"<p>{note}</p>",
                    updated=REVISION_EPOCH + timedelta(hours=round_number),
                )
            for _ in range(ADDED_PER_ROUND):
                entries.append(self._item(number, len(entries), context))
        render = {"rss2": corpus._rss, "atom": corpus._atom, "jsonfeed": corpus._json_feed}[_kind(number)]
        body = render(
            name=context["name"],
            host=context["host"],
            url=context["url"],
            language=context["language"],
            items=entries,
        )
        # The corpus asks for an hour between fetches (<ttl>60</ttl>); the simulation fetches each
        # feed every minute, so say so, or every RSS feed would be fetched once per run.
        return re.sub(rb"<ttl>\d+</ttl>", b"<ttl>1</ttl>", body)


@dataclass
class FeedRecord:
    """What one feed answered, for the checks after the run."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    served_version: int | None = None  # the last version answered with 200 or 304
    served_at: float | None = None  # monotonic time of that answer
    first_served_at: float | None = None
    last_ok_at: float | None = None  # the last 200 (rate limit window)
    retry_after_until: float | None = None  # no request expected before this (last 429's promise)
    early_requests: int = 0  # requests that came before a Retry-After ran out
    conditional_requests: int = 0  # requests carrying If-None-Match


class SimulationFarm(FeedFarm):
    """`with SimulationFarm(feeds=500) as farm:` serves /feed/0 … /feed/499 on 127.0.0.1:farm.base_port."""

    def __init__(
        self,
        *,
        feeds: int,
        rotation_seconds: float,
        max_bytes: int,
        client_deadline: float,
        seed: int = DEFAULT_SEED,
        port: int = 0,
    ) -> None:
        super().__init__(
            {},
            latency=0,
            hang_fraction=0,
            hang_seconds=client_deadline + 10,  # a drip outlives the client's deadline, then ends
            drip_interval=DRIP_INTERVAL_SECONDS,
            seed=seed,
            port=port,
        )
        self.behaviours = plan(feeds, seed=seed)
        self.content = FeedContent(feeds=feeds, seed=seed)
        self.rotation_seconds, self.max_bytes = rotation_seconds, max_bytes
        self.records = [FeedRecord() for _ in range(feeds)]
        self.by_status: Counter[tuple[str, int]] = Counter()  # (behaviour, status) -> answers
        self.unknown_paths: Counter[str] = Counter()
        self.started_at = time.monotonic()
        latency_rng = random.Random(f"{seed}:latency")  # noqa: S311
        self.latencies = [self._latency(b, latency_rng) for b in self.behaviours]
        self._gzip_bomb = b""

    @staticmethod
    def _latency(behaviour: str, rng: random.Random) -> float:
        if behaviour == "slow":
            return rng.uniform(1.0, 4.0)
        if behaviour == "fast":
            return rng.uniform(0.005, 0.05)
        return rng.uniform(0.01, 0.1)

    def start(self) -> SimulationFarm:
        # Deflates to ~16 KB; the app must stop reading at the cap, counted after decompression.
        self._gzip_bomb = gzip.compress(b"<rss>" + b" " * (self.max_bytes + 1024 * 1024), compresslevel=9)
        self.started_at = time.monotonic()
        super().start()
        return self

    def prerender(self) -> None:
        """Build every feed's first version now, so the first fetches do not wait for it."""
        for number, behaviour in enumerate(self.behaviours):
            if behaviour in HEALTHY or behaviour in ("drip", "over_cap_declared"):
                self.content.body(number, 0)

    def version_now(self, number: int) -> int:
        return self.version_at(number, time.monotonic())

    def version_at(self, number: int, moment: float) -> int:
        if self.behaviours[number] != "rotating":
            return 0
        return max(0, int((moment - self.started_at) // self.rotation_seconds))

    def url_for(self, name: str, *, host: str = "localhost") -> str:
        return f"http://{host}:{self.base_port}/feed/{name}"

    # --- Answers --------------------------------------------------------------------------------

    def respond(self, request: FarmRequest) -> None:
        match = re.fullmatch(r"/feed/(\d+)", unquote(request.path.split("?", 1)[0]))
        number = int(match.group(1)) if match else -1
        if not 0 <= number < len(self.behaviours):
            with self._lock:
                self.unknown_paths[request.path[:100]] += 1
            request.send_error(404)
            return
        behaviour = self.behaviours[number]
        if self.stopping.wait(self.latencies[number]):
            return
        now = time.monotonic()
        etag_sent = request.headers.get("If-None-Match", "")
        with self._lock:
            record = self.records[number]
            record.requests += 1
            index = record.requests
            if etag_sent:
                record.conditional_requests += 1
            if record.retry_after_until is not None and now < record.retry_after_until - 1.0:
                record.early_requests += 1
        answer = getattr(self, f"_answer_{behaviour}", self._answer_feed)
        try:
            answer(request, number, index=index, now=now, etag_sent=etag_sent)
        finally:
            # Counted even when the client hung up mid-body (a drip, a body over the cap).
            status = getattr(request, "sim_status", 0)
            with self._lock:
                record.statuses[status] += 1
                self.by_status[(behaviour, status)] += 1

    def _served(self, number: int, version: int, now: float, *, ok: bool) -> None:
        with self._lock:
            record = self.records[number]
            record.served_version, record.served_at = version, now
            if record.first_served_at is None:
                record.first_served_at = now
            if ok:
                record.last_ok_at = now

    def _answer_feed(
        self, request: FarmRequest, number: int, *, now: float, etag_sent: str, **_: object
    ) -> int:
        """A healthy feed's 200 (or 304 for a feed with an ETag the client already has)."""
        behaviour = self.behaviours[number]
        version = self.version_now(number)
        etag = f'"feed-{number}-v{version}"' if behaviour in ("etag", "rotating") else ""
        if etag and etag_sent == etag:
            self._served(number, version, now, ok=False)
            _head(request, 304, {"ETag": etag})
            return 304
        body = self.content.body(number, version)
        self._served(number, version, now, ok=True)
        headers = {"Content-Type": CONTENT_TYPES[_kind(number)], "Content-Length": str(len(body))}
        _head(request, 200, {**headers, "ETag": etag} if etag else headers)
        request.wfile.write(body)
        return 200

    def _answer_flaky(self, request: FarmRequest, number: int, *, index: int, **kwargs: object) -> int:
        if index % 3 == 2:
            return self._error(request, 500)
        return self._answer_feed(request, number, index=index, **kwargs)  # type: ignore[arg-type]

    def _answer_rate_limited(self, request: FarmRequest, number: int, *, now: float, **kwargs: object) -> int:
        with self._lock:
            record = self.records[number]
            wait = 0.0 if record.last_ok_at is None else record.last_ok_at + RATE_WINDOW_SECONDS - now
            if wait > 0:
                record.retry_after_until = now + math.ceil(wait)
        if wait > 0:
            return self._error(request, 429, headers={"Retry-After": str(math.ceil(wait))})
        return self._answer_feed(request, number, now=now, **kwargs)  # type: ignore[arg-type]

    def _answer_down(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._error(request, 500)

    def _answer_gone(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._error(request, 404)

    def _answer_malformed(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._body(request, MALFORMED, "application/feed+json")

    def _answer_billion_laughs(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._body(request, BILLION_LAUGHS, "application/rss+xml")

    def _answer_xxe(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._body(request, XXE, "application/rss+xml")

    def _answer_gzip_bomb(self, request: FarmRequest, number: int, **_: object) -> int:
        return self._body(
            request, self._gzip_bomb, "application/rss+xml", headers={"Content-Encoding": "gzip"}
        )

    def _answer_over_cap_declared(self, request: FarmRequest, number: int, **_: object) -> int:
        """Declares a body past the cap, and sends it until the client hangs up."""
        declared = self.max_bytes + 1024 * 1024
        _head(request, 200, {"Content-Type": "application/rss+xml", "Content-Length": str(declared)})
        chunk = self.content.body(number, 0)[: 64 * 1024]
        sent = 0
        while sent < declared and not self.stopping.is_set():
            request.wfile.write(chunk)
            sent += len(chunk)
        return 200

    def _answer_drip(self, request: FarmRequest, number: int, **_: object) -> int:
        body = self.content.body(number, 0)
        _head(request, 200, {"Content-Type": CONTENT_TYPES[_kind(number)], "Content-Length": str(len(body))})
        request.drip(body, self)
        return 200

    def _answer_ssrf_redirect(self, request: FarmRequest, number: int, **_: object) -> int:
        target = SSRF_TARGETS[number % len(SSRF_TARGETS)].format(port=self.base_port)
        _head(request, 302, {"Location": target, "Content-Length": "0"})
        return 302

    def _error(self, request: FarmRequest, status: int, *, headers: dict[str, str] | None = None) -> int:
        body = f"error {status}\n".encode()
        _head(
            request,
            status,
            {**(headers or {}), "Content-Type": "text/plain", "Content-Length": str(len(body))},
        )
        request.wfile.write(body)
        return status

    def _body(
        self, request: FarmRequest, body: bytes, content_type: str, *, headers: dict[str, str] | None = None
    ) -> int:
        _head(
            request, 200, {"Content-Type": content_type, "Content-Length": str(len(body)), **(headers or {})}
        )
        request.wfile.write(body)
        return 200

    # --- Figures --------------------------------------------------------------------------------

    def snapshot(self) -> dict:
        """Counts so far (thread-safe copy) for progress lines and the report."""
        with self._lock:
            return {
                "requests": sum(record.requests for record in self.records),
                "by_status": {f"{b} {s}": n for (b, s), n in sorted(self.by_status.items())},
                "unknown_paths": dict(self.unknown_paths),
                "early_requests_after_429": sum(record.early_requests for record in self.records),
            }


def _head(request: FarmRequest, status: int, headers: dict[str, str]) -> None:
    """Status line and headers, noting the status for the record (the body may never arrive)."""
    request.sim_status = status  # type: ignore[attr-defined]
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    request.end_headers()
