"""Pilot tests of the commands: copy, export, refresh, help, keymap, palette, sources, open."""

from __future__ import annotations

import datetime as dt
import webbrowser
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Input, RadioButton

from raceview.export import render
from raceview.models import SourceHealth
from raceview.store import Store
from raceview.tui.commands import ALL_COMMANDS
from raceview.tui.refresher import ProgressFn, RefreshOutcome
from raceview.tui.screens.export_dialog import ExportDialog
from raceview.tui.screens.health import SourceHealthScreen
from raceview.tui.screens.help import HelpScreen
from raceview.tui.widgets.header import FreshnessHeader
from tests.tui.conftest import AppFactory, FakeClipboard
from tests.tui.fixtures import NOW, tdf
from tests.tui.helpers import main, race_list, settle, toasts

pytestmark = pytest.mark.anyio


async def test_y_copies_the_result_as_text(tui_store: Store, make_app: AppFactory) -> None:
    clipboard = FakeClipboard(native=True)
    app = make_app(tui_store, clipboard=clipboard)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        detail = main(app).detail
        assert detail is not None
        expected = render(detail, "text")
        assert app.clipboard == expected
        assert clipboard.copied == [expected]
        assert "Pogačar" in expected and "+1:03" in expected
        assert any("Copied 3 rows" in t and "system clipboard" in t for t in toasts(app))


async def test_copy_without_a_system_clipboard_says_so(
    tui_store: Store, make_app: AppFactory
) -> None:
    app = make_app(tui_store, clipboard=FakeClipboard(native=False))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith("Tour de France 2024, stage 21")
        (toast,) = toasts(app)
        assert "OSC 52" in toast and "no clipboard tool" in toast and "press e" in toast


async def test_export_dialog_writes_a_file(
    tui_store: Store, make_app: AppFactory, tmp_path: Path
) -> None:
    app = make_app(tui_store)
    target = tmp_path / "out" / "result.csv"
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        path = dialog.query_one("#path", Input)
        assert path.value.endswith("tour-de-france-2024-stage-21.txt")
        dialog.query_one("#fmt-csv", RadioButton).value = True
        await pilot.pause()
        assert path.value.endswith(".csv")  # the default follows the format
        dialog.query_one("#to-file", RadioButton).value = True
        path.value = str(target)
        await pilot.pause()
        dialog.query_one("#do-export", Button).press()
        await settle(pilot)
        detail = main(app).detail
        assert detail is not None
        assert target.read_text(encoding="utf-8") == render(detail, "csv")
        assert any("Wrote 3 rows" in t and str(target) in t for t in toasts(app))


