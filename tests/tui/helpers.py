"""Pilot helpers: wait for workers, read toasts and pane state."""

from __future__ import annotations

from textual.pilot import Pilot

from raceview.tui.app import RaceviewApp
from raceview.tui.screens.main import MainScreen
from raceview.tui.widgets.race_list import RaceList


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def toasts(app: RaceviewApp) -> list[str]:
    """Every notification's title and message."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def main(app: RaceviewApp) -> MainScreen:
    """The main screen."""
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


def race_list(app: RaceviewApp) -> RaceList:
    """The race list widget."""
    return main(app).query_one(RaceList)


def selected(app: RaceviewApp) -> str | None:
    """The race whose detail is shown."""
    detail = main(app).detail
    return None if detail is None else detail.race.id
