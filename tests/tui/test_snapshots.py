"""SVG snapshots of the main states (frozen clock, fixed size and theme, no cursor blink).

Update with: .venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from raceview.store import Store
from raceview.tui.refresher import ProgressFn, RefreshOutcome
from tests.tui.conftest import AppFactory
from tests.tui.helpers import settle

SnapCompare = Any


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_populated(snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(160, 45), run_before=_settled)


def test_row_selected_highlights(
    snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory
) -> None:
    async def select_second_row(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("G", "k", "tab", "j", "j", "j")
        await settle(pilot)

    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(160, 45), run_before=select_second_row)


def test_narrow_80x24(snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory) -> None:
    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


def test_narrow_80x24_result_tab(
    snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory
) -> None:
    async def open_result(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_result)


def test_filtered(snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory) -> None:
    async def filter_pogacar(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"pogacar")
        await settle(pilot)

    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(160, 45), run_before=filter_pogacar)


def test_help(snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    app = make_app(tui_store)
    assert snap_compare(app, terminal_size=(160, 45), run_before=open_help)


def test_empty(snap_compare: SnapCompare, tmp_path: Path, make_app: AppFactory) -> None:
    app = make_app(Store(tmp_path / "empty.db"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled)


def test_error_toast(snap_compare: SnapCompare, tui_store: Store, make_app: AppFactory) -> None:
    async def broken(progress: ProgressFn) -> RefreshOutcome:
        raise RuntimeError("feed exploded: [/] \x1b]52;c;aGk=\x07")

    async def press_refresh(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    app = make_app(tui_store, refresh=broken)
    assert snap_compare(app, terminal_size=(120, 30), run_before=press_refresh)
