"""Feeds and pages that fight back: entity bombs, XXE, file: links, escapes, types, encodings."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpkit import FAST, feed_source, fixture, serve_threaded
from pytest_httpserver import HTTPServer

from raceview.models import Source
from raceview.refresh import RefreshSummary, refresh_sources
from raceview.sources.feeds import NotAFeed, parse_feed
from raceview.sources.guess import has_results_table
from raceview.store import Store

SECRET = "raceview-secret-6f1d2c"


@pytest.fixture(scope="module")
def _threaded() -> Iterator[HTTPServer]:
    yield from serve_threaded()


@pytest.fixture
def server(_threaded: HTTPServer) -> HTTPServer:
    _threaded.clear()
    return _threaded


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def refresh(store: Store, *sources: Source) -> RefreshSummary:
    return asyncio.run(refresh_sources(store, list(sources), settings=FAST))


def serve_pages(server: HTTPServer) -> None:
    for name in ("roubaix-2024-report", "lombardia-2024-report"):
        server.expect_request(f"/racing/{name}").respond_with_data(
            fixture(f"{name}.html", server), content_type="text/html"
        )


def all_bytes(store: Store) -> bytes:
    return b"".join(d.raw.body for d in store.iter_documents())


def test_billion_laughs_is_bounded(server: HTTPServer, store: Store) -> None:
    server.expect_request("/laughs.xml").respond_with_data(
        fixture("billion-laughs.xml", server), content_type="application/rss+xml"
    )
    serve_pages(server)
    started = time.monotonic()
    summary = refresh(store, feed_source(server, "/laughs.xml", "laughs"))
    assert time.monotonic() - started < 2.0
    assert summary.results[0].state in ("done", "failed")
    assert b"lollollol" not in all_bytes(store)


def test_xxe_reads_no_file_and_fetches_no_dtd(
    server: HTTPServer, store: Store, secret: Path
) -> None:
    server.expect_request("/xxe.xml").respond_with_data(
        fixture("xxe.xml", server, SECRET=str(secret)), content_type="application/rss+xml"
    )
    server.expect_request("/evil.dtd").respond_with_data('<!ENTITY x "y">')
    serve_pages(server)
    summary = refresh(store, feed_source(server, "/xxe.xml", "xxe"))
    assert SECRET.encode() not in all_bytes(store)
    assert SECRET not in repr(summary)
    assert "/evil.dtd" not in [r.path for r, _ in server.log]
    health = store.source_health("xxe")
    assert SECRET not in (health.last_error or "") + (health.last_status or "")


def test_feed_item_links_that_are_not_http_are_refused(
    server: HTTPServer, store: Store, secret: Path
) -> None:
    server.expect_request("/tricky.xml").respond_with_data(
        fixture("file-link.rss.xml", server, SECRET=str(secret)), content_type="text/xml"
    )
    serve_pages(server)
    summary = refresh(store, feed_source(server, "/tricky.xml", "tricky"))
    (result,) = summary.results
    assert result.state == "done" and result.new == 1
    assert len(result.problems) == 2
    assert any("refused file: URL" in p for p in result.problems)
    assert any("refused javascript: URL" in p for p in result.problems)
    assert SECRET.encode() not in all_bytes(store)
    assert {d.raw.origin for d in store.iter_documents()} == {
        server.url_for("/racing/roubaix-2024-report")
    }


def test_escape_sequences_in_feed_titles_are_removed(server: HTTPServer) -> None:
    body = fixture("escapes.rss.xml", server)
    assert b"\x1b]52" in body
    feed = parse_feed(body, {"content-type": "application/rss+xml"}, server.url_for("/e.xml"))
    assert feed.title == "Bad titles"
    (item,) = feed.items
    assert "\x1b" not in item.title and "\u202e" not in item.title
    assert item.title == "Clásica San Sebastián report"


def test_an_html_page_is_not_a_feed(server: HTTPServer, store: Store) -> None:
    server.expect_request("/notafeed").respond_with_data(
        fixture("roubaix-2024-report.html", server), content_type="text/html"
    )
    summary = refresh(store, feed_source(server, "/notafeed", "nf"))
    assert summary.results[0].message == "not an RSS or Atom feed (text/html)"
    with pytest.raises(NotAFeed):
        parse_feed(b"/etc/passwd", {}, "http://x/")  # bytes that look like a path: no file read


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png", "not a text document (image/png)"),
        (b"%PDF-1.7\n\0\0\0binary", "text/html", "binary content, not text (served as text/html)"),
        (b"", "text/html", "empty page"),
        (b'<?xml version="1.0"?><rss/>', "application/rss+xml", "a feed (application/rss+xml)"),
    ],
)
def test_wrong_content_types_fail_the_page(
    server: HTTPServer, store: Store, body: bytes, ctype: str, reason: str
) -> None:
    server.expect_request("/p").respond_with_data(body, content_type=ctype)
    summary = refresh(store, Source(name="p", kind="page", url=server.url_for("/p")))
    assert summary.results[0].state == "failed"
    assert summary.results[0].message.startswith(reason)
    assert store.count_documents() == 0


def test_untyped_html_is_stored_as_html(server: HTTPServer, store: Store) -> None:
    server.expect_request("/p").respond_with_data(
        fixture("lombardia-2024-report.html", server), content_type="application/octet-stream"
    )
    assert refresh(store, Source(name="p", kind="page", url=server.url_for("/p"))).new == 1
    assert next(store.iter_documents()).raw.content_type == "text/html"


def test_bad_encodings_are_stored_verbatim(server: HTTPServer, store: Store) -> None:
    latin1 = "<html><body><p>Kévin Vauquelin (Arkéa) won at Pontivy.</p></body></html>"
    server.expect_request("/latin1").respond_with_data(
        latin1.encode("latin-1"), content_type="text/html; charset=iso-8859-1"
    )
    lying = "<html><head><meta charset='utf-8'></head><body><p>Fernández second.</p></body></html>"
    server.expect_request("/lying").respond_with_data(
        lying.encode("cp1252"), content_type="text/html"
    )
    summary = refresh(
        store,
        Source(name="l1", kind="page", url=server.url_for("/latin1")),
        Source(name="lie", kind="page", url=server.url_for("/lying")),
    )
    assert summary.ok and summary.new == 2
    docs = {d.raw.source: d.raw for d in store.iter_documents()}
    assert docs["l1"].body == latin1.encode("latin-1")
    assert docs["l1"].content_type == "text/html; charset=iso-8859-1"
    assert docs["lie"].body == lying.encode("cp1252")


def test_feed_in_a_legacy_encoding(server: HTTPServer, store: Store) -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>Flèche'
        "</title><item><title>Clásica de Almería</title><guid>1</guid>"
        f"<link>{server.url_for('/racing/roubaix-2024-report')}</link></item></channel></rss>"
    ).encode("cp1252")
    feed = parse_feed(body, {"content-type": "text/xml"}, server.url_for("/f"))
    assert feed.title == "Flèche" and feed.items[0].title == "Clásica de Almería"


def test_results_table_detection() -> None:
    from httpkit import FIXTURES

    assert has_results_table((FIXTURES / "results-table.html").read_bytes())
    assert not has_results_table((FIXTURES / "roubaix-2024-report.html").read_bytes())
    assert not has_results_table(b"<table><tr><td>1</td><td>Monday</td></tr></table>")
