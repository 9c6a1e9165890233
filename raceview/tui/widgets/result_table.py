"""The result table: positions, riders, teams, gaps and where each row came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip

from raceview.tui.formatting import (
    clean,
    fit,
    gap_cells,
    source_mark,
    team_colour,
    text_segments,
)
from raceview.tui.widgets.lines import LinePane, styled_strip

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import RaceDetail, ResultRow

RIDER_WIDTH, TEAM_WIDTH = 22, 18
LEGEND = "T table · P prose · H headline · ! conflict"
#: (label, width, right-aligned): each cell also has one cell of padding on either side
COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("Pos", 3, True),
    ("Rider", RIDER_WIDTH, False),
    ("Team", TEAM_WIDTH + 2, False),
    ("Gap", 7, True),
    ("Src", 3, False),
)
TABLE_WIDTH = sum(width + 2 for _, width, _ in COLUMNS)


class ResultTable(LinePane):
    """The stage result, or the GC when `show_gc`; rows are plain Text (never markup).

    Line-rendered (a fixed header line, then one line per row); a row is formatted when it is
    first painted, so showing a race of 150 rows costs the few rows on screen.
    """

    DEFAULT_CSS = """
    ResultTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .result-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .result-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .result-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .result-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .result-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .result-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .result-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-table--header",
        "result-table--even-row",
        "result-table--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("ctrl+home,g", "scroll_top", "First", show=False),
        Binding("ctrl+end,G", "scroll_bottom", "Last", show=False),
        Binding("enter", "pick", "Pick", show=False),
    ]

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)

    class RiderFocused(Message):
        """The cursor is on a result row (None when the table is empty)."""

        def __init__(self, row: ResultRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows_shown: tuple[ResultRow, ...] = ()
        self.cursor_row = 0
        self._shown_key: tuple[str | None, bool] = (None, False)
        self._gaps: list[str] = []
        self._lines: dict[int, Strip] = {}
        self._header: Strip | None = None
        empty = Style()
        # per paint: the header, odd, even and cursor row styles; scroll x, y; width
        self._paint: tuple[Style, Style, Style, Style, int, int, int] = (empty,) * 4 + (0, 0, 0)

    def on_mount(self) -> None:
        self.border_subtitle = LEGEND
        self.virtual_size = Size(TABLE_WIDTH, 1)  # the width, for `width: auto` (a layout)
        self.rebuild()

    def watch_detail(self) -> None:
        self.invalidate()

    def watch_show_gc(self) -> None:
        self.invalidate()

    @property
    def classification(self) -> str:
        """'gc' or 'results': what is shown."""
        return "gc" if self.show_gc and self.detail is not None and self.detail.gc else "results"

    @property
    def row_count(self) -> int:
        """Rows shown."""
        return len(self.rows_shown)

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of a row, as shown."""
        row = self.rows_shown[index]
        if not self._gaps:
            self._gaps = gap_cells(self.rows_shown)
        conflicts = self.detail.conflicts if self.detail else ()
        mark = source_mark(row, conflicts, self.classification)
        return [
            Text("" if row.pos is None else str(row.pos), justify="right"),
            Text(fit(clean(row.rider), RIDER_WIDTH).rstrip()),
            Text.assemble(("■ ", team_colour(row.team)), fit(clean(row.team), TEAM_WIDTH).rstrip()),
            Text(self._gaps[index], justify="right"),
            Text(mark, style="bold red" if "!" in mark else "dim"),
        ]

    def rebuild(self) -> None:
        detail = self.detail
        which = self.classification
        rows = () if detail is None else (detail.gc if which == "gc" else detail.results)
        key = (detail.race.id if detail else None, which == "gc")
        keep = None
        if key == self._shown_key and 0 <= self.cursor_row < len(self.rows_shown):
            keep = self.rows_shown[self.cursor_row].rider
        same = key == self._shown_key
        self._shown_key = key
        self.rows_shown = rows
        self._gaps, self._lines = [], {}
        self.border_title = "GC" if which == "gc" else "Result"
        if detail is not None and detail.gc and which == "results":
            self.border_title = "Result (c: GC)"
        self.set_virtual_size(Size(TABLE_WIDTH, len(rows) + 1))
        self.cursor_row = next((i for i, r in enumerate(rows) if r.rider == keep), 0)
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._follow()
        self.refresh()
        self.post_message(self.RiderFocused(rows[self.cursor_row] if rows else None))

    # --- cursor -----------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        """Put the cursor on `row` (clamped) and say which rider it is on."""
        if not self.rows_shown:
            return
        row = max(0, min(row, len(self.rows_shown) - 1))
        if row == self.cursor_row:
            return
        previous, self.cursor_row = self.cursor_row, row
        self._follow()
        self.refresh_line(previous + 1)
        self.refresh_line(row + 1)
        self.post_message(self.RiderFocused(self.rows_shown[row]))

    def _follow(self) -> None:
        """Scroll so the cursor row is visible below the header."""
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * max(1, self.size.height - 2))

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(len(self.rows_shown) - 1)

    def action_pick(self) -> None:
        if self.rows_shown:
            self.post_message(self.RiderFocused(self.rows_shown[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            self.move_cursor(round(self.scroll_offset.y) + offset.y - 1)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- rendering --------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        base = self.rich_style  # once per paint: read for every line, these add up
        self._paint = (
            base + self.get_component_rich_style("result-table--header"),
            base,
            base + self.get_component_rich_style("result-table--even-row"),
            self.get_component_rich_style("result-table--cursor"),
            round(self.scroll_offset.x),
            round(self.scroll_offset.y),
            self.size.width,
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        header, odd, even, cursor, x, top, width = self._paint
        if y == 0:
            strip, style = self._header_strip(), header
        else:
            index = top + y - 1
            if not 0 <= index < len(self.rows_shown):
                return Strip([])
            strip = self._row_strip(index)
            style = odd if index % 2 else even
            if index == self.cursor_row:
                style += cursor
        # the row's style runs to the edge (under a stable scrollbar gutter too, as before)
        if x or width < TABLE_WIDTH:
            strip = strip.crop(x, x + width)
        segments = [*strip, Segment(" " * max(0, width - strip.cell_length))]
        return styled_strip(segments, style, width)

    def _header_strip(self) -> Strip:
        if self._header is None:
            self._header = _strip([Text(label) for label, _, _ in COLUMNS], header=True)
        return self._header

    def _row_strip(self, index: int) -> Strip:
        """Row `index` as `get_row_at` shows it, built straight as segments (the cheap path)."""
        strip = self._lines.get(index)
        if strip is None:
            row = self.rows_shown[index]
            if not self._gaps:
                self._gaps = gap_cells(self.rows_shown)
            conflicts = self.detail.conflicts if self.detail else ()
            mark = source_mark(row, conflicts, self.classification)
            pos = "" if row.pos is None else str(row.pos)
            team = fit(clean(row.team), TEAM_WIDTH)
            segments = [
                Segment(f" {_right(pos, 3)}  {fit(clean(row.rider), RIDER_WIDTH)}  "),
                Segment("■ ", Style.parse(team_colour(row.team))),
                Segment(f"{team}  {_right(self._gaps[index], 7)}  "),
                Segment(mark[:3], Style.parse("bold red" if "!" in mark else "dim")),
                Segment(" " * (4 - min(3, len(mark)))),
            ]
            strip = self._lines[index] = Strip(segments, TABLE_WIDTH)
        return strip


def _strip(cells: list[Text], header: bool = False) -> Strip:
    """One table line: each cell padded to its column, one cell of padding either side;
    labels are left-aligned."""
    segments: list[Segment] = []
    for cell, (_, width, right_aligned) in zip(cells, COLUMNS, strict=True):
        right = right_aligned and not header
        cell = cell.copy()
        cell.truncate(width, overflow="ellipsis")
        pad = " " * (width - cell.cell_len)
        segments.append(Segment(" " + (pad if right else "")))
        segments += text_segments(cell)
        segments.append(Segment(("" if right else pad) + " "))
    return Strip(segments, TABLE_WIDTH)


def _right(text: str, width: int) -> str:
    """`text` right-aligned in `width` cells (cropped with an ellipsis when longer)."""
    return fit(text, width) if cell_len(text) > width else " " * (width - cell_len(text)) + text
