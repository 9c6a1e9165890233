"""The gap chart pane: bars per rider, length proportional to the gap to the winner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import ScrollableContainer
from textual.geometry import Region, Size
from textual.reactive import var
from textual.widget import Widget

from raceview.tui.widgets.chart import chart_lines

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import RaceDetail, ResultRow


class GapChart(Widget):
    """Renders the chart of the shown classification; highlights one rider."""

    DEFAULT_CSS = "GapChart { height: auto; }"

    detail: var[RaceDetail | None] = var(None)
    show_gc: var[bool] = var(False)
    highlight: var[ResultRow | None] = var(None)

    @property
    def rows(self) -> tuple[ResultRow, ...]:
        """The classification charted."""
        if self.detail is None:
            return ()
        return self.detail.gc if self.show_gc and self.detail.gc else self.detail.results

    _cache: tuple[tuple[ResultRow, ...], int, str | None, list[Text]] | None = None

    def _lines(self, width: int) -> list[Text]:
        """The chart's lines; computed once per (rows, width, rider), not on every layout."""
        rows = self.rows
        rider = self.highlight.rider if self.highlight else None
        width = max(20, width)
        cache = self._cache
        if cache is None or cache[0] is not rows or cache[1] != width or cache[2] != rider:
            cache = self._cache = (rows, width, rider, chart_lines(rows, width, rider))
        return cache[3]

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def watch_detail(self) -> None:
        self.refresh(layout=True)

    def watch_show_gc(self) -> None:
        self.refresh(layout=True)

    def watch_highlight(self) -> None:
        self.refresh()
        self.call_after_refresh(self._reveal)

    def _reveal(self) -> None:
        """Scroll the enclosing pane so the highlighted rider is in view."""
        if self.highlight is None or not isinstance(self.parent, ScrollableContainer):
            return
        names = [r.rider for r in self.rows if r.status == "finished" and r.gap_s is not None]
        if self.highlight.rider in names:
            line = names.index(self.highlight.rider)
            self.parent.scroll_to_region(Region(0, line, 1, 1), animate=False)
