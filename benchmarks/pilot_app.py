"""Shared by the interaction benchmarks: the real dashboard under Textual's Pilot (headless)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

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
