"""Servers that attack: deflate bombs, header floods, lying content types — each bounded in time
and memory, the source failed with a clear reason, the other sources of the refresh unaffected.

(Gzip bombs, endless and slow bodies, redirect loops: tests/test_sources_http.py; billion laughs,
XXE, file: links: tests/test_sources_feeds.py.)
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from functools import cache

import pytest
from httpkit import FAST, fixture, serve_threaded
from pytest_httpserver import HTTPServer
from werkzeug import Response

from raceview.models import Source
from raceview.refresh import RefreshSummary, SourceResult, refresh_sources
from raceview.sources.http import Fetcher, FetchError
from raceview.store import Store

MIB = 1024 * 1024
#: 1 MiB decoded cap: a bomb must stop there, not at the 10 MiB default.
CAPPED = dataclasses.replace(FAST, max_bytes=MIB, total_timeout=2.0)


@pytest.fixture(scope="module")
def _threaded() -> Iterator[HTTPServer]:
    yield from serve_threaded()


@pytest.fixture
def server(_threaded: HTTPServer) -> HTTPServer:
    _threaded.clear()
    return _threaded


def refresh_with_a_good_page(
    server: HTTPServer, store: Store, hostile: Source
) -> tuple[SourceResult, float]:
    """Refresh `hostile` beside a good page: (hostile's result, seconds); the good page is fine."""
    server.expect_request("/good").respond_with_data(
        fixture("roubaix-2024-report.html", server), content_type="text/html"
    )
    good = Source(name="good", kind="page", url=server.url_for("/good"))
    started = time.monotonic()
    summary: RefreshSummary = asyncio.run(refresh_sources(store, [hostile, good], settings=CAPPED))
    took = time.monotonic() - started
    by_name = {r.source: r for r in summary.results}
    assert by_name["good"].state == "done" and by_name["good"].new == 1  # unaffected
    return by_name[hostile.name], took


def fetch_peak(url: str) -> tuple[str, int]:
    """Fetch `url` alone under tracemalloc: (the error, peak bytes allocated meanwhile).

    The peak includes the client's SSL context (several MiB) and the test server's thread,
    which runs in this process: ~10 MiB for a small page. A bomb decoded whole would add its
    64 MiB; hence the 32 MiB bound below.
    """

    async def go() -> str:
        async with Fetcher.open(CAPPED) as fetcher:
            try:
                await fetcher.get(url)
            except FetchError as exc:
                return str(exc)
        return "fetched"

    tracemalloc.start()
    try:
        error = asyncio.run(go())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return error, peak


def page(server: HTTPServer, path: str, name: str = "evil") -> Source:
    return Source(name=name, kind="page", url=server.url_for(path))


@cache
def _zeros(n: int) -> bytes:
    return b"<p>" + b"\0" * n


@pytest.mark.parametrize(
    ("label", "compress"),
    [
        ("zlib", lambda data: zlib.compress(data, 9)),
        ("raw", lambda data: (lambda c: c.compress(data) + c.flush())(zlib.compressobj(wbits=-15))),
    ],
)  # fmt: skip
def test_deflate_bomb_is_bounded(
    server: HTTPServer, store: Store, label: str, compress: object
) -> None:
    assert callable(compress)
    bomb: bytes = compress(_zeros(64 * MIB))
    assert len(bomb) < 100_000  # 64 MiB decoded from ~64 KiB on the wire
    server.expect_request("/bomb").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "deflate"}
    )
    result, took = refresh_with_a_good_page(server, store, page(server, "/bomb"))
    assert result.state == "failed"
    # zlib-wrapped deflate is decoded up to the cap; raw deflate (no header) is refused as corrupt
    expected = "over the 1 MiB cap (decoded)" if label == "zlib" else "corrupt compressed body"
    assert expected in result.message
    assert took < 3.0
    error, peak = fetch_peak(server.url_for("/bomb"))
    assert expected in error
    assert peak < 32 * MIB, f"{peak / MIB:.1f} MiB allocated for a 1 MiB cap of a 64 MiB bomb"
    health = store.source_health("evil")
    assert health.last_status == "failed" and health.last_error == result.message