async def test_export_dialog_to_clipboard_as_json(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#fmt-json", RadioButton).value = True
        await pilot.pause()
        await pilot.click("#do-export")
        await settle(pilot)
        assert app.clipboard.startswith("{")
        assert '"results"' in app.clipboard
        assert any("JSON" in t for t in toasts(app))


async def test_export_dialog_cancel(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert app.clipboard == ""


async def test_refresh_not_available(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store, refresh=None)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert any("refresh is not available" in t for t in toasts(app))


async def test_refresh_reports_progress_failures_and_reloads(
    tmp_path: Path, make_app: AppFactory
) -> None:
    store = Store(tmp_path / "grow.db")
    seen_progress: list[tuple[int, int] | None] = []

    async def fake_refresh(progress: ProgressFn) -> RefreshOutcome:
        progress(1, 2)
        seen_progress.append(header.progress)
        store.write_race(tdf(store))  # a new race arrives
        progress(2, 2)
        return RefreshOutcome("2 sources checked: 2 new documents", [("velo", "HTTP 503")])

    app = make_app(store, refresh=fake_refresh)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        header = main(app).query_one(FreshnessHeader)
        assert race_list(app).counts == (0, 0)
        await pilot.press("r")
        await settle(pilot)
        assert race_list(app).counts == (1, 1)
        assert header.progress is None
        all_toasts = toasts(app)
        assert any("2 new documents" in t for t in all_toasts)
        assert any(t.startswith("velo failed") and "HTTP 503" in t for t in all_toasts)
    store.close()


async def test_refresh_error_is_a_toast_not_a_crash(tui_store: Store, make_app: AppFactory) -> None:
    async def broken(progress: ProgressFn) -> RefreshOutcome:
        raise RuntimeError("feed exploded")

    app = make_app(tui_store, refresh=broken)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        assert any("feed exploded" in t for t in toasts(app))
        assert main(app).query_one(FreshnessHeader).progress is None


async def test_refresh_keeps_the_selection(tui_store: Store, make_app: AppFactory) -> None:
    async def nothing(progress: ProgressFn) -> RefreshOutcome:
        return RefreshOutcome("0 new documents")

    app = make_app(tui_store, refresh=nothing)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        before = race_list(app).cursor_race_id
        await pilot.press("r")
        await settle(pilot)
        assert race_list(app).cursor_race_id == before == "gp-miguel-indurain-2023"


async def test_help_lists_every_command(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-box Static").render())
        for command in ALL_COMMANDS:
            assert command.HELP in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_keymap_remaps_commands(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store, keymap={"copy": "x"})
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == ""
        await pilot.press("x")
        await settle(pilot)
        assert app.clipboard.startswith("Tour de France")
        await pilot.press("question_mark")
        await pilot.pause()
        assert "  x " in str(app.screen.query_one("#help-box Static").render())


async def test_palette_offers_every_command(tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for command in ALL_COMMANDS:
            assert command.TITLE in titles
        copy = next(c for c in app.get_system_commands(app.screen) if c.title == "Copy result")
        await copy.callback()
        await settle(pilot)
        assert app.clipboard.startswith("Tour de France")


async def test_source_health_screen(tui_store: Store, make_app: AppFactory) -> None:
    tui_store.save_source_health(
        SourceHealth(
            name="velo",
            last_attempt=NOW - dt.timedelta(minutes=5),
            last_success=NOW - dt.timedelta(hours=3),
            last_status="503",
            last_error="HTTP 503 Service Unavailable",
        )
    )
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SourceHealthScreen)
        table = app.screen.query_one("#health-table")
        row = [str(c) for c in table.get_row_at(0)]  # type: ignore[attr-defined]
        assert row[:4] == ["velo", "3 h ago", "5 min ago", "503"]
        assert "Service Unavailable" in row[4]


async def test_open_url_only_http(
    tui_store: Store, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(url: str, new: int = 0) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    app = make_app(tui_store)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://example.com/tdf-2024-stage-21"]
        await pilot.press("G", "k")  # GP Miguel Induráin: imported from a file
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://example.com/tdf-2024-stage-21"]
        assert any("no web address" in t for t in toasts(app))


async def test_empty_store_imports_the_bundled_samples(
    tmp_path: Path, make_app: AppFactory
) -> None:
    store = Store(tmp_path / "first.db")
    app = make_app(store, import_samples=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert store.count_documents() >= 8
        assert any("bundled sample reports" in t and "raceview import" in t for t in toasts(app))
        assert race_list(app).counts[1] == len(store.race_ids())
    store.close()


async def test_empty_store_without_samples_explains_what_to_do(
    tmp_path: Path, make_app: AppFactory
) -> None:
    store = Store(tmp_path / "empty.db")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [race_list(app).render_line(y).text for y in range(8)]
        assert any("No races yet" in line for line in lines)
        assert any("raceview import" in line for line in lines)
        await pilot.press("y", "e", "v", "c", "o", "tab", "j", "tab", "j", "tab", "j")
        await settle(pilot)
        assert app.is_running
    store.close()


async def test_real_refresh_against_a_local_server(
    tmp_path: Path, make_app: AppFactory, httpserver: Any
) -> None:
    from raceview.models import Source
    from raceview.tui.refresher import find_refresher

    page = (
        "<html><head><title>Tour of Testing: Rider wins</title></head><body><article>"
        "<h1>Tour of Testing: Rider wins</h1><p>Anna Example (Team Test) won the race.</p>"
        "</article></body></html>"
    )
    httpserver.expect_request("/report").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/broken").respond_with_data("gone", status=404)
    store = Store(tmp_path / "refresh.db")
    sources = [
        Source(name="local", kind="page", url=httpserver.url_for("/report")),
        Source(name="broken", kind="page", url=httpserver.url_for("/broken")),
    ]
    refresh = find_refresher(store, sources)
    assert refresh is not None
    app = make_app(store, refresh=refresh)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, rounds=6)
        all_toasts = toasts(app)
        assert any("2 sources checked: 1 new documents" in t for t in all_toasts), all_toasts
        assert any(t.startswith("broken failed") for t in all_toasts), all_toasts
        assert main(app).query_one(FreshnessHeader).progress is None
        assert store.count_documents() == 1
    store.close()
