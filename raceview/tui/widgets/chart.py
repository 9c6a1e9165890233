"""The gap chart as lines of text cells: bars in block eighths, grouped times, a clipped scale."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from raceview.tui.formatting import clean, fit, team_colour, text_segments

if TYPE_CHECKING:  # pydantic models load after the first paint (start-up time)
    from raceview.models import ResultRow


def clock(seconds: int) -> str:
    """'1:03', '4:05:33' (raceview.export's, imported when first needed)."""
    from raceview.export import clock as export_clock

    return export_clock(seconds)


DIM = Style.parse("dim")
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200)
CLIP_RATIO = 3  # a gap over 3x the next largest is clipped...
CLIP_MIN_SECONDS = 60  # ...when it is a minute or more beyond it (seconds stay to scale)
EMPTY = (
    "No gaps to chart.",
    "This race has no timed result yet: the report gave no gaps,",
    "or the result has not been extracted.",
)


@dataclass(frozen=True, slots=True)
class Scale:
    """Seconds per bar, the tick step, and the gap beyond which bars are clipped."""

    end: int
    step: int
    clipped: bool


def nice_scale(gaps: Sequence[int], width: int) -> Scale:
    """A scale that ends on a tick, with ticks at least 8 cells apart; outliers clipped."""
    distinct = sorted({g for g in gaps if g > 0})
    top = distinct[-1] if distinct else 1
    # +30:00 after +3:00 is clipped; +0:13 after +0:02 is drawn to scale
    clipped = (
        len(distinct) >= 2
        and top > CLIP_RATIO * distinct[-2]
        and top - distinct[-2] >= CLIP_MIN_SECONDS
    )
    if clipped:
        top = math.ceil(distinct[-2] * 1.25)
    max_ticks = max(1, min(6, width // 8))
    step = next((s for s in STEPS if math.ceil(top / s) <= max_ticks), STEPS[-1])
    return Scale(end=max(step, math.ceil(top / step) * step), step=step, clipped=clipped)


def bar(gap: int, scale: Scale, width: int) -> str:
    """A bar of `width * gap / scale.end` cells in eighths; clipped bars end with '»'."""
    if gap > scale.end:
        return "█" * max(0, width - 1) + "»"
    eighths = round(gap / scale.end * width * 8)
    return "█" * (eighths // 8) + EIGHTHS[eighths % 8]


def _groups(rows: Sequence[ResultRow]) -> list[str]:
    """A bracket per row joining riders on the same time: '┐', '│', '┘' or ' '."""
    marks = [" "] * len(rows)
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1].gap_s == rows[i].gap_s:
            j += 1
        if j > i:
            marks[i], marks[j] = "┐", "┘"
            for k in range(i + 1, j):
                marks[k] = "│"
        i = j + 1
    return marks


class Chart:
    """The chart of `rows` in `width` cells, built a line at a time (only the lines on screen
    are ever built); `highlight` is the rider to emphasise."""

    def __init__(self, rows: Sequence[ResultRow], width: int, highlight: str | None) -> None:
        timed = [r for r in rows if r.status == "finished" and r.gap_s is not None]
        # not `r not in timed`: that compares pydantic models pairwise (150 rows: 11k __eq__)
        self.others = [r for r in rows if not (r.status == "finished" and r.gap_s is not None)]
        self.timed = timed if len(timed) >= 2 else []
        self.highlight = highlight
        self.axis: list[Text] = []
        # the message when there is nothing to chart, wrapped to the pane
        self.empty = [ln for para in EMPTY for ln in textwrap.wrap(para, max(10, width))]
        if not self.timed:
            return
        longest = max(min(40, cell_len(clean(r.rider))) for r in rows)
        self.label_w = label_w = min(longest, max(10, width // 3))
        self.gaps = gaps = [r.gap_s or 0 for r in timed]
        self.labels = labels = [f"+{clock(g)}" if g else "winner" for g in gaps]
        self.gap_w = max(len(s) for s in (*labels, "s.t."))
        self.bar_w = bar_w = max(4, width - label_w - self.gap_w - 4)
        self.scale = nice_scale(gaps, bar_w)
        self.brackets = _groups(timed)
        self.axis = _axis(self.scale, label_w + 2, bar_w)

    def __len__(self) -> int:
        if not self.timed:
            return len(self.empty)
        return len(self.timed) + len(self.axis) + len(self.others)

    def line(self, index: int) -> Text:
        """Line `index` of the chart."""
        if not self.timed:
            return Text(self.empty[index], style="dim")
        if index < len(self.timed):
            return self._bar_line(index)
        index -= len(self.timed)
        if index < len(self.axis):
            return self.axis[index]
        row = self.others[index - len(self.axis)]
        status = row.status.upper() if row.status != "finished" else "no time"
        return Text.assemble((fit(clean(row.rider), self.label_w), "dim"), f"  {status}")

    def segments(self, index: int) -> list[Segment]:
        """Line `index` as segments: a bar line is built straight (the cheap path)."""
        if not self.timed or index >= len(self.timed):
            return text_segments(self.line(index))
        row, bracket = self.timed[index], self.brackets[index]
        same = bracket in "│┘"
        emphasis = "reverse bold" if row.rider == self.highlight else ""
        label = "s.t." if same else self.labels[index]
        bar_text = fit(bar(self.gaps[index], self.scale, self.bar_w), self.bar_w)
        return [
            Segment(
                fit(clean(row.rider), self.label_w), Style.parse(emphasis) if emphasis else None
            ),
            Segment(f" {bracket}", DIM),
            Segment(bar_text, Style.parse(f"{team_colour(row.team)} {emphasis}")),
            Segment(" "),
            Segment(label.rjust(self.gap_w), DIM if same else None),
        ]

    def _bar_line(self, index: int) -> Text:
        row, bracket = self.timed[index], self.brackets[index]
        same = bracket in "│┘"
        emphasis = "reverse bold" if row.rider == self.highlight else ""
        label = "s.t." if same else self.labels[index]
        return Text.assemble(
            (fit(clean(row.rider), self.label_w), emphasis),
            (f" {bracket}", "dim"),
            (
                fit(bar(self.gaps[index], self.scale, self.bar_w), self.bar_w),
                f"{team_colour(row.team)} {emphasis}",
            ),
            " ",
            (label.rjust(self.gap_w), "dim" if same else ""),
        )


def chart_lines(rows: Sequence[ResultRow], width: int, highlight: str | None) -> list[Text]:
    """The chart of `rows` in `width` cells; `highlight` is the rider to emphasise."""
    chart = Chart(rows, width, highlight)
    return [chart.line(i) for i in range(len(chart))]


def _axis(scale: Scale, indent: int, width: int) -> list[Text]:
    """The axis line with ticks and a line of tick labels."""
    axis = ["─"] * width
    labels = [" "] * (width + 8)
    for t in range(0, scale.end + 1, scale.step):
        x = min(width - 1, round(t / scale.end * width))
        axis[x] = "┬" if t < scale.end else "┤"
        text = clock(t)
        start = max(0, min(x - len(text) // 2, width + 8 - len(text)))
        if all(c == " " for c in labels[max(0, start - 1) : start + len(text) + 1]):
            labels[start : start + len(text)] = list(text)
    if scale.clipped:
        axis[-1] = "»"
    out = [Text(" " * indent + "".join(axis), style="dim"), Text(" " * indent + "".join(labels))]
    if scale.clipped:
        out.append(Text(" " * indent + f"» bars beyond {clock(scale.end)} are clipped", "dim"))
    for line in out:
        line.rstrip()
    return out
