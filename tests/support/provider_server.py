"""A loopback HTTP server that plays every provider API from the recorded fixture pages, so a
real worker can sync them end to end through the real fetch path (sockets, address checks,
paging). Absolute links in the pages are rewritten to point back at this server."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PROVIDERS = Path(__file__).resolve().parents[1] / "fixtures" / "providers"
# Hosts named inside fixture bodies, and the path prefix each is served under here.
REWRITES = {
    "https://rpde.volunteerhub.example.org": "/rpde",
    "https://www.volunteerconnector.org": "/volunteerconnector",
}
IDEALIST_RUN1 = ["run1_page1.json", "run1_page2.json"]


def _page(query: dict[str, list[str]], key: str, default: str = "1") -> str:
    return query.get(key, [default])[0]


def resolve(path: str, query: dict[str, list[str]], state: dict[str, int]) -> tuple[str, str] | None:
    """(provider, fixture file) for one request of a first sync, or None for a 404."""
    if path == "/idealist/volops":
        index = state.setdefault("idealist", 0)
        state["idealist"] += 1
        return ("idealist", IDEALIST_RUN1[index]) if index < len(IDEALIST_RUN1) else None
    if path.startswith("/idealist/volops/"):
        name = f"detail_{path.rsplit('/', 1)[-1]}.json"
        return ("idealist", name) if (PROVIDERS / "idealist" / name).exists() else None  # V5: a 404
    if path == "/reliefweb/jobs":
        return (
            "reliefweb",
            {"0": "run1_page1.json", "3": "run1_page2.json"}.get(_page(query, "offset", "0"), ""),
        )
    if path == "/rpde/feeds/volunteer-roles":
        after = _page(query, "afterId", "")
        return (
            "rpde",
            {"": "run1_page1.json", "102": "run1_page2.json", "104": "run1_last.json"}.get(after, ""),
        )
    pages = {"/volunteerconnector/api/search/": "volunteerconnector", "/zooniverse/projects": "zooniverse",
             "/hotosm/projects/": "hotosm"}  # fmt: skip
    if path in pages:
        return (pages[path], f"run1_page{_page(query, 'page')}.json")
    return None


@contextmanager
def provider_server() -> Iterator[str]:
    """Yields the base URL (http://127.0.0.1:PORT) of a server playing every provider."""
    state: dict[str, int] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            found = resolve(parts.path, parse_qs(parts.query), state)
            file = PROVIDERS / found[0] / found[1] if found and found[1] else None
            if file is None or not file.exists():
                self.send_error(404)
                return
            body = file.read_text()
            for host, prefix in REWRITES.items():
                body = body.replace(host, f"{base}{prefix}")
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def provider_sources(base: str) -> list[dict[str, object]]:
    """Source fields for each provider, pointing at the server."""
    sources = [
        ("Idealist (sim)", "idealist", "/idealist/volops", {"api_key": "sim-key-0123456789"}),
        ("ReliefWeb (sim)", "reliefweb", "/reliefweb/jobs", {"appname": "pitchin-sim"}),
        ("RPDE (sim)", "rpde", "/rpde/feeds/volunteer-roles", {}),
        ("VolunteerConnector (sim)", "volunteerconnector", "/volunteerconnector/api/search/", {}),
        ("Zooniverse (sim)", "zooniverse", "/zooniverse/projects?launch_approved=true", {}),
        ("HOT (sim)", "hotosm", "/hotosm/projects/", {}),
    ]
    return [
        {"name": name, "format": fmt, "url": f"{base}{path}", "credentials": credentials}
        for name, fmt, path, credentials in sources
    ]


# What a first sync of each stores (rows in any status), from the fixtures' READMEs.
EXPECTED_ROWS = {
    "idealist": 4,
    "reliefweb": 4,
    "rpde": 4,
    "volunteerconnector": 5,
    "zooniverse": 4,
    "hotosm": 3,
}
