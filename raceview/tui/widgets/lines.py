"""Shared by the line-rendered panes: a ScrollView that rebuilds its lines once per change."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import messages
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from raceview.tui.formatting import text_segments


class LinePane(ScrollView, can_focus=True):
    """A pane that renders only its visible lines; `invalidate` rebuilds them once, after the
    handler that changed its state (several changes in one handler cost one rebuild)."""

    _rebuild_pending = False
    _base: Style | None = None

    @property
    def base_style(self) -> Style:
        """The pane's rich style, read once per paint (`rich_style` walks every ancestor)."""
        return self._base if self._base is not None else self.rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def invalidate(self) -> None:
        """The shown state changed: rebuild once the current handler is done."""
        if self.is_mounted and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_next(self._run_rebuild)

    def _run_rebuild(self) -> None:
        if self._rebuild_pending:
            self._rebuild_pending = False
            self.rebuild()

    def flush(self) -> None:
        """Rebuild now if the state changed (the scheduled rebuild then does nothing), and
        tell the screen at once: it then paints this pane in the same frame as a widget
        refreshed by the handler that called this (Textual learns of a refresh only when the
        refreshed widget next goes idle, and paints the first one it hears of at once)."""
        if self._rebuild_pending:
            self._run_rebuild()
            self.screen.post_message(messages.Update(self))

    def rebuild(self) -> None:
        """Recompute what is shown (override)."""

    def set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size without a layout of the whole screen (the pane's own size
        does not depend on it; the scrollbars are updated, and a layout follows only if one
        appears or goes)."""
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
            self.refresh()

    @property
    def line_width(self) -> int:
        """Cells available for a line (the scrollbar excluded)."""
        return max(1, self.scrollable_content_region.width)

    def text_strip(self, text: Text) -> Strip:
        """A one-line `text` (no tabs, no newlines) as a Strip on the pane's style: the cheap
        path, for lines that need no wrapping."""
        return styled_strip(text_segments(text), self.base_style)

    def text_strips(self, text: Text, width: int) -> list[Strip]:
        """`text` wrapped at `width` exactly as a Static would show it."""
        content = Content.from_rich_text(text, console=self.app.console)
        return Visual.to_strips(self, content, width, None, self.visual_style)


def styled_strip(segments: list[Segment], style: Style, cell_length: int | None = None) -> Strip:
    """A Strip of `segments` on `style` (under their own styles), made in one step: a Strip
    is costly to make (it sets up its caches), and a chain of crop, extend and apply_style
    makes one per step."""
    add = style.__add__
    return Strip([Segment(text, add(own)) for text, own, _ in segments], cell_length)
