"""The gap chart pane: bars per rider, length proportional to the gap to the winner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.reactive import var
from textual.strip import Strip

from raceview.tui.widgets.chart import Chart
from raceview.tui.widgets.lines import LinePane, styled_strip

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import RaceDetail, ResultRow


class GapChart(LinePane):
    """Renders the chart of the shown classification; highlights one rider.

    Line-rendered: the chart's lines are computed once per (rows, width, rider) and only the
    visible ones are painted.
    """

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)
    highlight: var[ResultRow | None] = var(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._chart = Chart((), 20, None)
        self._strips: dict[int, Strip] = {}
        self._key: tuple[object, ...] = ()
        self._width = 20
        self._style = Style()

    @property
    def rows(self) -> tuple[ResultRow, ...]:
        """The classification charted."""
        if self.detail is None:
            return ()
        return self.detail.gc if self.show_gc and self.detail.gc else self.detail.results

    @property
    def lines(self) -> list[Text]:
        """The chart as shown."""
        return [self._chart.line(i) for i in range(len(self._chart))]

    def watch_detail(self) -> None:
        self.invalidate()

    def watch_show_gc(self) -> None:
        self.invalidate()

    def watch_highlight(self) -> None:
        self.invalidate()

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        rows = self.rows
        if self._key and self._key[0] is not rows:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._update(self.line_width)
        self._reveal()

    def _update(self, width: int) -> None:
        """The chart's lines at `width`; computed once per (rows, width, rider)."""
        rows = self.rows
        rider = self.highlight.rider if self.highlight else None
        width = max(20, width)
        key = (rows, width, rider)
        if len(self._key) == 3 and all(
            a is b or a == b for a, b in zip(key, self._key, strict=True)
        ):
            return
        self._key, self._width = key, width
        self._chart = Chart(rows, width, rider)
        self._strips = {}
        self.set_virtual_size(Size(width, len(self._chart)))
        self.refresh()

    def _reveal(self) -> None:
        """Scroll so the highlighted rider is in view."""
        if self.highlight is None:
            return
        names = [r.rider for r in self.rows if r.status == "finished" and r.gap_s is not None]
        if self.highlight.rider in names:
            line = names.index(self.highlight.rider)
            self.scroll_to_region(Region(0, line, 1, 1), animate=False, immediate=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._update(self.line_width)  # a scrollbar came or went, or a resize
        style = self.rich_style
        if style != self._style:  # focus, theme: the cached lines are stale
            self._style, self._strips = style, {}
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if not 0 <= line < len(self._chart):
            return Strip([])
        strip = self._strips.get(line)
        if strip is None:
            segments = self._chart.segments(line)
            strip = self._strips[line] = styled_strip(segments, self.base_style)
        x = self.scroll_offset.x
        return strip.crop(x, x + self.line_width) if x else strip
