"""The header: app name, race count, data freshness and refresh progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from raceview.tui.formatting import ago


class FreshnessHeader(Widget):
    """One line: 'raceview · 8 races · updated 4 min ago' and, on the right, progress."""

    DEFAULT_CSS = "FreshnessHeader { height: 1; dock: top; }"

    last_updated: reactive[dt.datetime | None] = reactive(None)
    progress: reactive[tuple[int, int] | None] = reactive(None)
    counts: reactive[tuple[int, int]] = reactive((0, 0))
    status: reactive[str] = reactive("")

    def __init__(self, now: Callable[[], dt.datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now

    def on_mount(self) -> None:
        self.set_interval(30, self.refresh)

    def render(self) -> Text:
        shown, total = self.counts
        races = f"{total:,} races" if shown == total else f"{shown:,} of {total:,} races"
        left = Text.assemble(
            (" raceview ", "bold reverse"),
            f"  {races}  ·  updated {ago(self.last_updated, self.now())}",
        )
        if self.progress is not None:
            done, total_sources = self.progress
            right = f"refreshing {done}/{total_sources} " if total_sources else "refreshing… "
        else:
            right = f"{self.status} " if self.status else ""
        pad = max(1, self.size.width - left.cell_len - len(right))
        return Text.assemble(left, " " * pad, (right, "bold"))
