"""Feed → pages → store end to end against a real local server; 304s; isolation of failures."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpkit import FAST, feed_source, fixture, requests_to, serve_site, serve_threaded
from pytest_httpserver import HTTPServer

from raceview.models import Source
from raceview.refresh import RefreshSummary, SourceProgress, refresh_sources
from raceview.sources.http import FetchSettings
from raceview.store import Store


@pytest.fixture(scope="module")
def _threaded() -> Iterator[HTTPServer]:
    yield from serve_threaded()


@pytest.fixture
def server(_threaded: HTTPServer) -> HTTPServer:
    _threaded.clear()
    return _threaded


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "rv.db") as s:
        yield s


def refresh(
    store: Store | Path, sources: list[Source], settings: FetchSettings = FAST
) -> tuple[RefreshSummary, list[SourceProgress]]:
    seen: list[SourceProgress] = []
    summary = asyncio.run(refresh_sources(store, sources, seen.append, settings=settings))
    return summary, seen


def origins(store: Store) -> set[str]:
    return {d.raw.origin for d in store.iter_documents()}


def test_feed_items_become_stored_documents(server: HTTPServer, store: Store) -> None:
    serve_site(server)
    summary, seen = refresh(store, [feed_source(server)])
    assert summary.ok and summary.new == 3
    assert origins(store) == {
        server.url_for("/racing/roubaix-2024-report"),
        server.url_for("/racing/lombardia-2024-report"),
        server.url_for("/racing/fleche-2024-notes"),  # a relative link, resolved
    }
    doc = next(d for d in store.iter_documents() if d.raw.origin.endswith("roubaix-2024-report"))
    assert doc.raw.body == fixture("roubaix-2024-report.html", server)  # bytes as received
    assert doc.raw.content_type == "text/html" and doc.raw.source == "spokes"
    assert doc.raw.etag == '"v1-1"'
    assert [p.state for p in seen if p.source == "spokes"][:2] == ["queued", "fetching"]
    assert seen[-1].state == "done" and seen[-1].new == 3
    health = store.source_health("spokes")
    assert health.last_success is not None and health.last_error is None
    assert health.items_seen == 3 and health.last_status == "3 new"


def test_second_refresh_is_conditional_and_all_304(server: HTTPServer, store: Store) -> None:
    serve_site(server)
    refresh(store, [feed_source(server)])
    first = len(server.log)
    assert first == 4
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.ok and summary.new == 0
    assert summary.results[0].state == "not_modified"
    again = [req for req, _ in server.log[first:]]
    assert [r.path for r in again] == ["/feed.xml"]  # unchanged feed: no page fetched
    assert again[0].headers["If-None-Match"] == '"v1-0"'
    assert again[0].headers["If-Modified-Since"] == "Mon, 08 Apr 2024 09:00:00 GMT"
    assert server.log[first][1].status_code == 304
    assert store.count_documents() == 3


def test_changed_feed_fetches_only_new_items(server: HTTPServer, store: Store) -> None:
    serve_site(server, conditional_get=False)
    refresh(store, [feed_source(server)])
    server.clear()
    serve_site(server, conditional_get=False)
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.new == 0
    assert [r.path for r, _ in server.log] == ["/feed.xml"]  # items already seen


def test_full_content_feed_needs_no_page_fetch(server: HTTPServer, store: Store) -> None:
    server.expect_request("/full.atom").respond_with_data(
        fixture("amstel-full.atom.xml", server), content_type="application/atom+xml"
    )
    summary, _ = refresh(store, [feed_source(server, "/full.atom", "ledger")])
    assert summary.ok and summary.new == 1
    assert [r.path for r, _ in server.log] == ["/full.atom"]
    (doc,) = store.iter_documents()
    assert doc.raw.origin == server.url_for("/news/amstel-gold-2024")
    assert doc.raw.content_type.startswith("text/html")
    assert b"Tom Pidcock (Ineos Grenadiers) won" in doc.raw.body
    assert b"<title>Pidcock wins Amstel Gold Race in five-man sprint</title>" in doc.raw.body


def test_one_failing_source_does_not_stop_others(server: HTTPServer, store: Store) -> None:
    serve_site(server)
    server.expect_request("/broken.xml").respond_with_data("no", status=404)
    sources = [feed_source(server), feed_source(server, "/broken.xml", "broken")]
    summary, _ = refresh(store, sources)
    assert not summary.ok
    by = {r.source: r for r in summary.results}
    assert by["spokes"].state == "done" and by["spokes"].new == 3
    assert by["broken"].state == "failed" and by["broken"].message == "HTTP 404"
    health = store.source_health("broken")
    assert health.last_status == "failed" and health.last_error == "HTTP 404"
    assert health.last_success is None


def test_failed_page_is_retried_next_time(server: HTTPServer, store: Store) -> None:
    serve_site(server, conditional_get=False)
    server.clear()
    server.expect_request("/racing/lombardia-2024-report").respond_with_data("gone", status=500)
    serve_site(server, conditional_get=False)  # the 500 handler above wins for that page
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.new == 2 and summary.results[0].problems
    assert "HTTP 500" in summary.results[0].problems[0]
    server.clear()
    serve_site(server)
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.new == 1  # the failed item comes back, the others are not fetched again
    assert sorted(r.path for r, _ in server.log) == ["/feed.xml", "/racing/lombardia-2024-report"]
    assert not requests_to(server, "/feed.xml")[0].headers.get("If-None-Match")


def test_no_network_says_so_and_leaves_the_store_untouched(tmp_path: Path) -> None:
    db = tmp_path / "rv.db"
    sources = [
        Source(name="a", kind="feed", url="http://127.0.0.1:9/feed.xml"),
        Source(name="b", kind="page", url="http://127.0.0.1:9/page.html"),
    ]
    summary, _ = refresh(db, sources)
    assert not summary.ok
    for r in summary.results:
        assert r.state == "failed" and "cannot connect to 127.0.0.1" in r.message
        assert "\n" not in r.message
    with Store(db) as store:
        assert store.count_documents() == 0


def test_cooldown_after_429_is_respected_next_refresh(server: HTTPServer, store: Store) -> None:
    server.expect_request("/feed.xml").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "600"}
    )
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.results[0].state == "failed"
    health = store.source_health("spokes")
    assert health.cooldown_until is not None
    summary, _ = refresh(store, [feed_source(server)])
    assert summary.results[0].state == "skipped"
    assert "cooling down until" in summary.results[0].message
    assert len(server.log) == 1  # not asked again


def test_disabled_sources_are_skipped(server: HTTPServer, store: Store) -> None:
    source = feed_source(server).model_copy(update={"enabled": False})
    summary, _ = refresh(store, [source])
    assert summary.results == () and not server.log


def test_page_and_results_sources(server: HTTPServer, store: Store) -> None:
    server.expect_request("/results").respond_with_data(
        fixture("results-table.html", server), content_type="text/html; charset=utf-8"
    )
    server.expect_request("/page").respond_with_data(
        fixture("lombardia-2024-report.html", server), content_type="application/xhtml+xml"
    )
    sources = [
        Source(name="res", kind="results", url=server.url_for("/results")),
        Source(name="pg", kind="page", url=server.url_for("/page")),
    ]
    summary, _ = refresh(store, sources)
    assert summary.ok and summary.new == 2
    types = {d.raw.source: d.raw.content_type for d in store.iter_documents()}
    assert types == {"res": "text/html; charset=utf-8", "pg": "text/html"}


def test_dir_source_imports_new_and_changed_files(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Strade Bianche\n\nPogačar won alone.\n", encoding="utf-8")
    (folder / "skip.pdf").write_bytes(b"%PDF")
    source = Source(name="local", kind="dir", path=str(folder))
    assert refresh(store, [source])[0].new == 1
    assert refresh(store, [source])[0].new == 0
    (folder / "a.txt").write_text("Strade Bianche\n\nPogačar won alone again.\n", encoding="utf-8")
    (folder / "b.md").write_text("# Milan-San Remo\n\nPhilipsen won.\n", encoding="utf-8")
    summary, _ = refresh(store, [source])
    assert summary.new == 2 and store.count_documents() == 3  # old version kept


def test_missing_dir_fails_clearly(tmp_path: Path, store: Store) -> None:
    summary, _ = refresh(store, [Source(name="gone", kind="dir", path=str(tmp_path / "nope"))])
    assert summary.results[0].message.startswith("no such folder")


def test_store_factory_and_path_are_accepted(server: HTTPServer, tmp_path: Path) -> None:
    serve_site(server)
    summary, _ = refresh(tmp_path / "a.db", [feed_source(server)])
    assert summary.new == 3
    summary = asyncio.run(
        refresh_sources(lambda: Store(tmp_path / "b.db"), [feed_source(server)], settings=FAST)
    )
    assert summary.new == 3


def test_a_broken_progress_callback_does_not_break_the_refresh(
    server: HTTPServer, store: Store
) -> None:
    serve_site(server)

    def explode(p: SourceProgress) -> None:
        raise RuntimeError("display gone")

    summary = asyncio.run(refresh_sources(store, [feed_source(server)], explode, settings=FAST))
    assert summary.ok and summary.new == 3


def test_cancelled_refresh_keeps_what_was_committed(server: HTTPServer, tmp_path: Path) -> None:
    serve_site(server)
    server.expect_request("/hang.xml").respond_with_handler(
        lambda r: __import__("time").sleep(1.5) or None  # type: ignore[func-returns-value]
    )
    slow = dataclasses.replace(FAST, read_timeout=5, total_timeout=5)
    db = tmp_path / "rv.db"

    async def go() -> None:
        task = asyncio.create_task(
            refresh_sources(
                db, [feed_source(server), feed_source(server, "/hang.xml", "hang")], settings=slow
            )
        )
        for _ in range(100):
            await asyncio.sleep(0.02)
            with Store(db) as s:
                if s.count_documents() == 3:
                    break
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    with Store(db) as store:
        assert store.count_documents() == 3
        assert store.source_health("spokes").last_success is not None
        assert store.source_health("hang").last_attempt is None
