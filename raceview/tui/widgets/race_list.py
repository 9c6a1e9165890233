"""The race list: a line-rendered virtual list (Line API), instant with 10,000 races."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from raceview.analysis.slug import fold
from raceview.models import Race
from raceview.tui.formatting import clean, fit, race_label

UNSEEN_MARK, VERSIONS_MARK = "●", "≡"


@dataclass(frozen=True, slots=True)
class Entry:
    """A race prepared for display once, when the list is loaded."""

    race_id: str
    group: str  # the date heading it belongs to
    date: str  # '21 Jul', or '' when unknown
    title: str
    winner: str
    versions: bool


def heading(race: Race) -> str:
    """The date heading of a race: 'Sunday 21 July 2024', or 'Date unknown · 2024'."""
    d: dt.date | None = race.date
    return f"{d:%A} {d.day} {d:%B %Y}" if d else f"Date unknown · {race.year}"


def entry(race: Race) -> Entry:
    """A race as a list entry (sanitised text)."""
    return Entry(
        race_id=race.id,
        group=heading(race),
        date=f"{race.date.day:>2} {race.date:%b}" if race.date else "",
        title=race_label(race),
        winner=clean(race.winner),
        versions=race.n_versions > max(1, race.n_articles),
    )


class RaceList(ScrollView, can_focus=True):
    """Newest races first, grouped by date; filtered in memory; one line per race."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "race-list--cursor",
        "race-list--cursor-blur",
        "race-list--heading",
        "race-list--muted",
        "race-list--mark",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", show=False),
    ]

    class Highlighted(Message):
        """The cursor moved to a race (None when the list is empty)."""

        def __init__(self, race_id: str | None) -> None:
            super().__init__()
            self.race_id = race_id

    class Selected(Message):
        """Enter (or a double click) on a race."""

        def __init__(self, race_id: str) -> None:
            super().__init__()
            self.race_id = race_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.search: dict[str, str] = {}
        self.unseen: set[str] = set()
        self.filter_text = ""
        self.empty_text: list[str] = ["Loading races…"]
        self._visible: list[int] = []  # indexes into entries
        self._lines: list[int] = []  # >= 0: position in _visible; < 0: -1 - heading index
        self._headings: list[str] = []
        self._line_of: list[int] = []  # position in _visible -> line
        self._cursor = 0
        self._highlighted: str | None = None
        self._base_style: Style | None = None

    # --- data -------------------------------------------------------------------------------

    @property
    def cursor_race_id(self) -> str | None:
        """The race under the cursor."""
        if not self._visible:
            return None
        return self.entries[self._visible[self._cursor]].race_id

    @property
    def counts(self) -> tuple[int, int]:
        """(shown, total) races."""
        return len(self._visible), len(self.entries)

    def set_races(
        self, races: list[Race], search: dict[str, str], unseen: set[str], keep: str | None
    ) -> None:
        """Replace the races (newest first), keeping the cursor on `keep` when still there."""
        self.entries = [entry(r) for r in races]
        self.search = search
        self.unseen = set(unseen)
        self._relayout(keep if keep is not None else self.cursor_race_id)

    def set_filter(self, query: str) -> None:
        """Show only races whose search text holds every folded word of `query`."""
        self.filter_text = query
        self._relayout(self.cursor_race_id)

    def mark_seen(self, race_id: str) -> None:
        """Drop the unseen mark of a race."""
        if race_id in self.unseen:
            self.unseen.discard(race_id)
            self.refresh()

    def _matches(self, words: list[str]) -> list[int]:
        if not words:
            return list(range(len(self.entries)))
        out = []
        for i, e in enumerate(self.entries):
            text = self.search.get(e.race_id) or fold(f"{e.title} {e.winner}")
            if all(w in text for w in words):
                out.append(i)
        return out

    def _relayout(self, keep: str | None) -> None:
        self._visible = self._matches(fold(self.filter_text).split())
        self._lines, self._headings, self._line_of = [], [], []
        for pos, index in enumerate(self._visible):
            group = self.entries[index].group
            if not self._headings or self._headings[-1] != group:
                self._headings.append(group)
                self._lines.append(-len(self._headings))
            self._line_of.append(len(self._lines))
            self._lines.append(pos)
        ids = [self.entries[i].race_id for i in self._visible]
        self._cursor = ids.index(keep) if keep in ids else 0
        self.virtual_size = Size(0, len(self._lines))
        self._moved()

    # --- movement ---------------------------------------------------------------------------

    def _moved(self, previous_line: int | None = None) -> None:
        if self._visible:
            line = self._line_of[self._cursor]
            top = line - 1 if line > 0 and self._lines[line - 1] < 0 else line
            self.scroll_to_region(Region(0, top, 1, line - top + 1), animate=False, force=True)
            if previous_line is not None:  # repaint just the two lines that changed
                self.refresh_line(previous_line)
                self.refresh_line(line)
            else:
                self.refresh()
        race_id = self.cursor_race_id
        if race_id != self._highlighted:
            self._highlighted = race_id
            self.post_message(self.Highlighted(race_id))

    def move_to(self, position: int) -> None:
        """Put the cursor on the `position`-th shown race (clamped)."""
        if self._visible:
            previous = self._line_of[self._cursor]
            self._cursor = max(0, min(position, len(self._visible) - 1))
            self._moved(previous)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self._cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_to(self._cursor + direction * max(1, self.size.height - 2))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._visible) - 1)

    def action_select(self) -> None:
        if (race_id := self.cursor_race_id) is not None:
            self.post_message(self.Selected(race_id))

    def on_click(self, event: events.Click) -> None:
        line = event.y + self.scroll_offset.y
        if 0 <= line < len(self._lines) and self._lines[line] >= 0:
            self.move_to(self._lines[line])
            if event.chain > 1:
                self.action_select()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- rendering --------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base_style = self.rich_style  # once per paint, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if not self._lines:
            return self._message_line(y, width, base)
        if line >= len(self._lines):
            return Strip.blank(width, base)
        value = self._lines[line]
        if value < 0:
            style = base + self.get_component_rich_style("race-list--heading")
            return Strip([Segment(fit(f" {self._headings[-1 - value]}", width), style)])
        return self._race_line(value, width, base)

    def _race_line(self, position: int, width: int, base: Style) -> Strip:
        e = self.entries[self._visible[position]]
        muted = self.get_component_rich_style("race-list--muted")
        mark = self.get_component_rich_style("race-list--mark")
        winner_width = min(cell_width(e.winner), max(0, (width - 12) // 3))
        title_width = max(0, width - 11 - winner_width - (1 if winner_width else 0))
        segments = [
            Segment(" "),
            Segment(UNSEEN_MARK if e.race_id in self.unseen else " ", mark),
            Segment(VERSIONS_MARK if e.versions else " ", muted),
            Segment(" "),
            Segment(fit(e.date, 6), muted),
            Segment(" "),
            Segment(fit(e.title, title_width)),
        ]
        if winner_width:
            segments += [Segment(" "), Segment(fit(e.winner, winner_width), muted)]
        strip = Strip(segments).adjust_cell_length(width)
        if position == self._cursor:
            name = "race-list--cursor" if self.has_focus else "race-list--cursor-blur"
            strip = strip.apply_style(self.get_component_rich_style(name))
        return strip.apply_style(base)

    def _message_line(self, y: int, width: int, base: Style) -> Strip:
        if self.entries:
            lines = [f"No race matches “{self.filter_text}”.", "Esc clears the filter."]
        else:
            lines = self.empty_text
        text = lines[y - 1] if 0 < y <= len(lines) else ""
        style = base + self.get_component_rich_style("race-list--muted")
        return Strip([Segment(fit(f" {text}", width), style)])


def cell_width(text: str) -> int:
    """Cells `text` takes."""
    from rich.cells import cell_len

    return cell_len(text)
