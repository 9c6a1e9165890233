"""The race list: a line-rendered virtual list (Line API), instant with 10,000 races."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from raceview.analysis.slug import fold
from raceview.tui.formatting import clean, fit, race_label

if TYPE_CHECKING:
    from raceview.store import RaceLine

UNSEEN_MARK, VERSIONS_MARK = "●", "≡"


class Entry(NamedTuple):
    """A race prepared for display, when one of its lines is first painted."""

    race_id: str
    date: str  # '21 Jul', or '' when unknown
    title: str
    winner: str
    versions: bool


def heading(line: RaceLine) -> str:
    """The date heading of a race: 'Sunday 21 July 2024', or 'Date unknown · 2024'."""
    d = _date(line.date)
    return f"{d:%A} {d.day} {d:%B %Y}" if d else f"Date unknown · {line.year}"


def entry(line: RaceLine) -> Entry:
    """A race as a list entry (sanitised text)."""
    d = _date(line.date)
    return Entry(
        race_id=line.id,
        date=f"{d.day:>2} {d:%b}" if d else "",
        title=race_label(line),
        winner=clean(line.winner),
        versions=line.n_versions > max(1, line.n_articles),
    )


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


class RaceList(ScrollView, can_focus=True):
    """Newest races first, grouped by date; filtered in memory; one line per race.

    Nothing is computed per race up front: a line is formatted when first painted, and the
    search texts arrive after the first paint (`set_search`); until then the filter matches
    titles and winners.
    """

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
        self.entries: list[RaceLine] = []
        self.search: list[str] | None = None  # folded search text of each entry, when loaded
        self.unseen: set[str] = set()
        self.filter_text = ""
        self.filter_applied = ""  # the filter the shown lines reflect
        self.empty_text: list[str] = ["Loading races…"]
        # Lines are a date heading, then its races. Nothing is stored per line: with the
        # positions (in _visible) where a date starts, a line and a position convert by bisection.
        self._visible: list[int] = []  # indexes into entries, ascending
        self._starts: list[int] = []  # positions in _visible where a date heading goes
        self._heading_lines: list[int] = []  # the line of each heading
        self._line_count = 0  # lines of the races read
        self._whole: tuple[int, int] | None = None  # (races, lines) when only the first are read
        self._unfiltered = True
        self._group_of: list[int] = []  # entry index -> date group number (ascending)
        self._index_of: dict[str, int] = {}  # race id -> entry index
        self._cursor = 0
        self._highlighted: str | None = None
        self._base_style: Style | None = None
        self._formatted: dict[int, Entry] = {}
        self._last_match: tuple[list[str] | None, list[int]] = (None, [])  # words, matches
        # called at once when the user moves the cursor (instead of posting Highlighted)
        self.on_cursor: Callable[[str | None], None] | None = None

    # --- data -------------------------------------------------------------------------------

    @property
    def cursor_race_id(self) -> str | None:
        """The race under the cursor."""
        if not self._visible:
            return None
        return self.entries[self._visible[self._cursor]].id

    @property
    def counts(self) -> tuple[int, int]:
        """(shown, total) races (of the whole list while only its first races are read)."""
        if self._whole is None:
            return len(self._visible), len(self.entries)
        total = self._whole[0]
        return (total if self._unfiltered else len(self._visible)), total

    @property
    def partial(self) -> bool:
        """Whether only the first races of the list are read (`set_races(..., whole=...)`)."""
        return self._whole is not None

    @property
    def search_ready(self) -> bool:
        """Whether the search texts are loaded (the filter then matches riders and teams)."""
        return self.search is not None

    def neighbours(self, count: int) -> list[str]:
        """The races up to `count` lines either side of the cursor, the nearest first."""
        out: list[str] = []
        for distance in range(1, count + 1):
            for position in (self._cursor + distance, self._cursor - distance):
                if 0 <= position < len(self._visible):
                    out.append(self.entries[self._visible[position]].id)
        return out

    def set_races(
        self, races: list[RaceLine], keep: str | None, whole: tuple[int, int] | None = None
    ) -> None:
        """Replace the races (newest first), keeping the cursor on `keep` when still there.

        `whole`: the whole list's size (races, lines) when `races` are only its first ones
        (start-up): the scrollbar and the counts are the whole list's, the lines past those
        read are blank until the rest is set.
        """
        keep = keep if keep is not None else self.cursor_race_id
        # the first races, read moments ago: one seen meanwhile keeps its mark off
        seen = {r.id for r in self.entries if r.id not in self.unseen} if self._whole else set()
        self.entries = races
        self._whole = whole
        self.search = None
        self._last_match = (None, [])
        self._formatted = {}
        self.unseen = {r.id for r in races if r.unseen} - seen
        self._index_of = {r.id: i for i, r in enumerate(races)}
        self._group_of = []
        group, last = -1, None
        for r in races:
            key = r.date or f"?{r.year}"  # races under one heading share it
            if key != last:
                group, last = group + 1, key
            self._group_of.append(group)
        self._relayout(keep)

    def set_search(self, search: dict[str, str]) -> None:
        """The folded search text of each race (id -> text), read after the list."""
        self.search = [search.get(e.id, "") for e in self.entries]
        self._last_match = (None, [])
        if self.filter_text.strip():
            self._relayout(self.cursor_race_id)

    def set_filter(self, query: str) -> None:
        """Show only races whose search text holds every folded word of `query`."""
        self.filter_text = query
        self._relayout(self.cursor_race_id)

    def mark_seen(self, race_id: str) -> None:
        """Drop the unseen mark of a race."""
        if race_id in self.unseen:
            self.unseen.discard(race_id)
            self.refresh()

    def _entry(self, index: int) -> Entry:
        """The display form of entries[index], formatted once."""
        formatted = self._formatted.get(index)
        if formatted is None:
            formatted = self._formatted[index] = entry(self.entries[index])
        return formatted

    def _matches(self, words: list[str]) -> list[int]:
        if not words:
            return list(range(len(self.entries)))
        texts = self.search
        if texts is None or len(texts) != len(self.entries):
            texts = [fold(f"{race_label(e)} {e.winner or ''}") for e in self.entries]
        # typing on: when every earlier word is part of a new one, the new matches are among
        # the earlier ones (a word in a text carries its parts), so only those are searched
        last, done = self._last_match
        candidates: list[int] | range = range(len(texts))
        if (
            last is not None
            and texts is self.search
            and all(any(w in n for n in words) for w in last)
        ):
            candidates = done
        if len(words) == 1:
            word = words[0]
            found = [i for i in candidates if word in texts[i]]
        else:
            found = [i for i in candidates if all(w in texts[i] for w in words)]
        self._last_match = (words if texts is self.search else None, found)
        return found

    def _relayout(self, keep: str | None) -> None:
        words = fold(self.filter_text).split()
        self._unfiltered = not words
        visible = self._visible = self._matches(words)
        self.filter_applied = self.filter_text
        groups = [self._group_of[i] for i in visible]
        starts = [0] if visible else []
        starts += [p for p in range(1, len(groups)) if groups[p] != groups[p - 1]]
        self._starts = starts
        self._heading_lines = [p + j for j, p in enumerate(starts)]
        self._line_count = len(visible) + len(starts)
        index = self._index_of.get(keep) if keep is not None else None
        at = bisect_left(visible, index) if index is not None else 0
        self._cursor = at if at < len(visible) and visible[at] == index else 0
        lines = self._whole[1] if self._whole is not None and self._unfiltered else None
        size = Size(0, self._line_count if lines is None else lines)
        if size != self.virtual_size:  # no layout of the screen: the list's size is fixed
            self.set_reactive(RaceList.virtual_size, size)
            self._scroll_update(size)
        self._moved()

    def _line_of(self, position: int) -> int:
        """The line of the `position`-th shown race (after its heading and those before)."""
        return position + bisect_right(self._starts, position)

    def _at_line(self, line: int) -> tuple[int, bool]:
        """(position in _visible, is a heading) of a line; a heading gives its first race."""
        j = bisect_right(self._heading_lines, line) - 1
        if self._heading_lines[j] == line:
            return self._starts[j], True
        return line - j - 1, False

    # --- movement ---------------------------------------------------------------------------

    def _moved(self, previous_line: int | None = None) -> None:
        if self._visible:
            line = self._line_of(self._cursor)
            top = line - 1 if line > 0 and self._at_line(line - 1)[1] else line
            self.scroll_to_region(Region(0, top, 1, line - top + 1), animate=False, force=True)
            if previous_line is not None:  # repaint just the two lines that changed
                self.refresh_line(previous_line)
                self.refresh_line(line)
            else:
                self.refresh()
        race_id = self.cursor_race_id
        if race_id != self._highlighted:
            self._highlighted = race_id
            if previous_line is not None and self.on_cursor is not None:
                self.on_cursor(race_id)  # a key: the detail can be painted in the same frame
            else:
                self.post_message(self.Highlighted(race_id))

    def move_to(self, position: int) -> None:
        """Put the cursor on the `position`-th shown race (clamped)."""
        if self._visible:
            previous = self._line_of(self._cursor)
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
        if 0 <= line < self._line_count and not (at := self._at_line(line))[1]:
            self.move_to(at[0])
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
        if not self._visible:
            return self._message_line(y, width, base)
        if line >= self._line_count:
            return Strip.blank(width, base)
        position, is_heading = self._at_line(line)
        if is_heading:
            style = base + self.get_component_rich_style("race-list--heading")
            first = self.entries[self._visible[position]]
            return Strip([Segment(fit(f" {heading(first)}", width), style)])
        return self._race_line(position, width, base)

    def _race_line(self, position: int, width: int, base: Style) -> Strip:
        e = self._entry(self._visible[position])
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
