"""Shared by the interaction benchmarks: the real dashboard under Textual's Pilot (headless)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.widget import Widget

from raceview.store import Store
from raceview.tui.app import RaceviewApp
from raceview.tui.services import Services
from raceview.tui.widgets.race_list import RaceList

SIZE = (160, 45)


def build(store: Store, export_dir: Path) -> RaceviewApp:
    """The app on `store`, without first-run samples or refresh."""
    return RaceviewApp(Services(store=store, import_samples=False, export_dir=export_dir))


def races(app: RaceviewApp) -> RaceList:
    return app.screen_stack[0].query_one(RaceList)


async def until(check: Callable[[], bool], timeout: float = 30) -> None:
    """Yield to the event loop until `check()` (polling every 0.5 ms)."""
    end = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > end:
            raise TimeoutError("the dashboard never got there")
        await asyncio.sleep(0.0005)


class PaintWatch:
    """When widgets were first painted in a wanted state (their `render_lines` is wrapped).

    Pilot's `press` + `pause` has a fixed cost of its own (~90 ms here for a key that does
    nothing), so the benchmarks time a key from its press to the compositor painting the
    widgets that must change, and settle with `pause` afterwards, untimed.
    """

    def __init__(self, widgets: list[Widget]) -> None:
        self.widgets = widgets
        self.painted: dict[int, float] = {}
        self.wanted: Callable[[Widget], bool] = lambda _w: False
        for widget in widgets:
            original = widget.render_lines

            def render_lines(crop: Region, w: Widget = widget, f: Any = original) -> Any:
                lines = f(crop)
                if id(w) not in self.painted and self.wanted(w):
                    self.painted[id(w)] = time.perf_counter()
                return lines

            widget.render_lines = render_lines  # type: ignore[method-assign]

    def expect(self, wanted: Callable[[Widget], bool]) -> None:
        """Start watching for `wanted` (called with each widget as it paints)."""
        self.painted = {}
        self.wanted = wanted

    def done(self) -> bool:
        return len(self.painted) == len(self.widgets)

    def at(self) -> float:
        """When the last of the widgets was painted in the wanted state."""
        return max(self.painted.values())
