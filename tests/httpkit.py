"""Helpers for the fetch and refresh tests: a threaded local HTTP server, fixtures, fast limits."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from raceview.models import Source
from raceview.sources.http import FetchSettings

FIXTURES = Path(__file__).parent / "fixtures" / "http"

#: Limits small enough that every failure mode shows within a fraction of a second.
FAST = FetchSettings(
    connect_timeout=0.5,
    read_timeout=0.5,
    total_timeout=0.8,
    retries=2,
    backoff=0.01,
    retry_after_cap=0.3,
    concurrency=8,
    per_host=2,
)


def serve_threaded() -> Iterator[HTTPServer]:
    """A threaded pytest-httpserver on 127.0.0.1 (slow handlers block nobody else)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        server.stop()


def fixture(name: str, server: HTTPServer, **extra: str) -> bytes:
    """A fixture file with {BASE} (and any {KEY} given) filled in."""
    text = (FIXTURES / name).read_bytes().decode("utf-8")
    text = text.replace("{BASE}", server.url_for("").rstrip("/"))
    for key, value in extra.items():
        text = text.replace("{" + key + "}", value)
    return text.encode("utf-8")


def conditional(
    body: bytes, content_type: str, etag: str, modified: str
) -> Callable[[Request], Response]:
    """A handler honouring If-None-Match / If-Modified-Since with a 304."""

    def handle(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag or (
            request.headers.get("If-Modified-Since") == modified
            and "If-None-Match" not in request.headers
        ):
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=content_type,
                        headers={"ETag": etag, "Last-Modified": modified})  # fmt: skip

    return handle


def drip(chunks: Iterable[bytes], pause: float, content_type: str = "text/html") -> Response:
    """A streamed response sending each chunk after `pause` seconds."""

    def gen() -> Iterator[bytes]:
        for chunk in chunks:
            time.sleep(pause)
            yield chunk

    return Response(gen(), content_type=content_type, direct_passthrough=True)


def serve_site(server: HTTPServer, *, conditional_get: bool = True) -> None:
    """The feed and its three article pages (with validators when `conditional_get`)."""
    pages = {
        "/feed.xml": (fixture("feed.rss.xml", server), "application/rss+xml; charset=utf-8"),
        "/racing/roubaix-2024-report": (fixture("roubaix-2024-report.html", server), "text/html"),
        "/racing/lombardia-2024-report": (
            fixture("lombardia-2024-report.html", server),
            "text/html; charset=utf-8",
        ),
        "/racing/fleche-2024-notes": (fixture("fleche-2024-notes.html", server), "text/html"),
    }
    for n, (path, (body, ctype)) in enumerate(pages.items()):
        if conditional_get:
            handler = conditional(body, ctype, f'"v1-{n}"', "Mon, 08 Apr 2024 09:00:00 GMT")
            server.expect_request(path).respond_with_handler(handler)
        else:
            server.expect_request(path).respond_with_data(body, content_type=ctype)


def feed_source(server: HTTPServer, path: str = "/feed.xml", name: str = "spokes") -> Source:
    """A feed source pointing at the local server."""
    return Source(name=name, kind="feed", url=server.url_for(path))


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    """The requests the server saw for `path`."""
    return [req for req, _ in server.log if req.path == path]
