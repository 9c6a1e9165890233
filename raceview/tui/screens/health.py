"""The source-health screen: when each source last succeeded or failed, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from raceview.tui.formatting import ago, clean

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import SourceHealth


class SourceHealthScreen(ModalScreen[None]):
    """A table of source health; esc closes it."""

    CSS = """
    SourceHealthScreen {
        align: center middle;
    }
    #health-box {
        width: 110;
        max-width: 95%;
        height: 70%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,s", "close", "Close")]

    def __init__(self, health: list[SourceHealth], now: Callable[[], dt.datetime]) -> None:
        super().__init__()
        self.health = health
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="health-box") as box:
            box.border_title = "Sources"
            if not self.health:
                yield Static(
                    Text(
                        "No source has been refreshed yet. Add sources with "
                        "`raceview sources add ...`, then press r.",
                        style="dim",
                    )
                )
            else:
                yield DataTable[Text](id="health-table", cursor_type="row")

    def on_mount(self) -> None:
        if not self.health:
            return
        table: DataTable[Text] = self.query_one("#health-table", DataTable)
        table.add_columns("Source", "Last success", "Last attempt", "Status", "Error")
        now = self.now()
        for h in self.health:
            failing = bool(h.last_error)
            cooldown = (
                f" (cooling down until {h.cooldown_until:%H:%M})"
                if h.cooldown_until and h.cooldown_until > now
                else ""
            )
            table.add_row(
                Text(clean(h.name), style="bold red" if failing else "bold"),
                Text(ago(h.last_success, now)),
                Text(ago(h.last_attempt, now)),
                Text(clean(h.last_status) or "—"),
                Text(clean(h.last_error)[:80] + cooldown, style="red" if failing else ""),
            )

    def action_close(self) -> None:
        self.dismiss(None)
