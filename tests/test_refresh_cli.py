"""The `refresh`, `sources` and `import URL` commands, run as a user would (real local server)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpkit import FAST, fixture, serve_site, serve_threaded
from pytest_httpserver import HTTPServer

from raceview.cli import main
from raceview.commands.refresh import _display
from raceview.config import load_config
from raceview.refresh import SourceProgress
from raceview.sources import http
from raceview.store import Store


@pytest.fixture(scope="module")
def _threaded() -> Iterator[HTTPServer]:
    yield from serve_threaded()


@pytest.fixture
def server(_threaded: HTTPServer) -> HTTPServer:
    _threaded.clear()
    return _threaded


@pytest.fixture(autouse=True)
def fast_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands' default limits, shortened (the real server and client stay)."""
    monkeypatch.setattr(http, "DEFAULT_SETTINGS", FAST)


@pytest.fixture
def rv(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI on a temp store and config; returns (exit code, stdout, stderr)."""
    config = tmp_path / "config.toml"
    config.write_text("# empty\n", encoding="utf-8")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(tmp_path / "rv.db"), "--config", str(config), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    run.config = config  # type: ignore[attr-defined]
    run.db = tmp_path / "rv.db"  # type: ignore[attr-defined]
    return run


def test_add_refresh_list_remove(rv, server: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    serve_site(server)
    code, out, _ = rv("sources", "add", server.url_for("/feed.xml"), "--name", "spokes")
    assert code == 0 and out == f"added spokes (feed) {server.url_for('/feed.xml')}\n"
    code, out, _ = rv("refresh")
    assert code == 0
    assert "spokes: ok — 3 new" in out
    assert "1 source(s): 1 ok, 0 not modified, 0 skipped, 0 failed; 3 new document(s)" in out
    code, out, _ = rv("refresh")
    assert code == 0 and "spokes: not modified" in out
    code, out, _ = rv("sources", "list")
    assert code == 0 and out.startswith("spokes  feed  enabled  every 60 min")
    assert "status not modified · items seen 3" in out
    code, out, _ = rv("sources", "list", "--json")
    assert '"items_seen": 3' in out
    code, out, _ = rv("sources", "remove", "spokes")
    assert code == 0 and load_config(rv.config).sources == ()
    with Store(rv.db) as store:
        assert store.count_documents() == 3  # removing a source keeps its documents


def test_add_guesses_the_kind(rv, server: HTTPServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    serve_site(server)
    server.expect_request("/results").respond_with_data(
        fixture("results-table.html", server), content_type="text/html"
    )
    assert "(feed)" in rv("sources", "add", server.url_for("/feed.xml"))[1]
    assert "(results)" in rv("sources", "add", server.url_for("/results"))[1]
    assert "(page)" in rv("sources", "add", server.url_for("/racing/roubaix-2024-report"))[1]
    assert "(dir)" in rv("sources", "add", str(tmp_path))[1]
    names = [s.name for s in load_config(rv.config).sources]
    assert names == ["127-0-0-1", "127-0-0-1-2", "127-0-0-1-3", tmp_path.name]


def test_add_refuses_bad_targets(rv, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = rv("sources", "add", "file:///etc/passwd")
    assert code == 2 and "only http and https" in err
    code, _, err = rv("sources", "add", str(tmp_path / "missing"))
    assert code == 2 and "not a folder" in err
    code, _, err = rv("sources", "add", "http://127.0.0.1:9/feed.xml")
    assert code == 1 and "give --kind" in err
    code, out, _ = rv("sources", "add", "http://127.0.0.1:9/feed.xml", "--kind", "feed")
    assert code == 0 and "added 127-0-0-1 (feed)" in out


def test_refresh_exits_1_when_a_source_fails(rv, server: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    serve_site(server)
    rv("sources", "add", server.url_for("/feed.xml"), "--name", "good")
    rv("sources", "add", "http://127.0.0.1:9/x.xml", "--kind", "feed", "--name", "dead")
    code, out, _ = rv("refresh")
    assert code == 1
    assert "good: ok — 3 new" in out
    assert "dead: FAILED — cannot connect to 127.0.0.1" in out
    code, out, _ = rv("refresh", "--source", "good")
    assert code == 0 and "dead" not in out
    code, _, err = rv("refresh", "--source", "nope")
    assert code == 2 and "no source named nope" in err


def test_sources_test_stores_nothing(rv, server: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    serve_site(server)
    rv("sources", "add", server.url_for("/feed.xml"), "--name", "spokes")
    code, out, _ = rv("sources", "test", "spokes")
    assert code == 0
    assert "spokes (feed) “Spokes & Cobbles — Racing”: 3 item(s) seen" in out
    assert f"would import {server.url_for('/racing/roubaix-2024-report')}" in out
    assert "3 document(s) would be imported; nothing was stored" in out
    with Store(rv.db) as store:
        assert store.count_documents() == 0
        assert store.source_health("spokes").last_attempt is None
        assert store.validators(server.url_for("/feed.xml")) is None


def test_import_url_feed_and_page(rv, server: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    serve_site(server, conditional_get=False)
    code, out, _ = rv("import", server.url_for("/feed.xml"))
    assert code == 0 and "3 document(s) read, 0 failed" in out
    code, out, _ = rv("import", server.url_for("/racing/roubaix-2024-report"))
    assert code == 0 and "already stored" in out
    code, _, err = rv("import", "http://127.0.0.1:9/nothing")
    assert code == 1 and "cannot connect" in err


def test_first_refresh_without_config_writes_defaults(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "new" / "config.toml"
    code = main(["--db", str(tmp_path / "rv.db"), "--config", str(config), "sources", "list"])
    assert code == 0 and config.exists()
    assert "cyclingnews  feed  enabled" in capsys.readouterr().out


def test_invalid_config_is_one_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text("[[sources]]\nname = 'x'\nkind = 'nope'\n", encoding="utf-8")
    code = main(["--db", str(tmp_path / "rv.db"), "--config", str(config), "refresh"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "(line 3): sources.0.kind" in err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_display_on_a_terminal() -> None:
    out = _Tty()
    with _display(out, ["a", "b"]) as progress:
        progress(SourceProgress("a", "fetching", "https://example.org/feed"))
        progress(SourceProgress("a", "done", "2 new", 2))
        progress(SourceProgress("b", "failed", "HTTP 404 \x1b]52;c;eA==\x07"))
    text = out.getvalue()
    assert "2 new" in text and "FAILED" in text and "HTTP 404" in text
    assert "\x1b]52" not in text
