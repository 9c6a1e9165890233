"""The result table: positions, riders, teams, gaps and where each row came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.widgets import DataTable

from raceview.tui.formatting import clean, fit, gap_cells, source_mark, team_colour

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import RaceDetail, ResultRow

RIDER_WIDTH, TEAM_WIDTH = 22, 18
LEGEND = "T table · P prose · H headline · ! conflict"


class ResultTable(DataTable[Text]):
    """The stage result, or the GC when `show_gc`; rows are plain Text (never markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)

    class RiderFocused(Message):
        """The cursor is on a result row (None when the table is empty)."""

        def __init__(self, row: ResultRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: tuple[ResultRow, ...] = ()
        self._shown_key: tuple[str | None, bool] = (None, False)

    def on_mount(self) -> None:
        # fixed widths: the layout does not shift from race to race
        self.add_column("Pos", key="pos", width=3)
        self.add_column("Rider", key="rider", width=RIDER_WIDTH)
        self.add_column("Team", key="team", width=TEAM_WIDTH + 2)
        self.add_column("Gap", key="gap", width=7)
        self.add_column("Src", key="src", width=3)
        self.border_subtitle = LEGEND

    def watch_detail(self) -> None:
        self._fill()

    def watch_show_gc(self) -> None:
        self._fill()

    @property
    def classification(self) -> str:
        """'gc' or 'results': what is shown."""
        return "gc" if self.show_gc and self.detail is not None and self.detail.gc else "results"

    def _fill(self) -> None:
        if not self.is_mounted:
            return
        detail = self.detail
        which = self.classification
        rows = () if detail is None else (detail.gc if which == "gc" else detail.results)
        key = (detail.race.id if detail else None, which == "gc")
        keep = None
        if key == self._shown_key and 0 <= self.cursor_row < len(self.rows_shown):
            keep = self.rows_shown[self.cursor_row].rider
        self._shown_key = key
        self.rows_shown = rows
        self.clear()
        conflicts = detail.conflicts if detail else ()
        for i, (row, gap) in enumerate(zip(rows, gap_cells(rows), strict=True)):
            mark = source_mark(row, conflicts, which)
            self.add_row(
                Text("" if row.pos is None else str(row.pos), justify="right"),
                Text(fit(clean(row.rider), RIDER_WIDTH).rstrip()),
                Text.assemble(
                    ("■ ", team_colour(row.team)), fit(clean(row.team), TEAM_WIDTH).rstrip()
                ),
                Text(gap, justify="right"),
                Text(mark, style="bold red" if "!" in mark else "dim"),
                key=str(i),
            )
        self.border_title = "GC" if which == "gc" else "Result"
        if detail is not None and detail.gc and which == "results":
            self.border_title = "Result (c: GC)"
        target = next((i for i, r in enumerate(rows) if r.rider == keep), 0)
        if rows:
            self.move_cursor(row=target, animate=False)
        self.post_message(self.RiderFocused(rows[target] if rows else None))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows_shown):
            self.post_message(self.RiderFocused(self.rows_shown[event.cursor_row]))
