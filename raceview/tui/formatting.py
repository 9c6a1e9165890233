"""Pure helpers that turn models into short display strings (no Textual here)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from raceview.analysis.slug import fold, is_day_id
from raceview.analysis.text import sanitize

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import Conflict, ResultRow


class Labelled(Protocol):
    """A race or a race list line: what a label is made of."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def stage(self) -> str | None: ...


#: Team colours: distinct on dark and light themes; a team always gets the same one.
PALETTE: tuple[str, ...] = (
    "#e06c75",
    "#61afef",
    "#98c379",
    "#e5c07b",
    "#c678dd",
    "#56b6c2",
    "#d19a66",
    "#7f8cff",
    "#ff7fbf",
    "#a3be8c",
)
NO_TEAM_COLOUR = "#8a8a8a"


def clean(text: str | None) -> str:
    """Untrusted text made safe for a terminal, on one line."""
    return " ".join(sanitize(text or "").split())


def fit(text: str, width: int) -> str:
    """`text` cropped to `width` cells with an ellipsis, padded to exactly `width`."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def team_colour(team: str | None) -> str:
    """A stable colour for a team (crc32 of its folded name into the palette)."""
    if not team:
        return NO_TEAM_COLOUR
    return PALETTE[zlib.crc32(fold(team).strip().encode()) % len(PALETTE)]


def race_label(race: Labelled) -> str:
    """'Tour de France 2024 · stage 21' (sanitised)."""
    label = f"{race.name} {race.year}"
    if race.stage:
        label += f" · stage {race.stage}" if race.stage[0].isdigit() else f" · {race.stage}"
    elif is_day_id(race.id):
        label += " · stage ?"  # a stage no report of it numbers: filed under its day
    return clean(label)


def ago(when: dt.datetime | None, now: dt.datetime) -> str:
    """'just now', '4 min ago', '3 h ago', '2 days ago', or 'never'."""
    if when is None:
        return "never"
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    seconds = int((now - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def gap_cells(rows: Sequence[ResultRow]) -> list[str]:
    """Gap labels, with 's.t.' where a rider has the same time as the row above."""
    from raceview.export import gap_label

    cells: list[str] = []
    previous: int | None = None
    for i, row in enumerate(rows):
        timed = row.status == "finished" and row.gap_s is not None
        if i > 0 and timed and previous is not None and row.gap_s == previous:
            cells.append("s.t.")
        else:
            cells.append(gap_label(row))
        previous = row.gap_s if timed else None
    return cells


def conflicted(row: ResultRow, conflicts: Sequence[Conflict], which: str) -> bool:
    """Whether a conflict names this row (its position, or the rider's facts)."""
    for c in conflicts:
        if not c.field.startswith(f"{which}."):
            continue
        if c.field == f"{which}.pos{row.pos}" or c.field.startswith(f"{which}.{row.rider}."):
            return True
        if row.rider in c.values:
            return True
    return False


def source_mark(row: ResultRow, conflicts: Sequence[Conflict], which: str) -> str:
    """'T' from a table, 'P' from prose, 'H' from a headline; '!' appended on a conflict."""
    method = row.provenance.method if row.provenance else None
    mark = {"table": "T", "prose": "P", "headline": "H"}.get(method or "", "·")
    return mark + ("!" if conflicted(row, conflicts, which) else "")


def text_segments(text: Text) -> list[Segment]:
    """A one-line Text as segments in its spans' styles (no console needed)."""
    plain = text.plain
    if not text.spans and not text.style:
        return [Segment(plain)]
    base = Style.parse(text.style) if isinstance(text.style, str) else text.style
    cuts = sorted({0, len(plain), *(s.start for s in text.spans), *(s.end for s in text.spans)})
    out: list[Segment] = []
    for start, end in pairwise(cuts):
        style = base
        for span in text.spans:
            if span.start <= start and end <= span.end:
                style += Style.parse(span.style) if isinstance(span.style, str) else span.style
        if end > start:
            out.append(Segment(plain[start:end], style))
    return out