def test_gzip_inside_gzip_is_refused(server: HTTPServer, store: Store) -> None:
    import gzip

    twice = gzip.compress(gzip.compress(_zeros(8 * MIB)))
    server.expect_request("/twice").respond_with_data(
        twice, content_type="text/html", headers={"Content-Encoding": "gzip, gzip"}
    )
    result, took = refresh_with_a_good_page(server, store, page(server, "/twice"))
    assert result.state == "failed"
    assert "unsupported Content-Encoding 'gzip, gzip'" in result.message
    assert took < 3.0


@pytest.mark.parametrize("shape", ["many", "one huge"])
def test_header_flood_is_bounded(server: HTTPServer, store: Store, shape: str) -> None:
    if shape == "many":
        headers = [(f"X-Flood-{n}", "x" * 40) for n in range(5000)]  # ~250 KB of headers
    else:
        headers = [("X-Flood", "x" * 1_000_000)]
    server.expect_request("/flood").respond_with_handler(
        lambda r: Response(b"<p>hi</p>", content_type="text/html", headers=headers)
    )
    result, took = refresh_with_a_good_page(server, store, page(server, "/flood"))
    assert result.state == "failed"
    assert "connection to 127.0.0.1 broken" in result.message  # h11 caps headers at 64 KiB
    assert took < 5.0
    error, peak = fetch_peak(server.url_for("/flood"))
    assert "broken" in error
    assert peak < 32 * MIB, f"{peak / MIB:.1f} MiB allocated for a header flood"


def test_png_served_as_html_fails_the_page(server: HTTPServer, store: Store) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    server.expect_request("/pic").respond_with_data(png, content_type="text/html; charset=utf-8")
    result, _ = refresh_with_a_good_page(server, store, page(server, "/pic"))
    assert result.state == "failed"
    assert result.message == "binary content, not text (served as text/html)"
    assert store.count_documents() == 1  # the good page only


def test_png_served_as_a_feed_fails_the_feed(server: HTTPServer, store: Store) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    server.expect_request("/feed").respond_with_data(png, content_type="application/rss+xml")
    feed = Source(name="evil", kind="feed", url=server.url_for("/feed"))
    result, _ = refresh_with_a_good_page(server, store, feed)
    assert result.state == "failed"
    assert result.message == "not an RSS or Atom feed (application/rss+xml)"


def test_html_served_as_a_feed_type(server: HTTPServer, store: Store) -> None:
    html = fixture("lombardia-2024-report.html", server)
    server.expect_request("/page").respond_with_data(html, content_type="application/rss+xml")
    feed = Source(name="evil", kind="feed", url=server.url_for("/page"))
    result, _ = refresh_with_a_good_page(server, store, feed)
    assert result.state == "failed"
    assert result.message == "not an RSS or Atom feed (application/rss+xml)"


def test_html_served_as_a_feed_type_on_a_page_source_is_read_as_html(
    server: HTTPServer, store: Store
) -> None:
    html = fixture("lombardia-2024-report.html", server)
    server.expect_request("/page").respond_with_data(html, content_type="application/rss+xml")
    result, _ = refresh_with_a_good_page(server, store, page(server, "/page", "lying"))
    assert result.state == "done" and result.new == 1
    lying = next(d for d in store.iter_documents() if d.raw.source == "lying")
    assert lying.raw.content_type == "text/html"


def test_a_feed_served_as_html_is_still_a_feed(server: HTTPServer, store: Store) -> None:
    body = fixture("feed.rss.xml", server)
    server.expect_request("/feed").respond_with_data(body, content_type="text/html")
    for name in ("roubaix-2024-report", "lombardia-2024-report", "fleche-2024-notes"):
        server.expect_request(f"/racing/{name}").respond_with_data(
            fixture(f"{name}.html", server), content_type="text/html"
        )
    feed = Source(name="evil", kind="feed", url=server.url_for("/feed"))
    result, _ = refresh_with_a_good_page(server, store, feed)
    assert result.state == "done" and result.new >= 1
